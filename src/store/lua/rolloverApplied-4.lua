--[[
  A confirmed school-year rollover's last step, once: its audit entry, the act marked
  applied (the graduates' ids dropped from it), out of the pending set, its done-steps
  forgotten.

  Input:
    KEYS[1] the act (JSON)
    KEYS[2] audit stream
    KEYS[3] pending rollovers set
    KEYS[4] the act's done-steps set

    ARGV[1] rollover id
    ARGV[2..] audit entry fields

  Output:
    1 applied now, 0 already applied or unknown
]]
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local a = cjson.decode(raw)
if a.applied == true then return 0 end
local audit = {}
for i = 2, #ARGV do audit[#audit + 1] = ARGV[i] end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', unpack(audit))
a.applied = true
a.graduates = nil
redis.call('SET', KEYS[1], cjson.encode(a), 'KEEPTTL')
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[4])
return 1
