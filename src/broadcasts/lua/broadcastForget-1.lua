--[[
  Erasure of a sender: their broadcast keeps neither its text, its media nor their id; a
  broadcast already gone is not written back.

  Input:
    KEYS[1] broadcast hash

  Output:
    nothing
]]
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'text', '', 'media', '[]', 'sender', '0') end
