#!/usr/bin/env bash
# The Overview's first render, two builds in one run (docs/performance.md §16). Start two `llmcost serve --read-only`
# over the same database first, the build before a change on BEFORE_PORT and the build after it on AFTER_PORT; requests
# alternate between them. Prints, per request, the median of 5 warm timings (time to first byte, complete answer) after
# 3 cold ones.
set -euo pipefail
before=${BEFORE_PORT:-5301}
after=${AFTER_PORT:-5302}
requests=("before /|$before|/" "after /|$after|/" "after /tops|$after|/tops" "after /api/v1/overview|$after|/api/v1/overview")
timing() { curl -s -o /dev/null -w '%{time_starttransfer} %{time_total}\n' "http://127.0.0.1:$1$2"; }
rounds=$(mktemp)
for r in "${requests[@]}"; do IFS='|' read -r _ port path <<<"$r"; for _ in 1 2 3; do timing "$port" "$path" >/dev/null; done; done
for _ in 1 2 3 4 5; do
  for r in "${requests[@]}"; do IFS='|' read -r label port path <<<"$r"; echo "$label|$(timing "$port" "$path")"; done
done >"$rounds"
for r in "${requests[@]}"; do IFS='|' read -r label _ _ <<<"$r"
  grep -F "$label|" "$rounds" | cut -d'|' -f2 | sort -n -k2 | sed -n 3p | awk -v l="$label" '{printf "%-24s first byte %.3f s  complete %.3f s\n", l, $1, $2}'
done
rm -f "$rounds"
uptime
