--[[
  Writes fields of a chat's record only when the record exists, and tells every instance
  (their caches of chat records) in the same step, so no crash can separate the two.
  Updates about chats the bot does not know create nothing.

  Input:
    KEYS[1] chat hash

    ARGV[1] change channel
    ARGV[2] chat id (the message)
    ARGV[3..] field, value, …

  Output:
    0 when the chat is not known, else the number of new fields (HSET)
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local n = redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PUBLISH', ARGV[1], ARGV[2])
return n
