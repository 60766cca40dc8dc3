#!/usr/bin/env bash
# `renofee campaign offers` end to end (docs/campaigns.md): three homes of one house type from
# tests/data/campaign/homes-3.csv with the three committed templates; every offer quotes and becomes a contract
# as it is; two runs give the same bytes; bad input (an unknown house type, a duplicate address, a template with
# a negative cost) writes no file and names the row and field. Then a plan in steps (renofee plan steps).
# usage: campaign_test.sh RENOFEE SOURCE_DIR
set -uo pipefail
renofee=$1
src=$2
work=$(mktemp -d)
source "$src/tests/e2e/e2e_lib.sh"
cd "$src"
templates=(--template contracts/templates/tussenwoning-1965-1974.json
           --template contracts/templates/hoekwoning-1965-1974.json
           --template contracts/templates/portiekflat-1960-1970.json)
run() {  # run HOMES OUT [more flags]
  local homes=$1 out=$2; shift 2
  "$renofee" campaign offers "${templates[@]}" --homes "$homes" --campaign lombok --start 2027-03-01 --out "$out" "$@"
}
expect_exit 0 "three homes" run tests/data/campaign/homes-3.csv "$work/a"
expect_text "$work/out" "3 offers written" "says how many"
[ "$(ls "$work/a" | wc -l)" -eq 6 ] && ok "an offer and a trace per home" || bad "files: $(ls "$work/a")"
expect_exit 0 "again" run tests/data/campaign/homes-3.csv "$work/b"
if diff -r "$work/a" "$work/b" >/dev/null; then ok "the same bytes twice"; else bad "two runs differ"; fi
for offer in "$work"/a/lombok-*[0-9a-z].json; do
  case $offer in *.trace.json) continue ;; esac
  expect_exit 0 "quote $(basename "$offer")" "$renofee" quote "$offer"
  expect_exit 0 "contract $(basename "$offer")" "$renofee" contract create "$offer" --db "$work/c.db"
done
python3 - "$work/a/lombok-3521ab-12.json" "$work/a/lombok-3521ab-12.trace.json" <<'PY' || bad "the offer and its trace"
import json, sys
offer, trace = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ref = json.load(open("tests/data/campaign/template_reference.json"))["homes"][0]
assert [m["cost"] for m in offer["measures"]] == ref["measure_costs"], offer["measures"]
assert offer["expected_use"]["after"]["pv_generation_kwh"] == ref["after"]["pv_generation_kwh"]
fields = {t["field"] for t in trace}
assert {"/measures/0/cost", "/subsidies/0/amount", "/expected_use/after/electricity_import_kwh"} <= fields, fields
assert all(t["rule"] for t in trace)
print("ok   the offer equals the reference and every figure has its rule")
PY
# Bad input: nothing written, the row and field named.
cp tests/data/campaign/homes-3.csv "$work/unknown.csv"
echo "3521 AB,18,,vrijstaand-2000,140,2001,owner,,,,3000,1500,declared" >>"$work/unknown.csv"
expect_exit 1 "an unknown house type" run "$work/unknown.csv" "$work/d"
expect_text "$work/err" "row 5: no template for house type 'vrijstaand-2000'" "names the row and the type"
[ ! -e "$work/d" ] && ok "nothing written" || bad "files written for a refused campaign"
cp tests/data/campaign/homes-3.csv "$work/dup.csv"
echo "3521AB,14,,tussenwoning-1965-1974,100,1968,owner,,,,3000,1500,declared" >>"$work/dup.csv"
expect_exit 2 "a duplicate address" run "$work/dup.csv" "$work/e"
expect_text "$work/err" "row 5: the address 3521AB 14 is on row 3 already" "names both rows"
[ ! -e "$work/e" ] && ok "nothing written" || bad "files written for a refused campaign"
sed 's/"145.00"/"-145.00"/' contracts/templates/tussenwoning-1965-1974.json >"$work/negative.json"
expect_exit 2 "a negative cost rule" "$renofee" campaign offers --template "$work/negative.json" \
  --homes tests/data/campaign/homes-3.csv --campaign lombok --start 2027-03-01 --out "$work/f"
