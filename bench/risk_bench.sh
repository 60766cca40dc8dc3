#!/usr/bin/env bash
# The financier's book at scale (docs/performance.md, "Portfolio risk"): synthetic weather of stations 348 and
# 260 for 1987..2025 (scripts/gen_weather.py, KNMI's format, not KNMI data), then renofee_risk_bench on
# CONTRACTS generated contracts in a SQLite file (built once, reused), under /usr/bin/time for the peak memory.
# usage: bench/risk_bench.sh BUILD_DIR [CONTRACTS=100000] [WORK_DIR=/tmp/renofee-risk-bench]
set -euo pipefail
build=${1:?usage: bench/risk_bench.sh BUILD_DIR [CONTRACTS] [WORK_DIR]}
contracts=${2:-100000}
work=${3:-/tmp/renofee-risk-bench}
cd "$(dirname "$0")/.."
mkdir -p "$work"
[ -s "$work/w348.txt" ] || python3 scripts/gen_weather.py --station 348 --from 1987 --to 2025 --layout long \
  --gaps none --out "$work/w348.txt"
[ -s "$work/w260.txt" ] || python3 scripts/gen_weather.py --station 260 --from 1987 --to 2025 --layout short \
  --gaps none --out "$work/w260.txt"
/usr/bin/time -f 'time: %e s wall, %M KiB peak' "$build/bench/renofee_risk_bench" "$contracts" \
  "$work/book-$contracts.db" "$work/w348.txt" "$work/w260.txt"
