#!/usr/bin/env bash
# What the full LiteLLM catalogue adds to a consumer's compile (docs/performance.md).
#
#   benchmarks/ConsumerCompile/measure.sh [--alternatives]
#   SHARED_COMPILATION=true benchmarks/ConsumerCompile/measure.sh   # through the warm compiler server
#
# Builds WithCatalog (the catalogue as an LlmPricing AdditionalFile) and Baseline (the same project and
# generator, no pricing file) once to warm up, then RUNS times each, interleaved, after touching
# Program.cs so that CoreCompile really runs: `dotnet build --no-restore -c Release -p:ReportAnalyzer=true
# -v:detailed -clp:PerformanceSummary`, with BuildProjectReferences=false so that only the consumer
# compiles. From each log: the Csc task time and the CostInstrumentation generator's own time. Prints the
# medians and the difference. Then runs WithCatalog (it prints gpt-4o's rates).
#
# --alternatives also compiles the same catalogue as a UTF-8 literal, a 2,500-arm string switch and
# 2,500 field initialisers (Alternatives/, throwaway shapes written by gen-shapes.py into obj/) and runs
# each for its first-lookup time.
#
# UseSharedCompilation: by default this inherits the environment (this machine exports
# UseSharedCompilation=false, so every compile is a new csc process that JITs the compiler and the
# generator: what CI sees). SHARED_COMPILATION=true passes -p:UseSharedCompilation=true, so compiles go
# through the VBCSCompiler server that the first build starts and that stays warm: what a developer sees.
# Stop that server afterwards with `dotnet build-server shutdown --vbcscompiler`.
#
# The machine is shared: other builds may run at the same time (load average printed), and all builds
# of this user share one compiler server. Medians of interleaved runs damp that, they do not remove it.
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${RUNS:-5}"
ALT_RUNS="${ALT_RUNS:-3}"
SHARED=()
if [[ -n "${SHARED_COMPILATION:-}" ]]; then SHARED=(-p:UseSharedCompilation="$SHARED_COMPILATION"); fi
LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
csc_ms() { awk '$2 == "ms" && $3 == "Csc" { print $1; exit }' "$1"; }
# The generator assembly's line of ReportAnalyzer's "Total generator execution time" table, in ms.
generator_ms() { awk '/Generator$/ { table = 1 } table && /CostInstrumentation\.Generators, Version/ { v = $1; sub("<", "", v); print v * 1000; exit }' "$1"; }
now_ms() { date +%s%3N; }

