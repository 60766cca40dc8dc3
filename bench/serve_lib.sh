# Sourced by bench/load_wrk.sh and bench/server_cpu.sh: starts the Release `renofee serve` of $build on a free
# port with a fresh SQLite file in a temporary directory, `--threads $threads`, and a financier key made with
# `renofee keys create`. Needs $build, $threads and $src set by the caller; $1 names the caller in messages and
# in the key's label. Sets renofee, work, server_pid, key and base; stops the server (SIGTERM) and removes the
# directory on exit.
start_renofee_server() {
  local who=$1
  renofee="$build/src/main/renofee"
  [ -x "$renofee" ] || { echo "$who: $renofee missing: make build" >&2; exit 1; }
  work=$(mktemp -d "${TMPDIR:-/tmp}/renofee-$who.XXXXXX")
  server_pid=""
  trap stop_renofee_server EXIT
  key=$("$renofee" keys create --role financier --label "$who" --db "$work/renofee.db" 2>/dev/null)
  "$renofee" serve --port 0 --port-file "$work/port" --db "$work/renofee.db" --threads "$threads" \
    --openapi-file "$src/api/openapi.yaml" >/dev/null 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
  [ -s "$work/port" ] || { echo "$who: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
  base="http://127.0.0.1:$(cat "$work/port")"
}

stop_renofee_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
  fi
  rm -rf "$work"
}
