--[[
  Sets a field of a panel session that still exists: a session that lapsed meanwhile is not
  re-created without its expiry.

  Input:
    KEYS[1] session hash

    ARGV[1] field
    ARGV[2] value

  Output:
    nothing
]]
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
