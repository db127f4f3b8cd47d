#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests and prints its URL on stdout.
# Installs Debian's postgresql when it is missing. Everything it says goes to stderr, so that
#   url=$(scripts/postgres.sh)
# gets only the URL. Exits non-zero, with the reason on stderr, when it cannot.
set -euo pipefail
port=${FINSAM_TEST_POSTGRES_PORT:-55432}
dir=${FINSAM_TEST_POSTGRES_DIR:-/tmp/finsam-test-postgres}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL saknas; installerar Debians postgresql ..." >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "kan inte installera PostgreSQL utan root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# The server refuses to run as root; run it as the postgres user when we are root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ -f "$dir/data/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  echo "PostgreSQL kör redan i $dir" >&2
else
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  as_pg "$bindir/initdb" -D "$dir/data" -U finsam --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
fi
echo "postgres://finsam@127.0.0.1:$port/postgres"
