-- One rate-limit counter: hash fields r<epochSecond> (requests) and t<epochSecond> (tokens), the last 60 s,
-- timed by the Redis server. KEYS: counter. ARGV: mode (acquire/undo/tokens), then
--   acquire: rpm, tpm, mayCount (1/0), force (1/0) -> {nowMs, counted, {s, n, ...} requests, {s, n, ...} tokens}
--   undo: second; tokens: n
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local sec = tonumber(t[1])
local mode = ARGV[1]
if mode == 'undo' then
  local f = 'r' .. ARGV[2]
  if tonumber(ARGV[2]) > sec - 60 and tonumber(redis.call('HGET', KEYS[1], f) or '0') > 0 then
    redis.call('HINCRBY', KEYS[1], f, -1)
  end
  return 1
end
if mode == 'tokens' then
  redis.call('HINCRBY', KEYS[1], 't' .. sec, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], 61000)
  return 1
end
local all = redis.call('HGETALL', KEYS[1])
local req, tok = {}, {}
local rsum, tsum = 0, 0
for i = 1, #all, 2 do
  local f = all[i]
  local s = tonumber(string.sub(f, 2))
  local n = tonumber(all[i + 1])
  if s <= sec - 60 then
    redis.call('HDEL', KEYS[1], f)
  elseif string.sub(f, 1, 1) == 'r' then
    rsum = rsum + n
    req[#req + 1] = s
    req[#req + 1] = n
  else
    tsum = tsum + n
    tok[#tok + 1] = s
    tok[#tok + 1] = n
  end
end
local full = rsum >= tonumber(ARGV[2]) or tsum >= tonumber(ARGV[3])
local counted = 0
if ARGV[4] == '1' and (ARGV[5] == '1' or not full) then
  redis.call('HINCRBY', KEYS[1], 'r' .. sec, 1)
  counted = 1
  req[#req + 1] = sec
  req[#req + 1] = 1
end
redis.call('PEXPIRE', KEYS[1], 61000)
return {nowMs, counted, req, tok}
