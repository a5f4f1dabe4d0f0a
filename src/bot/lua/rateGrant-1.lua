--[[
  Grants as many MAX calls as the sliding window has room for under the cap, stamped with
  Redis's own time. Stamps past the window are only counted out (ZCOUNT) between tidy
  calls: each process tidies every few seconds (see TIDY_EVERY_MS in rate-limiter.ts), so a
  grant costs three commands.

  Input:
    KEYS[1] sorted set of grant times (ms; member: a grant id)

    ARGV[1] window ms
    ARGV[2] cap: grants the window may hold after this call's (the limit, or background
            work's share of it)
    ARGV[3] grants wanted
    ARGV[4] grant id prefix
    ARGV[5] '1' to tidy: drop the stamps past the window and set the key's expiry
    ARGV[6] the key's expiry ms

  Output:
    {granted, ms to wait until there is room (0 when all were granted)}
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local window = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local tidy = ARGV[5] == '1'
if tidy then
  redis.pcall('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
end
local used = redis.pcall('ZCOUNT', KEYS[1], now - window, '+inf')
-- an older version's limiter kept a plain time under the key: it is a few seconds of state
if type(used) == 'table' and used.err then
  redis.call('DEL', KEYS[1])
  used = 0
end
local k = math.max(0, math.min(want, cap - used))
if k > 0 then
  local args = {}
  for i = 1, k do
    args[#args + 1] = now
    args[#args + 1] = ARGV[4] .. i
  end
  redis.call('ZADD', KEYS[1], unpack(args))
end
-- An empty window may be a new key: it gets its expiry at once, not at the next tidy call.
if tidy or (k > 0 and used == 0) then redis.call('PEXPIRE', KEYS[1], ARGV[6]) end
local wait = 0
if k < want then
  -- room comes when the stamp that puts the window at the cap leaves it
  local at = redis.call('ZRANGEBYSCORE', KEYS[1], now - window, '+inf', 'WITHSCORES', 'LIMIT', math.max(0, used + k - cap), 1)
  wait = at[2] and math.max(1, math.ceil(tonumber(at[2]) + window - now)) or 1
end
return {k, wait}
