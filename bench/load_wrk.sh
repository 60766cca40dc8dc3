#!/usr/bin/env bash
# HTTP load test of the API (docs/performance.md "HTTP API"): the Release `renofee serve` on a free port with
# a fresh SQLite file, a financier key from `renofee keys create`, then in the same run, one after the other,
# wrk on GET /healthz (public; runs SELECT 1 on a pooled connection) and on POST /v1/quotes rotating over the
# five sample offers in contracts/ with the first measure's cost varied per request (bench/wrk_renofee.lua;
# key lookup + strict JSON reader + quotes of 120 to 360 months with APR and energy bills), each DURATION at CONNECTIONS connections with 2 wrk threads. Prints throughput and
# p50/p90/p99 latency of both, the quote/healthz throughput ratio, and fails (exit 1) when any request got a
# non-2xx answer or a socket error, or when a target is missed: quote throughput >= 50% of /healthz, quote
# p99 < 10 ms, zero errors.
# Usage: bench/load_wrk.sh [DURATION=60s] [CONNECTIONS=32] [BUILD_DIR=build] [SERVER_THREADS=64]
# Needs: make build (Release), Debian packages wrk and curl.
set -euo pipefail
duration=${1:-60s}
connections=${2:-32}
build=${3:-build}
threads=${4:-64}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
command -v wrk >/dev/null || { echo "load_wrk: wrk missing (Debian package wrk)" >&2; exit 1; }
grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$build/CMakeCache.txt" || echo "load_wrk: warning: $build is not a Release build" >&2
. "$here/serve_lib.sh"
start_renofee_server load_wrk
offers=$(ls "$src"/contracts/*.json | tr '\n' ' ')
# One request of each first, so a broken setup fails here and not after two minutes.
curl -sf "$base/healthz" >/dev/null
for offer in $offers; do
  curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary "@$offer" \
    "$base/v1/quotes" >/dev/null
done

echo "renofee $("$renofee" --version | awk '{print $2}') on $base (server threads $threads), wrk -t2 -c$connections -d$duration"
echo "load before: $(uptime | sed 's/.*load average: //')"
healthz=$(wrk -t2 -c"$connections" -d"$duration" -s "$here/wrk_renofee.lua" "$base/healthz" | grep '^RESULT')
echo "load between: $(uptime | sed 's/.*load average: //')"
quote=$(RENOFEE_OFFERS="$offers" RENOFEE_KEY="$key" \
  wrk -t2 -c"$connections" -d"$duration" -s "$here/wrk_renofee.lua" "$base/v1/quotes" | grep '^RESULT')
echo "load after: $(uptime | sed 's/.*load average: //')"

python3 - "$healthz" "$quote" <<'PY'
import sys
def parse(line):
    return {k: float(v) for k, v in (f.split("=") for f in line.split()[1:])}
h, q = parse(sys.argv[1]), parse(sys.argv[2])
print(f"{'':18}{'requests':>10}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
failures = []
for name, r in (("GET /healthz", h), ("POST /v1/quotes", q)):
    errors = int(r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"])
    print(f"{name:18}{int(r['requests']):>10}{r['rps']:>10.0f}{r['p50_us'] / 1000:>9.2f}{r['p90_us'] / 1000:>9.2f}"
          f"{r['p99_us'] / 1000:>9.2f}{r['max_us'] / 1000:>9.2f}{errors:>8}")
    if errors:
        failures.append(f"{name}: {errors} errors (non-2xx {int(r['non2xx'])}, connect {int(r['connect'])}, "
                        f"read {int(r['read'])}, write {int(r['write'])}, timeout {int(r['timeout'])})")
ratio = q["rps"] / h["rps"]
print(f"quote throughput / healthz throughput = {ratio:.1%} (target >= 50%)")
print(f"quote p99 = {q['p99_us'] / 1000:.2f} ms (target < 10 ms)")
if ratio < 0.5:
    failures.append("quote throughput below 50% of /healthz")
if q["p99_us"] >= 10000:
    failures.append("quote p99 not below 10 ms")
for f in failures:
    print("MISSED:", f)
sys.exit(1 if failures else 0)
PY
