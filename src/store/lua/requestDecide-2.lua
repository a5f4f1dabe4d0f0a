--[[
  Decides a pending request (approve or reject): out of the pending set, the open-request
  key deleted. With a decision key, the request stays "being applied" (applied = false)
  until requestApplied; the same update coming again goes on applying or repeats the answer.

  Input:
    KEYS[1] request
    KEYS[2] pending requests zset

    ARGV[1] request id
    ARGV[2] status (approved | rejected)
    ARGV[3] decided by (user id)
    ARGV[4] decided at ms
    ARGV[5] reason, or ''
    ARGV[6] open-key prefix
    ARGV[7] decision key, its short form (see RequestStore.decisionKeyOf), or ''
    ARGV[8] decided ttl seconds
    ARGV[9] the decision key as written before the short form

  Output:
    {'ok' | 'repeat' | 'resume' | 'already' | 'missing', the request as stored (or '')}
]]
--- @include "includes/requestCodec"
local raw = redis.call('GET', KEYS[1])
if not raw then return {'missing', ''} end
local r = loadreq(raw)
if r.status ~= 'pending' then
  -- The same update again: go on applying (ok) or only repeat the answer (repeat).
  if ARGV[7] ~= '' and (r.decisionKey == ARGV[7] or r.decisionKey == ARGV[9]) then
    if r.applied == false then return {'ok', raw} end
    return {'repeat', raw}
  end
  if r.applied == false then return {'resume', raw} end
  return {'already', raw}
end
r.status = ARGV[2]
r.decidedBy = tonumber(ARGV[3])
r.decidedAt = tonumber(ARGV[4])
if ARGV[5] ~= '' then r.reason = ARGV[5] end
if ARGV[7] ~= '' then
  r.decisionKey = ARGV[7]
  r.applied = false
end
local out = dumpreq(r)
redis.call('SET', KEYS[1], out, 'EX', ARGV[8])
redis.call('ZREM', KEYS[2], ARGV[1])
local unit = r.unitId
if unit == cjson.null or unit == nil then unit = '' end
redis.call('DEL', ARGV[6] .. r.userId .. ':' .. r.role .. ':' .. unit)
return {'ok', out}
