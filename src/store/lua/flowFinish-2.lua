--[[
  Writes a flow's last envelope (kept for a while, marked done) and, when that flow is the
  person's active one, turns the pointer into "done:<flow>", in one step: the update that
  finished the flow, handled again, is recognised.

  Input:
    KEYS[1] flow key
    KEYS[2] active-flow pointer

    ARGV[1] flow id
    ARGV[2] envelope (JSON)
    ARGV[3] ttl seconds

  Output:
    1
]]
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('SET', KEYS[2], 'done:' .. ARGV[1], 'EX', ARGV[3]) end
return 1
