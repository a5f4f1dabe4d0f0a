--[[
  Acknowledgements of one queue family (one or several, see InboxStore.ackNext), each first
  accepting its items (an update's replies) into another family, so the replies and the
  acknowledgement are durable together, and deleting the keys that were kept only until
  those items were stored (QueueWithAck.drop). The keys are built from prefixes: the script
  takes no KEYS.

  Input:
    ARGV[1] pending zset
    ARGV[2] queue-key prefix
    ARGV[3] lock-key prefix
    ARGV[4] now ms
    the other family:
    ARGV[5] pending zset
    ARGV[6] seen ttl seconds
    ARGV[7] now ms
    ARGV[8] wake channel
    ARGV[9] seen-key prefix
    ARGV[10] queue-key prefix
    ARGV[11] owner of the batch
    ARGV[12] lease ms of the batch (said once: one process's acknowledgements share them)
    then per acknowledgement: owner and lease ms ('' for the batch's), order key, id prefix,
    yieldAbove, n, n × (id, order key, item json), d, and d keys to delete

  Output:
    {status, next head or ''} per acknowledgement (status: see includes/inboxAck)
]]
--- @include "includes/inboxAccept"
--- @include "includes/inboxAck"
local out = {}
local lined = 0
local i = 13
while i <= #ARGV do
  local owner, lease, key, idp, yieldAbove, n = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], tonumber(ARGV[i + 5])
  if owner == '' then owner = ARGV[11] end
  if lease == '' then lease = ARGV[12] end
  i = i + 6
  if n > 0 then
    local _, l = accept(ARGV[5], ARGV[6], ARGV[7], ARGV[9], ARGV[10], i, i + 3 * n - 1)
    lined = lined + l
  end
  i = i + 3 * n
  local d = tonumber(ARGV[i])
  for j = i + 1, i + d do redis.call('DEL', ARGV[j]) end
  i = i + 1 + d
  local r = ackNext(ARGV[2] .. key, ARGV[3] .. key, ARGV[1], owner, idp, key, lease, ARGV[4], yieldAbove, ARGV[3])
  out[#out + 1] = r[1]
  out[#out + 1] = r[2] or ''
end
if lined > 0 then redis.call('PUBLISH', ARGV[8], '1') end
return out
