#!/usr/bin/env bash
# Throughput against value size: runs `bench engine` (PUT, GET, DELETE of distinct keys) at
# 100 B, 1 KB, 10 KB, 100 KB and 1 MB, with fewer operations as the values grow so that each
# run writes at most about 1 GB, then gathers every run's results.csv into one table with the
# bytes per second of each operation (ops/s x value size) and the load average before the run.
# Writes each run to bench/results/value-size-<time>/<bytes>-<sync>/ and the table to
# summary.md beside them.
#
#   bench/value-size-sweep.sh [--engines log,file,memory,rocksdb] [--sync never|always]
#                             [--threads 1] [--sizes "100 1024 10240 102400 1048576"]
#
# RocksDB (and mvstore) need target/kvstore-bench.jar (./mvnw -B -Pbench -DskipTests package);
# without it the built-in engines run from target/kvstore-cli.jar.
set -euo pipefail

cd "$(dirname "$0")/.."
engines="log,file,memory,rocksdb"
sync=never
threads=1
sizes="100 1024 10240 102400 1048576"

while [ $# -gt 0 ]; do
  case "$1" in
    --engines) engines="$2"; shift 2 ;;
    --sync) sync="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

jar=target/kvstore-bench.jar
if [ ! -f "$jar" ]; then
  jar=target/kvstore-cli.jar
  [ -f "$jar" ] || ./mvnw -q -B -DskipTests package
fi

# Operations per value size: about 20 MB at 100 B, 1 GB at 100 KB and 1 MB. Durable runs
# (one fsync per write or per group of writes) do fewer, so that each lasts under a minute.
operations() {
  local size=$1
  if [ "$sync" = always ]; then
    if [ "$size" -le 1024 ]; then echo 20000; elif [ "$size" -le 10240 ]; then echo 10000; else echo 2000; fi
  else
    case "$size" in
      100) echo 200000 ;;
      1024) echo 100000 ;;
      10240) echo 50000 ;;
      102400) echo 10000 ;;
      *) echo 1000 ;;
    esac
  fi
}

out="bench/results/value-size-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
summary="$out/summary.md"
{
  echo "| value | engine | load | PUT ops/s | PUT MB/s | PUT p99 µs | GET ops/s | GET MB/s | GET p99 µs | DELETE ops/s |"
  echo "|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|"
} > "$summary"

for size in $sizes; do
  ops=$(operations "$size")
  # The warm-up puts other keys of the same size: 5000 of 1 MB would be 5 GB more.
  warmup=$((ops / 10 < 100 ? 100 : (ops / 10 > 5000 ? 5000 : ops / 10)))
  load=$(cut -d' ' -f1 /proc/loadavg)
  run="$out/$size-$sync"
  echo "== $size bytes, $ops operations, sync=$sync, $threads threads, load $load" >&2
  java -jar "$jar" bench engine --engine "$engines" --num-ops "$ops" --value-size "$size" \
      --threads "$threads" --sync "$sync" --warmup "$warmup" --output "$run" > "$run.txt"
  # results.csv: engine,operation,ops,threads,value_size,sync,seconds,ops_per_sec,p50_us,p99_us,...
  awk -F, -v size="$size" -v load="$load" '
    NR > 1 { rate[$1, $2] = $8; p99[$1, $2] = $10; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    END {
      for (i = 1; i <= n; i++) {
        e = order[i]
        printf "| %d | %s | %s | %.0f | %.1f | %.0f | %.0f | %.1f | %.0f | %.0f |\n", size, e, load,
          rate[e, "PUT"], rate[e, "PUT"] * size / 1e6, p99[e, "PUT"],
          rate[e, "GET"], rate[e, "GET"] * size / 1e6, p99[e, "GET"], rate[e, "DELETE"]
      }
    }' "$run/results.csv" >> "$summary"
done

cat "$summary"
echo "Results in $out" >&2
