#!/usr/bin/env bash
# Weather years for the financier's book in the `make run` demo (docs/guarantees.md "Exposure"): synthetic
# daily weather of stations 348 (Cabauw) and 260 (De Bilt) in KNMI's format (scripts/gen_weather.py: not KNMI
# measurements), generated once next to the database and imported (an import of the same bytes changes
# nothing, so make run may call this every time). Station 348 skips the days the other demo files hold
# (January 1987, 2014, 2023 on: tests/data/knmi), so no import overwrites another. Real KNMI weather instead:
# python3 scripts/knmi_download.py --station 348 --db DB (and 260).
# usage: seed_weather_years.sh RENOFEE DB_PATH
set -euo pipefail
renofee=$1
db=$2
dir=$(dirname "$db")
gen() {  # gen STATION FROM TO LAYOUT
  local out="$dir/weather-$1-$2-$3.txt"
  [ -s "$out" ] || python3 scripts/gen_weather.py --station "$1" --from "$2" --to "$3" --layout "$4" --gaps none \
    --out "$out"
  echo "$out"
}
"$renofee" import weather --db "$db" "$(gen 348 1988 2013 long)" "$(gen 348 2015 2022 long)" \
  "$(gen 260 1987 2025 short)" >/dev/null
echo "weather years: synthetic stations 348 (1988-2013, 2015-2022) and 260 (1987-2025) for the book's risk page"
