--[[
  Creates an invite, once per creating update: the same update handled twice gets the first
  invite's code back.

  Input:
    KEYS[1] invite hash
    KEYS[2] live invites zset
    KEYS[3] the creating update's key (the invite hash again when there is none)

    ARGV[1] code
    ARGV[2] ttl seconds
    ARGV[3] expiresAt ms (the live zset's score)
    ARGV[4..] field, value, … of the invite

  Output:
    the code of this update's invite
]]
if KEYS[3] ~= KEYS[1] then
  local existing = redis.call('GET', KEYS[3])
  if existing then return existing end
  redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2])
end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return ARGV[1]
