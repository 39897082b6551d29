#!/usr/bin/env bash
# Turns the CSV of http-bench.sh into report.md (a table and each engine's share of the memory
# engine's throughput) and one SVG bar chart per measure, with nothing but awk. With several
# rounds, each engine and workload is represented by its median round (by requests/s, the lower
# middle one for an even count), written to medians.csv, and every round's requests/s is listed,
# with each round's share of the memory engine's throughput in that same round, and the
# median of the rounds' service CPU a request. The rounds in which maintenance (compaction, hint
# files) took CPU are listed under the table.
set -euo pipefail
csv="$1"; out="$2"; connections="$3"; duration="$4"; keys="$5"; value_size="$6"; sync="$7"; rounds="${8:-1}"; warmup="${9:-unknown}"

medians="$out/medians.csv"
awk -F, 'NR == 1 { print $0 ",all_rps,median_service_cpu_us"; has_cpu = ($11 == "service_cpu_us"); next }
  { key = $1 "," $2; if (!(key in count)) order[++n] = key; i = ++count[key]; rps[key, i] = $5; cpu[key, i] = $11; row[key, i] = $0 }
  END {
    for (k = 1; k <= n; k++) {
      key = order[k]; c = count[key]
      for (i = 1; i <= c; i++) { index_of[i] = i; sorted_cpu[i] = cpu[key, i] + 0 }
      for (i = 2; i <= c; i++) {  # insertion sorts: the rounds by requests/s, their CPU a request
        j = i
        while (j > 1 && rps[key, index_of[j - 1]] + 0 > rps[key, index_of[j]] + 0) { t = index_of[j]; index_of[j] = index_of[j - 1]; index_of[j - 1] = t; j-- }
        j = i
        while (j > 1 && sorted_cpu[j - 1] > sorted_cpu[j]) { t = sorted_cpu[j]; sorted_cpu[j] = sorted_cpu[j - 1]; sorted_cpu[j - 1] = t; j-- }
      }
      all = ""
      for (i = 1; i <= c; i++) all = all (i > 1 ? " " : "") sprintf("%.0f", rps[key, i])
      print row[key, index_of[int((c + 1) / 2)]] "," all "," (has_cpu ? sprintf("%.0f", sorted_cpu[int((c + 1) / 2)]) : "-")
    }
  }' "$csv" > "$medians"

{
  echo "# HTTP benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (${BENCH_PLACEMENT:-the services and wrk on all of them}), $(java -version 2>&1 | head -1),"
  echo "wrk with $connections connections for $duration per workload (after $warmup of each to warm up), $keys keys of $value_size bytes,"
  echo "sync=$sync, $rounds round(s)."
  echo "Load average before the run: ${BENCH_LOAD_BEFORE:-unknown}; after it: $(uptime | sed 's/.*load average: //')."
  echo
  echo "| engine | workload | requests/s | p50 ms | p99 ms | p99.9 ms | errors | share of memory | share of memory, round by round | every round, requests/s | service CPU a request, µs |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  # The round-by-round share compares each round with the memory engine's in the same round,
  # minutes apart at most, and gives their median: steadier than the medians' ratio when the
  # machine's speed drifts during the run.
  awk -F, 'FNR == NR { if (FNR > 1) { each[$1","$2","$10] = $5; last_round = ($10 > last_round) ? $10 : last_round }; next }
    FNR > 1 { rps[$1","$2] = $5; row[FNR] = $0; n = FNR }
    END {
      for (i = 2; i <= n; i++) {
        fields = split(row[i], f, ",")  # the last two: the requests/s of every round, the median CPU a request
        ceiling = rps["memory,"f[2]]
        share = (ceiling > 0) ? sprintf("%.0f%%", 100 * f[5] / ceiling) : "-"
        c = 0; list = ""
        for (r = 1; r <= last_round; r++) {
          mine = each[f[1]","f[2]","r]; theirs = each["memory,"f[2]","r]
          if (mine != "" && theirs > 0) { ratio[++c] = mine / theirs; list = list (c > 1 ? " " : "") sprintf("%.0f", 100 * mine / theirs) }
        }
        for (a = 2; a <= c; a++) { b = a; while (b > 1 && ratio[b - 1] > ratio[b]) { t = ratio[b]; ratio[b] = ratio[b - 1]; ratio[b - 1] = t; b-- } }
        paired = (c > 0) ? sprintf("%.0f%% (%s)", 100 * ratio[int((c + 1) / 2)], list) : "-"
        printf "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[5], f[6], f[7], f[8], f[9], share, paired, f[fields - 1], f[fields]
      }
    }' "$csv" "$medians"
  # Results of runs from before these columns existed are reported without them.
  if head -1 "$csv" | grep -q ',maintenance_cpu_ms'; then
    echo
    echo "Service CPU a request: the median of the rounds', each the service's user and system CPU (all its"
    echo "threads) over the requests it answered. A round far above its engine's other rounds, with no maintenance"
    echo "in it (below), met a slow spell of the machine (the same system calls a request, each costing more) or a"
    echo "service not yet warm."
    # A round with a tenth of a second of maintenance CPU or more lost at least 2 % of a CPU to it.
    awk -F, 'NR > 1 && ($13 >= 100 || $12 > 0) {
        list = list (list == "" ? "" : ", ") $1 " " $2 " round " $10 " (" $13 " ms" (($12 > 0) ? ", " $12 " compaction(s) ended" : "") ")"
      }
      END {
        if (list == "") print "In no measured round did a maintenance thread use 100 ms of CPU or more, or a compaction end."
        else print "Rounds in which the maintenance threads of the services (compaction, hint files) used 100 ms of CPU or more, or a compaction ended: " list "."
      }' "$csv"
  fi
  if grep -q '^memory-control,' "$csv"; then
    echo
    echo "memory-control is a second service of the memory engine, identical to the first and measured in"
    echo "the same rounds: its share of memory, 100 % on a perfectly steady machine, shows how far two"
    echo "identical services differ in this run. A difference between engines smaller than that is not"
    echo "established by the run."
  fi
  echo
  echo "![requests per second](rps.svg) ![p99 latency](p99.svg)"
} > "$out/report.md"

chart() { # column title file
  awk -F, -v col="$1" -v title="$2" 'NR > 1 { label[NR] = $1 " " $2; value[NR] = $col; if ($col > max) max = $col; n = NR }
    END {
      width = 680; bar = 28; height = 40 + (n - 1) * (bar + 8)
      printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height
      printf "<text x=\"10\" y=\"20\" font-size=\"14\">%s</text>\n", title
      for (i = 2; i <= n; i++) {
        y = 32 + (i - 2) * (bar + 8)
        w = (max > 0) ? 400 * value[i] / max : 0
        printf "<text x=\"10\" y=\"%d\">%s</text>\n", y + 18, label[i]
        printf "<rect x=\"160\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#00798c\"/>\n", y, w, bar
        printf "<text x=\"%.1f\" y=\"%d\">%s</text>\n", 166 + w, y + 18, value[i]
      }
      print "</svg>"
    }' "$medians" > "$out/$3"
}
chart 5 "Requests per second" rps.svg
chart 7 "p99 latency (ms)" p99.svg
cat "$out/report.md"