# One timed, real recompile of project $1 (extra MSBuild arguments after it); prints "csc generator wall".
timed_build() {
  local project="$1"; shift
  local log="$LOGS/$project-$RANDOM.log"
  touch "$project/Program.cs"
  local start; start="$(now_ms)"
  dotnet build "$project" --no-restore -c Release -nologo -v:detailed -clp:PerformanceSummary \
    -p:ReportAnalyzer=true -p:BuildProjectReferences=false "${SHARED[@]}" "$@" > "$log" 2>&1 || { tail -40 "$log"; exit 1; }
  local wall=$(( $(now_ms) - start ))
  local generator; generator="$(generator_ms "$log")"
  grep -o 'CompilerServer: [a-z]* - [a-z ]*' "$log" | head -1 > "$LOGS/server.txt" || true
  echo "$(csc_ms "$log") ${generator:-0} $wall"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(dotnet --version) SDK"
echo "catalogue: $(grep -o '<LlmBenchmarkCatalogue[^>]*>[^<]*' Directory.Build.props | sed 's/.*>//')"
echo "warming up (restore, build the runtime and the generator, first compile of each consumer)..."
for project in Baseline WithCatalog; do
  dotnet build "$project" -c Release -nologo -v:quiet "${SHARED[@]}" > "$LOGS/warm-$project.log" 2>&1 || { tail -40 "$LOGS/warm-$project.log"; exit 1; }
  timed_build "$project" > /dev/null
done
echo "csc: $(cat "$LOGS/server.txt") (UseSharedCompilation=${SHARED_COMPILATION:-${UseSharedCompilation:-default}})"

printf '\n%-12s %4s %10s %14s %10s\n' project run "csc ms" "generator ms" "wall ms"
: > "$LOGS/Baseline.txt"; : > "$LOGS/WithCatalog.txt"
for run in $(seq 1 "$RUNS"); do
  for project in Baseline WithCatalog; do
    read -r csc generator wall < <(timed_build "$project")
    echo "$csc $generator $wall" >> "$LOGS/$project.txt"
    printf '%-12s %4s %10s %14s %10s\n' "$project" "$run" "$csc" "$generator" "$wall"
  done
done

column_median() { awk -v c="$2" '{ print $c }' "$1" | median; }
b_csc=$(column_median "$LOGS/Baseline.txt" 1); w_csc=$(column_median "$LOGS/WithCatalog.txt" 1)
b_gen=$(column_median "$LOGS/Baseline.txt" 2); w_gen=$(column_median "$LOGS/WithCatalog.txt" 2)
b_wall=$(column_median "$LOGS/Baseline.txt" 3); w_wall=$(column_median "$LOGS/WithCatalog.txt" 3)
printf '\n%-12s %4s %10s %14s %10s\n' Baseline med "$b_csc" "$b_gen" "$b_wall"
printf '%-12s %4s %10s %14s %10s\n' WithCatalog med "$w_csc" "$w_gen" "$w_wall"
added=$(awk -v w="$w_csc" -v b="$b_csc" 'BEGIN { print w - b }')
added_gen=$(awk -v w="$w_gen" -v b="$b_gen" 'BEGIN { print w - b }')
echo
echo "the full catalogue adds (median WithCatalog - median Baseline): Csc ${added} ms, of which the generator ${added_gen} ms"
awk -v a="$added" 'BEGIN { print "goal <= 100 ms added to the consumer compile: " (a <= 100 ? "met" : "NOT met") }'
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "WithCatalog runs:"
dotnet WithCatalog/bin/Release/net10.0/WithCatalog.dll

if [[ "${1:-}" == "--alternatives" ]]; then
  echo
  echo "alternatives: the same table as a UTF-8 literal (what the generator emits), a UTF-16 literal, a string switch, field initialisers (throwaway)"
  mkdir -p Alternatives/obj/shapes
  dotnet run -c Release --project ../CostInstrumentation.Benchmarks -- table-text Alternatives/obj/shapes/table.txt
  python3 Alternatives/gen-shapes.py Alternatives/obj/shapes/table.txt Alternatives/obj/shapes
  dotnet build Alternatives -c Release -nologo -v:quiet "${SHARED[@]}" > "$LOGS/warm-alt.log" 2>&1 || { tail -40 "$LOGS/warm-alt.log"; exit 1; }
  printf '%-8s %10s %10s %16s\n' shape "csc ms" "wall ms" "1st lookup ms"
  for shape in None Literal Utf16 Switch Fields; do
    timed_build Alternatives -p:TableShape="$shape" > /dev/null # the first compile of a shape is not counted
    : > "$LOGS/alt.txt"; : > "$LOGS/first.txt"
    for run in $(seq 1 "$ALT_RUNS"); do
      timed_build Alternatives -p:TableShape="$shape" >> "$LOGS/alt.txt"
    done
    for run in 1 2 3 4 5; do
      dotnet Alternatives/bin/Release/net10.0/Alternatives.dll | sed -E 's/.*first lookup ([0-9.]+) ms.*/\1/' >> "$LOGS/first.txt"
    done
    printf '%-8s %10s %10s %16s\n' "$shape" "$(column_median "$LOGS/alt.txt" 1)" "$(column_median "$LOGS/alt.txt" 3)" "$(median < "$LOGS/first.txt")"
  done
fi
