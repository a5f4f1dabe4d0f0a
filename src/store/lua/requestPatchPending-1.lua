--[[
  Sets fields of a pending request.

  Input:
    KEYS[1] request

    ARGV[1] fields to set (a JSON object)

  Output:
    'ok' | 'already' (decided) | 'missing'
]]
--- @include "includes/requestCodec"
local raw = redis.call('GET', KEYS[1])
if not raw then return 'missing' end
local r = loadreq(raw)
if r.status ~= 'pending' then return 'already' end
for k, v in pairs(cjson.decode(ARGV[1])) do r[k] = v end
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
return 'ok'
