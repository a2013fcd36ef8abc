#!/usr/bin/env bash
# Profiles one gateway under wrk load with async-profiler, after the same warm-up a row of run.sh gets, and prints
# what the profile costs per request: CPU time (itimer) or allocated bytes (alloc), attributed to the gateway's own
# frames (org.csgateway: the deepest of them on each stack; frames of Vert.x, Netty and the JDK count to the
# gateway frame that called them, or to "(no gateway frame)"). The figures the README quotes from profiles
# ("Where the full pipeline's cost is", "Earlier changes and measurements") come from this.
#
#   deploy/bench/profile.sh TEMPLATE [basic|bearer] [PATH] [itimer|alloc] [SECONDS]
#   e.g. deploy/bench/profile.sh deploy/bench/ab/full.yaml bearer '/api/projects?per_page=5' alloc
#
# TEMPLATE is an ab.sh template (deploy/bench/ab/). Environment: GATEWAY_JAR (default gateway-app/target/gateway.jar),
# GATEWAY_JAVA_OPTS and GATEWAY_ENV (as run.sh, see lib.sh), WRK_SCRIPT (as ab.sh), INTERVAL (async-profiler's
# sampling interval: default 1 ms of CPU for itimer, 512 KiB for alloc), TOP (frames listed, default 25), OUT (where
# the collapsed stacks go, default deploy/bench/results/profile-<template>-<event>.collapsed; open them with any
# flame-graph tool). async-profiler comes from Maven Central (tools.profiler:async-profiler, its jar carries the
# native library) into ~/.m2 on first use, and is loaded into the running gateway with jcmd, so the warm-up is not
# in the profile. The sandbox and wrk share CPU 0, the gateway has CPU 1, as in run.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
tmpl=$1 auth=${2:-basic} path=${3:-/api/projects?per_page=5} event=${4:-itimer} secs=${5:-20}
case "$event" in
  itimer) interval=${INTERVAL:-1000000} ;;
  alloc) interval=${INTERVAL:-524288} ;;
  *) echo "event must be itimer or alloc, was $event" >&2; exit 2 ;;
esac
jar=${GATEWAY_JAR:-$here/../../gateway-app/target/gateway.jar}
mkdir -p "$here/results"
out=${OUT:-$here/results/profile-$(basename "$tmpl" .yaml)-$event.collapsed}

profiler_version=4.1
profiler_jar=~/.m2/repository/tools/profiler/async-profiler/$profiler_version/async-profiler-$profiler_version.jar
[ -f "$profiler_jar" ] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$profiler_version"
agent_dir=$(mktemp -d /tmp/csgw-profiler.XXXXXX)
work=$(mktemp -d /tmp/csgw-profile.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$agent_dir"' EXIT
(cd "$agent_dir" && unzip -q "$profiler_jar" "linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')/*")
agent=$(find "$agent_dir" -name libasyncProfiler.so)

upstream=$(free_port)
launch_sandbox 0 "$jar" "$upstream" "$work/sandbox.log"; pids+=("$launched_pid")
wait_status "http://127.0.0.1:$upstream/_sandbox/stats" 30
port=$(free_port) admin=$(free_port)
template_config "$tmpl" "$port" "$admin" "$upstream" > "$work/gateway.yaml"
launch_gateway 1 java "$jar" "$work/gateway.yaml" "$work/gateway.log" ""; gateway=$launched_pid; pids+=("$gateway")
wait_status "http://127.0.0.1:$admin/health/ready" 30

accept=$bench_accept
authorization=$(authorization_header "$auth" "$upstream")
script=()
[ -n "${WRK_SCRIPT:-}" ] && script=(-s "$here/lua/$WRK_SCRIPT")
drive() {
  taskset -c 0 wrk -t1 -c64 -d"$1"s --latency -H "$accept" -H "$authorization" "${script[@]}" \
    "http://127.0.0.1:$port$path" -- "p$(date +%s%N)"
}

# Warm-up: 40 s in pieces, each with new connections (run.sh's --jvm-warmup and warm_pieces).
for _ in 1 2 3 4; do drive 10 > /dev/null 2>&1; done
# jcmd reads name=value pairs out of its arguments: the agent's options go through as one quoted string.
jcmd "$gateway" JVMTI.agent_load "$agent" "\"start,event=$event,interval=$interval,file=$out,collapsed\"" > /dev/null
before=$(cpu_ticks "$gateway")
drive "$secs" > "$work/wrk" 2>&1
ticks=$(( $(cpu_ticks "$gateway") - before ))
jcmd "$gateway" JVMTI.agent_load "$agent" "\"stop,file=$out,collapsed\"" > /dev/null
requests=$(grep -o '[0-9]* requests in' "$work/wrk" | cut -d' ' -f1)
grep -q 'Non-2xx' "$work/wrk" && echo "warning: non-2xx answers during the profile" >&2

python3 - "$out" "$event" "$interval" "$requests" "$(( ticks * 1000000 / $(getconf CLK_TCK) ))" "${TOP:-25}" <<'PY'
import collections, sys
path, event, interval, requests, cpu_us, top = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), \
    int(sys.argv[5]), int(sys.argv[6])
samples, own = 0, collections.Counter()
for line in open(path):
    stack, count = line.rsplit(' ', 1)
    frames = [f for f in stack.split(';') if f.startswith('org/csgateway/')]
    own[frames[-1] if frames else '(no gateway frame)'] += int(count)
    samples += int(count)
if event == 'alloc':
    per_sample, unit = interval / requests, 'B'  # each sample stands for about one interval of allocated bytes
    print(f"{requests} requests, about {samples * per_sample:.0f} bytes allocated per request ({samples} samples)")
else:
    per_sample, unit = cpu_us / max(samples, 1) / requests, 'µs'  # samples spread the measured CPU time
    print(f"{requests} requests, {cpu_us / requests:.1f} µs of CPU per request ({samples} samples)")
for frame, count in own.most_common(top):
    print(f"  {count * per_sample:8.2f} {unit}/req {100 * count / samples:5.1f}%  {frame}")
print(f"collapsed stacks: {path}")
PY
