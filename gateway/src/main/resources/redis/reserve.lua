-- KEYS: res, lease, members, bucket keys of the window (oldest first; the last takes the reservation)
-- ARGV: rid, usd, tok, req, limit usd ('' none), limit tok, limit req, force (1/0), leaseMs, bucketExpireAtMs,
--       base, current bucket id, member
local now = now_ms()
local leaseMs = tonumber(ARGV[9])
purge(KEYS[1], KEYS[2], ARGV[11], now, leaseMs)
local s = sums(4, #KEYS)
local cu, ct, cr = s[1] + s[4], s[2] + s[5], s[3] + s[6]
local prev = redis.call('HGET', KEYS[1], ARGV[1])
local pe = prev and split(prev)
if pe and pe[5] == 'H' then
  for i = 4, #KEYS do
    if KEYS[i] == ARGV[11] .. 'b:' .. pe[1] then
      cu, ct, cr = cu - tonumber(pe[2]), ct - tonumber(pe[3]), cr - tonumber(pe[4])
      break
    end
  end
else
  pe = nil
end
local fits = (ARGV[5] == '' or cu + tonumber(ARGV[2]) <= tonumber(ARGV[5]))
  and (ARGV[6] == '' or ct + tonumber(ARGV[3]) <= tonumber(ARGV[6]))
  and (ARGV[7] == '' or cr + tonumber(ARGV[4]) <= tonumber(ARGV[7]))
if ARGV[8] ~= '1' and not fits then
  return {0, s[1], s[2], s[3], s[4], s[5], s[6]}
end
if pe then unreserve(ARGV[11], pe) end
-- A new reservation under an id already settled or released (a retry or fallback re-reserving) is settled anew.
redis.call('DEL', ARGV[11] .. 'done:' .. ARGV[1])
local cur = KEYS[#KEYS]
local exp = tonumber(ARGV[10])
add(cur, 'r', ARGV[2], ARGV[3], ARGV[4])
redis.call('HSETNX', cur, 'su', '0')
extend(cur, exp)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[12] .. '|' .. ARGV[2] .. '|' .. ARGV[3] .. '|' .. ARGV[4] .. '|H|' .. ARGV[10])
redis.call('ZADD', KEYS[2], now + leaseMs, ARGV[1])
local meta = math.max(exp, now + 2 * leaseMs)
extend(KEYS[1], meta)
extend(KEYS[2], meta)
redis.call('SADD', KEYS[3], ARGV[13])
extend(KEYS[3], meta)
return {1, s[1], s[2], s[3], s[4], s[5], s[6]}
