#!/usr/bin/env bash
# Pass-through benchmark: the sandbox upstream directly, through the gateway, and through nginx configured as an
# equivalent keep-alive reverse proxy, in one run on loopback, reported as ratios.
#
# Usage: deploy/bench/run.sh [--duration 15] [--warmup 15] [--connections 64] [--path /api/version] [--quick]
#   --quick: 5 s runs after 5 s warm-ups, to try a change (not for quoting: the JIT has barely settled)
# Needs: wrk and nginx (Debian packages: apt-get install -y wrk nginx-light), a JDK, and the built jar
# (mvn -B -q -DskipTests package). Everything listens on 127.0.0.1 only, on free ports, and stops by itself.
#
# Pinning (2-core machine): the proxy under test (gateway or nginx) gets CPU 1 alone, with one event loop / one
# worker; wrk and the sandbox share CPU 0. Both proxies therefore get exactly one core and the same upstream.
# On a machine with more cores, set PROXY_CPUS and LOAD_CPUS (taskset lists) to give each side its own cores.
#
# The gateway runs with GATEWAY_JAVA_OPTS (default below: a 128 MiB heap touched up front, so that its peak RSS
# stays under 256 MiB, and the parallel collector, which with one CPU is a single-threaded young collector).
# Every target must answer the path with 200 before the run starts, and the 1-minute load average is printed
# before and after: on a shared machine, a load above ~1.5 means the figures are not comparable.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${GATEWAY_JAR:-"$root/gateway-app/target/gateway.jar"}
duration=15
warmup=15
connections=64
path=/api/version
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --path) path=$2; shift 2 ;;
    --quick) duration=5; warmup=5; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

ncpu=$(nproc)
if [ "$ncpu" -ge 2 ]; then
  PROXY_CPUS=${PROXY_CPUS:-1}
  LOAD_CPUS=${LOAD_CPUS:-0}
else
  PROXY_CPUS=${PROXY_CPUS:-0}
  LOAD_CPUS=${LOAD_CPUS:-0}
fi

for tool in wrk nginx java taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk nginx-light)" >&2; exit 1; }
done
[ -f "$jar" ] || { echo "missing $jar: run mvn -B -q -DskipTests package first" >&2; exit 1; }

work=$(mktemp -d /tmp/csgw-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# The sandbox's demo API credentials (SandboxIdentities): the sandbox checks them on every target alike.
basic="Authorization: Basic $(printf 'demo-api-key:demo-api-secret' | base64)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { # url, seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do
    curl -s -o /dev/null -H "$basic" "$1" && return 0
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2; return 1
}

sandbox_port=$(free_port); gateway_port=$(free_port); admin_port=$(free_port); nginx_port=$(free_port)
jvm_flags=(-Xms256m -Xmx256m -XX:+UseParallelGC -XX:+AlwaysPreTouch)
read -r -a gateway_flags <<< "${GATEWAY_JAVA_OPTS:--Xms128m -Xmx128m -XX:+UseParallelGC -XX:+AlwaysPreTouch}"
load_before=$(cut -d' ' -f1 /proc/loadavg)

# The sandbox upstream, alone.
taskset -c "$LOAD_CPUS" java "${jvm_flags[@]}" -cp "$jar" org.csgateway.app.sandbox.SandboxMain \
  --port "$sandbox_port" > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
pids+=($sandbox_pid)

# The gateway: pass-through, one event loop, in front of the sandbox. No authentication stage (issue 2's target)
# and no client rate limit (its default policy would answer 429 within a second of load); every other default
# stage (routes, versions, pagination, error shapes, Link rewriting, upstream protection) stays on.
cat > "$work/gateway.yaml" <<YAML
server:
  host: 127.0.0.1
  port: $gateway_port
  instances: 1
admin:
  host: 127.0.0.1
  port: $admin_port
upstream:
  url: http://127.0.0.1:$sandbox_port
  poolSize: $connections
sandbox:
  enabled: false
auth:
  enabled: false
rateLimit:
  enabled: false
YAML
taskset -c "$PROXY_CPUS" java "${gateway_flags[@]}" -XX:ActiveProcessorCount=1 -jar "$jar" \
  --config "$work/gateway.yaml" > "$work/gateway.log" 2>&1 &
gateway_pid=$!
pids+=($gateway_pid)