expect_text "$work/err" "/measures/0/cost/amount" "names the field"
# The summary of a street of 40 homes of three types (generated here, seeded): per type and in total, the
# portiekflat group of 4 homes shows its count only, and the total's sums equal the sums of the quotes.
python3 - "$work/street40.csv" <<'PY'
import random, sys
rng = random.Random(7)
rows = ["postcode,number,bag_id,house_type,floor_area_m2,build_year,tenure,facade_m2,roof_m2,pv_kwp,electricity_kwh,gas_m3,use_source"]
types = ["tussenwoning-1965-1974"] * 22 + ["hoekwoning-1965-1974"] * 14 + ["portiekflat-1960-1970"] * 4
for i, t in enumerate(types):
    floor = rng.randint(50, 80) if t.startswith("portiek") else rng.randint(70, 130)
    rows.append(f"3521 AB,{2 * i + 1},,{t},{floor},{rng.randint(1960, 1974)},owner,,,,{rng.randint(1800, 4200)},"
                f"{rng.randint(700, 1900)},{'meter' if i % 3 == 0 else 'declared'}")
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
expect_exit 0 "street of 40: offers" run "$work/street40.csv" "$work/street"
expect_exit 0 "street of 40: summary" "$renofee" campaign summary "${templates[@]}" --homes "$work/street40.csv" \
  --campaign lombok --start 2027-03-01 --format json
cp "$work/out" "$work/summary.json"
for offer in "$work"/street/lombok-*.json; do
  case $offer in *.trace.json) continue ;; esac
  "$renofee" quote "$offer" >"${offer%.json}.quote"
done
python3 - "$work/summary.json" "$work/street" <<'PY' || bad "the summary"
import glob, json, sys
from decimal import Decimal as D
s = json.load(open(sys.argv[1]))
groups = {g["group"]: g for g in s["groups"]}
assert groups["portiekflat-1960-1970"] == {"group": "portiekflat-1960-1970", "homes": 4, "shown": False}, groups
# The total minus the shown groups would give the 4 flats: the next smallest group is hidden with them.
assert groups["hoekwoning-1965-1974"] == {"group": "hoekwoning-1965-1974", "homes": 14, "shown": False}, groups
assert groups["total"]["homes"] == 40 and groups["total"]["shown"]
quotes = [json.load(open(q)) for q in glob.glob(sys.argv[2] + "/*.quote")]
assert len(quotes) == 40
assert D(groups["total"]["principal"]) == sum(D(q["principal"]) for q in quotes), groups["total"]["principal"]
assert "NTA 8800" in s["co2_factors"]
typed = D(groups["tussenwoning-1965-1974"]["principal"])
assert typed < D(groups["total"]["principal"])  # the hidden groups are in the total, not shown on their own
print("ok   the summary: groups under 5 hidden (and the next smallest with them), the total the sum of the 40 quotes")
PY

# A plan in steps beside the integral plan (tests/data/campaign/plan-3521ab-12.json): the totals and APRs of
# scripts/gen_stepwise_reference.py, the warning for a heat pump before the insulation, and a step dated
# before the plan starts refused naming its field.
expect_exit 0 "plan in steps" "$renofee" plan steps tests/data/campaign/plan-3521ab-12.json --format json
python3 - "$work/out" <<'PY' || bad "the plan's figures"
import json, sys
p = json.load(open(sys.argv[1]))
ref = {}
for line in open("tests/data/stepwise_reference.txt"):
    part = line.strip().split("|")
    ref[(part[1], part[2])] = part[3:]
