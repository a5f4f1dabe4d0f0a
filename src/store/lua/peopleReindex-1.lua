--[[
  Sets a person's entries of the verified index from their roles hash as it is now, for the
  (role, unit) pairs a write touched: the person is put into or taken out of
  verified:<unit>:<role> (and its :activist set), so the index follows the hash whatever the
  write was. User ids stay strings (cjson would round them). Role and unit come from the
  field ("<role>|<unit>"); the value is the text form of membership-codec.ts
  ("v<since>|<request>|<1 if activist>|…"), or JSON written before it: the one-letter form
  (s, a) or a legacy full Membership (status, activist).

  Input:
    KEYS[1] the person's roles hash

    ARGV[1] user id
    ARGV[2] index-key prefix ("<p>:verified:")
    ARGV[3..] role, unit id or '-', … (the pairs touched)

  Output:
    1
]]
local have = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local role, unit = string.match(all[i], '^([^|]*)|(.*)$')
  local raw = all[i + 1]
  local ok, m
  if string.sub(raw, 1, 1) == '{' then
    ok, m = pcall(cjson.decode, raw)
  else
    local activist = string.match(raw, '^[^|]*|[^|]*|([^|]*)')
    ok, m = true, { s = (string.sub(raw, 1, 1) == 'v') and 'verified' or 'pending', a = (activist == '1') and 1 or nil }
  end
  if role and ok and type(m) == 'table' and (m.s or m.status) == 'verified' then
    if unit == '' then unit = '-' end
    have[unit .. ':' .. role] = true
    local a = m.a
    if a == nil then a = m.activist end
    if a == true or a == 1 then have[unit .. ':' .. role .. ':activist'] = true end
  end
end
for i = 3, #ARGV, 2 do
  local base = ARGV[i + 1] .. ':' .. ARGV[i]
  for _, k in ipairs({base, base .. ':activist'}) do
    if have[k] then redis.call('SADD', ARGV[2] .. k, ARGV[1]) else redis.call('SREM', ARGV[2] .. k, ARGV[1]) end
  end
end
return 1
