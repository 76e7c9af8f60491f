-- Shared by every spendgate budget script. Amounts are integers as decimal strings: nano-USD, tokens, requests.
-- A reservation entry (hash <base>res, field request id) is "bucket|usd|tokens|requests|state|bucketExpireAtMs",
-- state H (holds budget) or L (lapsed: its lease ended, remembered one more lease so a late settle still charges
-- the actual spend once). <base>lease is a ZSET of request ids by when the entry's lease (H) or memory (L) ends.
-- Times come from the Redis server (TIME), so replicas' clocks do not decide when a lease ends.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function split(s)
  local out = {}
  for p in string.gmatch(s, '[^|]+') do out[#out + 1] = p end
  return out
end
local function int(x) return string.format('%d', x) end
local function neg(s) if s == '0' then return '0' end return '-' .. s end
local function extend(k, at)
  local t = redis.call('PEXPIRETIME', k)
  if t < at then redis.call('PEXPIREAT', k, int(at)) end
end
local function add(k, p, usd, tok, req)
  if usd ~= '0' then redis.call('HINCRBY', k, p .. 'u', usd) end
  if tok ~= '0' then redis.call('HINCRBY', k, p .. 't', tok) end
  if req ~= '0' then redis.call('HINCRBY', k, p .. 'r', req) end
end
local function unreserve(base, e)
  local k = base .. 'b:' .. e[1]
  if redis.call('EXISTS', k) == 1 then add(k, 'r', neg(e[2]), neg(e[3]), neg(e[4])) end
end
local function purge(res, lease, base, now, leaseMs)
  local ids = redis.call('ZRANGEBYSCORE', lease, '-inf', now, 'LIMIT', 0, 1000)
  for _, id in ipairs(ids) do
    local v = redis.call('HGET', res, id)
    local e = v and split(v)
    if e and e[5] == 'H' then
      unreserve(base, e)
      redis.call('HSET', res, id, e[1] .. '|0|0|0|L|' .. e[6])
      redis.call('ZADD', lease, now + leaseMs, id)
    else
      redis.call('HDEL', res, id)
      redis.call('ZREM', lease, id)
    end
  end
end
local function sums(first, last)
  local s = {0, 0, 0, 0, 0, 0}
  for i = first, last do
    local v = redis.call('HMGET', KEYS[i], 'su', 'st', 'sr', 'ru', 'rt', 'rr')
    for j = 1, 6 do s[j] = s[j] + (tonumber(v[j]) or 0) end
  end
  return s
end
