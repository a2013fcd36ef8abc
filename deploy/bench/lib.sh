# Sourced by run.sh and ab.sh: how both start what they measure, so that a pair from ab.sh runs the gateway exactly
# as a row of run.sh does.

# The gateways' JVM: a 128 MiB heap touched up front (peak RSS is a target: the heap is all of it from the start, so
# what grows is native memory), and the parallel collector, which with one CPU is a single-threaded young collector.
# Half of the heap is young (NewRatio=1; the default is a third): what the gateway allocates is request garbage,
# dead within milliseconds, while what it keeps (~10 MB, plus ~38 MB for run.sh's full 32 MiB cache) fits 64 MiB of
# old generation. The measurements are in README.md, "The young generation".
# TrimNativeHeapInterval and MALLOC_ARENA_MAX=2 are what deploy/ ships: the C allocator otherwise keeps up to 16
# arenas (8 per core) and gives nothing back, and keeps the peaks of large bodies and of the JIT's compilations.
default_gateway_flags="-Xms128m -Xmx128m -XX:NewRatio=1 -XX:+UseParallelGC -XX:+AlwaysPreTouch -XX:TrimNativeHeapInterval=5000"
read -r -a gateway_flags <<< "${GATEWAY_JAVA_OPTS:-$default_gateway_flags}"
read -r -a gateway_env <<< "${GATEWAY_ENV-MALLOC_ARENA_MAX=2}"
# The sandbox upstream's JVM.
sandbox_flags=(-Xms256m -Xmx256m -XX:+UseParallelGC -XX:+AlwaysPreTouch)

# The sandbox upstream on PORT, pinned to CPUS, in the background; its pid in launched_pid.
launch_sandbox() { # CPUS JAR PORT LOG
  taskset -c "$1" java "${sandbox_flags[@]}" -cp "$2" org.csgateway.app.sandbox.SandboxMain --port "$3" > "$4" 2>&1 &
  launched_pid=$!
}

# A gateway on CONFIG as every benchmark runs one (the JVM flags and environment above, one CPU's worth of threads),
# pinned to CPUS, in the background; ENVS is extra "K=V ..." environment (may be empty), JVM flags may follow. Its pid
# in launched_pid.
launch_gateway() { # CPUS JAVA JAR CONFIG LOG ENVS [JVM_FLAG...]
  local cpus=$1 javabin=$2 jar=$3 config=$4 log=$5 envs=$6
  shift 6
  # shellcheck disable=SC2086
  env "${gateway_env[@]}" $envs taskset -c "$cpus" "$javabin" "${gateway_flags[@]}" "$@" -XX:ActiveProcessorCount=1 \
    -jar "$jar" --config "$config" > "$log" 2>&1 &
  launched_pid=$!
}

# An ab.sh template (deploy/bench/ab/) with its ports filled in, on stdout.
template_config() { # TEMPLATE PORT ADMIN UPSTREAM
  sed -e "s/PORT/$2/; s/ADMIN/$3/; s/UPSTREAM/$4/" "$1"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_status() { # url seconds [status]: until the url answers 200 (or the status given; 000 = none)
  for _ in $(seq 1 $(( $2 * 10 ))); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = "${3:-200}" ] && return 0
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2; return 1
}

# CPU time (user + system, in clock ticks) used so far by these processes: how much CPU a target spends per
# request does not depend on what else runs on the machine, unlike its throughput.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue # a process that has exited since is not one that served the run
    total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }') ))
  done
  echo "$total"
}

bench_accept="Accept: application/json; api_version=80"

# The Authorization header for basic or bearer, with the sandbox's demo identities (SandboxIdentities: public test
# fixtures); a bearer token is issued by the sandbox on UPSTREAM_PORT.
authorization_header() { # basic|bearer UPSTREAM_PORT
  if [ "$1" != bearer ]; then
    echo "Authorization: Basic $(printf 'demo-api-key:demo-api-secret' | base64)"
    return
  fi
  local token
  token=$(curl -s -X POST "http://127.0.0.1:$2/api/oauth/token" -H "$bench_accept" \
    -d grant_type=password -d client_id=demo-client -d client_secret=demo-client-secret \
    -d username=demo-api-key -d password=demo-api-secret --data-urlencode 'scope=public project_read' \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "the sandbox on port $2 issued no token" >&2; return 1; }
  echo "Authorization: Bearer $token"
}
