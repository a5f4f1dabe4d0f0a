--[[
  Revokes an invite (optionally only while nobody used it) and takes it out of the live set.

  Input:
    KEYS[1] invite hash
    KEYS[2] live invites zset

    ARGV[1] now ms
    ARGV[2] code
    ARGV[3] '1': only an unused one

  Output:
    'ok' | 'missing' | 'revoked' | 'used'
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local r = redis.call('HGET', KEYS[1], 'revokedAt')
if r and r ~= '' then return 'revoked' end
if ARGV[3] == '1' and tonumber(redis.call('HGET', KEYS[1], 'uses')) > 0 then return 'used' end
redis.call('HSET', KEYS[1], 'revokedAt', ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 'ok'
