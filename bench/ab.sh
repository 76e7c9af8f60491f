#!/usr/bin/env bash
# bench/ab.sh A.jar B.jar - same-session A/B of two gateway builds: runs bench.sh against the gateway only,
# alternating A and B (A B B A A B ...) for AB_ROUNDS pairs, and prints each run's CPU us/request and req/s, then
# the medians and B/A. Each run is a fresh JVM with its own warm-up, so JIT state is comparable.
# Settings (env): AB_ROUNDS=3, MODES="json stream", CONNS=32, WARMUP=15, DURATION=10, and any bench.sh setting.
# Example: git stash; mvn -B -q -o -DskipTests package; cp gateway/target/gateway.jar /tmp/a.jar; git stash pop;
#          mvn -B -q -o -DskipTests package; bench/ab.sh /tmp/a.jar gateway/target/gateway.jar
set -uo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
A=$(realpath "$1"); B=$(realpath "$2")
AB_ROUNDS=${AB_ROUNDS:-3}
OUT=${BENCH_WORK:-/tmp/spendgate-bench}/ab-$(date +%Y%m%d-%H%M%S).tsv
mkdir -p "$(dirname "$OUT")"
printf 'build\tmode\tround\trps\tp50_us\tcpu_us_per_req\tother_cores\n' >"$OUT"
run() { # label jar round
  local work; work=$(mktemp -d)
  JAR=$2 BUILD=0 TARGETS=gateway SCENARIO=main LAT_CONNS= TTFB_REQUESTS=0 ROUNDS=1 MAX_RERUNS=${MAX_RERUNS:-2} \
    WARMUP=${WARMUP:-15} DURATION=${DURATION:-10} BENCH_WORK=$work "$BENCH/bench.sh" >/dev/null 2>"$work/log" \
    || { echo "bench.sh failed for $1: $(tail -3 "$work/log")" >&2; rm -rf "$work"; return 1; }
  awk -F'\t' -v b="$1" -v r="$3" -v clk="$(getconf CLK_TCK)" 'NR > 1 && $4 == "gateway" {
      printf "%s\t%s\t%s\t%.0f\t%s\t%.0f\t%s\n", b, $2, r, $6, $7, 1e6 * $14 / $11, $17 }' \
    "$work"/run/results-*.tsv | tee -a "$OUT"
  rm -rf "$work"
}
for ((i = 1; i <= AB_ROUNDS; i++)); do
  if (( i % 2 )); then run A "$A" "$i"; run B "$B" "$i"; else run B "$B" "$i"; run A "$A" "$i"; fi
done
echo
awk -F'\t' 'NR > 1 { k = $2; v[$1 " " k] = v[$1 " " k] " " $6; modes[k] = 1 }
  function median(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
      if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END { printf "| mode | A CPU us/req (median) | B CPU us/req (median) | B/A |\n|---|---:|---:|---:|\n"
    for (k in modes) { a = median(v["A " k]); b = median(v["B " k]); printf "| %s | %.0f | %.0f | %.2f |\n", k, a, b, b / a } }' "$OUT"
echo "raw: $OUT"
