--[[
  Records a violation once per message and rule (an edited message is not counted twice),
  adds it to the global log, drops the person's records older than the window, and counts
  the messages (not rules) that broke a rule within the window.

  Input:
    KEYS[1] the person's violations zset (in one chat)
    KEYS[2] global violation log zset

    ARGV[1] now ms
    ARGV[2] member (mid|rule)
    ARGV[3] window start ms
    ARGV[4] chat|user (the log member's prefix)
    ARGV[5] ttl seconds

  Output:
    {added 1|0, messages within the window}
]]
local added = redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[2])
if added == 1 then redis.call('ZADD', KEYS[2], ARGV[1], ARGV[4] .. '|' .. ARGV[2]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[5])
-- the ladder counts messages, not rules: one message breaking two rules is one step
local seen, n = {}, 0
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[3], '+inf')) do
  local mid = string.match(m, '^(.*)|[^|]*$') or m
  if not seen[mid] then seen[mid] = true; n = n + 1 end
end
return {added, n}
