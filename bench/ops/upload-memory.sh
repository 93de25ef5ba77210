#!/usr/bin/env bash
# Server memory under large uploads (issue 11: three anonymous 60 MiB
# uploads took the server from 40 to 204 MB). Creates a small demo database,
# serves it with `fangkong serve`, then sends N uploads of 60 MiB at once to
# POST /api/v1/residents/import, first anonymous, then as the demo grid
# worker (who may import), and prints the server's resident memory (VmRSS,
# sampled every 20 ms: the highest seen) and each upload's HTTP status.
# Uploads are sent without waiting for "100 Continue" (curl -H 'Expect:'), as
# an attacker would. Numbers: bench/README.md, "Uploads and server memory".
#   bench/ops/upload-memory.sh FANGKONG_BINARY [N=3] [EXTRA SERVE FLAGS...]
set -euo pipefail
bin=${1:?usage: upload-memory.sh FANGKONG_BINARY [N] [SERVE FLAGS...]}
n=${2:-3}
shift $(($# < 2 ? $# : 2))
dir=$(mktemp -d /tmp/fk-upload.XXXXXX)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

start() {  # start CMD...: runs the server, waits for its address
  stdbuf -oL "$@" >"$dir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    if grep -q '^Serving http://' "$dir/server.log"; then break; fi
    if ! kill -0 "$server" 2>/dev/null; then cat "$dir/server.log" >&2; exit 1; fi
    sleep 0.1
  done
  base=$(grep -o '^Serving http://[0-9.]*:[0-9]*' "$dir/server.log" | head -1 | sed 's/^Serving //')
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }

# The demo database, then a plain `serve` of it (no demo building in memory).
start "$bin" demo --db "$dir/demo.db" --population 2000 --listen 127.0.0.1:0
stop
start "$bin" serve --db "$dir/demo.db" --listen 127.0.0.1:0 "$@"
token=$(curl -sf --max-time 10 -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"grid","password":"fangkong-demo"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# 60 MiB of CSV rows that are not residents (the importer rejects them).
python3 -c '
import sys
row = b"420102001001001,1,1,101,x,male,1990-01-01,0,0,0,0,0,\n"
sys.stdout.buffer.write(row * (60 * 1024 * 1024 // len(row)))' >"$dir/upload.csv"

any_alive() {
  local p
  for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done
  return 1
}

attack() {  # attack LABEL [CURL HEADER ARGS...]
  local label=$1
  shift
  sleep 1
  local before peak pids=() now
  before=$(rss_kb)
  peak=$before
  for i in $(seq 1 "$n"); do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 120 -H 'Expect:' -H 'Content-Type: text/csv' \
      "$@" --data-binary @"$dir/upload.csv" "$base/api/v1/residents/import?mode=valid_rows" \
      >"$dir/status.$i" 2>/dev/null &
    pids+=($!)
  done
  while any_alive "${pids[@]}"; do
    now=$(rss_kb)
    [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.02
  done
  wait "${pids[@]}" 2>/dev/null || true
  printf '%-14s %d uploads of 60 MiB: server RSS %d MB before, %d MB at most; statuses %s\n' \
    "$label" "$n" $((before / 1024)) $((peak / 1024)) "$(sort "$dir"/status.* | uniq -c | tr -s ' \n' ' ')"
  rm -f "$dir"/status.*
}
attack anonymous
attack authenticated -H "Authorization: Bearer $token"
