--[[
  The revision base of a run of a flow. The record is "<base of the last run>|<event that
  started it>": the same starting event gets the same base (a start handled twice is one
  run), another gets the next block. It keeps no expiry: bases never repeat. Older records
  (a key of its own; before it, a bare counter and the last run beside it) are read and
  moved into the shard hash.

  Input:
    KEYS[1] the shard hash
    KEYS[2] the older run key
    KEYS[3] its older companion (the last run's event, before both were one key)

    ARGV[1] the field ("<user>:<flow>")
    ARGV[2] the starting event (12 characters of its id's hash)
    ARGV[3] block size
    ARGV[4] the starting event's id itself

  Output:
    the run's base revision
]]
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then cur = redis.call('GET', KEYS[2]) end
local base, ev = 0, nil
if cur then
  local sep = string.find(cur, '|', 1, true)
  if sep then
    base, ev = tonumber(string.sub(cur, 1, sep - 1)), string.sub(cur, sep + 1)
  else
    base = tonumber(cur) or 0
    local last = redis.call('GET', KEYS[3])
    if last then
      local lsep = string.find(last, '|', 1, true)
      if lsep and string.sub(last, lsep + 1) == ARGV[4] then ev = ARGV[2] end
    end
  end
end
local out = base
if ev ~= ARGV[2] then out = base + tonumber(ARGV[3]) end
redis.call('HSET', KEYS[1], ARGV[1], out .. '|' .. ARGV[2])
redis.call('DEL', KEYS[2], KEYS[3])
return out
