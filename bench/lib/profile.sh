# bench/lib/profile.sh - PROFILE=async: async-profiler (tools.profiler:async-profiler from Maven Central) attached
# to the gateway after each warm-up and dumped after the measured rounds of that mode, so the profile holds warm,
# loaded code only: run/profile-<stamp>-<scenario>-<mode>.{html,collapsed} and a text summary (collapsed-top.sh).
# Attached with jcmd JVMTI.agent_load; the agent's options are quoted, or jcmd splits them at '='.
AP_VERSION=${AP_VERSION:-4.2}
AP_LIB=

ap_lib() {                      # the agent library for this machine, fetched and extracted once
  local jar="$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar"
  local dir="$WORK/async-profiler-$AP_VERSION" arch
  arch=$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
  [[ -f $jar ]] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION" >&2 \
    || die "cannot fetch tools.profiler:async-profiler:$AP_VERSION from Maven Central"
  [[ -f $dir/linux-$arch/libasyncProfiler.so ]] || { mkdir -p "$dir" && unzip -q -o "$jar" "linux-$arch/*" -d "$dir"; } \
    || die "cannot extract async-profiler"
  echo "$dir/linux-$arch/libasyncProfiler.so"
}

profiling() { [[ $PROFILE == async && -n ${ROOT[gateway]:-} ]]; }

profile_start() {               # starts CPU sampling in the gateway JVM (each thread, 1 ms of CPU per sample)
  profiling || return 0
  [[ -n $AP_LIB ]] || AP_LIB=$(ap_lib)
  jcmd "$(java_pid "${ROOT[gateway]}")" JVMTI.agent_load "$AP_LIB" "\"start,event=cpu,interval=1ms,threads\"" >/dev/null \
    || log "async-profiler did not start"
}

profile_stop() {                # name: dumps the samples since profile_start (flame graph + collapsed) and stops
  profiling || return 0
  local out="$RUN/profile-$STAMP-$1" pid
  pid=$(java_pid "${ROOT[gateway]}")
  jcmd "$pid" JVMTI.agent_load "$AP_LIB" "\"dump,file=$out.collapsed,collapsed\"" >/dev/null
  jcmd "$pid" JVMTI.agent_load "$AP_LIB" "\"stop,file=$out.html\"" >/dev/null
  [[ -s $out.collapsed ]] && "$BENCH/collapsed-top.sh" "$out.collapsed" >"$out.txt" \
    && log "profile of $1: $out.html, summary $out.txt"
}
