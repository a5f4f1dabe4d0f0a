--[[
  Extends a key's lock, only when this owner holds it.

  Input:
    KEYS[1] lock

    ARGV[1] owner
    ARGV[2] lease ms

  Output:
    1 extended, 0 not held by this owner
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
