--[[
  Accepting a batch into one queue family, as a Lua function the scripts below share.
  pending: that family's pending zset; then seen ttl s, now ms, seen-key prefix, queue-key
  prefix; items: (id, order key, item json) in ARGV[first..last].
  Returns {1|0 per item (new or seen before)} and how many keys came into line. Wakes nobody:
  each caller wakes the family's dispatchers once for all its keys that came into line (and
  only for those its own dispatcher did not take). An item for a key already in line needs no
  wake-up: whoever drains that key reads it next, or the key waits its turn.

  QUIET_GIVES_WAY_MS must equal QUIET_GIVES_WAY_MS in inbox.ts (test/store/lua.test.ts checks).
]]
local QUIET_GIVES_WAY_MS = 2000
-- A key's place in the line when it comes into it with `json` at its head: now, or, for an
-- item nobody waits an answer to (marked "quiet" right after its id), QUIET_GIVES_WAY_MS later.
local function isQuiet(json)
  return string.find(json, '^{"id":"[^"]*","quiet":1,') ~= nil
end
local function lineScore(now, json)
  if isQuiet(json) then return tonumber(now) + QUIET_GIVES_WAY_MS end
  return now
end
local function accept(pending, ttl, now, seenPrefix, queuePrefix, first, last, linedItems)
  local out = {}
  local lined = 0
  for i = first, last, 3 do
    local id, key, json = ARGV[i], ARGV[i + 1], ARGV[i + 2]
    if redis.call('SET', seenPrefix .. id, '1', 'NX', 'EX', ttl) then
      -- A queue that had items already waits in pending (nothing empties one without
      -- taking its key out of pending in the same step), so only a first item adds it.
      if redis.call('RPUSH', queuePrefix .. key, json) == 1 then
        redis.call('ZADD', pending, 'NX', lineScore(now, json), key)
        lined = lined + 1
        if linedItems then
          linedItems[#linedItems + 1] = key
          linedItems[#linedItems + 1] = json
        end
      elseif not isQuiet(json) then
        -- Someone waits for this one's answer: a key that gave way for a quiet head (the
        -- same person's chat message) stops giving way — LT only ever moves it forward.
        redis.call('ZADD', pending, 'XX', 'LT', now, key)
      end
      out[#out + 1] = 1
    else
      out[#out + 1] = 0
    end
  end
  return out, lined
end
