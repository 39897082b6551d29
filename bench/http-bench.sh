#!/usr/bin/env bash
# The HTTP benchmark: starts a service for each engine (the memory engine is the
# ceiling: the same service with no storage cost), drives PUT, GET and a 90/10 mix with wrk over
# many connections, and prints throughput and p50/p99/p99.9 latency per operation and engine,
# with the service's CPU a request and the maintenance (compaction, hint files) in each round.
# Writes results.csv, report.md and an SVG chart per measure to bench/results/http-<time>/.
#
#   bench/http-bench.sh [--engines "log file memory"] [--connections 64] [--duration 10s]
#                       [--keys 10000] [--value-size 100] [--sync always]
#                       [--warmup 10s] [--rounds 1] [--port 18089] [--control]
#                       [--pin SERVICE_CPUS:LOAD_CPUS]
#
# The services of all the engines run at once, each on its own port (--port, --port + 1, ...).
# Each is warmed up with every workload in turn (PUT, GET, mixed), each for --warmup, before
# anything is measured, so that no measured workload pays for the JIT: on 2 cores the JIT
# compiler still takes a quarter of the CPU 17 s into a PUT load, and a first PUT round after
# 5 s of mixed load ran at 38 to 43 % of the rate the same service reached later. With
# --rounds N the engines take turns N times (log, file, memory, then file, memory, log, ...),
# so that a change in the machine's load over the run falls on every engine alike; the report
# gives each workload's median round.
#
# --control adds a second memory engine's service, "memory-control", identical to the first and
# measured in the same rounds. Its share of the first one's throughput, which should be 100 %,
# shows how far two identical services differ on this machine in one run: on the 2-core machine
# of docs/benchmarks.md, by 7 points. A difference between engines smaller than that is not
# established by the run.
#
# --pin 1:0 runs the services on CPU 1 and wrk on CPU 0 (taskset's CPU lists, such as 2-7:0-1),
# so that the load generator does not take CPU from the service it measures, as one on a machine
# of its own would not. Unpinned, wrk and the services share every CPU. On the 2-core machine
# of docs/benchmarks.md, durable PUTs made 72 to 82 % of the memory engine's PUTs unpinned and
# 87 to 115 % in six runs of seven with --pin 1:0 ("With the load generator on its own CPU").
#
# Needs wrk (Debian package wrk). Builds target/kvstore.jar if it is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
engines="log file memory"
connections=64
threads=2
duration=10s
keys=10000
value_size=100
sync=always
port=18089
warmup=10s
rounds=1
control=false
pin=""

while [ $# -gt 0 ]; do
  case "$1" in
    --engines) engines="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --keys) keys="$2"; shift 2 ;;
    --value-size) value_size="$2"; shift 2 ;;
    --sync) sync="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --control) control=true; shift ;;
    --pin) pin="$2"; shift 2 ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }

# Commands that run the services and wrk: as they are, or each on its own CPUs with --pin.
on_service_cpus=()
on_load_cpus=()
export BENCH_PLACEMENT="the services and wrk on all $(nproc) CPUs"
if [ -n "$pin" ]; then
  service_cpus="${pin%%:*}"
  load_cpus="${pin#*:}"
  if [ "$pin" = "$service_cpus" ] || [ -z "$service_cpus" ] || [ -z "$load_cpus" ]; then
    echo "--pin takes the services' CPUs and wrk's, such as 1:0" >&2
    exit 2
  fi
  command -v taskset >/dev/null || { echo "--pin needs taskset (Debian package util-linux)" >&2; exit 2; }
  for cpus in "$service_cpus" "$load_cpus"; do
    taskset -c "$cpus" true 2>/dev/null || { echo "--pin: no such CPUs here: $cpus" >&2; exit 2; }
  done
  on_service_cpus=(taskset -c "$service_cpus")
  on_load_cpus=(taskset -c "$load_cpus")
  export BENCH_PLACEMENT="the services on CPU $service_cpus and wrk on CPU $load_cpus of $(nproc)"
fi
if [ ! -f target/kvstore.jar ]; then
  ./mvnw -q -B -DskipTests package
fi

export BENCH_LOAD_BEFORE="$(uptime | sed 's/.*load average: //')"
out="bench/results/http-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
csv="$out/results.csv"
echo "engine,workload,requests,seconds,rps,p50_ms,p99_ms,p999_ms,errors,round,service_cpu_us,compactions,maintenance_cpu_ms" > "$csv"
export BENCH_DIR="$root/bench" BENCH_KEYS="$keys" BENCH_VALUE_SIZE="$value_size"

# Every engine's service runs for the whole benchmark, each on its own port, and the rounds take
# turns among them: a service started afresh for each round would pay for its start and warm-up
# every time, and rounds minutes apart met a machine whose speed had changed by half in between.
engine_list=($engines)
if [ "$control" = true ]; then
  case " $engines " in
    *" memory "*) engine_list+=(memory-control) ;;
    *) echo "--control compares a second memory service with the first: add memory to --engines" >&2; exit 2 ;;
  esac
fi
pids=()
datas=()
stop_services() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  for data in "${datas[@]}"; do
    rm -rf "$data"
  done
}
trap stop_services EXIT

