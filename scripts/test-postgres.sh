#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests and the multi-instance benchmark (Debian's postgresql
# package; no Docker). Usage:
#   scripts/test-postgres.sh start   # initdb in $PGTEST_DIR (default /tmp/investigator-pg), start on $PGTEST_PORT (55432)
#   scripts/test-postgres.sh stop    # stop it and delete its folder
#   scripts/test-postgres.sh url     # print the connection string the tests read from INVESTIGATOR_TEST_POSTGRES
# PGTEST_DURABLE=1 keeps PostgreSQL's default durability (fsync, synchronous commit) for benchmarks.
# Run as root it runs the server as the 'postgres' user (initdb refuses root).
set -euo pipefail
dir="${PGTEST_DIR:-/tmp/investigator-pg}"
port="${PGTEST_PORT:-55432}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }

as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then echo "already running on port $port"; exit 0; fi
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U investigator --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Loopback only, sockets in the folder; for tests, no fsync (durability is not what they test).
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${PGTEST_DURABLE:-0}" = "1" ] && fast=""
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 $fast" start >/dev/null
    echo "PostgreSQL on 127.0.0.1:$port (log $dir/server.log)"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  url)
    echo "Host=127.0.0.1;Port=$port;Username=investigator;Database=postgres"
    ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
