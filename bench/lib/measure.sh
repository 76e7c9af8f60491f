# bench/lib/measure.sh - targets, smoke checks, one measured wrk run, the TTFB pass and the summary table.
# Sourced by bench.sh. The scenario sets SC (its label), BODY_JSON, BODY_STREAM and WRK_CUSTOMERS.

declare -A T_PORT=() T_HDR=() T_SUT=() T_LABEL=()
ACTIVE=()
RERUNS=0
SC=main
BODY_JSON=$BENCH/fixtures/request.json
BODY_STREAM=$BENCH/fixtures/request_stream.json
WRK_CUSTOMERS=0
PATH_CHAT=/v1/chat/completions

add_target() {                  # key label port sut_root headers
  T_LABEL[$1]=$2; T_PORT[$1]=$3; T_SUT[$1]=$4; T_HDR[$1]=$5
  ACTIVE+=("$1")
}

body_of() { [[ $1 == stream ]] && echo "$BODY_STREAM" || echo "$BODY_JSON"; }

curl_headers() {                # key -> curl -H arguments, one per line
  local line
  while IFS= read -r line; do [[ -n $line ]] && printf -- '-H\n%s\n' "$line"; done <<<"${T_HDR[$1]}"
}

smoke() {                       # key mode -> 0 if a single request gets a sane response
  local k=$1 mode=$2 out code hdrs=()
  mapfile -t hdrs < <(curl_headers "$k")
  out="$RUN/smoke-$SC-$k-$mode.out"
  code=$(curl -s -m 20 -o "$out" -w '%{http_code}' -X POST "http://127.0.0.1:${T_PORT[$k]}$PATH_CHAT" \
    -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-test' "${hdrs[@]}" --data-binary "@$(body_of "$mode")")
  if [[ $code != 200 ]]; then log "smoke $k/$mode: HTTP $code: $(head -c 300 "$out")"; return 1; fi
  if [[ $mode == stream ]]; then
    grep -q 'chat.completion.chunk' "$out" && grep -q '"usage":{' "$out" && grep -q '^data: \[DONE\]' "$out" \
      || { log "smoke $k/$mode: not an SSE chat stream with usage + [DONE]"; return 1; }
  else
    grep -q '"chat.completion"' "$out" && grep -q '"usage"' "$out" \
      || { log "smoke $k/$mode: not a chat.completion with usage"; return 1; }
  fi
}

wrk_run() {                     # key mode seconds conns -> BENCH_RESULT line on stdout (wrk cpu "u s" in $WRK_TIMES)
  local k=$1 mode=$2 secs=$3 conns=$4 pin=() out tf threads=$THREADS
  [[ $PIN == 1 ]] && pin=(taskset -c 0)
  (( conns < threads )) && threads=$conns
  tf="$RUN/tmp/wrk-times"
  out=$( { TIMEFORMAT='%U %S'; time WRK_BODY_FILE="$(body_of "$mode")" WRK_PATH="$PATH_CHAT" WRK_HEADERS="${T_HDR[$k]}" \
           WRK_CUSTOMERS="$WRK_CUSTOMERS" "${pin[@]}" wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s \
           -s "$BENCH/wrk/chat.lua" "http://127.0.0.1:${T_PORT[$k]}" ; } 2>"$tf" )
  WRK_TIMES=$(tail -1 "$tf")
  grep '^BENCH_RESULT' <<<"$out" || { log "wrk failed on $k/$mode: $(tail -3 <<<"$out") $(head -3 "$tf")"; return 1; }
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
ticks_s() { awk -v d="$1" -v hz="$CLK_TCK" 'BEGIN{printf "%.2f", d/hz}'; }

measure() {                     # key mode conns seconds round [rerun]
  local k=$1 mode=$2 conns=$3 secs=$4 r=$5 rerun=${6:-0}
  local sut=${T_SUT[$k]} up=${ROOT[upstream]} su0 sk0 su1 sk1 uu0 uk0 uu1 uk1 bu0 bu1 line wu ws other
  if ! kill -0 "$sut" 2>/dev/null || ! kill -0 "$up" 2>/dev/null; then
    log "  $k/$mode/c$conns round $r: the target or the upstream process is gone (see run/*.log); skipped"
    return 0
  fi
  read -r su0 sk0 < <(tree_ticks "$sut"); read -r uu0 uk0 < <(tree_ticks "$up"); read -r _ bu0 < <(cpu_busy_ticks)
  line=$(wrk_run "$k" "$mode" "$secs" "$conns") || return 0
  read -r _ bu1 < <(cpu_busy_ticks); read -r su1 sk1 < <(tree_ticks "$sut"); read -r uu1 uk1 < <(tree_ticks "$up")
  read -r wu ws <<<"$WRK_TIMES"
  # user-mode CPU (cores) of processes we did not start; kernel time is left out on purpose: loopback networking
  # runs in softirq context and is not charged to any of our processes.
  other=$(awk -v b=$(( bu1 - bu0 )) -v hz="$CLK_TCK" -v su=$(( su1 - su0 )) -v uu=$(( uu1 - uu0 )) -v w="$wu" \
    -v k="$k" -v d="$secs" \
    'BEGIN{ ours = ((k == "direct") ? uu : su + uu) / hz + w; o = (b/hz - ours)/d; if (o < 0) o = 0; printf "%.2f", o }')
  if awk -v o="$other" -v m="$NOISE_MAX" 'BEGIN{exit !(o > m)}' && (( RERUNS < MAX_RERUNS )); then
    RERUNS=$(( RERUNS + 1 ))
    log "  $k/$mode/c$conns round $r: other processes used $other cores; waiting, then re-running ($RERUNS/$MAX_RERUNS)"
    wait_quiet 30
    measure "$k" "$mode" "$conns" "$secs" "$r" 1
    return 0
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$SC" "$mode" "$conns" "$k" "$r" \
    "$(field rps "$line")" "$(field p50_us "$line")" "$(field p90_us "$line")" "$(field p99_us "$line")" \
    "$(field max_us "$line")" "$(field requests "$line")" "$(field non2xx "$line")" "$(field sock_err "$line")" \
    "$(ticks_s $(( su1 + sk1 - su0 - sk0 )))" "$(ticks_s $(( uu1 + uk1 - uu0 - uk0 )))" \
    "$(awk -v u="$wu" -v s="$ws" 'BEGIN{printf "%.2f", u+s}')" "$other" "$rerun" "$(rss_mb "$sut")" >>"$RESULTS"
  log "  $(printf '%-9s %-6s c%-4s %-8s r%s' "$SC" "$mode" "$conns" "$k" "$r"): $(field rps "$line") req/s  p50 $(field p50_us "$line")us  p99 $(field p99_us "$line")us  non2xx $(field non2xx "$line")  sock_err $(field sock_err "$line") (connect $(field connect_err "$line"), read $(field read_err "$line"), write $(field write_err "$line"), timeout $(field timeouts "$line"))  target cpu user/sys $(ticks_s $(( su1 - su0 )))/$(ticks_s $(( sk1 - sk0 ))) s  other-cpu ${other}"
}

matrix() {                      # "modes" "conns list" seconds rounds: smoke, warm up, then interleaved rounds
  local modes=$1 conns_list=$2 secs=$3 rounds=$4 mode c k r i n ok
  for mode in $modes; do
    ok=()
    for k in "${ACTIVE[@]}"; do
      if smoke "$k" "$mode"; then ok+=("$k"); else log "  $k skipped for $SC/$mode"; fi
    done
    (( ${#ok[@]} )) || continue
    log "$SC/$mode: warm-up ${WARMUP}s each: ${ok[*]}"
    for k in "${ok[@]}"; do wrk_run "$k" "$mode" "$WARMUP" "$CONNS" >/dev/null || true; done   # warm at CONNS: JIT
    n=${#ok[@]}
    profile_start
    for c in $conns_list; do
      for (( r=1; r<=rounds; r++ )); do
        for (( i=0; i<n; i++ )); do measure "${ok[$(( (i + r - 1) % n ))]}" "$mode" "$c" "$secs" "$r"; done
      done
    done
    profile_stop "$SC-$mode"
  done
}

ttfb_pass() {                   # mode requests: time to first byte over one keep-alive connection (curl), per target
  local mode=$1 nreq=$2 k hdrs=() out
  local tbl="$RUN/ttfb-$STAMP.md"
  [[ -s $tbl ]] || { echo; echo "Time to first response byte, $nreq sequential requests on one connection (curl):"
    echo; echo "| mode | target | TTFB p50 ms | TTFB p99 ms |"; echo "|---|---|---:|---:|"; } >"$tbl"
  for k in "${ACTIVE[@]}"; do
    mapfile -t hdrs < <(curl_headers "$k")
    out="$RUN/tmp/ttfb-$k-$mode"
    # URL globbing repeats the request nreq times on one connection; the fragment is never sent.
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -X POST -H 'Content-Type: application/json' \
      -H 'Authorization: Bearer sk-test' "${hdrs[@]}" --data-binary "@$(body_of "$mode")" \
      "http://127.0.0.1:${T_PORT[$k]}$PATH_CHAT#[1-$nreq]" >"$out" 2>/dev/null
    sort -g "$out" | awk -v m="$mode" -v t="${T_LABEL[$k]}" '{ a[NR] = $1 }
      END { if (NR == 0) exit; p50 = a[int(NR * 0.5) + (NR * 0.5 > int(NR * 0.5))]; i = int(NR * 0.99); if (i < 1) i = 1
            printf "| %s | %s | %.3f | %.3f |\n", m, t, p50 * 1000, a[i] * 1000 }' >>"$tbl"
  done
}

facts() {
  echo "date: $(date -Is)"
  echo "machine: nproc=$NCPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
  echo "versions: $(nginx -v 2>&1 | sed 's/nginx version: //'), njs $(dpkg-query -W -f='${Version}' libnginx-mod-http-js 2>/dev/null || echo '?'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), $(java -version 2>&1 | head -1)"
  echo "settings: scenarios [$SCENARIO], wrk -t$THREADS -c$CONNS -d${DURATION}s x $ROUNDS rounds, warmup ${WARMUP}s, PIN=$PIN$( [[ $PIN == 1 ]] && echo ' (wrk+upstream cpu0, target cpu1)'), JAVA_OPTS=$JAVA_OPTS, PROFILE=$PROFILE"
  echo "targets: ${ACTIVE[*]}"
}

summarize() {                   # results tsv -> markdown table of medians per scenario/mode/conns/target
  local labels_arg k
  labels_arg=$(for k in "${ACTIVE[@]}"; do printf '%s=%s;' "$k" "${T_LABEL[$k]}"; done)
  echo
  awk -F'\t' -v labels="$labels_arg" -v order="${ACTIVE[*]}" '
    function med(s,   a, n, i, j, t) { n = split(substr(s, 2), a, " ")
      for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j+1] = a[j]; a[j+1] = t }
      return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
    function mx(s,  a, n, i, m) { n = split(substr(s, 2), a, " "); m = a[1]+0; for (i = 2; i <= n; i++) if (a[i]+0 > m) m = a[i]+0; return m }
    NR == 1 { next }
    { g = $1 SUBSEP $2 SUBSEP $3; if (!(g in seen)) { seen[g] = 1; groups[++ng] = g }
      key = g SUBSEP $4; rps[key] = rps[key] " " $6; p50[key] = p50[key] " " $7; p99[key] = p99[key] " " $9
      err[key] += $12 + $13; cpu[key] = cpu[key] " " (($4 == "direct") ? $15 : $14) / ($11 > 0 ? $11 : 1) * 1e6
      oth[key] = oth[key] " " $17; rss[key] = rss[key] " " $19; n[key]++ }
    END {
      m = split(labels, L, ";"); for (i = 1; i <= m; i++) if (L[i] != "") { split(L[i], kv, "="); lab[kv[1]] = kv[2] }
      nt = split(order, T, " ")
      print "| scenario | mode | conns | target | req/s | p50 ms | p99 ms | p50 +ms vs direct | p99 +ms vs direct | CPU us/req | CPU x nginx | req/s x nginx | RSS MB | errors | other cores |"
      print "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      for (x = 1; x <= ng; x++) {
        g = groups[x]; split(g, gp, SUBSEP); dk = g SUBSEP "direct"; nk = g SUBSEP "nginx"
        nr = (nk in n) ? med(rps[nk]) : 0; nc = (nk in n) ? med(cpu[nk]) : 0
        d50 = (dk in n) ? med(p50[dk]) : -1; d99 = (dk in n) ? med(p99[dk]) : -1
        for (b = 1; b <= nt; b++) { k = g SUBSEP T[b]; if (!(k in n)) continue
          r = med(rps[k]); c = med(cpu[k])
          printf "| %s | %s | %s | %s | %.0f | %.2f | %.2f | %s | %s | %.0f | %s | %s | %s | %d | %.2f |\n", gp[1], gp[2], gp[3], lab[T[b]], r,
            med(p50[k]) / 1000, med(p99[k]) / 1000,
            (d50 >= 0) ? sprintf("%+.2f", (med(p50[k]) - d50) / 1000) : "-", (d99 >= 0) ? sprintf("%+.2f", (med(p99[k]) - d99) / 1000) : "-",
            c, nc ? sprintf("%.2f", c / nc) : "-", nr ? sprintf("%.3f", r / nr) : "-",
            (T[b] == "direct") ? "-" : sprintf("%.0f", mx(rss[k])), err[k], mx(oth[k]) }
      }
    }' "$RESULTS"
  echo
  echo "medians of interleaved rounds per row; CPU us/req = utime+stime of the target's process tree per request (for"
  echo "direct: the mock upstream's), from /proc/<pid>/stat; RSS MB = the target's largest RSS after a run;"
  echo "errors = non-2xx + socket errors summed over rounds; other cores = worst run's CPU use by anything else."
  echo "Raw rows: $RESULTS"
}