service_port() { echo $((port + $1)); }

for i in "${!engine_list[@]}"; do
  engine=${engine_list[$i]}
  data=$(mktemp -d)
  datas+=("$data")
  "${on_service_cpus[@]}" java -jar target/kvstore.jar --server.port="$(service_port "$i")" --kv.engine="${engine%-control}" --kv.data-dir="$data" \
    --kv.log.sync="$sync" --kv.file.sync="$( [ "$sync" = never ] && echo never || echo always )" \
    --logging.level.root=warn > "$out/service-$engine.log" 2>&1 &
  pids+=($!)
done

for i in "${!engine_list[@]}"; do
  engine=${engine_list[$i]}
  url="http://127.0.0.1:$(service_port "$i")"
  for _ in $(seq 1 120); do
    curl -sf "$url/actuator/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "$url/actuator/health" >/dev/null || { echo "the $engine service did not start; see $out/service-$engine.log" >&2; exit 1; }

  # Every key exists before the GETs: the fill writes each key once.
  "${on_load_cpus[@]}" wrk -t1 -c2 -d60s -s bench/fill.lua "$url" >/dev/null 2>&1 &
  fill=$!
  while [ "$(curl -s "$url/actuator/metrics/kv.keys" | sed -n 's/.*"value":\([0-9.]*\).*/\1/p' | cut -d. -f1)" -lt "$keys" ] 2>/dev/null; do
    sleep 0.2
  done
  kill "$fill" 2>/dev/null || true
  wait "$fill" 2>/dev/null || true
  for workload in put get mixed; do
    "${on_load_cpus[@]}" wrk -t"$threads" -c"$connections" -d"$warmup" -s "bench/$workload.lua" "$url" >/dev/null
  done
done

# Beside each round's throughput, what the round cost the service: its CPU (user and system, all
# of its threads, from /proc) a request; the CPU of every service's maintenance thread (hint
# files, compaction) during the round; and the automatic compactions that ended during it in any
# of the services. On a machine whose speed changes from minute to minute, a round whose service
# spent far more CPU a request than in its other rounds met a slow spell of the machine, not a
# slower engine; and maintenance takes its CPU from whatever round it falls in, which is not
# always one of its own service's: it runs after a rotation and on a timer.
clock_ticks=$(getconf CLK_TCK)
# User and system CPU, in clock ticks, from a process's or a thread's stat file.
cpu_ticks() { awk '{ print $14 + $15 }' "$1" 2>/dev/null || echo 0; }
maintenance_cpu_ticks() {
  # The log engine's "kvstore-log-maintenance" thread, its name cut to 15 characters by Linux.
  local total=0 comm ticks
  for comm in $(grep -lx 'kvstore-log-mai' $(printf '/proc/%s/task/*/comm ' "${pids[@]}") 2>/dev/null); do
    ticks=$(cpu_ticks "${comm%comm}stat")
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}
compactions() {
  local total=0 i count
  for i in "${!engine_list[@]}"; do
    count=$(curl -s "http://127.0.0.1:$(service_port "$i")/actuator/metrics/kv.compaction" |
      sed -n 's/.*"statistic":"COUNT","value":\([0-9]*\).*/\1/p')
    total=$((total + ${count:-0}))
  done
  echo "$total"
}

count=${#engine_list[@]}
for round in $(seq 1 "$rounds"); do
  # Each round starts with the next engine, so that no engine always follows the same one.
  for k in $(seq 0 $((count - 1))); do
    i=$(( (k + round - 1) % count ))
    engine=${engine_list[$i]}
    url="http://127.0.0.1:$(service_port "$i")"
    for workload in put get mixed; do
      ticks_before=$(cpu_ticks "/proc/${pids[$i]}/stat")
      maintenance_before=$(maintenance_cpu_ticks)
      compactions_before=$(compactions)
      line=$("${on_load_cpus[@]}" wrk -t"$threads" -c"$connections" -d"$duration" -s "bench/$workload.lua" "$url" | grep '^RESULT')
      ticks=$(( $(cpu_ticks "/proc/${pids[$i]}/stat") - ticks_before ))
      compacted=$(( $(compactions) - compactions_before ))
      maintenance_ms=$(( ($(maintenance_cpu_ticks) - maintenance_before) * 1000 / clock_ticks ))
      requests=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
      cpu_us=$(awk -v t="$ticks" -v hz="$clock_ticks" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0) ? t * 1e6 / hz / n : 0 }')
      values=$(echo "$line" | sed 's/RESULT //; s/[a-z0-9_]*=//g; s/ /,/g')
      echo "$engine,$workload,$values,$round,$cpu_us,$compacted,$maintenance_ms" >> "$csv"
      printf '%-7s %-6s round %s: %s service_cpu_us=%s compactions=%s maintenance_cpu_ms=%s\n' "$engine" "$workload" "$round" "${line#RESULT }" "$cpu_us" "$compacted" "$maintenance_ms"
    done
  done
done
stop_services
trap - EXIT

bench/http-report.sh "$csv" "$out" "$connections" "$duration" "$keys" "$value_size" "$sync" "$rounds" "$warmup"
echo "results: $out"
