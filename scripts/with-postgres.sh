#!/usr/bin/env bash
# Runs CMD with a throwaway PostgreSQL server: scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a cluster in a fresh temp dir (initdb), starts it on a free local TCP port on 127.0.0.1 with its unix
# socket in the same temp dir (so it never touches /var/run/postgresql or a system cluster), creates the
# database renofee_test, exports RENOFEE_TEST_PG_URL=postgresql://renofee@127.0.0.1:PORT/renofee_test, runs
# CMD, and on any exit (also Ctrl-C or a failing CMD) stops the server and deletes the directory. CMD's exit
# code is the script's.
#
# Installs nothing: the Debian package `postgresql` (scripts/packages.txt) provides the binaries. PostgreSQL
# refuses to run as root, so as root the server runs as the `postgres` system user (created by the package);
# as any other user it runs as that user. Authentication is `trust` on 127.0.0.1 and the socket only.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

pg_bin=${PG_BIN:-}
if [ -z "$pg_bin" ]; then
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && pg_bin=$dir
  done
fi
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || {
  echo "with-postgres: initdb not found (install the Debian package postgresql: scripts/install-deps.sh)" >&2
  exit 1
}

run_as=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "with-postgres: running as root but there is no postgres user" >&2; exit 1; }
  if command -v runuser >/dev/null; then run_as=(runuser -u postgres --); else run_as=(su postgres -s /bin/sh -c); fi
fi
# as_server CMD...: runs CMD as the user that owns the cluster.
as_server() {
  if [ ${#run_as[@]} -eq 0 ]; then "$@"
  elif [ "${run_as[0]}" = runuser ]; then "${run_as[@]}" "$@"
  else "${run_as[@]}" "$(printf '%q ' "$@")"
  fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/renofee-pg.XXXXXX")
chmod 755 "$tmp"
[ ${#run_as[@]} -eq 0 ] || chown postgres "$tmp"
data="$tmp/data"
started=0
cleanup() {
  local rc=$?
  if [ "$started" -eq 1 ]; then as_server "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free port: ask the kernel for one, then hand it to the server (a race is possible but harmless: the start
# fails visibly and the caller retries).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

as_server "$pg_bin/initdb" -D "$data" -U renofee -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2; exit 1; }
started=1
as_server "$pg_bin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c full_page_writes=off -c max_connections=50" \
  start >/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U renofee renofee_test

export RENOFEE_TEST_PG_URL="postgresql://renofee@127.0.0.1:$port/renofee_test"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') at $RENOFEE_TEST_PG_URL (data in $tmp)"
set +e
"$@"
rc=$?
set -e
exit $rc
