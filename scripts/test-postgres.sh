#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 server for the tests (loopback
# only, trust authentication, fsync off: it holds test data only).
#   scripts/test-postgres.sh start DIR URL_FILE   # writes the server's URL to URL_FILE
#   scripts/test-postgres.sh stop DIR
#   scripts/test-postgres.sh pause DIR    # stops it, keeping its data (a database gone down)
#   scripts/test-postgres.sh resume DIR   # starts it again on the same port
# For benchmarks: FK_PG_FSYNC=on starts it with fsync on (PostgreSQL's
# default, as a real server runs; unset or anything else keeps fsync off), and
# FK_PG_OPTIONS adds server options, e.g. "-c shared_buffers=1GB".
# As root the server runs as the `postgres` user (it refuses to run as root).
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
cmd=${1:?usage: test-postgres.sh start DIR URL_FILE | stop DIR | pause DIR | resume DIR}
dir=${2:?missing DIR}
fsync=off
if [ "${FK_PG_FSYNC:-off}" = on ]; then fsync=on; fi
as=()
if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}

case "$cmd" in
  start)
    url_file=${3:?missing URL_FILE}
    stop
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 0755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    for port in $(seq 55432 55531); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi  # in use
      options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=200 ${FK_PG_OPTIONS:-}"
      if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$options" \
        start >/dev/null 2>&1; then
        echo "$options" >"$dir/options"
        echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$url_file"
        exit 0
      fi
    done
    echo "test-postgres: could not start a server (see $dir/server.log)" >&2
    exit 1
    ;;
  stop)
    stop
    rm -rf "$dir"
    ;;
  pause)
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
    ;;
  resume)
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "$(cat "$dir/options")" start >/dev/null
    ;;
  *)
    echo "usage: test-postgres.sh start DIR URL_FILE | stop DIR | pause DIR | resume DIR" >&2
    exit 2
    ;;
esac
