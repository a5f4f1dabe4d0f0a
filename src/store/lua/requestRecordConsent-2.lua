--[[
  A parent's consent and its audit entry in one step: a crash leaves both or neither (the
  press, handled again, finds its own consent by its key and goes on from there). The
  statistics hear of it after the step (AuditLog.notify): a crash in between leaves one
  consent uncounted there.

  Input:
    KEYS[1] request
    KEYS[2] audit stream

    ARGV[1] the consent (a JSON object)
    ARGV[2..] the audit entry's fields

  Output:
    'ok' | 'already' (decided, or consented before) | 'missing'
]]
--- @include "includes/requestCodec"
local raw = redis.call('GET', KEYS[1])
if not raw then return 'missing' end
local r = loadreq(raw)
if r.status ~= 'pending' or type(r.consent) == 'table' then return 'already' end
r.consent = cjson.decode(ARGV[1])
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', unpack(ARGV, 2))
return 'ok'
