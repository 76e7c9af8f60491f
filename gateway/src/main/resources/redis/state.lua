-- KEYS: res, lease, bucket keys of the window. ARGV: leaseMs, base. Returns spent and reserved sums.
purge(KEYS[1], KEYS[2], ARGV[2], now_ms(), tonumber(ARGV[1]))
local s = sums(3, #KEYS)
return {s[1], s[2], s[3], s[4], s[5], s[6]}
