-- KEYS: bucket, members. ARGV: usd, tok, req, bucketExpireAtMs, member. Spend without a reservation (not idempotent).
add(KEYS[1], 's', ARGV[1], ARGV[2], ARGV[3])
redis.call('HSETNX', KEYS[1], 'ru', '0')
extend(KEYS[1], tonumber(ARGV[4]))
redis.call('SADD', KEYS[2], ARGV[5])
extend(KEYS[2], tonumber(ARGV[4]))
return 1
