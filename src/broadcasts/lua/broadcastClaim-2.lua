--[[
  Claims up to ARGV[1] recipients of a broadcast not yet attempted: each leaves the todo set
  and is marked claimed (with the time) in the state hash, in one step, so a crash leaves
  them claimed (checked on resume), never lost.

  Input:
    KEYS[1] todo set
    KEYS[2] state hash

    ARGV[1] how many
    ARGV[2] now ms

  Output:
    the claimed recipients' ids
]]
local ids = redis.call('SPOP', KEYS[1], tonumber(ARGV[1]))
for _, id in ipairs(ids) do redis.call('HSET', KEYS[2], id, 'claim|' .. ARGV[2]) end
return ids
