--[[
  Renames a unit, its by-name entry with it, unless another unit holds the new name.

  Input:
    KEYS[1] by-name hash
    KEYS[2] unit hash

    ARGV[1] old normalised name
    ARGV[2] new normalised name
    ARGV[3] new name
    ARGV[4] unit id

  Output:
    'ok' | 'missing' | 'taken'
]]
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[4] then return 'missing' end
local holder = redis.call('HGET', KEYS[1], ARGV[2])
if holder and holder ~= ARGV[4] then return 'taken' end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[2], ARGV[4])
redis.call('HSET', KEYS[2], 'name', ARGV[3])
return 'ok'
