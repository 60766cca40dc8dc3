#!/usr/bin/env bash
# Server CPU per request (docs/performance.md "HTTP API", "Where the time goes"): the figure that does not
# depend on how busy the shared machine is. Starts the Release `renofee serve` like bench/load_wrk.sh (fresh
# SQLite file, a financier key), runs wrk for DURATION at CONNECTIONS connections on GET /healthz and then on
# POST /v1/quotes (the five sample offers rotated, bench/wrk_renofee.lua), and divides the server process's
# utime + stime over each run (/proc/PID/stat) by the requests wrk completed.
# Usage: [OFFERS="a.json b.json"] bench/server_cpu.sh [DURATION=10s] [CONNECTIONS=8] [BUILD_DIR=build] [SERVER_THREADS=64]
# (OFFERS: the offers to rotate instead of all five samples)
set -euo pipefail
duration=${1:-10s}
connections=${2:-8}
build=${3:-build}
threads=${4:-64}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
. "$here/serve_lib.sh"
start_renofee_server server_cpu
offers=${OFFERS:-$(ls "$src"/contracts/*.json | tr "\n" " ")}
curl -sf "$base/healthz" >/dev/null
tick=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
measure() {  # name, then env assignments for wrk
  local name=$1 path=$2 before after line requests
  before=$(cpu_ticks)
  line=$(env "${@:3}" wrk -t2 -c"$connections" -d"$duration" -s "$here/wrk_renofee.lua" "$base$path" | grep '^RESULT')
  after=$(cpu_ticks)
  requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
  awk -v n="$name" -v r="$requests" -v t=$((after - before)) -v hz="$tick" -v l="$line" \
    'BEGIN { printf "%-16s %8d requests  server CPU %7.2f s  %7.1f us/request  (%s)\n", n, r, t / hz, t / hz / r * 1e6, l }'
}
echo "load before: $(uptime | sed 's/.*load average: //')"
measure "GET /healthz" /healthz
measure "POST /v1/quotes" /v1/quotes RENOFEE_OFFERS="$offers" RENOFEE_KEY="$key"
echo "load after: $(uptime | sed 's/.*load average: //')"
