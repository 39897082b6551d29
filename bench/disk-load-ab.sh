#!/usr/bin/env bash
# What the disk work of durable puts costs the service, without the log engine: starts the
# service once with the memory engine, warms it up, then takes PUT rounds with wrk in turn
# with no disk load, with DiskLoad (src/test/java/dev/kvstore/bench) making appends and
# fsyncs at the log engine's rates from another process, and with the same appends but no
# fsync. Prints each round's requests a second and the service's CPU per request, and
# writes them to bench/results/disk-load-<time>/results.csv, with what DiskLoad reached in each
# round in load-<round>-<kind>.log.
#
#   bench/disk-load-ab.sh [--fsyncs 550] [--appends 14] [--rounds 3] [--duration 10s]
#                         [--warmup 20s] [--connections 64]
#
# --fsyncs is fsyncs a second and --appends the appends per fsync: take them from the log
# engine's own run (kv.sync.batch gives the writes per fsync). The rounds alternate within
# one service, so the JIT's state and the machine's load fall on every kind of round alike.
#
# Needs wrk (Debian package wrk) and Linux (/proc). Builds the jar and the test classes if
# they are missing.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
fsyncs=550
appends=14
rounds=3
duration=10s
warmup=20s
connections=64
port=18088

while [ $# -gt 0 ]; do
  case "$1" in
    --fsyncs) fsyncs="$2"; shift 2 ;;
    --appends) appends="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }
if [ ! -f target/kvstore.jar ] || [ ! -f target/test-classes/dev/kvstore/bench/DiskLoad.class ]; then
  ./mvnw -q -B -DskipTests package
fi

out="bench/results/disk-load-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
csv="$out/results.csv"
echo "round,disk_load,requests,rps,service_cpu_us_per_request,p50_ms,p99_ms" > "$csv"
export BENCH_DIR="$root/bench" BENCH_KEYS=10000 BENCH_VALUE_SIZE=100
ticks=$(getconf CLK_TCK)

data=$(mktemp -d)
service_pid=""
load_pid=""
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

java -jar target/kvstore.jar --server.port="$port" --kv.engine=memory --kv.data-dir="$data" \
  --logging.level.root=warn > "$out/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null || { echo "the service did not start; see $out/service.log" >&2; exit 1; }

wrk -t1 -c2 -d5s -s bench/fill.lua "http://127.0.0.1:$port" >/dev/null 2>&1
for workload in put get put; do
  wrk -t2 -c"$connections" -d"$warmup" -s "bench/$workload.lua" "http://127.0.0.1:$port" >/dev/null
done

# CPU seconds of the service so far, in clock ticks (user + system, /proc/<pid>/stat).
service_ticks() { awk '{ print $14 + $15 }' "/proc/$service_pid/stat"; }

for round in $(seq 1 "$rounds"); do
  for load in none "appends+fsync" "appends"; do
    case "$load" in
      none) ;;
      "appends+fsync") java -cp target/test-classes dev.kvstore.bench.DiskLoad "$fsyncs" "$appends" 130 sync 2>"$out/load-$round-fsync.log" & load_pid=$! ;;
      appends) java -cp target/test-classes dev.kvstore.bench.DiskLoad "$fsyncs" "$appends" 130 nosync 2>"$out/load-$round-appends.log" & load_pid=$! ;;
    esac
    [ -n "$load_pid" ] && sleep 2 # its 64 MiB of zeros are written before the round starts
    before=$(service_ticks)
    line=$(wrk -t2 -c"$connections" -d"$duration" -s bench/put.lua "http://127.0.0.1:$port" | grep '^RESULT')
    after=$(service_ticks)
    if [ -n "$load_pid" ]; then
      kill "$load_pid"; wait "$load_pid" 2>/dev/null || true; load_pid=""
    fi
    requests=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
    rps=$(echo "$line" | sed 's/.*rps=\([0-9.]*\).*/\1/')
    p50=$(echo "$line" | sed 's/.*p50_ms=\([0-9.]*\).*/\1/')
    p99=$(echo "$line" | sed 's/.*p99_ms=\([0-9.]*\).*/\1/')
    cpu=$(awk -v t=$((after - before)) -v hz="$ticks" -v n="$requests" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
    echo "$round,$load,$requests,$rps,$cpu,$p50,$p99" >> "$csv"
    printf 'round %s, disk load %-14s %8.0f requests/s, %4s us of service CPU a request\n' "$round" "$load:" "$rps" "$cpu"
  done
done
echo "results: $out"
