# bench/lib/scenarios.sh - what each SCENARIO measures. Sourced by bench.sh.

reset_bodies() {
  BODY_JSON=$BENCH/fixtures/request.json; BODY_STREAM=$BENCH/fixtures/request_stream.json; WRK_CUSTOMERS=0
}

scenario_main() {               # json + stream at CONNS; one connection (added latency); time to first byte
  SC=main; reset_bodies
  matrix "$MODES" "$CONNS" "$DURATION" "$ROUNDS"
  if [[ -n $LAT_CONNS ]]; then   # already warm: a short warm-up at one connection only
    SC=latency; local w=$WARMUP; WARMUP=2; matrix "$MODES" "$LAT_CONNS" "$LAT_DURATION" "$ROUNDS"; WARMUP=$w
  fi
  if (( TTFB_REQUESTS > 0 )); then for m in $MODES; do ttfb_pass "$m" "$TTFB_REQUESTS"; done; fi
}

scenario_scale() {              # streams at growing concurrency: CPU/req, latency and RSS should stay flat-ish
  SC=scale; reset_bodies
  matrix stream "$SCALE_CONNS" "$DURATION" "$ROUNDS"
}

scenario_long() {               # 2,000-event streams: per-event cost, no whole-body buffering
  SC=long; reset_bodies; BODY_STREAM=$RUN/request_long.json
  matrix stream "$CONNS" "$DURATION" "$ROUNDS"
}

scenario_bigprompt() {          # 200 KB request bodies: inspection and rewriting cost grows with the body only
  SC=bigprompt; reset_bodies; BODY_JSON=$RUN/request_big.json; BODY_STREAM=$RUN/request_big_stream.json
  matrix "$MODES" "$CONNS" "$DURATION" "$ROUNDS"
}

scenario_customers() {          # one customer vs CUSTOMERS distinct ones (per-customer budget + rate limit)
  local saved=$TARGETS
  reset_bodies
  SC=customers-1; WRK_CUSTOMERS=1; matrix json "$CONNS" "$DURATION" "$ROUNDS"
  SC=customers-$CUSTOMERS; WRK_CUSTOMERS=$CUSTOMERS; matrix json "$CONNS" "$DURATION" "$ROUNDS"
  WRK_CUSTOMERS=0; TARGETS=$saved
}

admin_metric() {                # metric line prefix -> value from the gateway's admin /metrics
  curl -s -m 5 "http://127.0.0.1:$ADMIN_PORT/metrics" | awk -v m="$1" 'index($0, m) == 1 { print $NF; exit }'
}

heap_after_gc_mb() {            # java pid -> used heap after a full GC, MB (jcmd GC.run, then GC.heap_info)
  jcmd "$1" GC.run >/dev/null 2>&1
  jcmd "$1" GC.heap_info 2>/dev/null | awk '
    /used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?/, "", v); s += v } }
    END { printf "%.1f", s / 1024 }'
}

scenario_soak() {               # SOAK_MINUTES of streams at SOAK_CONNS; samples every SOAK_SAMPLE s
  local k=gateway jp t0 now line rows="$RUN/soak-$STAMP.tsv" tbl="$RUN/soak-$STAMP.md" errs=0 reqs=0
  [[ -n ${T_SUT[$k]:-} ]] || { log "soak: no gateway target"; return; }
  SC=soak; reset_bodies
  smoke "$k" stream || return
  jp=$(java_pid "${T_SUT[$k]}")
  printf 'minute\treq_s\tp99_ms\theap_after_gc_mb\trss_mb\tnetty_direct_mb\terrors\n' >"$rows"
  t0=$(date +%s)
  log "soak: ${SOAK_MINUTES} min of streams at c$SOAK_CONNS, samples every ${SOAK_SAMPLE}s"
  while (( $(date +%s) - t0 < SOAK_MINUTES * 60 )); do
    line=$(wrk_run "$k" stream "$SOAK_SAMPLE" "$SOAK_CONNS") || break
    now=$(date +%s)
    errs=$(( $(field non2xx "$line") + $(field sock_err "$line") ))
    printf '%.1f\t%.0f\t%.2f\t%s\t%s\t%.1f\t%s\n' "$(awk -v d=$(( now - t0 )) 'BEGIN{print d/60}')" \
      "$(field rps "$line")" "$(awk -v p="$(field p99_us "$line")" 'BEGIN{print p/1000}')" \
      "$(heap_after_gc_mb "$jp")" "$(rss_mb "${T_SUT[$k]}")" \
      "$(awk -v b="$(admin_metric 'netty_allocator_memory_used_bytes{area="direct"')" 'BEGIN{print b/1048576}')" \
      "$errs" >>"$rows"
    log "  soak: $(tail -1 "$rows")"
  done
  { echo; echo "Soak: streams at $SOAK_CONNS connections, one sample per ${SOAK_SAMPLE}s run (heap after a forced full GC):"
    echo; echo "| minute | req/s | p99 ms | heap after GC MB | RSS MB | Netty direct MB | errors |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$rows"; } >"$tbl"
}
