# bench/lib/proc.sh - process control (by pid only), CPU accounting and machine quietness. Sourced by bench.sh.
# Adapted from the shared harness (research/perf/bench.sh).

declare -a STARTED=()          # root pids we started, in start order
declare -A ROOT=()             # name -> root pid

descendants() {                 # pid -> that pid and all its descendants, one per line
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { kids[$2] = kids[$2] " " $1 }
    END { q[1] = root; n = 1; i = 1
          while (i <= n) { p = q[i++]; print p; m = split(kids[p], a, " ")
                           for (j = 1; j <= m; j++) q[++n] = a[j] } }'
}

java_pid() {                    # root pid -> the java process in its tree (the root itself when started directly)
  local p
  for p in $(descendants "$1"); do
    [[ $(cat "/proc/$p/comm" 2>/dev/null) == java ]] && { echo "$p"; return; }
  done
  echo "$1"
}

start_bg() {                    # name cpu cwd cmd...   (cmd must stay in the foreground)
  local name=$1 cpu=$2 cwd=$3; shift 3
  local pin=()
  [[ $PIN == 1 && -n $cpu ]] && pin=(taskset -c "$cpu")
  ( cd "$cwd" && exec "${pin[@]}" "$@" ) >"$RUN/$name.log" 2>&1 </dev/null &
  local pid=$!
  STARTED+=("$pid"); ROOT[$name]=$pid
  echo "$pid" >"$RUN/$name.pid"
  log "started $name (pid $pid${pin:+, cpu $cpu})"
}

stop_all() {                    # TERM each started tree (root + descendants), KILL what is left after 10 s
  local i pid pids=() p alive
  for (( i=${#STARTED[@]}-1; i>=0; i-- )); do
    pid=${STARTED[$i]}
    kill -0 "$pid" 2>/dev/null || continue
    mapfile -t pids < <(descendants "$pid")
    kill -TERM "${pids[@]}" 2>/dev/null
    for _ in $(seq 100); do
      alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
      (( alive )) || break; sleep 0.1
    done
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
    wait "$pid" 2>/dev/null
  done
  STARTED=()
}
trap 'stop_all' EXIT
trap 'log "interrupted"; exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {                   # port timeout_s pid
  local port=$1 t=$2 pid=$3 i
  for (( i=0; i<t*10; i++ )); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

tree_ticks() {                  # root pid -> "utime stime" ticks of it and its descendants (/proc/<pid>/stat 14, 15)
  local p u=0 k=0 s
  for p in $(descendants "$1"); do
    s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    s=${s##*) }                 # fields after "pid (comm) "
    set -- $s
    u=$(( u + ${12} )); k=$(( k + ${13} ))
  done
  echo "$u $k"
}
rss_mb() {                      # root pid -> resident set of its tree in MB
  local p kb=0 v
  for p in $(descendants "$1"); do
    v=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null) && kb=$(( kb + ${v:-0} ))
  done
  awk -v k="$kb" 'BEGIN{printf "%.0f", k/1024}'
}
cpu_busy_ticks() {              # all CPUs: busy (user+nice+system+irq+softirq+steal), user+nice
  awk '/^cpu /{ print $2+$3+$4+$7+$8+$9, $2+$3; exit }' /proc/stat
}
machine_busy_cores() {          # busy cores over $1 seconds
  local a b
  read -r a _ < <(cpu_busy_ticks); sleep "$1"; read -r b _ < <(cpu_busy_ticks)
  awk -v d=$(( b - a )) -v s="$1" -v hz="$CLK_TCK" 'BEGIN{ printf "%.2f", d / hz / s }'
}
wait_quiet() {                  # wait (max $1 s) until the machine is idle (< 0.15 busy cores)
  local max=$1 waited=0 busy
  while :; do
    busy=$(machine_busy_cores 1)
    awk -v b="$busy" 'BEGIN{ exit !(b < 0.15) }' && return 0
    if (( waited == 0 )); then
      log "machine busy ($busy cores) before a run; top processes:"
      ps -e -o pid,pcpu,etime,args --sort=-pcpu | head -4 | cut -c1-120 >&2
    fi
    (( waited >= max )) && { log "still busy after ${max}s; going on"; return 1; }
    waited=$(( waited + 1 ))
  done
}
