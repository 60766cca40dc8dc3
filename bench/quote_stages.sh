#!/usr/bin/env bash
# Where a quote's server CPU goes under load (docs/performance.md "HTTP API", "The quote route stage by
# stage"): builds a benchmark-only `renofee` from HEAD with bench/quote_stages.patch applied (never shipped:
# the patch lets POST /v1/quotes stop early when QUOTE_STAGE is set), then for each stage runs wrk on
# GET /healthz and on POST /v1/quotes exactly as bench/load_wrk.sh does (same server flags, same five
# sample offers with the cost varied per request), and prints throughput, p50/p99 and server CPU per
# request (utime + stime of the server process over the run, like bench/server_cpu.sh). Stages:
#   0  key check, body read, then the first request's quote (13 kB) sent as a canned answer
#   1  + the strict offer reader (Poco JSON parse + io::parse_offer_json)
#   2  + the quote computation (app::quote_offer: schedule, APR, bills, guarantees), canned answer
#   3  + the quote's own JSON (io::quote_json_text): the real route
# The differences between stages are the marginal cost of each step inside the loaded server.
# Each round runs the four stages in turn (a fresh server each); with ROUNDS > 1 it also prints the median of
# every column over the rounds, since single runs on a shared virtual machine vary by 10-20%.
# Usage: [ROUNDS=3] bench/quote_stages.sh [DURATION=15s] [CONNECTIONS=32] [SERVER_THREADS=64]
# The patched source and its build live in build-stages/ (git-ignored); a first run compiles the server
# (about 5 minutes on 2 cores, less with ccache). Needs: cmake, ninja, patch, wrk, curl.
set -euo pipefail
duration=${1:-15s}
connections=${2:-32}
threads=${3:-64}
rounds=${ROUNDS:-3}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
stages="$src/build-stages"
command -v wrk >/dev/null || { echo "quote_stages: wrk missing (Debian package wrk)" >&2; exit 1; }

# The patched copy of HEAD. Files are only replaced when their content changed, so a rebuild is incremental.
fresh=$(mktemp -d "${TMPDIR:-/tmp}/renofee-stages.XXXXXX")
git -C "$src" archive HEAD | tar -x -C "$fresh"
patch -s -p1 -d "$fresh" <"$here/quote_stages.patch"
mkdir -p "$stages/src"
(cd "$fresh" && find . -type f -print0) | while IFS= read -r -d '' f; do
  if ! cmp -s "$fresh/$f" "$stages/src/$f"; then
    mkdir -p "$(dirname "$stages/src/$f")"
    cp "$fresh/$f" "$stages/src/$f"
  fi
done
rm -rf "$fresh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$stages/src" -B "$stages/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRENOFEE_BUILD_TESTS=OFF \
  -DRENOFEE_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build "$stages/build" --target renofee >/dev/null

build="$stages/build"
. "$here/serve_lib.sh"
offers=$(ls "$src"/contracts/*.json | tr '\n' ' ')
tick=$(getconf CLK_TCK)
results=()
for round in $(seq 1 "$rounds"); do for stage in 0 1 2 3; do
  export QUOTE_STAGE=$stage
  start_renofee_server quote_stages
  curl -sf "$base/healthz" >/dev/null
  for offer in $offers; do  # the first one also fixes the canned answer of stages 0-2
    curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary "@$offer" \
      "$base/v1/quotes" >/dev/null
  done
  ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
  t0=$(ticks)
  healthz=$(wrk -t2 -c"$connections" -d"$duration" -s "$here/wrk_renofee.lua" "$base/healthz" | grep '^RESULT')
  t1=$(ticks)
  quote=$(RENOFEE_OFFERS="$offers" RENOFEE_KEY="$key" \
    wrk -t2 -c"$connections" -d"$duration" -s "$here/wrk_renofee.lua" "$base/v1/quotes" | grep '^RESULT')
  t2=$(ticks)
  results+=("$round|$stage|$healthz|$quote|$((t1 - t0))|$((t2 - t1))")
  stop_renofee_server
  trap - EXIT
done; done
unset QUOTE_STAGE

echo "renofee $(git -C "$src" rev-parse --short HEAD) + bench/quote_stages.patch, wrk -t2 -c$connections -d$duration, server threads $threads, $rounds round(s)"
python3 - "$tick" "${results[@]}" <<'PY'
import statistics, sys
tick = float(sys.argv[1])
names = ["key check + canned answer", "+ offer reader", "+ quote computation", "+ quote JSON (real route)"]
def parse(line):
    return {k: float(v) for k, v in (f.split("=") for f in line.split()[1:])}
rows = []  # round, stage, healthz/s, quotes/s, ratio, p50 ms, p99 ms, healthz us, quote us, errors
for entry in sys.argv[2:]:
    rnd, stage, h, q, th, tq = entry.split("|")
    h, q = parse(h), parse(q)
    errors = int(sum(r[k] for r in (h, q) for k in ("non2xx", "connect", "read", "write", "timeout")))
    rows.append((int(rnd), int(stage), h["rps"], q["rps"], q["rps"] / h["rps"], q["p50_us"] / 1000,
                 q["p99_us"] / 1000, int(th) / tick / h["requests"] * 1e6, int(tq) / tick / q["requests"] * 1e6,
                 errors))
header = (f"{'stage':<32}{'healthz/s':>10}{'quotes/s':>10}{'ratio':>8}{'p50 ms':>8}{'p99 ms':>8}"
          f"{'healthz us':>11}{'quote us':>10}{'step us':>9}{'errors':>8}")
def show(title, table):
    print(title)
    print(header)
    previous = None
    for r in table:
        step = "" if previous is None else f"{r[8] - previous:+.0f}"
        previous = r[8]
        print(f"{str(r[1]) + ' ' + names[r[1]]:<32}{r[2]:>10.0f}{r[3]:>10.0f}{r[4]:>8.1%}{r[5]:>8.2f}{r[6]:>8.2f}"
              f"{r[7]:>11.1f}{r[8]:>10.1f}{step:>9}{r[9]:>8}")
rounds = sorted({r[0] for r in rows})
for rnd in rounds:
    show(f"round {rnd}", [r for r in rows if r[0] == rnd])
if len(rounds) > 1:
    medians = []
    for stage in range(4):
        mine = [r for r in rows if r[1] == stage]
        medians.append((0, stage, *(statistics.median(r[i] for r in mine) for i in range(2, 9)),
                        sum(r[9] for r in mine)))
    show(f"median of {len(rounds)} rounds (errors: the sum)", medians)
PY
