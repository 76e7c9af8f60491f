#!/usr/bin/env bash
# bench/jfr-top.sh FILE.jfr [N] - summarises a JFR recording's execution samples (jdk.ExecutionSample):
#   1. top self frames (where the CPU is, by method),
#   2. top inclusive spendgate frames (dev.spendgate methods anywhere on the sampled stacks, each counted once
#      per sample), which names our own costs including what they call.
# Needs the JDK's `jfr` tool. Stacks in `jfr print` are cut at 64 frames by default (--stack-depth raises it).
set -euo pipefail
file=$1; n=${2:-25}
jfr print --events jdk.ExecutionSample --stack-depth 128 "$file" | awk -v n="$n" '
  /jdk.ExecutionSample/ { inst = 0; total++; delete seen; next }
  /stackTrace = \[/ { inst = 1; first = 1; next }
  inst && /^[[:space:]]*\]/ { inst = 0; next }
  inst {
    f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f)
    if (f == "...") next
    if (first) { self[f]++; first = 0 }
    if (f ~ /^dev\.spendgate\./ && !(f in seen)) { seen[f] = 1; incl[f]++ }
  }
  END {
    printf "samples: %d\n\n-- top self frames --\n", total
    for (f in self) printf "%6.2f%%  %s\n", 100 * self[f] / total, f | "sort -rn | head -" n
    close("sort -rn | head -" n)
    printf "\n-- top inclusive dev.spendgate frames --\n"
    for (f in incl) printf "%6.2f%%  %s\n", 100 * incl[f] / total, f | "sort -rn | head -" n
  }'
