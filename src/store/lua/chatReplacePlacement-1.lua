--[[
  Updates a person's placement in a chat only while the bot still keeps one: a placement
  forgotten meanwhile (the person erased) is not written back.

  Input:
    KEYS[1] the chat's placements hash

    ARGV[1] user id
    ARGV[2] the placement (JSON)

  Output:
    1 written, 0 nothing kept for that person
]]
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
