--[[
  Acknowledging a handled item, as a Lua function: queue, lock, pending; owner, the item
  json's start up to its id (ids are unique within a queue, so this names the item without
  sending it all back), order key, lease ms, now ms, and yieldAbove: '' to go on with this key,
  or a number n — this key's turn is over, so when another key waits for a turn (more keys in
  line than the n the caller drains itself, and one of them drained by nobody: someoneWaits),
  the key goes to the back of the line with its lock let go; and the lock-key prefix.
  Pops the handled head (only while this process holds the lock and the head is that item)
  and returns the next one; when none is left, releases the key:
  {1, next} | {1} released | {2} turn over, back in line | {-1} lock lost | {-2} head moved.
  A lease that lapsed while nobody took it (e.g. Redis was unreachable longer than the
  lease) is taken back when the head is still the handled item: handling it again would
  send its replies twice. Another owner's lock is never overridden.
  The lease is not extended here: the dispatcher renews it every third of the lease.
]]
--- @include "inboxAccept"
-- Whether a key in line waits for a turn: more keys are in line than the caller drains itself
-- (own), and one of the oldest few is drained by nobody (no lock) — keys other processes
-- drain are in line too, and are no reason to yield. Past the oldest own + 480 looked at (a
-- turn's end looks at most at that many locks; five instances of 96 keys each are 480 locks),
-- assume one waits: with more busy instances than that every key yields every turn. (Their locks
-- are looked up in one EXISTS per 1,000 keys, Lua's unpack staying far below its limit: one
-- EXISTS per key made a burst in one chat pay 0.8 EXISTS per message with 32 keys drained at
-- once and 5.8 with 96.)
-- Only keys that would be ahead of this one back in line (scored before `score`) count: a quiet
-- key giving way would be taken after it anyway.
local function someoneWaits(pending, own, orderKey, lockPrefix, score)
  if redis.call('ZCARD', pending) <= own then return false end
  local look = own + 480
  local ahead = redis.call('ZRANGE', pending, '-inf', '(' .. score, 'BYSCORE', 'LIMIT', 0, look + 1)
  if #ahead > look then return true end
  -- One EXISTS over all their locks, not one per key: a key waits when fewer locks exist than
  -- keys were looked at (the keys are a zset's members, so none is counted twice).
  local locks = {}
  for _, k in ipairs(ahead) do
    if k ~= orderKey then locks[#locks + 1] = lockPrefix .. k end
  end
  for from = 1, #locks, 1000 do
    local to = math.min(from + 999, #locks)
    if redis.call('EXISTS', unpack(locks, from, to)) < to - from + 1 then return true end
  end
  return false
end
local function ackNext(queue, lock, pending, owner, idPrefix, orderKey, lease, now, yieldAbove, lockPrefix)
  local holder = redis.call('GET', lock)
  if holder ~= owner then
    if holder or idPrefix == '' then return {-1} end
    local head = redis.call('LINDEX', queue, 0)
    if not head or string.sub(head, 1, #idPrefix) ~= idPrefix then return {-1} end
    redis.call('SET', lock, owner, 'PX', lease)
  end
  if idPrefix ~= '' then
    local popped = redis.call('LPOP', queue)
    if not popped then return {-2} end
    if string.sub(popped, 1, #idPrefix) ~= idPrefix then
      redis.call('LPUSH', queue, popped)
      return {-2}
    end
  end
  local head = redis.call('LINDEX', queue, 0)
  if head then
    -- Back in line, the key gives way only when none of its next items waits for an answer.
    local score = now
    if yieldAbove ~= '' and isQuiet(head) then
      score = tonumber(now) + QUIET_GIVES_WAY_MS
      for _, item in ipairs(redis.call('LRANGE', queue, 1, 15)) do
        if not isQuiet(item) then score = now break end
      end
    end
    if yieldAbove ~= '' and someoneWaits(pending, tonumber(yieldAbove), orderKey, lockPrefix, score) then
      redis.call('ZADD', pending, 'XX', score, orderKey)
      redis.call('DEL', lock)
      return {2}
    end
    return {1, head}
  end
  redis.call('ZREM', pending, orderKey)
  redis.call('DEL', lock)
  return {1}
end
