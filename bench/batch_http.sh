#!/usr/bin/env bash
# Batch quotes over HTTP (docs/performance.md "HTTP API", "Batch quotes"): starts the Release `renofee serve`
# like bench/load_wrk.sh (fresh SQLite file, a financier key), posts LINES offer lines (the five sample offers
# in turn, one per line) to POST /v1/quotes/batch with curl, and prints the wall time, offers per second,
# bytes in and out, the summary line, and the server's peak resident set size (VmHWM) before and after:
# memory must not grow with the batch (one line is held at a time). Fails when the summary is not the last
# line or does not count LINES quotes.
# Usage: bench/batch_http.sh [LINES=10000] [BUILD_DIR=build]
# Needs: make build (Release), curl.
set -euo pipefail
lines=${1:-10000}
build=${2:-build}
threads=4
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
. "$here/serve_lib.sh"
start_renofee_server batch_http
python3 - "$src" "$lines" > "$work/batch.ndjson" <<'PY'
import glob, json, sys
offers = [json.dumps(json.load(open(f))) for f in sorted(glob.glob(sys.argv[1] + "/contracts/*.json"))]
for i in range(int(sys.argv[2])):
    print(offers[i % len(offers)])
PY
peak() { awk '/VmHWM/ {print $2 " kB"}' "/proc/$server_pid/status"; }
echo "server peak RSS before: $(peak)"
start=$(date +%s.%N)
curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/x-ndjson' \
  --data-binary @"$work/batch.ndjson" "$base/v1/quotes/batch" -o "$work/answer.ndjson"
end=$(date +%s.%N)
summary=$(tail -n 1 "$work/answer.ndjson")
echo "server peak RSS after:  $(peak)"
awk -v s="$start" -v e="$end" -v n="$lines" -v i="$(stat -c %s "$work/batch.ndjson")" \
  -v o="$(stat -c %s "$work/answer.ndjson")" \
  'BEGIN { printf "%d offers in %.2f s (%.0f offers/s), %d bytes in, %d bytes out\n", n, e - s, n / (e - s), i, o }'
echo "last line: $summary"
[ "$summary" = "{\"summary\":{\"lines\":$lines,\"quoted\":$lines,\"failed\":0}}" ] || { echo "batch_http: unexpected summary" >&2; exit 1; }
