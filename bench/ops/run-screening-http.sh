#!/usr/bin/env bash
# The three-day screening replayed through HTTP (issue 18): a city of
# RESIDENTS in GRIDS grids imported by fk_ops_bench (or a copy of a city it
# made before: FK_SCR_CITY), WORKERS grid workers with accounts and a fresh
# campaign over the city (fk_screening_setup), `fangkong serve` on a free
# loopback port, then fk_screening_load: the workers record visits at RATE a
# second (open loop) for at most SECONDS, the district officer asks for the
# coverage of every level every second, and at the end the coverage must
# equal what the server acknowledged. Prints the generator's figures, the
# server's CPU time during the replay and its peak resident memory (VmHWM),
# and the load average before and after. Numbers: bench/README.md
# ("Screening replayed through HTTP").
#   bench/ops/run-screening-http.sh BUILD_DIR [RESIDENTS=1000000] [GRIDS=400] [WORKERS=400] [SECONDS=600] [RATE=325]
# 325 a second is 20 times the real rate of the three days: 4.21 million
# visits / (3 x 86,400 s) x 20.
# Environment:
#   FK_SCR_DB     the database: a SQLite path that does not exist yet (default:
#                 in a temporary folder, removed at the end) or a postgresql://
#                 URL of an empty database
#   FK_SCR_CITY   a city fk_ops_bench made, instead of importing (RESIDENTS and
#                 GRIDS are then ignored): a SQLite file, copied to FK_SCR_DB;
#                 or a postgresql:// URL, used as it is (setup adds accounts
#                 and a campaign: a second run needs a copy, CREATE DATABASE
#                 ... TEMPLATE ...)
#   FK_SCR_CONNECTIONS  visits in flight at most (default 32)
set -euo pipefail
build=${1:?usage: run-screening-http.sh BUILD_DIR [RESIDENTS] [GRIDS] [WORKERS] [SECONDS] [RATE]}
residents=${2:-1000000}
grids=${3:-400}
workers=${4:-400}
seconds=${5:-600}
rate=${6:-325}
dir=$(mktemp -d /tmp/fk-screening.XXXXXX)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
password=Replay-screening-2020

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
db=${FK_SCR_DB:-$dir/city.db}
if [[ "${FK_SCR_CITY:-}" == postgresql://* ]]; then
  db=$FK_SCR_CITY
  echo "city: $FK_SCR_CITY"
elif [ -n "${FK_SCR_CITY:-}" ]; then
  cp "$FK_SCR_CITY" "$db"
  echo "city: a copy of $FK_SCR_CITY"
else
  "$build/bench/ops/fk_ops_bench" "$db" "$residents" "$grids"
fi
"$build/bench/ops/fk_screening_setup" "$db" "$workers" "$dir/plan.txt" "$password"

stdbuf -oL "$build/fangkong" serve --db "$db" --listen 127.0.0.1:0 >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 6000); do
  if grep -q '^Serving http://' "$dir/server.log"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$dir/server.log" >&2; exit 1; fi
  sleep 0.1
done
port=$(grep -o '^Serving http://127.0.0.1:[0-9]*' "$dir/server.log" | head -1 | sed 's/.*://')
[ -n "$port" ] || { echo "run-screening-http: the server did not start" >&2; exit 1; }

# The server's CPU seconds (user + system): on a shared machine the wall
# times mostly measure the wait for a core; this is what the replay cost.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$server/stat"; }
cpu_before=$(cpu)
status=0
"$build/bench/ops/fk_screening_load" --port "$port" --plan "$dir/plan.txt" --password "$password" \
  --rate "$rate" --seconds "$seconds" --connections "${FK_SCR_CONNECTIONS:-32}" || status=$?
echo "server CPU during the replay (logins, visits, coverage): $(awk -v a="$(cpu)" -v b="$cpu_before" 'BEGIN { printf "%.1f", a - b }') s"
echo "server peak RSS: $(awk '/^VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
