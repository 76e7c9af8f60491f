-- wrk script for bench/bench.sh: POST an OpenAI chat request (adapted from the shared harness).
-- Env (read once per wrk thread):
--   WRK_BODY_FILE  path of the JSON request body (fixtures/request.json or request_stream.json)
--   WRK_PATH       request path (default /v1/chat/completions)
--   WRK_HEADERS    extra headers, one "Name: value" per line (the attribution headers)
--   WRK_CUSTOMERS  when > 0: every request names a random customer of that many (X-LLM-Customer: c<n>); this
--                  needs a request() function, so wrk formats each request (costs wrk CPU, not the target's)
-- done() prints one machine-readable line:
--   BENCH_RESULT requests=N duration_us=N rps=F p50_us=N p90_us=N p99_us=N max_us=N mean_us=F non2xx=N sock_err=N
local function read_file(p)
  local f = assert(io.open(p, "rb"), "cannot open " .. tostring(p))
  local s = f:read("*a"); f:close(); return s
end

local body = read_file(os.getenv("WRK_BODY_FILE") or "fixtures/request.json")
local path = os.getenv("WRK_PATH") or "/v1/chat/completions"
local customers = tonumber(os.getenv("WRK_CUSTOMERS") or "0") or 0

wrk.method = "POST"
wrk.path = path
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Authorization"] = "Bearer sk-test"

local extra = os.getenv("WRK_HEADERS") or ""
for line in extra:gmatch("[^\r\n]+") do
  local k, v = line:match("^%s*([^:]+):%s*(.-)%s*$")
  if k and v then wrk.headers[k] = v end
end

if customers > 0 then
  math.randomseed(os.time())
  request = function()
    wrk.headers["X-LLM-Customer"] = "c" .. math.random(customers)
    return wrk.format()
  end
end
-- Otherwise no request() function on purpose: wrk then formats the request once and reuses it, the cheapest path.

done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f non2xx=%d sock_err=%d bytes=%d connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
    summary.requests, summary.duration, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.status, e.connect + e.read + e.write + e.timeout, summary.bytes, e.connect, e.read, e.write, e.timeout))
end
