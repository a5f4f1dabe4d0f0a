--[[
  Erasure: a decided request keeps ids for the statistics, no names (the person's and the
  typed children's).

  Input:
    KEYS[1] request

  Output:
    1 forgotten, 0 unknown or still pending
]]
--- @include "includes/requestCodec"
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local r = loadreq(raw)
if r.status == 'pending' then return 0 end
r.fullName = ''
r.children = nil
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
return 1
