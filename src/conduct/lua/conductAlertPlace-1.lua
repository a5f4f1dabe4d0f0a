--[[
  The place of a flow step among the person's account alerts of the day (1-based), the same
  when the step is performed again.

  Input:
    KEYS[1] the person's alerts hash of the day

    ARGV[1] the flow step's key
    ARGV[2] ttl seconds

  Output:
    {place, 1 if this call added it else 0}
]]
local place = redis.call('HGET', KEYS[1], ARGV[1])
local fresh = 0
if not place then
  place = redis.call('HLEN', KEYS[1]) + 1
  redis.call('HSET', KEYS[1], ARGV[1], place)
  fresh = 1
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return {tonumber(place), fresh}
