#!/usr/bin/env bash
# bench/collapsed-top.sh FILE.collapsed [N] - summarises an async-profiler profile in collapsed form
# ("frame;frame;...;leaf count" per line):
#   1. top self frames (the leaf: where the CPU is, kernel frames end in _[k]),
#   2. top inclusive frames of dev.spendgate and io.netty (each counted once per stack): our costs with what they call,
#   3. CPU by thread group (the first frame: with the profiler's 'threads' option, the thread's name, numbers
#      folded into N).
set -euo pipefail
file=$1; n=${2:-30}
awk -v n="$n" '
  {
    count = $NF; stack = substr($0, 1, length($0) - length($NF) - 1)
    total += count
    k = split(stack, f, ";")
    self[f[k]] += count
    r = f[1]; sub(/ tid=[0-9]+\]$/, "]", r); gsub(/-[0-9]+/, "-N", r); root[r] += count
    delete seen
    for (i = 1; i <= k; i++) {
      g = f[i]; sub(/_\[[a-z0-9]+\]$/, "", g)
      if ((g ~ /^dev\/spendgate\// || g ~ /^dev\.spendgate\./) && !(g in seen)) { seen[g] = 1; incl[g] += count }
    }
  }
  END {
    printf "samples: %d\n\n-- top self frames --\n", total
    for (s in self) printf "%6.2f%%  %s\n", 100 * self[s] / total, s | "sort -rn | head -" n
    close("sort -rn | head -" n)
    printf "\n-- top inclusive dev.spendgate frames --\n"
    for (s in incl) printf "%6.2f%%  %s\n", 100 * incl[s] / total, s | "sort -rn | head -" n
    close("sort -rn | head -" n)
    printf "\n-- by root frame --\n"
    for (s in root) printf "%6.2f%%  %s\n", 100 * root[s] / total, s | "sort -rn | head -10"
  }' "$file"
