#!/usr/bin/env bash
# Alternating A/B: two gateways on the proxy CPU at once, each driven alone by wrk in short rounds, taking turns
# (A B, then B A, ...), so that whatever else the machine does falls on both alike. Prints each round (req/s, CPU
# per request, p99) and the geometric mean of B/A, by req/s and by the process's CPU per request. For differences of
# a few percent, which single rows of run.sh cannot resolve; an A/A run (the same template and jar twice) shows what
# two JVMs differ by alone, since each JIT compiles the path its own way.
#
#   deploy/bench/ab.sh A.yaml B.yaml [basic|bearer] [PATH] [ROUNDS] [SECONDS]
#   e.g. deploy/bench/ab.sh deploy/bench/ab/full-nometrics.yaml deploy/bench/ab/full.yaml bearer
#
# Templates: a gateway YAML with PORT, ADMIN and UPSTREAM in place of its ports (see deploy/bench/ab/). Environment:
# JAR_A, JAR_B (default gateway-app/target/gateway.jar), JAVA_A, JAVA_B (java binaries), ENV_A, ENV_B (extra
# environment, "K=V ..."), GATEWAY_JAVA_OPTS and GATEWAY_ENV (as run.sh, see lib.sh), PROXY_CPUS (1), LOAD_CPUS (0),
# WRK_SCRIPT (a wrk Lua script under deploy/bench/lua, e.g. distinct-query.lua for every request a cache miss; each
# run gets its own id), TOGETHER=1 (each round drives A and B at the same time, sharing the proxy CPU, instead of in
# turns: whatever slows the machine then falls on both within the same seconds; compare CPU per request).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
tmpl_a=$1 tmpl_b=$2 auth=${3:-basic} path=${4:-/api/projects?per_page=5} rounds=${5:-6} secs=${6:-8}
default_jar="$here/../../gateway-app/target/gateway.jar"
proxy_cpus=${PROXY_CPUS:-1} load_cpus=${LOAD_CPUS:-0}
work=$(mktemp -d /tmp/csgw-ab.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

upstream=$(free_port)
launch_sandbox "$load_cpus" "${JAR_A:-$default_jar}" "$upstream" "$work/sandbox.log"; pids+=("$launched_pid")
wait_status "http://127.0.0.1:$upstream/_sandbox/stats" 30

declare -A port pid
for g in A B; do
  tmpl=$tmpl_a jar=${JAR_A:-$default_jar} javabin=${JAVA_A:-java} envs=${ENV_A:-}
  if [ "$g" = B ]; then tmpl=$tmpl_b jar=${JAR_B:-$default_jar} javabin=${JAVA_B:-java} envs=${ENV_B:-}; fi
  port[$g]=$(free_port); admin=$(free_port)
  template_config "$tmpl" "${port[$g]}" "$admin" "$upstream" > "$work/gateway-$g.yaml"
  launch_gateway "$proxy_cpus" "$javabin" "$jar" "$work/gateway-$g.yaml" "$work/gateway-$g.log" "$envs"
  pid[$g]=$launched_pid; pids+=("$launched_pid")
  wait_status "http://127.0.0.1:$admin/health/ready" 30
done

accept=$bench_accept
authorization=$(authorization_header "$auth" "$upstream")
script=()
[ -n "${WRK_SCRIPT:-}" ] && script=(-s "$here/lua/$WRK_SCRIPT")
drive() {
  taskset -c "$load_cpus" wrk -t1 -c64 -d"$2"s --latency -H "$accept" -H "$authorization" "${script[@]}" \
    "http://127.0.0.1:${port[$1]}$path" -- "$1$(date +%s%N)"
}

# Warm-up: 60 s each in turns, past the C2 compilations of a one-CPU JVM (see run.sh's --jvm-warmup), in pieces,
# each with new connections as the rounds have (why: run.sh's warm_pieces).
if [ "${TOGETHER:-0}" = 1 ]; then
  for piece in 1 2 3 4 5 6; do
    drive A 10 > /dev/null 2>&1 & a=$!
    drive B 10 > /dev/null 2>&1
    wait "$a"
  done
else
  for g in A B A B A B; do drive "$g" 20 > /dev/null 2>&1; done
fi
: > "$work/rounds"
hz=$(getconf CLK_TCK)
record() { # ROUND GATEWAY WRK_OUTPUT CPU_TICKS
  local requests rps p99
  requests=$(grep -o '[0-9]* requests in' "$3" | cut -d' ' -f1)
  rps=$(awk '/Requests\/sec/ {print $2}' "$3")
  # wrk prints the 99th percentile as 850.00us, 4.21ms or 1.02s: in ms.
  p99=$(awk '$1 == "99%" { v = $2 + 0; if ($2 ~ /us$/) v /= 1000; else if ($2 ~ /[0-9]s$/) v *= 1000; print v }' "$3")
  echo "$1 $2 $rps $(( $4 * 1000000 / hz )) $requests ${p99:-nan}" >> "$work/rounds"
}
declare -A before
for r in $(seq "$rounds"); do
  if [ "${TOGETHER:-0}" = 1 ]; then
    for g in A B; do before[$g]=$(cpu_ticks "${pid[$g]}"); done
    drive A "$secs" > "$work/wrk-A" 2>&1 & a=$!
    drive B "$secs" > "$work/wrk-B" 2>&1 & b=$!
    wait "$a" "$b"
    for g in A B; do record "$r" "$g" "$work/wrk-$g" $(( $(cpu_ticks "${pid[$g]}") - before[$g] )); done
    continue
  fi
  order="A B"; [ $((r % 2)) = 0 ] && order="B A"
  for g in $order; do
    before[$g]=$(cpu_ticks "${pid[$g]}")
    drive "$g" "$secs" > "$work/wrk-$g" 2>&1
    record "$r" "$g" "$work/wrk-$g" $(( $(cpu_ticks "${pid[$g]}") - before[$g] ))
  done
done
python3 - "$work/rounds" <<'PY'
import collections, math, statistics, sys
rounds = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    r, g, rps, cpu_us, requests, p99 = line.split()
    rounds[int(r)][g] = (float(rps), int(cpu_us) / int(requests), float(p99))
by_rps, by_cpu = [], []
for r in sorted(rounds):
    a, b = rounds[r]["A"], rounds[r]["B"]
    by_rps.append(math.log(b[0] / a[0])); by_cpu.append(math.log(a[1] / b[1]))
    print(f"round {r}: A {a[0]:.0f} req/s {a[1]:.1f} µs/req p99 {a[2]:.2f} ms   "
          f"B {b[0]:.0f} req/s {b[1]:.1f} µs/req p99 {b[2]:.2f} ms   B/A {b[0] / a[0]:.3f}")
print(f"B/A geometric mean: {math.exp(sum(by_rps) / len(by_rps)):.3f} by req/s, "
      f"{math.exp(sum(by_cpu) / len(by_cpu)):.3f} by CPU per request")
print("p99 median of rounds: A %.2f ms, B %.2f ms" % tuple(
    statistics.median(rounds[r][g][2] for r in rounds) for g in "AB"))
PY
echo "logs: $work"
