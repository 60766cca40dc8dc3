#!/usr/bin/env bash
# Writes the synthetic weather files of tests/data/knmi/ (README.md there says what each one is for).
# usage: scripts/gen_test_weather.sh [OUT_DIR]   (default tests/data/knmi; tests/scripts/gen_weather_test.py
# writes them to a temporary directory and requires the committed files to be byte-identical)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-tests/data/knmi}
gen="python3 scripts/gen_weather.py"
$gen --station 260 --from 2010 --to 2014 --layout short --gaps none \
  --blank ALL:2014-02-10:2014-02-12 --blank TG:2014-03-05:2014-03-05 --out "$out/synthetic_260_2010_2014.txt"
$gen --station 348 --from 2014 --to 2014 --layout long --gaps none --out "$out/synthetic_348_2014.txt"
$gen --station 348 --from 1987 --to 1987 --last-day 1987-01-31 --layout long --gaps none \
  --blank ALL:1987-01-01:1987-01-06 --blank ALL:1987-01-20:1987-01-21 --blank Q:1987-01-08:1987-01-19 \
  --out "$out/synthetic_348_198701.txt"
$gen --station 348 --from 2023 --to 2026 --layout long --gaps none --out "$out/synthetic_348_2023_2026.txt"
# Station 344 (Rotterdam) with TG blank on four days of 2025: the CalTRACK savings end-to-end case reports them
# as days without weather (tests/e2e/reconcile_e2e_test.sh, scripts/gen_caltrack_e2e.py).
$gen --station 344 --from 2023 --to 2025 --layout long --gaps none --blank TG:2025-02-11:2025-02-12 \
  --blank TG:2025-07-20:2025-07-20 --blank TG:2025-11-30:2025-11-30 --out "$out/synthetic_344_2023_2025.txt"
