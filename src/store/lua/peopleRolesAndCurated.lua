--[[
  The roles hashes and curated units of several people in one call: those whose updates are
  handled at the same moment (PeopleStore's actorReads; a pipeline costs more CPU to build).
  The caller passes the number of keys.

  Input:
    KEYS[2i-1] person i's roles hash
    KEYS[2i]   person i's curated-units set

  Output:
    {HGETALL of roles hash 1, SMEMBERS of curated set 1, HGETALL 2, SMEMBERS 2, …}
]]
local out = {}
for i = 1, #KEYS, 2 do
  out[#out + 1] = redis.call('HGETALL', KEYS[i])
  out[#out + 1] = redis.call('SMEMBERS', KEYS[i + 1])
end
return out
