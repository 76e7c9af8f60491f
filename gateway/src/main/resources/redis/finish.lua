-- Settle or release, once per request id (a marker key remembers it for two leases).
-- KEYS: res, lease, done marker
-- ARGV: rid, usd, tok, req, mode (settle/release), leaseMs, base, fallback bucket ('' none), fallback expireAtMs
-- The fallback bucket takes the spend when no reservation is known (reconciling spend counted during an outage).
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local now = now_ms()
local leaseMs = tonumber(ARGV[6])
purge(KEYS[1], KEYS[2], ARGV[7], now, leaseMs)
local v = redis.call('HGET', KEYS[1], ARGV[1])
local bucket, exp = nil, nil
if v then
  local e = split(v)
  if e[5] == 'H' then unreserve(ARGV[7], e) end
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  bucket, exp = e[1], tonumber(e[6])
elseif ARGV[8] ~= '' then
  bucket, exp = ARGV[8], tonumber(ARGV[9])
end
if bucket and ARGV[5] == 'settle' and exp > now then
  local k = ARGV[7] .. 'b:' .. bucket
  add(k, 's', ARGV[2], ARGV[3], ARGV[4])
  redis.call('HSETNX', k, 'ru', '0')
  extend(k, exp)
end
redis.call('SET', KEYS[3], '1', 'PX', int(2 * leaseMs))
return 1
