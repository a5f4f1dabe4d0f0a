--[[
  Takes a person's name words out of the name index; a word nobody else has any more (in
  any shard) leaves the word set.

  Input:
    KEYS[1] the word set

    ARGV[1] user id
    ARGV[2] the person's shard
    ARGV[3] ids-key prefix ("<p>:web:names:ids:")
    ARGV[4] the number of shards
    ARGV[5..] the words

  Output:
    1
]]
local shards = tonumber(ARGV[4])
for i = 5, #ARGV do
  local w = ARGV[i]
  redis.call('SREM', ARGV[3] .. ARGV[2] .. ':' .. w, ARGV[1])
  local left = false
  for s = 0, shards - 1 do
    if redis.call('EXISTS', ARGV[3] .. s .. ':' .. w) == 1 then left = true break end
  end
  if not left then redis.call('ZREM', KEYS[1], w) end
end
return 1
