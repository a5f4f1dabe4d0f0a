--[[
  Accepts a whole batch in one step: the items and the marker past them are durable
  together. Keys that came into line may be taken at once by the owner (see
  InboxStore.acceptMany) — only when no other key waits for a turn: then the owner would
  claim it next anyway, and the claim's own call is saved. Keys of the batch the owner
  drains already are never taken here, as in inboxClaimMany: a drain of one may still be
  letting go of its lock under the same owner, and its late release would delete the lock
  taken here (only a key of the batch can come into line here, so the others are not sent).
  Keys nobody took wake the dispatchers.

  Input:
    KEYS[1] pending zset
    KEYS[2] polling marker (only written when ARGV[1] ~= '')

    ARGV[1] marker, or ''
    ARGV[2] seen ttl seconds
    ARGV[3] now ms
    ARGV[4] wake channel
    ARGV[5] seen-key prefix
    ARGV[6] queue-key prefix
    ARGV[7] owner ('' takes no key)
    ARGV[8] lease ms
    ARGV[9] how many keys to take at most
    ARGV[10] lock-key prefix
    ARGV[11] how many keys the owner drains already
    ARGV[12] how many of them are keys of this batch (s)
    ARGV[13..12+s] those keys
    then (id, order key, item json) per item

  Output:
    a 1|0 per item (new, or seen before); with a marker (polling), the number of keys in line
    (polling slows down on it); then the number of keys taken and each with its head:
    {…, n, key, head, …}
]]
--- @include "includes/inboxAccept"
local owner, room = ARGV[7], tonumber(ARGV[9])
-- A key that came into line is taken at once only when no other key waits for a turn: then
-- the owner would claim it next anyway, and the claim's own call is saved.
local draining = tonumber(ARGV[11])
local listed = tonumber(ARGV[12])
local skip = {}
for i = 13, 12 + listed do skip[ARGV[i]] = true end
local before = -1
if owner ~= '' and room > 0 then
  before = redis.call('ZCARD', KEYS[1])
  if before > draining then room = 0 end
end
local linedItems = {}
local out, lined = accept(KEYS[1], ARGV[2], ARGV[3], ARGV[5], ARGV[6], 13 + listed, #ARGV, linedItems)
local taken = {}
local left = 0
for i = 1, #linedItems, 2 do
  if #taken < 2 * room and not skip[linedItems[i]] and redis.call('SET', ARGV[10] .. linedItems[i], owner, 'PX', ARGV[8], 'NX') then
    taken[#taken + 1] = linedItems[i]
    taken[#taken + 1] = linedItems[i + 1]
  else
    left = left + 1
  end
end
-- Keys nobody took wake the dispatchers.
if left > 0 and ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], '1') end
if ARGV[1] ~= '' then
  redis.call('SET', KEYS[2], ARGV[1])
  out[#out + 1] = before >= 0 and before + lined or redis.call('ZCARD', KEYS[1])
end
out[#out + 1] = #taken / 2
for _, v in ipairs(taken) do out[#out + 1] = v end
return out
