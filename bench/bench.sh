#!/usr/bin/env bash
# bench/bench.sh - end-to-end cost of spendgate next to nginx, on loopback, interleaved.
#
# Targets (all on 127.0.0.1):
#   direct   the mock LLM upstream itself (nginx + njs serving canned OpenAI JSON / SSE) = physical limit
#   nginx    plain nginx proxy_pass in front of it                                    = "dumb proxy" baseline
#   gateway  spendgate (gateway/target/gateway.jar) with bench/gateway-bench.yaml: attribution headers on every
#            request, two matching budgets, a per-customer rate limit, metrics and the ledger on
# Rounds are interleaved (targets rotate order every round); the table shows medians over rounds.
#
# Usage (from the repository root or anywhere):
#   bench/bench.sh                      # SCENARIO=main: json + stream at CONNS, then 1 connection, then TTFB
#   SCENARIO=scale bench/bench.sh       # stream at 1, 32, 256, 1024 connections (RSS after each run)
#   SCENARIO=long bench/bench.sh        # streams of 2,000 events
#   SCENARIO=bigprompt bench/bench.sh   # 200 KB request bodies (json and stream)
#   SCENARIO=customers bench/bench.sh   # 1 vs 100,000 distinct customers (per-customer budget + rate limit)
#   SCENARIO=soak bench/bench.sh        # SOAK_MINUTES=10 of streams at SOAK_CONNS; heap after GC, RSS, direct
#   SCENARIO="main scale" ...           # several, one after the other, one table
#   bench/bench.sh --setup              # only install prerequisites (apt: wrk nginx libnginx-mod-http-js)
# Settings (env):
#   DURATION=8 WARMUP=30 ROUNDS=3 CONNS=32 THREADS=1   wrk run length (s), warm-up (s), rounds, load
#   LAT_CONNS=1 LAT_DURATION=3            the main scenario's unloaded-latency pass (LAT_CONNS= disables)
#   MODES="json stream"                   modes of the main and bigprompt scenarios
#   TTFB_REQUESTS=400                     the main scenario's time-to-first-byte pass (curl; 0 disables)
#   SCALE_CONNS="1 32 256 1024"  LONG_EVENTS=2000  PROMPT_BYTES=200000  CUSTOMERS=100000
#   SOAK_MINUTES=10 SOAK_CONNS=8 SOAK_SAMPLE=30
#   TARGETS="direct nginx gateway"  PIN=1 (wrk + upstream on CPU0, the target on CPU1; PIN=0 no pinning)
#   JAR=gateway/target/gateway.jar        the gateway jar to run (bench/ab.sh compares two)
#   BUILD=1                               build the jar first (mvn -B -q -DskipTests package; MVN_FLAGS adds, e.g. -o)
#   JAVA_OPTS="-Xmx192m"                  the gateway JVM's options
#   PROFILE=1                             record the gateway with JFR (run/gateway.jfr), summarised by jfr-top.sh
#   PROFILE=async                         async-profiler CPU samples of the gateway per scenario and mode, after warm-up
#                                         (run/profile-*.html flame graph, .collapsed, .txt summary by collapsed-top.sh)
#   UPSTREAM_PORT=18081 PROXY_PORT=18082 GATEWAY_PORT=18095 ADMIN_PORT=18096
#   BENCH_WORK=/tmp/spendgate-bench       scratch: logs, results, ledger
#   NOISE_MAX=0.25                        a run during which other processes used more cores (user time) is
#                                         re-run (at most MAX_RERUNS=4 re-runs per invocation) after waiting for the machine to calm
# Output: table on stdout; raw rows in $BENCH_WORK/run/results-<stamp>.tsv, table in summary-<stamp>.md.
# Everything started here is stopped here, by pid.
set -uo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/spendgate-bench}"
RUN="$WORK/run"

