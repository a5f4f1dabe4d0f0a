--[[
  Sets the children of a pending request.

  Input:
    KEYS[1] request

    ARGV[1] children (JSON array)

  Output:
    'ok' | 'already' (decided) | 'missing'
]]
--- @include "includes/requestCodec"
local raw = redis.call('GET', KEYS[1])
if not raw then return 'missing' end
local r = loadreq(raw)
if r.status ~= 'pending' then return 'already' end
r.children = cjson.decode(ARGV[1])
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
return 'ok'
