--[[
  Archives a unit: its name is free again, the unit hash is kept, marked archived.

  Input:
    KEYS[1] by-name hash
    KEYS[2] unit hash

    ARGV[1] normalised name
    ARGV[2] unit id

  Output:
    'ok' | 'missing'
]]
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 'missing' end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'archived', '1')
return 'ok'
