--[[
  Uses an invite once for a person: refused when it is unknown, revoked, expired or used up;
  a person who used it before is told so. The use that exhausts it takes it out of the live set.

  Input:
    KEYS[1] invite hash
    KEYS[2] the invite's users set
    KEYS[3] live invites zset

    ARGV[1] user id
    ARGV[2] now ms
    ARGV[3] code

  Output:
    'ok' | 'already' | 'missing' | 'revoked' | 'expired' | 'exhausted'
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local inv = redis.call('HMGET', KEYS[1], 'revokedAt', 'expiresAt', 'uses', 'maxUses')
if inv[1] and inv[1] ~= '' then return 'revoked' end
if tonumber(inv[2]) <= tonumber(ARGV[2]) then return 'expired' end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'already' end
if tonumber(inv[3]) >= tonumber(inv[4]) then return 'exhausted' end
redis.call('HINCRBY', KEYS[1], 'uses', 1)
redis.call('SADD', KEYS[2], ARGV[1])
if tonumber(inv[3]) + 1 >= tonumber(inv[4]) then redis.call('ZREM', KEYS[3], ARGV[3]) end
return 'ok'
