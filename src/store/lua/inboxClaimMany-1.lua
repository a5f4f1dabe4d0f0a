--[[
  Takes the locks of up to ARGV[3] waiting keys, oldest first, skipping the keys this
  process drains already.

  Input:
    KEYS[1] pending zset

    ARGV[1] owner
    ARGV[2] lease ms
    ARGV[3] how many keys
    ARGV[4] how many keys to look at
    ARGV[5] lock-key prefix
    ARGV[6] queue-key prefix
    ARGV[7..] keys to skip (drained here already)

  Output:
    {key, head or '', …} per key taken
]]
local skip = {}
for i = 7, #ARGV do skip[ARGV[i]] = true end
local want = tonumber(ARGV[3])
local out = {}
local got = 0
for _, k in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1)) do
  if got >= want then break end
  if not skip[k] and redis.call('SET', ARGV[5] .. k, ARGV[1], 'PX', ARGV[2], 'NX') then
    got = got + 1
    out[#out + 1] = k
    out[#out + 1] = redis.call('LINDEX', ARGV[6] .. k, 0) or ''
  end
end
return out