SCENARIO=${SCENARIO:-main}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-30}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-32}
THREADS=${THREADS:-1}
MODES=${MODES:-"json stream"}
LAT_CONNS=${LAT_CONNS-1}
LAT_DURATION=${LAT_DURATION:-3}
TTFB_REQUESTS=${TTFB_REQUESTS:-400}
SCALE_CONNS=${SCALE_CONNS:-"1 32 256 1024"}
LONG_EVENTS=${LONG_EVENTS:-2000}
PROMPT_BYTES=${PROMPT_BYTES:-200000}
CUSTOMERS=${CUSTOMERS:-100000}
SOAK_MINUTES=${SOAK_MINUTES:-10}
SOAK_CONNS=${SOAK_CONNS:-8}
SOAK_SAMPLE=${SOAK_SAMPLE:-30}
TARGETS=${TARGETS:-"direct nginx gateway"}
PIN=${PIN:-1}
BUILD=${BUILD:-1}
MVN_FLAGS=${MVN_FLAGS:-}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx192m"}
PROFILE=${PROFILE:-0}
UPSTREAM_PORT=${UPSTREAM_PORT:-18081}
PROXY_PORT=${PROXY_PORT:-18082}
GATEWAY_PORT=${GATEWAY_PORT:-18095}
ADMIN_PORT=${ADMIN_PORT:-18096}
NOISE_MAX=${NOISE_MAX:-0.25}
MAX_RERUNS=${MAX_RERUNS:-4}

JAR=${JAR:-"$ROOT_DIR/gateway/target/gateway.jar"}
NGINX_JS_MODULE=/usr/lib/nginx/modules/ngx_http_js_module.so
CLK_TCK=$(getconf CLK_TCK)
NCPU=$(nproc)
# Attribution on every gateway request (X-LLM-Customer is replaced per request in the customers scenario).
GW_HEADERS=$'X-LLM-Feature: search\nX-LLM-Team: search\nX-LLM-Customer: c1\nX-LLM-Tier: pro\nX-LLM-Env: bench\nX-LLM-Session: s-bench-1'

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

setup() {
  log "installing prerequisites (apt: wrk nginx libnginx-mod-http-js)"
  local sudo=(); (( EUID != 0 )) && sudo=(sudo)
  "${sudo[@]}" apt-get update -q && "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    wrk nginx libnginx-mod-http-js || die "apt-get failed"
}
if [[ "${1:-}" == "--setup" ]]; then setup; exit 0; fi
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then sed -n '2,/^set -uo/p' "$0" | sed '$d'; exit 0; fi

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null || [[ ! -f $NGINX_JS_MODULE ]]; then setup; fi
command -v curl >/dev/null || die "curl missing"
command -v java >/dev/null || die "java missing (JDK 17)"
if [[ $PIN == 1 ]]; then
  command -v taskset >/dev/null || die "taskset missing (util-linux); or run with PIN=0"
  (( NCPU >= 2 )) || { log "only $NCPU CPU: PIN=0"; PIN=0; }
fi
if [[ $BUILD == 1 ]]; then
  log "building the gateway jar (mvn -B -q -DskipTests $MVN_FLAGS package)"
  (cd "$ROOT_DIR" && mvn -B -q -DskipTests $MVN_FLAGS package) || die "build failed"
fi
[[ -f $JAR ]] || die "no $JAR (run with BUILD=1)"

STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$RUN/tmp"
RESULTS="$RUN/results-$STAMP.tsv"
SUMMARY="$RUN/summary-$STAMP.md"

source "$BENCH/lib/proc.sh"
source "$BENCH/lib/fixtures.sh"
source "$BENCH/lib/measure.sh"
source "$BENCH/lib/scenarios.sh"
source "$BENCH/lib/profile.sh"

# ---------------------------------------------------------------- start everything
for p in "$UPSTREAM_PORT" "$PROXY_PORT" "$GATEWAY_PORT" "$ADMIN_PORT"; do
  port_free "$p" || die "port $p on 127.0.0.1 is already in use (not ours: stop it or change *_PORT)"
