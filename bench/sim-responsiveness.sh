#!/usr/bin/env bash
# Are the operations pages still quick while the server simulates? Starts
# `fangkong demo` on a temporary database, logs in as the command centre and
# measures, request after request, the latency of GET /healthz and of a
# registry page (GET /api/v1/residents?region=DISTRICT&limit=50, a page of
# 50 masked residents) first idle, then while a 1,000,000-agent simulation
# run (the default scenario, 365 days at R0 1.5) is simulating its days;
# a run still going at the end is cancelled.
# Prints a Markdown table for bench/README.md. Usage:
#   bench/sim-responsiveness.sh [BINARY] [ROUNDS] [SIM_THREADS]
#   bench/sim-responsiveness.sh build/release/fangkong 300 1
set -euo pipefail
bin=${1:-build/release/fangkong}
requests=${2:-300}
sim_threads=${3:-1}
dir=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

"$bin" demo --db "$dir/demo.db" --listen 127.0.0.1:0 --population 100000 \
  --sim-threads "$sim_threads" --web-root '' > "$dir/log" 2>&1 &
pid=$!
for _ in $(seq 600); do
  grep -q '^Serving' "$dir/log" && break
  sleep 0.5
done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/log" | head -1)
[ -n "$base" ] || { cat "$dir/log" >&2; exit 1; }
token=$(curl -s -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"command","password":"fangkong-demo"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
auth=(-H "Authorization: Bearer $token")
page="$base/api/v1/residents?region=420102&limit=50"

# One GET of $1: its latency in ms.
latency() { curl -s -o /dev/null -w '%{time_total}\n' "${auth[@]}" "$1" | awk '{ printf "%.3f\n", $1 * 1000 }'; }
# "n | p50 | p95 | p99 | max" of the latencies in file $1.
quantiles() {
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    i50 = int(NR * 0.50); i95 = int(NR * 0.95); i99 = int(NR * 0.99)
    if (i50 < 1) i50 = 1; if (i95 < 1) i95 = 1; if (i99 < 1) i99 = 1
    printf "%d | %.1f | %.1f | %.1f | %.1f", NR, v[i50], v[i95], v[i99], v[NR] }'
}
status() { curl -s "${auth[@]}" "$base/api/v1/simulations/$id" | grep -o '"status":"[a-z]*"' | head -1 | cut -d'"' -f4; }
# $requests rounds of one /healthz and one registry page; with a run under
# way, only while it runs (checked every 10 rounds).
measure() {
  : > "$dir/healthz"; : > "$dir/page"
  for k in $(seq "$requests"); do
    if [ -n "${id:-}" ] && [ $((k % 10)) -eq 1 ] && [ "$(status)" != running ]; then break; fi
    latency "$base/healthz" >> "$dir/healthz"
    latency "$page" >> "$dir/page"
  done
}

echo "| state | request | n | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |"
echo "|---|---|---:|---:|---:|---:|---:|"
for _ in $(seq 20); do latency "$base/healthz" > /dev/null; latency "$page" > /dev/null; done  # warm up
measure
echo "| idle | GET /healthz | $(quantiles "$dir/healthz") |"
echo "| idle | GET /residents (50) | $(quantiles "$dir/page") |"

# 1,000,000 agents for a year at R0 1.5: a slow epidemic, so the days stay
# busy for the whole run (3.65e8 agent-days, under the default limit).
run=$(curl -s -X POST "$base/api/v1/simulations" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"scenario":"default","parameters":{"run.population":1000000,"run.days":365,"transmission.r0":1.5}}')
id=$(echo "$run" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
[ -n "$id" ] || { echo "no run: $run" >&2; exit 1; }
# Measure while it simulates days (not while it builds its city).
for _ in $(seq 600); do
  curl -s "${auth[@]}" "$base/api/v1/simulations/$id" | grep -q '"progress":0[.][0-9]*[1-9]' && break
  sleep 0.1
done
t0=$(date +%s.%N)
measure
t1=$(date +%s.%N)
echo "| 1,000,000-agent run | GET /healthz | $(quantiles "$dir/healthz") |"
echo "| 1,000,000-agent run | GET /residents (50) | $(quantiles "$dir/page") |"
final=$(status)
progress=$(curl -s "${auth[@]}" "$base/api/v1/simulations/$id" | grep -o '"progress":[0-9.e-]*' | head -1 | cut -d: -f2)
[ "$final" = running ] && curl -s -o /dev/null -X POST "${auth[@]}" "$base/api/v1/simulations/$id/cancel"
echo
awk -v a="$t0" -v b="$t1" -v p="$progress" -v s="$final" -v t="$sim_threads" 'BEGIN {
  printf "measured for %.1f s while run was running (then %s at progress %.2f); sim threads %d\n", b - a, s, p, t }'
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
