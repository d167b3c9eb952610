#!/usr/bin/env bash
# Whole-process timings of llmcost over a large database, each next to sqlite3 answering the same question on the raw
# table, interleaved (one of each per round) so a loaded machine slows both alike; prints per command the median wall
# time, the median CPU time (user + system: what a shared, overloaded machine distorts least) and the peak RSS.
# docs/performance.md §13.
#
#   benchmarks/CliTimings/measure.sh DB ROUNDS "LLMCOST COMMAND"...
#   e.g. benchmarks/CliTimings/measure.sh /tmp/costinstrumentation-benchmarks/year-v2-10000000.db 5 \
#          "dotnet src/CostInstrumentation.Cli/bin/Release/net10.0/llmcost.dll" "/tmp/llmcost-r2r/llmcost"
set -euo pipefail
db=$1; rounds=$2; shift 2
today=$(date -u +%Y-%m-%d); month=$(date -u +%Y-%m-01); next_month=$(date -u -d "$month +1 month" +%Y-%m-01)
week=$(date -u -d "$today -$(( $(date -u +%u) - 1 )) days" +%Y-%m-%d); day30=$(date -u -d "$today -29 days" +%Y-%m-%d)
# The export's range (EXPORT_FROM, EXPORT_TO): by default the 36.5 days that hold about 1 million of the year's 10 million calls.
export_from=${EXPORT_FROM:-2026-09-01}; export_to=${EXPORT_TO:-2026-10-07T12:00:00Z}
sum="count(*), sum(cost_nanousd), count(*) - count(cost_nanousd), sum(input_tokens), sum(output_tokens)"

declare -A questions=(
  [summary]="SELECT $sum FROM llm_calls WHERE ts_utc >= '$today';
             SELECT $sum FROM llm_calls WHERE ts_utc >= '$week';
             SELECT $sum FROM llm_calls WHERE ts_utc >= '$month';
             SELECT $sum FROM llm_calls;
             SELECT substr(ts_utc, 1, 10), sum(cost_nanousd) FROM llm_calls WHERE ts_utc >= '$day30' GROUP BY 1;
             SELECT model, $sum FROM llm_calls WHERE ts_utc >= '$month' GROUP BY model ORDER BY 3 DESC LIMIT 5;"
  [report]="SELECT model, $sum FROM llm_calls WHERE ts_utc >= '$month' AND ts_utc < '$next_month' GROUP BY model ORDER BY 3 DESC;"
  [statusline]="SELECT sum(cost_nanousd) FROM llm_calls WHERE ts_utc >= '$today'; SELECT sum(cost_nanousd) FROM llm_calls WHERE ts_utc >= '$month';"
  [export]="SELECT * FROM llm_calls WHERE ts_utc >= '$export_from' AND ts_utc < '$export_to' ORDER BY ts_utc, id;"
)
declare -A arguments=(
  [summary]="summary"
  [report]="report --period this-month --by model"
  [statusline]="statusline"
  [export]="export -f csv --from $export_from --to $export_to"
)
names=(statusline summary report export)

measured=$(mktemp); trap 'rm -f "$measured"' EXIT
declare -A times cpus rss
run() { # label, command...: wall and CPU ms appended to times[label] and cpus[label], peak KiB to rss[label]
  local label=$1; shift
  /usr/bin/time -o "$measured" -f '%e %U %S %M' "$@" > /dev/null 2>&1 || true
  local out; out=$(tail -1 "$measured")
  times[$label]+="$(awk '{ printf "%d", $1 * 1000 }' <<< "$out") "
  cpus[$label]+="$(awk '{ printf "%d", ($2 + $3) * 1000 }' <<< "$out") "
  rss[$label]=$(awk '{ print $4 }' <<< "$out")
}
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)) }'; }

echo "rows in the export range: $(sqlite3 "$db" "SELECT count(*) FROM llm_calls WHERE ts_utc >= '$export_from' AND ts_utc < '$export_to'")"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 1; round <= rounds; round++)); do
  for name in "${names[@]}"; do
    run "sqlite3 $name" sqlite3 -csv "$db" "${questions[$name]}"
    for tool in "$@"; do
      # shellcheck disable=SC2086
      run "$tool $name" $tool ${arguments[$name]} --db "$db" --tz utc
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${names[@]}"; do
  for label in "sqlite3 $name" "${@/%/ $name}"; do
    printf '%-64s wall %6d ms  CPU %6d ms  (wall runs: %s)  peak RSS %d MiB\n' "$label" "$(median "${times[$label]}")" "$(median "${cpus[$label]}")" "${times[$label]% }" "$(( ${rss[$label]} / 1024 ))"
  done
done
