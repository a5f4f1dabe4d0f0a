--[[
  Adds a person's name words to the name index: each word to the word set, the person's id
  to that word's ids set of the person's shard.

  Input:
    KEYS[1] the word set

    ARGV[1] user id
    ARGV[2] the person's shard
    ARGV[3] ids-key prefix ("<p>:web:names:ids:")
    ARGV[4..] the words

  Output:
    1
]]
for i = 4, #ARGV do
  redis.call('ZADD', KEYS[1], 0, ARGV[i])
  redis.call('SADD', ARGV[3] .. ARGV[2] .. ':' .. ARGV[i], ARGV[1])
end
return 1
