--[[
  Erasure in a recipient's reply queue: each listed item is replaced by its new form, or
  taken out. The head is left alone: it is being sent now, and its acknowledgement checks
  it is still the head.

  Input:
    KEYS[1] a recipient's reply queue

    ARGV[2i-1] an item as queued
    ARGV[2i]   its new form, or '' to take it out

  Output:
    1
]]
for i = 1, #ARGV, 2 do
  local at = redis.call('LPOS', KEYS[1], ARGV[i])
  if at and at > 0 then
    if ARGV[i + 1] == '' then
      redis.call('LSET', KEYS[1], at, '__erased__')
      redis.call('LREM', KEYS[1], 1, '__erased__')
    else
      redis.call('LSET', KEYS[1], at, ARGV[i + 1])
    end
  end
end
return 1
