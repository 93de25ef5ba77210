#!/usr/bin/env bash
# A page of 50 residents under 100 concurrent clients (issue #3 target: p99
# under 20 ms). Starts `fangkong demo` on a free loopback port, logs in as the
# demo district officer, runs wrk with the Bearer token, and stops the server.
# Prints wrk's report, then the CPU time per request of the server and of
# the machine's PostgreSQL processes (from /proc/PID/stat).
# Numbers: bench/README.md, "Operations server: the issue #3 targets".
#   bench/ops/run-wrk.sh FANGKONG_BINARY [DURATION=10s] [PATH_AND_QUERY]
# Environment:
#   FK_WRK_DB          database for the demo: a SQLite path or a postgresql://
#                      URL (default: a fresh SQLite file in a temporary folder);
#                      an existing demo database is reused as it is
#   FK_WRK_POPULATION  residents of a newly created demo city (default 20000)
set -euo pipefail
bin=${1:?usage: run-wrk.sh FANGKONG_BINARY [DURATION] [PATH_AND_QUERY]}
duration=${2:-10s}
target=${3:-/api/v1/residents?region=420102&limit=50}
dir=$(mktemp -d /tmp/fk-wrk.XXXXXX)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

# Port 0: the server picks a free port and prints it (line-buffered output).
db=${FK_WRK_DB:-$dir/demo.db}
stdbuf -oL "$bin" demo --db "$db" --population "${FK_WRK_POPULATION:-20000}" --listen 127.0.0.1:0 \
  >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 6000); do  # creating a 1M city takes a few minutes
  if grep -q '^Serving http://' "$dir/server.log"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$dir/server.log" >&2; exit 1; fi
  sleep 0.1
done
base=$(grep -o '^Serving http://[0-9.]*:[0-9]*' "$dir/server.log" | head -1 | sed 's/^Serving //')
[ -n "$base" ] || { echo "run-wrk: the server did not start" >&2; cat "$dir/server.log" >&2; exit 1; }

token=$(curl -sf --max-time 10 -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"district","password":"fangkong-demo"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
cat >"$dir/auth.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FK_TOKEN")
LUA
curl -sf --max-time 10 -o /dev/null -H "Authorization: Bearer $token" "$base$target" ||
  { echo "run-wrk: $target does not answer 200" >&2; exit 1; }
# CPU time (clock ticks, user + system) of the server, and of every process
# named postgres on this machine (the database's backends when FK_WRK_DB is
# a local PostgreSQL; its pooled connections live through the run).
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() {
  local sum=0 p
  for p in $(pgrep -x postgres || true); do sum=$((sum + $(ticks "$p"))); done
  echo "$sum"
}
server0=$(ticks "$server"); pg0=$(postgres_ticks)
echo "wrk -t2 -c100 -d$duration --latency $base$target"
FK_TOKEN=$token timeout 120 wrk -t2 -c100 -d"$duration" --latency -s "$dir/auth.lua" "$base$target" |
  tee "$dir/wrk.out"
server1=$(ticks "$server"); pg1=$(postgres_ticks)
requests=$(awk '/requests in/ {print $1}' "$dir/wrk.out")
if [ -n "$requests" ] && [ "$requests" -gt 0 ]; then
  hz=$(getconf CLK_TCK)
  per_request() { echo $(( ($2 - $1) * 1000000 / hz / requests )); }
  echo "CPU per request: server $(per_request "$server0" "$server1") us, PostgreSQL processes $(per_request "$pg0" "$pg1") us"
fi
