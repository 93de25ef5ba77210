#!/usr/bin/env bash
# The simulator's scaling table: `fangkong simulate` of the default city for
# 100 days at each population given (default 100k, 1M, 10M), on 2 threads,
# with wall time, peak resident memory and bytes per agent. Prints a Markdown
# table for bench/README.md. Usage:
#   bench/sim-scaling.sh [BINARY] [POPULATION...]
#   bench/sim-scaling.sh build/release/fangkong 100000 1000000 10000000 100000000
set -euo pipefail
bin=${1:-build/release/fangkong}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 10000000)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "| agents | days | threads | wall (s) | peak memory (MB) | bytes/agent | attack rate |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  /usr/bin/time -f "%e %M" -o "$out/time" "$bin" simulate --population "$n" --days 100 \
    --threads 2 --lang en --out "$out/run" > "$out/report"
  read -r wall kb < "$out/time"
  attack=$(grep "attack rate" "$out/report" | awk '{print $3}')
  awk -v n="$n" -v w="$wall" -v kb="$kb" -v a="$attack" 'BEGIN {
    printf "| %d | 100 | 2 | %.2f | %.0f | %.1f | %s |\n", n, w, kb / 1024, kb * 1024 / n, a }'
done
