--[[
  Creates a unit unless one of that (normalised) name exists: its hash, the by-name entry
  and the units set together. A fixed id (the staff room) is used as given, otherwise the
  next "u<n>".

  Input:
    KEYS[1] by-name hash
    KEYS[2] units set
    KEYS[3] unit id sequence

    ARGV[1] normalised name
    ARGV[2] name
    ARGV[3] now ms
    ARGV[4] unit-hash key prefix
    ARGV[5] fixed id, or ''

  Output:
    {1, new id} | {0, id of the unit of that name}
]]
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {0, redis.call('HGET', KEYS[1], ARGV[1])} end
local id = ARGV[5]
if id == '' then id = 'u' .. redis.call('INCR', KEYS[3]) end
redis.call('HSET', ARGV[4] .. id, 'id', id, 'name', ARGV[2], 'archived', '0', 'createdAt', ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], id)
redis.call('SADD', KEYS[2], id)
return {1, id}
