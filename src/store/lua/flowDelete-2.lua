--[[
  Deletes a flow's envelope and the active-flow pointer when it points at that flow
  (running or done).

  Input:
    KEYS[1] flow key
    KEYS[2] active-flow pointer

    ARGV[1] flow id

  Output:
    1
]]
redis.call('DEL', KEYS[1])
local p = redis.call('GET', KEYS[2])
if p == ARGV[1] or p == 'done:' .. ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
