--[[
  A decision's last step, once: its audit entry, its domain event (if any) and the applied
  flag; the record shrinks to the compact form.

  Input:
    KEYS[1] request
    KEYS[2] audit stream
    KEYS[3] events stream

    ARGV[1] number n of audit field arguments
    ARGV[2..n+1] audit entry fields
    ARGV[n+2..] event fields (none: no event)

  Output:
    the event's id ('' when none), or the one added before
]]
--- @include "includes/requestCodec"
local raw = redis.call('GET', KEYS[1])
if not raw then return '' end
local r = loadreq(raw)
if r.applied ~= false then return r.appliedEvent or '' end
local n = tonumber(ARGV[1])
local audit, event = {}, {}
for i = 2, n + 1 do audit[#audit + 1] = ARGV[i] end
for i = n + 2, #ARGV do event[#event + 1] = ARGV[i] end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', unpack(audit))
local id = ''
if #event > 0 then id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', '100000', '*', unpack(event)) end
r.applied = true
r.appliedEvent = id
-- Decided and applied: the record shrinks at once to the compact form (includes/requestCodec), what a late
-- press, a repeated update and the statistics read. What only the waiting request needed goes:
-- the invite code (that one came by invite stays known), the reviewer holding the approval,
-- the parents asked.
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
return id
