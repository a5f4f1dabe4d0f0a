--[[
  Opens a join request unless the person has an open one for the same role and unit.

  Input:
    KEYS[1] the person's open-request key (role and unit)
    KEYS[2] request
    KEYS[3] pending requests zset

    ARGV[1] request id
    ARGV[2] request (JSON)
    ARGV[3] created at ms
    ARGV[4] open-key ttl seconds
    ARGV[5] request ttl seconds

  Output:
    {1, id} created | {0, id of the open request}
]]
local cur = redis.call('GET', KEYS[1])
if cur then return {0, cur} end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return {1, ARGV[1]}
