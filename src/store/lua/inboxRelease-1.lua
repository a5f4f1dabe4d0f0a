--[[
  Lets go of a key's lock, only when this owner holds it.

  Input:
    KEYS[1] lock

    ARGV[1] owner

  Output:
    1 released, 0 not held by this owner
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
