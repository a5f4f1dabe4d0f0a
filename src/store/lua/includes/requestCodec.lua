--[[
  The request codec shared by the request scripts (request-store.ts, "A decided and applied
  request is kept in a compact form"): loadreq reads either form into the object form,
  dumpreq writes the object form while a request is pending or being applied, the compact
  array once it is decided and applied.

  ROLES: a role's number and name both ways; it must equal ROLE_CODES in request-store.ts
  (test/store/lua.test.ts checks). A decidedAt below 1000000000000 ms (ABSOLUTE_TIME there)
  is a time from creation; records written before kept the time itself.
]]
local ROLES = { [1] = 'admin', admin = 1, [2] = 'director', director = 2, [3] = 'curator', curator = 3, [4] = 'teacher', teacher = 4, [5] = 'staff', staff = 5, [6] = 'student', student = 6, [7] = 'parent', parent = 7 }
local function loadreq(raw)
  local t = cjson.decode(raw)
  if t[1] == nil then return t end
  local role = t[3]
  if type(role) == 'number' then role = ROLES[role] end
  local r = { status = (t[1] == 'a') and 'approved' or 'rejected', userId = t[2], role = role, createdAt = t[5],
    decidedBy = t[6], decidedAt = t[7], fullName = t[10] or '', applied = true }
  -- decidedAt is kept as the time from creation (records written before kept the time itself).
  if type(t[7]) == 'number' and t[7] < 1000000000000 then r.decidedAt = t[5] + t[7] end
  if t[4] ~= nil and t[4] ~= '' then r.unitId = t[4] else r.unitId = cjson.null end
  if t[8] ~= nil and t[8] ~= '' then r.decisionKey = t[8] end
  r.appliedEvent = t[9] or ''
  if t[11] == 1 then r.inviteCode = '' else r.inviteCode = cjson.null end
  if t[12] ~= nil and t[12] ~= '' then r.reason = t[12] end
  if type(t[13]) == 'table' then r.consent = { by = t[13][1], userId = t[13][2], at = t[13][3] } end
  if type(t[14]) == 'table' then r.children = t[14] end
  return r
end
-- Pending or being applied: the object form; decided and applied: the compact one.
local function dumpreq(r)
  if r.status == 'pending' or r.applied == false then return cjson.encode(r) end
  local unit = r.unitId
  if unit == nil or unit == cjson.null then unit = '' end
  local invite = 0
  if r.inviteCode ~= nil and r.inviteCode ~= cjson.null then invite = 1 end
  local consent = 0
  if type(r.consent) == 'table' then consent = { r.consent.by, r.consent.userId, r.consent.at } end
  local children = 0
  if type(r.children) == 'table' and #r.children > 0 then children = r.children end
  local waited = 0
  if r.decidedAt ~= nil and r.decidedAt ~= cjson.null then waited = r.decidedAt - r.createdAt end
  local t = { (r.status == 'approved') and 'a' or 'r', r.userId, ROLES[r.role] or r.role, unit, 0, r.decidedBy or 0, waited,
    r.decisionKey or '', r.appliedEvent or '', (r.status == 'approved') and '' or (r.fullName or ''), invite, r.reason or '', consent, children }
  while #t > 10 and (t[#t] == 0 or t[#t] == '') do t[#t] = nil end
  return cjson.encode(t)
end
