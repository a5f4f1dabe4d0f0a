--[[
  Appends a feedback entry once per idempotency key (a re-performed effect adds nothing);
  the guard lives a week.

  Input:
    KEYS[1] done guard
    KEYS[2] feedback stream

    ARGV[1] user id
    ARGV[2] text
    ARGV[3] at ms

  Output:
    1 added, 0 added before
]]
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', 604800) == false then return 0 end
redis.call('XADD', KEYS[2], '*', 'user', ARGV[1], 'text', ARGV[2], 'at', ARGV[3])
return 1
