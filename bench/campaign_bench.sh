#!/usr/bin/env bash
# A campaign at scale (docs/performance.md, "Campaigns"): HOMES generated homes of the three committed house
# types (seeded; 55 % tussenwoning, 35 % hoekwoning, 10 % portiekflat), every one derived from its template,
# its offer read by the strict offer reader and quoted with the tariff files, and summed per house type:
# `renofee campaign summary`, timed with its peak memory by /usr/bin/time. Run it at 1,000 and 10,000 homes:
# the memory must not grow with the homes beyond their input line and their few summary figures.
# Then the same homes into the service (campaign add, campaign summary --db), timed the same way.
# usage: bench/campaign_bench.sh BUILD_DIR [HOMES=10000] [WORK_DIR=/tmp/renofee-campaign-bench]
set -euo pipefail
build=${1:?usage: bench/campaign_bench.sh BUILD_DIR [HOMES] [WORK_DIR]}
homes=${2:-10000}
work=${3:-/tmp/renofee-campaign-bench}
cd "$(dirname "$0")/.."
mkdir -p "$work"
python3 - "$homes" "$work/homes-$homes.csv" <<'PY'
import random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261204)
rows = ["postcode,number,bag_id,house_type,floor_area_m2,build_year,tenure,facade_m2,roof_m2,pv_kwp,electricity_kwh,gas_m3,use_source"]
for i in range(n):
    r = rng.random()
    t = "tussenwoning-1965-1974" if r < 0.55 else "hoekwoning-1965-1974" if r < 0.9 else "portiekflat-1960-1970"
    floor = rng.randint(50, 80) if t.startswith("portiek") else rng.randint(70, 130)
    postcode = f"{3500 + i // 500} {chr(65 + (i // 26) % 26)}{chr(65 + i % 26)}"
    rows.append(f"{postcode},{i % 500 + 1},,{t},{floor},{rng.randint(1960, 1974)},owner,,,,{rng.randint(1800, 4200)},"
                f"{rng.randint(700, 1900)},{'meter' if i % 3 == 0 else 'declared'}")
open(out, "w").write("\n".join(rows) + "\n")
PY
/usr/bin/time -f "campaign summary of $homes homes: %e s wall, %U s user, %M KiB peak" \
  "$build/src/main/renofee" campaign summary --template contracts/templates/tussenwoning-1965-1974.json \
  --template contracts/templates/hoekwoning-1965-1974.json --template contracts/templates/portiekflat-1960-1970.json \
  --homes "$work/homes-$homes.csv" --campaign bench --start 2027-03-01 --format json >"$work/summary-$homes.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('groups:', [(g['group'], g['homes']) for g in d['groups']])" \
  "$work/summary-$homes.json"
# The same homes into the service's store (docs/campaigns.md, "Campaigns in the service"): `renofee campaign add`
# derives, quotes and stores every home with its share token in one transaction, then `campaign summary --db`
# quotes the stored offers again. A fresh SQLite file each run.
db="$work/campaign-$homes.db"
rm -f "$db" "$db-wal" "$db-shm"
"$build/src/main/renofee" campaign create --campaign bench --name bench --start 2027-03-01 --db "$db" >/dev/null
/usr/bin/time -f "campaign add of $homes homes into SQLite: %e s wall, %U s user, %M KiB peak" \
  "$build/src/main/renofee" campaign add --campaign bench --homes "$work/homes-$homes.csv" --db "$db" \
  >"$work/links-$homes.csv" 2>"$work/add-$homes.err" || { cat "$work/add-$homes.err"; exit 1; }
tail -1 "$work/add-$homes.err"
/usr/bin/time -f "campaign summary of $homes stored homes: %e s wall, %U s user, %M KiB peak" \
  "$build/src/main/renofee" campaign summary --campaign bench --db "$db" --format json >"$work/stored-$homes.json"
python3 -c "
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert a['groups'] == b['groups'], 'the stored summary differs from the file summary'
print('the stored summary equals the file summary')" "$work/summary-$homes.json" "$work/stored-$homes.json"
