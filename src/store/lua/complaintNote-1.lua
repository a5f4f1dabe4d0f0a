--[[
  Files a complaint about a message unless this person complained about it already (the
  same update filing it again is fine) or reached the day's limit. Older days' counters
  are dropped on the way; the hash's TTL is renewed.

  Input:
    KEYS[1] the reporter's hash

    ARGV[1] message field (m:<mid>)
    ARGV[2] day field (d:<day>)
    ARGV[3] update id
    ARGV[4] daily limit
    ARGV[5] ttl seconds

  Output:
    'ok' filed (or the same update again), 'repeat' filed before, 'limit' the day's limit reached
]]
local prev = redis.call('HGET', KEYS[1], ARGV[1])
if prev then
  if prev == ARGV[3] then return 'ok' end
  return 'repeat'
end
local count = tonumber(redis.call('HGET', KEYS[1], ARGV[2]) or '0')
if count >= tonumber(ARGV[4]) then return 'limit' end
local fields = redis.call('HKEYS', KEYS[1])
for _, f in ipairs(fields) do
  if string.sub(f, 1, 2) == 'd:' and f ~= ARGV[2] then redis.call('HDEL', KEYS[1], f) end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 'ok'