assert p["steps_total"]["total_payments"] == ref[("three-steps", "totals")][1], p["steps_total"]
assert p["integral_total"]["total_payments"] == ref[("integral", "totals")][1], p["integral_total"]
assert p["steps_total"]["annual_rate"] == ref[("three-steps", "apr")][0]
assert p["integral_total"]["annual_rate"] == ref[("integral", "apr")][0]
assert [s["monthly_payment"] for s in p["steps"]] == ref[("three-steps", "steps")][0].split(","), p["steps"]
assert p["years"][3]["steps_monthly"] == "163.51" and p["years"][0]["integral_monthly"] == "208.12"
assert p["warnings"] == []
print("ok   the plan's payments, totals and APRs equal the reference")
# Energy and CO2 by hand (steps at months 0, 36 and 60: whole years): years 1-3 after the insulation, 767 m3 and
# 2,650 kWh: 767 x 1.780 + 2,650 x 0.34 = 2,266.26 kg; years 4-5 after the heat pump, 4,420 kWh: 1,502.80 kg;
# from year 6 with PV, 2,370.7 - 4,781.7 = -2,411 kWh: -819.74 kg, every year of the integral plan too.
from decimal import Decimal as D
co2 = [D(y["steps_co2_kg"]) for y in p["years"]]
assert co2[:3] == [D("2266.26")] * 3 and co2[3:5] == [D("1502.80")] * 2 and co2[5:] == [D("-819.74")] * 25, co2[:7]
assert all(D(y["integral_co2_kg"]) == D("-819.74") for y in p["years"])
assert D(p["energy_total"]["steps_co2_kg"]) == 3 * D("2266.26") + 2 * D("1502.80") + 25 * D("-819.74")
assert D(p["energy_total"]["steps_gas_m3"]) == 3 * 767 and D(p["energy_total"]["integral_gas_m3"]) == 0
print("ok   energy and CO2 per year in steps and all at once, worked by hand")
PY
python3 - tests/data/campaign/plan-3521ab-12.json "$work/swapped.json" "$work/early.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
swapped = json.loads(json.dumps(plan))
swapped["steps"][0]["measures"], swapped["steps"][1]["measures"] = plan["steps"][1]["measures"], plan["steps"][0]["measures"]
swapped["steps"][0]["subsidies"], swapped["steps"][1]["subsidies"] = plan["steps"][1]["subsidies"], plan["steps"][0]["subsidies"]
json.dump(swapped, open(sys.argv[2], "w"))
plan["steps"][1]["date"] = "2025-05-01"
json.dump(plan, open(sys.argv[3], "w"))
PY
expect_exit 0 "a heat pump first" "$renofee" plan steps "$work/swapped.json"
expect_text "$work/out" "warning: de warmtepomp (stap 1) komt voor de isolatie (stap 2)" "warns about the order"
expect_exit 2 "a step before the plan starts" "$renofee" plan steps "$work/early.json"
expect_text "$work/err" "/steps/1/date" "names the step's date"
python3 -c "
import json, sys
p = json.load(open(sys.argv[1])); del p['steps'][1]['use_after']; json.dump(p, open(sys.argv[2], 'w'))" \
  tests/data/campaign/plan-3521ab-12.json "$work/half-use.json"
expect_exit 2 "use after on some steps only" "$renofee" plan steps "$work/half-use.json"
expect_text "$work/err" "/steps/1/use_after" "names the step without it"

# Campaigns in the database from the command line (docs/campaigns.md): create, add (progress and links), a
# new link for a lost letter, the summary from the stored offers equal to the one from the files, bad input.
db="sqlite:$work/campaigns.db"
python3 scripts/gen_street.py "$work/street-cli.csv"
expect_exit 0 "campaign create" "$renofee" campaign create --campaign lombok --name "Lombok-Oost" --start 2027-03-01 --db "$db"
expect_exit 2 "a malformed campaign id" "$renofee" campaign create --campaign Lombok --name x --start 2027-03-01 --db "$db"
expect_text "$work/err" "/id" "names the id"
expect_exit 0 "campaign add" "$renofee" campaign add --campaign lombok --homes "$work/street-cli.csv" --db "$db"
expect_text "$work/err" "40 homes quoted" "reports progress"
[ "$(grep -c '^[0-9]*,3521 AB,' "$work/out")" = 40 ] && ok "40 share links" || bad "not 40 share links"
old_link=$(sed -n 2p "$work/out" | cut -d, -f5)
expect_exit 1 "the same street again" "$renofee" campaign add --campaign lombok --homes "$work/street-cli.csv" --db "$db"
expect_text "$work/err" "row 2: the address 3521 AB 1 is in campaign lombok already" "names the row"
expect_exit 0 "a new link" "$renofee" campaign link --campaign lombok --number 1 --db "$db"
new_link=$(cat "$work/out")
case $new_link in "/campaigns/lombok/homes/1?share="*) [ "$new_link" != "$old_link" ] && ok "a different link" || bad "the same link" ;;
  *) bad "link: $new_link" ;; esac
expect_exit 1 "a link for a missing home" "$renofee" campaign link --campaign lombok --number 99 --db "$db"
expect_exit 0 "stored summary" "$renofee" campaign summary --campaign lombok --db "$db" --format json
cp "$work/out" "$work/stored.json"
templates4=("${templates[@]}" --template contracts/templates/twee-onder-een-kap-1965-1974.json)
expect_exit 0 "file summary" "$renofee" campaign summary "${templates4[@]}" --homes "$work/street-cli.csv" \
  --campaign lombok --start 2027-03-01 --format json
python3 -c "import json,sys; a,b=json.load(open(sys.argv[1])),json.load(open(sys.argv[2])); assert a['groups']==b['groups']" \
  "$work/stored.json" "$work/out" && ok "stored summary = file summary" || bad "stored summary differs"
expect_exit 0 "campaign list" "$renofee" campaign list --db "$db"
expect_text "$work/out" "lombok 2027-03-01 40 homes cli" "lists it"
finish