done
wait_quiet 20

render_fixtures
render upstream.conf
start_bg upstream 0 "$RUN" nginx -p "$RUN/" -c "$RUN/upstream.conf" -e "$RUN/upstream.error.log"
wait_port "$UPSTREAM_PORT" 10 "${ROOT[upstream]}" || die "mock upstream did not start: $(tail -3 "$RUN/upstream.log")"
UPSTREAM_URL="http://127.0.0.1:$UPSTREAM_PORT"

want() { [[ " $TARGETS " == *" $1 "* ]]; }
want direct && add_target direct "direct (mock upstream)" "$UPSTREAM_PORT" "${ROOT[upstream]}" ""
if want nginx; then
  render proxy.conf
  start_bg proxy 1 "$RUN" nginx -p "$RUN/" -c "$RUN/proxy.conf" -e "$RUN/proxy.error.log"
  wait_port "$PROXY_PORT" 10 "${ROOT[proxy]}" && add_target nginx "nginx proxy_pass" "$PROXY_PORT" "${ROOT[proxy]}" "" \
    || log "nginx proxy did not start; skipped"
fi
if want gateway; then
  jfr=(); [[ $PROFILE == 1 ]] && jfr=("-XX:StartFlightRecording=filename=$RUN/gateway.jfr,settings=profile,dumponexit=true")
  rm -rf "$RUN/ledger"
  UPSTREAM_BASE_URL=$UPSTREAM_URL/v1 GATEWAY_PORT=$GATEWAY_PORT ADMIN_PORT=$ADMIN_PORT LEDGER_DIR=$RUN/ledger \
    start_bg gateway 1 "$RUN" java $JAVA_OPTS "${jfr[@]}" -jar "$JAR" --config "$BENCH/gateway-bench.yaml"
  wait_port "$GATEWAY_PORT" 90 "${ROOT[gateway]}" \
    && add_target gateway "spendgate (all features)" "$GATEWAY_PORT" "${ROOT[gateway]}" "$GW_HEADERS" \
    || log "gateway did not open port $GATEWAY_PORT; skipped: $(tail -5 "$RUN/gateway.log")"
fi
(( ${#ACTIVE[@]} )) || die "no target to bench"

printf 'scenario\tmode\tconns\ttarget\tround\trps\tp50_us\tp90_us\tp99_us\tmax_us\trequests\tnon2xx\tsock_err\tsut_cpu_s\tupstream_cpu_s\twrk_cpu_s\tother_cores\trerun\trss_mb\n' >"$RESULTS"
facts | tee "$SUMMARY.facts" >&2

for sc in $SCENARIO; do
  case $sc in
    main) scenario_main ;;
    scale) scenario_scale ;;
    long) scenario_long ;;
    bigprompt) scenario_bigprompt ;;
    customers) scenario_customers ;;
    soak) scenario_soak ;;
    *) die "unknown SCENARIO $sc (main scale long bigprompt customers soak)" ;;
  esac
done

{ summarize; [[ -s $RUN/ttfb-$STAMP.md ]] && cat "$RUN/ttfb-$STAMP.md"; [[ -s $RUN/soak-$STAMP.md ]] && cat "$RUN/soak-$STAMP.md"; } \
  | tee "$SUMMARY.table"
cat "$SUMMARY.facts" "$SUMMARY.table" >"$SUMMARY" && rm -f "$SUMMARY.facts" "$SUMMARY.table"
if [[ $PROFILE == 1 && -n ${ROOT[gateway]:-} ]]; then
  jcmd "$(java_pid "${ROOT[gateway]}")" JFR.dump name=1 filename="$RUN/gateway.jfr" >/dev/null 2>&1 \
    && "$BENCH/jfr-top.sh" "$RUN/gateway.jfr" | tee "$RUN/profile-$STAMP.txt"
fi
log "summary written to $SUMMARY; re-runs for noise: $RERUNS"
