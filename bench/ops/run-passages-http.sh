#!/usr/bin/env bash
# Checkpoint passages through HTTP (issue 15): the guards' phones of GATES
# gates logging passages with POST /api/v1/checkpoints/{id}/passages against
# `fangkong demo` on a free loopback port, bounded in count (PASSAGES in all)
# and in time (DURATION). Sets up the gates as the demo community officer in
# the grid worker's community, then runs wrk as the grid worker: 2 threads,
# CONNECTIONS connections (closed loop: each phone sends its next passage when
# the last is answered), each request a random gate, two thirds registered
# residents of the grid (a few under the demo's quarantine order: alerts),
# one third vehicles, each with its own client_id. Prints wrk's report
# (throughput and the latency distribution, p50 and p99) and the count of
# passages the server logged. Numbers: bench/README.md ("Checkpoint passages
# through HTTP"). fk_checkpoints_bench measures the same writes without HTTP.
#   bench/ops/run-passages-http.sh FANGKONG_BINARY [GATES=100] [PASSAGES=20000] [DURATION=20s] [CONNECTIONS=50]
# Environment: FK_WRK_DB as run-wrk.sh (default: a fresh SQLite demo of
# FK_WRK_POPULATION=20000 residents).
set -euo pipefail
bin=${1:?usage: run-passages-http.sh FANGKONG_BINARY [GATES] [PASSAGES] [DURATION] [CONNECTIONS]}
gates=${2:-100}
passages=${3:-20000}
duration=${4:-20s}
connections=${5:-50}
dir=$(mktemp -d /tmp/fk-passages.XXXXXX)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

db=${FK_WRK_DB:-$dir/demo.db}
stdbuf -oL "$bin" demo --db "$db" --population "${FK_WRK_POPULATION:-20000}" --listen 127.0.0.1:0 \
  >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 6000); do
  if grep -q '^Serving http://' "$dir/server.log"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$dir/server.log" >&2; exit 1; fi
  sleep 0.1
done
base=$(grep -o '^Serving http://[0-9.]*:[0-9]*' "$dir/server.log" | head -1 | sed 's/^Serving //')
[ -n "$base" ] || { echo "run-passages-http: the server did not start" >&2; exit 1; }

# The gates, the grid's residents and the grid worker's token (python3: JSON).
python3 - "$base" "$gates" >"$dir/setup.env" <<'PY'
import json, sys, urllib.request
base, gates = sys.argv[1], int(sys.argv[2])
def call(method, path, token=None, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={'Content-Type': 'application/json',
                                          **({'Authorization': 'Bearer ' + token} if token else {})})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)
def login(user):
    return call('POST', '/api/v1/auth/login', body={'username': user, 'password': 'fangkong-demo'})['token']
officer, guard = login('community'), login('grid')
grid = '420102001001001'  # the demo's first grid (the "grid" account's)
ids = [call('POST', '/api/v1/checkpoints', officer,
            {'name': f'压测{k + 1}号门', 'kind': 'gate', 'region_code': grid[:12]})['id']
       for k in range(gates)]
people = call('GET', f'/api/v1/residents?region={grid}&limit=200&unmasked=true', officer)['items']
print('FK_TOKEN=' + guard)
print('FK_GATES=' + ','.join(map(str, ids)))
print('FK_PEOPLE=' + ','.join(p['id_number'] for p in people))
PY
set -a; . "$dir/setup.env"; set +a
before=$(sqlite3 "$db" 'SELECT COUNT(*) FROM checkpoint_passages' 2>/dev/null || echo "?")

cat >"$dir/passages.lua" <<'LUA'
-- One guard's phone per connection: a random gate, a person (two thirds) or
-- a vehicle, a fresh client_id; each thread stops after its share of
-- PASSAGES.
local function split(s)
  local out = {}
  for v in string.gmatch(s, "[^,]+") do out[#out + 1] = v end
  return out
end
local gates, people = split(os.getenv("FK_GATES")), split(os.getenv("FK_PEOPLE"))
local threads, counter = {}, 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end
function init(args)
  limit = tonumber(os.getenv("FK_LIMIT"))
  sent, answered, logged = 0, 0, 0
  math.randomseed(tid * 7919)
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("FK_TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  sent = sent + 1
  local gate = gates[math.random(#gates)]
  local body
  local dir = (math.random(2) == 1) and "in" or "out"
  if math.random(3) < 3 then
    body = string.format('{"direction":"%s","subject":"person","id_number":"%s","temperature":36.%d,"client_id":"bench-%d-%08d"}',
      dir, people[math.random(#people)], math.random(0, 9), tid, sent)
  else
    body = string.format('{"direction":"%s","subject":"vehicle","plate":"鄂A%05d","client_id":"bench-%d-%08d"}',
      dir, math.random(0, 99999), tid, sent)
  end
  return wrk.format(nil, "/api/v1/checkpoints/" .. gate .. "/passages", nil, body)
end
function response(status, headers, body)
  answered = answered + 1
  if status == 201 then
    logged = logged + 1
  elseif not told then
    told = true
    io.write(string.format("first refusal (thread %d): %d %s\n", tid, status, body))
  end
  if answered >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local all = 0
  for _, t in ipairs(threads) do all = all + t:get("logged") end
  io.write(string.format("passages answered 201: %d\n", all))
end
LUA
echo "wrk -t2 -c$connections -d$duration --latency: $gates gates, at most $passages passages, $base"
FK_LIMIT=$((passages / 2)) timeout 300 wrk -t2 -c"$connections" -d"$duration" --latency -s "$dir/passages.lua" "$base"
after=$(sqlite3 "$db" 'SELECT COUNT(*) FROM checkpoint_passages' 2>/dev/null || echo "?")
echo "passages in the database: $before before, $after after"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