# nginx as the reference keep-alive reverse proxy, one worker.
mkdir -p "$work/nginx"
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream sandbox { server 127.0.0.1:$sandbox_port; keepalive $connections; }
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://sandbox;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
NGINX
taskset -c "$PROXY_CPUS" nginx -c "$work/nginx.conf" -p "$work" -g 'daemon on;'

wait_http "http://127.0.0.1:$sandbox_port$path" 60
wait_http "http://127.0.0.1:$gateway_port$path" 60
wait_http "http://127.0.0.1:$nginx_port$path" 10
for url in "http://127.0.0.1:$sandbox_port$path" "http://127.0.0.1:$gateway_port$path" \
    "http://127.0.0.1:$nginx_port$path"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json; api_version=80' -H "$basic" "$url")
  [ "$status" = 200 ] || { echo "$url answered $status, not 200: nothing to measure (logs in $work)" >&2; exit 1; }
done

run_wrk() { # name url seconds
  taskset -c "$LOAD_CPUS" wrk -t1 -c"$connections" -d"${3}s" --timeout 5s \
    -H 'Accept: application/json; api_version=80' -H "$basic" -s "$here/report.lua" "$2" > "$work/$1.wrk" 2>&1
  grep '^RESULT' "$work/$1.wrk" | tail -1
}

# CPU time (user + system, in clock ticks) used so far by these processes: how much CPU a target spends per
# request does not depend on what else runs on the machine, unlike its throughput.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }') ))
  done
  echo "$total"
}

declare -A result cpu_us
for target in direct gateway nginx; do
  case $target in
    direct) url="http://127.0.0.1:$sandbox_port$path"; served_by=($sandbox_pid) ;;
    gateway) url="http://127.0.0.1:$gateway_port$path"; served_by=($gateway_pid) ;;
    nginx) url="http://127.0.0.1:$nginx_port$path"; served_by=($(pgrep -P "$(cat "$work/nginx.pid")")) ;;
  esac
  run_wrk "$target-warmup" "$url" "$warmup" > /dev/null
  ticks=$(cpu_ticks "${served_by[@]}")
  result[$target]=$(run_wrk "$target" "$url" "$duration")
  ticks=$(( $(cpu_ticks "${served_by[@]}") - ticks ))
  requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<< "${result[$target]}")
  cpu_us[$target]=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "n/a" }')
done
rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$gateway_pid/status)

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "${result[$1]}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo
echo "csgateway pass-through benchmark: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -m)"
echo "wrk -t1 -c$connections -d${duration}s (after ${warmup}s warm-up) GET $path; proxies pinned to CPU $PROXY_CPUS, wrk and sandbox to CPU $LOAD_CPUS"
printf '%-10s %12s %10s %10s %10s %8s %12s\n' target "requests/s" "p50 ms" "p99 ms" "p99.9 ms" errors "cpu us/req"
for target in direct nginx gateway; do
  printf '%-10s %12s %10s %10s %10s %8s %12s\n' "$target" "$(field $target rps)" "$(field $target p50)" \
    "$(field $target p99)" "$(field $target p999)" "$(field $target errors)" "${cpu_us[$target]}"
done
echo
echo "gateway/nginx throughput: $(ratio "$(field gateway rps)" "$(field nginx rps)")x" \
  " p99 gateway - nginx: $(awk -v a="$(field gateway p99)" -v b="$(field nginx p99)" 'BEGIN { printf "%+.3f ms", a - b }')"
echo "gateway/direct throughput: $(ratio "$(field gateway rps)" "$(field direct rps)")x"
echo "gateway/nginx CPU per request: $(ratio "${cpu_us[gateway]}" "${cpu_us[nginx]}")x" \
  "(cpu us/req: CPU time of the serving process over the run, per request; direct: the sandbox alone)"
echo "gateway peak RSS: $(( rss_kb / 1024 )) MiB (JVM flags: ${gateway_flags[*]})"
echo "1-minute load average: $load_before before, $(cut -d' ' -f1 /proc/loadavg) after"
echo "logs and raw wrk output: $work"
for target in direct nginx gateway; do
  if [ "$(field $target non2xx)" != 0 ]; then
    echo "INVALID: $target answered $(field $target non2xx) requests with a status other than 2xx/3xx" >&2
    exit 1
  fi
done
