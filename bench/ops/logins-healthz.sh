#!/usr/bin/env bash
# /healthz while 8 clients log in at once (issue 11: password hashing used
# to run on the HTTP workers inside a SQLite write transaction, and /healthz
# went from 1 ms to 275 ms). Starts `fangkong demo` (1,000 residents, real
# Argon2id cost) on a free loopback port, times 60 /healthz requests idle,
# then 60 more while 8 clients each log in LOGINS times in a row, and prints
# the percentiles. Numbers: bench/README.md, "Logins and /healthz".
#   bench/ops/logins-healthz.sh FANGKONG_BINARY [LOGINS=10] [EXTRA SERVE FLAGS...]
set -euo pipefail
bin=${1:?usage: logins-healthz.sh FANGKONG_BINARY [LOGINS] [FLAGS...]}
logins=${2:-10}
shift $(( $# >= 2 ? 2 : 1 ))
dir=$(mktemp -d /tmp/fk-logins.XXXXXX)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

stdbuf -oL "$bin" demo --db "$dir/demo.db" --population 1000 --listen 127.0.0.1:0 "$@" \
  >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
  if grep -q '^Serving http://' "$dir/server.log"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$dir/server.log" >&2; exit 1; fi
  sleep 0.1
done
base=$(grep -o '^Serving http://[0-9.]*:[0-9]*' "$dir/server.log" | head -1 | sed 's/^Serving //')

# Milliseconds of each of n /healthz requests, 20 ms apart.
healthz() {
  for _ in $(seq 1 "$1"); do
    curl -s -o /dev/null -w '%{time_total}\n' "$base/healthz"
    sleep 0.02
  done | awk '{printf "%.2f\n", $1 * 1000}'
}
# "p50 x, p90 y, max z ms" of numbers on stdin.
summary() {
  sort -n | awk '{v[NR] = $1} END {printf "p50 %s, p90 %s, max %s ms (n=%d)\n", v[int(NR * 0.5) + 1], v[int(NR * 0.9) + 1], v[NR], NR}'
}

echo "idle:            /healthz $(healthz 60 | summary)"
start=$(date +%s.%N)
for c in $(seq 1 8); do
  (for _ in $(seq 1 "$logins"); do
     curl -s -o /dev/null -w '%{time_total}\n' -X POST "$base/api/v1/auth/login" \
       -H 'Content-Type: application/json' -d '{"username":"district","password":"fangkong-demo"}'
   done >"$dir/logins.$c") &
done
busy=$(healthz 60 | summary)
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
end=$(date +%s.%N)
echo "8 logging in:    /healthz $busy"
echo "logins:          $(cat "$dir"/logins.* | awk '{printf "%.1f\n", $1 * 1000}' | summary), $(cat "$dir"/logins.* | wc -l) in $(echo "$end - $start" | bc) s"
