#!/usr/bin/env bash
# End-to-end test of the annual reconciliation (also a savings guarantee on a CalTRACK daily baseline, with
# days without weather): contract -> readings (DSMR P1 telegrams and CSV) ->
# weather of station 348 (synthetic, KNMI format, tests/data/knmi) -> reconcile -> report -> ledger -> statement, on a SQLite
# file and, when RENOFEE_TEST_PG_URL is set (make test), on PostgreSQL. Every figure is checked against
# tests/data/e2e/expected.json, computed independently by scripts/gen_reconcile_e2e.py with python's decimal.
# Also: reports are byte-identical across runs and across SQLite and PostgreSQL; a changed reading changes the
# hash and is refused unless stored as a correction (v2, with reversal postings; v1 stays readable); a year
# without data is refused naming what is missing and posts nothing; fees reach the ledger through
# `renofee post-fees` only, once, and a statement writes nothing; a ledger row edited behind renofee's back
# makes `renofee ledger verify` fail naming the entry.
# usage: reconcile_e2e_test.sh RENOFEE_BINARY SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
data=$src/tests/data/e2e
knmi=$src/tests/data/knmi/synthetic_348_2023_2026.txt  # synthetic weather (scripts/gen_weather.py)
work=$(mktemp -d)
# shellcheck source=e2e_lib.sh
source "$src/tests/e2e/e2e_lib.sh"

# json_check FILE PYTHON-EXPRESSION LABEL [EXPECTED]: the expression sees `doc` (the JSON file), `exp` (EXPECTED,
# default expected.json) and `fig` (the first guarantee's figures by name, as decimals, when doc is a report).
json_check() {
  if python3 - "$1" "${4:-$data/expected.json}" "$2" <<'PY'
import json, sys
from decimal import Decimal as D
doc = json.load(open(sys.argv[1]))
exp = json.load(open(sys.argv[2]))
fig = {f["name"]: D(f["value"]) for f in doc["guarantees"][0]["figures"]} if doc.get("guarantees") else {}
result = eval(sys.argv[3])
if not result:
    print("  expression false:", sys.argv[3])
sys.exit(0 if result else 1)
PY
  then ok "$3"; else bad "$3"; fi
}

run_backend() {  # run_backend LABEL DB_URL
  local label=$1 url=$2 out=$work/$1
  mkdir -p "$out"
  r() { "$bin" "$@" --db "$url"; }
  echo "--- backend $label"
  expect_exit 0 "$label: contract create nom-e2e" r contract create "$data/nom-e2e.json" --tariffs "$src/tariffs"
  expect_exit 1 "$label: creating it again is refused" r contract create "$data/nom-e2e.json"
  expect_text "$work/err" "exists" "$label: ... saying the contract exists"
  expect_exit 0 "$label: contract create epv-e2e" r contract create "$data/epv-e2e.json"
  expect_exit 0 "$label: P1 telegrams imported" r import readings --contract nom-e2e --format p1 "$data/nom-p1.txt"
  expect_exit 0 "$label: NOM submeter CSV imported" r import readings --contract nom-e2e "$data/nom-submeters.csv"
  expect_exit 0 "$label: EPV submeter CSV imported" r import readings --contract epv-e2e "$data/epv-submeters.csv"
  expect_exit 1 "$label: year 1 without weather is refused" r reconcile --contract nom-e2e --year 1 --tariffs "$src/tariffs"
  expect_text "$work/err" "temperature (TG) at station 348: 365 day(s) missing (2024-03-01, 2024-03-02" "$label: ... listing the missing days"
  expect_exit 0 "$label: synthetic station-348 weather imported" r import weather "$knmi"

  # Missing data first: nothing may be posted.
  expect_exit 1 "$label: year 2 without readings is refused" r reconcile --contract nom-e2e --year 2 --tariffs "$src/tariffs"
  expect_text "$work/err" "missing: electricity_import" "$label: ... naming the missing import readings"
  expect_text "$work/err" "Nothing was stored or posted" "$label: ... and saying nothing was stored"
  expect_exit 1 "$label: a year that is not over is refused" r reconcile --contract nom-e2e --year 3 --tariffs "$src/tariffs"
  expect_text "$work/err" "is not over" "$label: ... saying so"
  r ledger list --contract nom-e2e >"$out/ledger-empty.txt" 2>&1
  if [ ! -s "$out/ledger-empty.txt" ]; then ok "$label: nothing was posted by refused runs"; else bad "$label: ledger not empty"; cat "$out/ledger-empty.txt"; fi

  expect_exit 0 "$label: dry run" r reconcile --contract nom-e2e --year 1 --dry-run --tariffs "$src/tariffs"
  expect_text "$work/out" "dry run, nothing stored" "$label: ... stores nothing"
  expect_exit 0 "$label: reconcile NOM year 1" r reconcile --contract nom-e2e --year 1 --tariffs "$src/tariffs"
  expect_text "$work/out" "report version 1 stored" "$label: ... stores version 1"
  expect_exit 0 "$label: report json" r report --contract nom-e2e --year 1 --format json
  cp "$work/out" "$out/nom-v1.json"
  json_check "$out/nom-v1.json" 'D(doc["inputs"]["metered"]["electricity_import"]["value"]) == D(exp["nom"]["import"])' "$label: import use = expected"
  json_check "$out/nom-v1.json" 'D(doc["inputs"]["metered"]["electricity_export"]["value"]) == D(exp["nom"]["export"])' "$label: export use = expected"
  json_check "$out/nom-v1.json" 'D(doc["inputs"]["metered"]["heat_pump"]["value"]) == D(exp["nom"]["heat_pump"])' "$label: heat pump use = expected"
  json_check "$out/nom-v1.json" 'not doc["inputs"]["metered"]["electricity_import"]["estimated"]' "$label: boundaries on readings are not estimated"
  json_check "$out/nom-v1.json" 'D(doc["inputs"]["weather"]["348"]["weighted_degree_days"]) == D(exp["nom"]["actual_wdd"])' "$label: station 348 weighted degree days = expected"
  json_check "$out/nom-v1.json" 'D(doc["inputs"]["metered"]["pv_generation"]["value"]) == D(exp["nom"]["pv_generation"])' "$label: PV generation = expected"
  json_check "$out/nom-v1.json" 'D(doc["guarantees"][0]["guaranteed"]) == D(exp["nom"]["required"])' "$label: required use (W' + household in bundle) = expected"
  json_check "$out/nom-v1.json" 'D(doc["guarantees"][0]["shortfall"]) == D(exp["nom"]["shortfall"])' "$label: normalised shortfall = expected"
  json_check "$out/nom-v1.json" '{f["name"]: D(f["value"]) for f in doc["guarantees"][0]["figures"]}["W_normalised"] == D(exp["nom"]["heat_pump_normalised"])' "$label: normalised heat-pump use among the figures"
  json_check "$out/nom-v1.json" '{f["name"]: D(f["value"]) for f in doc["guarantees"][0]["figures"]}["H"] == D(exp["nom"]["household"])' "$label: household use among the figures"
  json_check "$out/nom-v1.json" 'doc["settlement"]["compensation_eur"] == exp["nom"]["compensation"]' "$label: NOM compensation = expected"
  json_check "$out/nom-v1.json" 'doc["guarantees"][0]["status"] == "shortfall" and doc["year"]["begin"] == "2024-03-01"' "$label: status and period"

  expect_exit 0 "$label: reconcile again" r reconcile --contract nom-e2e --year 1 --tariffs "$src/tariffs"
  expect_text "$work/out" "unchanged" "$label: ... returns the stored report"
  r report --contract nom-e2e --year 1 --format json >"$out/nom-again.json"
  if cmp -s "$out/nom-v1.json" "$out/nom-again.json"; then ok "$label: byte-identical report on a second run"; else bad "$label: report bytes changed"; fi

  expect_exit 0 "$label: reconcile EPV calendar year 2025" r reconcile --contract epv-e2e --year 2025 --tariffs "$src/tariffs"
  r report --contract epv-e2e --year 2025 --format json >"$out/epv-2025.json"
  json_check "$out/epv-2025.json" 'D(doc["inputs"]["metered"]["pv_generation"]["value"]) == D(exp["epv"]["O"])' "$label: EPV O = expected"
  json_check "$out/epv-2025.json" 'D(doc["inputs"]["metered"]["heat_pump"]["value"]) == D(exp["epv"]["W"])' "$label: EPV W = expected"
  json_check "$out/epv-2025.json" 'D(doc["guarantees"][0]["shortfall"]) == D(exp["epv"]["shortfall"])' "$label: EPV shortfall = expected"
  json_check "$out/epv-2025.json" 'doc["inputs"]["tariff"]["cbs_average_price_eur_kwh"] == exp["epv"]["cbs_price"]' "$label: EPV CBS price from nl-2025"
  json_check "$out/epv-2025.json" 'doc["settlement"]["compensation_eur"] == exp["epv"]["compensation"]' "$label: EPV compensation = expected"
  expect_exit 1 "$label: EPV calendar year 2024 (before the contract) is refused" r reconcile --contract epv-e2e --year 2024 --tariffs "$src/tariffs"
  # Savings: the baseline is fitted from 2023-2024 gas readings and the station-348 weather, frozen, then settled.
  expect_exit 0 "$label: contract create savings-e2e (no baseline yet)" r contract create "$data/savings-e2e.json"
  expect_exit 0 "$label: gas readings imported" r import readings --contract savings-e2e "$data/savings-gas.csv"
  expect_exit 1 "$label: savings without a frozen baseline is refused" r reconcile --contract savings-e2e --year 1 --tariffs "$src/tariffs"
  expect_text "$work/err" "(at /guarantees/0/baseline)" "$label: ... naming the baseline's field once (not /guarantees/0/guarantees/0/...)"
  local sv
  sv() { python3 -c "import json;print(json.load(open('$data/expected.json'))['savings']['$1'])"; }
  expect_exit 0 "$label: baseline fit" r baseline fit --contract savings-e2e --from 2023-01 --to 2024-12
  expect_text "$work/out" "use = $(sv per_day) x days + $(sv per_wdd) x weighted degree days" "$label: ... coefficients = python's exact OLS"
  expect_text "$work/out" "CV(RMSE) $(sv cv_rmse_pct)%, NMBE $(sv nmbe_pct)% over 24 months: meets ASHRAE" "$label: ... statistics = python's"
  expect_text "$work/out" "not stored" "$label: ... nothing stored without --accept"
  # Finding 11 of the trust issue: a baseline from after the works (the contract starts 2025-01-01 and gives no
  # works_completed_date) was fitted, judged "meets ASHRAE" and frozen. Now it is refused with the dates, and
  # nothing is stored (the accepted fit below is still version 2).
  expect_exit 1 "$label: a baseline over 2025 (after the works) is refused" r baseline fit --contract savings-e2e --from 2025-01 --to 2025-12 --accept
  expect_text "$work/err" "the baseline period 2025-01-01..2025-12-31 reaches past the completion of the works on 2025-01-01 (the start date, as no works_completed_date is given)" "$label: ... naming both dates"
  expect_exit 1 "$label: a baseline that overlaps the works by one month is refused" r baseline fit --contract savings-e2e --from 2024-02 --to 2025-01
  expect_text "$work/err" "2024-02-01..2025-01-31 reaches past" "$label: ... with its period"
  expect_exit 0 "$label: baseline fit --accept" r baseline fit --contract savings-e2e --from 2023-01 --to 2024-12 --accept
  expect_text "$work/out" "frozen into contract savings-e2e version 2 (effective 2025-01-01)" "$label: ... as contract version 2"
  expect_exit 0 "$label: reconcile savings year 1" r reconcile --contract savings-e2e --year 1 --tariffs "$src/tariffs"
  r report --contract savings-e2e --year 1 --format json >"$out/savings-1.json"
  json_check "$out/savings-1.json" 'doc["contract"]["version"] == 2' "$label: savings settled on the version with the baseline"
  json_check "$out/savings-1.json" 'D(doc["inputs"]["metered"]["gas"]["value"]) == D(exp["savings"]["actual"])' "$label: gas use 2025 = expected"
  json_check "$out/savings-1.json" 'D(doc["inputs"]["weather"]["348"]["weighted_degree_days"]) == D(exp["savings"]["wdd_2025"])' "$label: weighted degree days 2025 = expected"
  json_check "$out/savings-1.json" 'D(doc["guarantees"][0]["shortfall"]) == D(exp["savings"]["shortfall"])' "$label: savings shortfall = expected"
  json_check "$out/savings-1.json" 'doc["settlement"]["compensation_eur"] == exp["savings"]["compensation"]' "$label: savings compensation = expected"

  # Data that arrives for a settled year (trust issue, item 4 and finding 13). A reading of a new meter after
  # the year bears on nothing in it: stored, not marked, and the year reconciles unchanged. A corrected
  # reading inside it is stored and marked against report version 1; reconcile names the upload; a
  # correction settles it as version 2, after which the year is unchanged again.
  printf 'meter_id,channel,timestamp,value\nG-2,gas,2026-03-31T22:00:00Z,10.000\n' >"$work/late-new-meter.csv"
  expect_exit 0 "$label: a new meter's reading after the settled year is stored" r import readings --contract savings-e2e "$work/late-new-meter.csv"
  if grep -q "changes settled year" "$work/out"; then bad "$label: ... and not marked against the settled year"; cat "$work/out"; else ok "$label: ... and not marked against the settled year"; fi
  expect_exit 0 "$label: ... and year 1 reconciles unchanged" r reconcile --contract savings-e2e --year 1 --tariffs "$src/tariffs"
  printf 'meter_id,channel,timestamp,value\nG-1,gas,2025-06-30T22:00:00Z,8660.400\n' >"$work/late-fix.csv"
  expect_exit 0 "$label: a corrected reading inside settled year 1 is stored" r import readings --contract savings-e2e --correction "$work/late-fix.csv"
  expect_text "$work/out" "1 corrected; changes settled year 1 (report version 1) with 1 reading(s): marked for the auditor" "$label: ... and marked for the auditor"
  local late_upload
  late_upload=$(sed -n 's/.*: upload \([0-9]*\):.*/\1/p' "$work/out")
  expect_exit 1 "$label: reconcile of the changed year is refused" r reconcile --contract savings-e2e --year 1 --tariffs "$src/tariffs"
  expect_text "$work/err" "Inputs changed since settlement: upload $late_upload received " "$label: ... naming the late upload"
  expect_text "$work/err" "with 1 reading(s) in the year" "$label: ... and its readings in the year"
  expect_exit 0 "$label: reconcile --correct settles it" r reconcile --contract savings-e2e --year 1 --tariffs "$src/tariffs" --correct "reading of 2025-06-30 corrected by the meter operator"
  r report --contract savings-e2e --year 1 --format json >"$out/savings-1-v2.json"
  json_check "$out/savings-1-v2.json" 'doc["version"]["number"] == 2 and doc["version"]["replaces"] == 1' "$label: ... as report version 2 replacing 1"
  json_check "$out/savings-1-v2.json" 'doc["settlement"]["compensation_eur"] == exp["savings"]["compensation"]' "$label: ... with the same compensation (the year's use did not change)"
  expect_exit 0 "$label: ... after which year 1 is unchanged" r reconcile --contract savings-e2e --year 1 --tariffs "$src/tariffs"

  # Early repayment of the savings contract's loan (free under its terms): principal + accrued + 0 = total.
  expect_exit 0 "$label: payoff quote" r payoff --contract savings-e2e --date 2026-06-15 --format json
  cp "$work/out" "$out/payoff.json"
  json_check "$out/payoff.json" 'doc["instalments_due"] == 18 and doc["days_accrued"] == 14 and doc["days_in_period"] == 30 and doc["early_repayment"] == "free" and D(doc["compensation"]) == 0 and D(doc["total"]) == D(doc["outstanding_principal"]) + D(doc["accrued_interest"])' "$label: payoff adds up (18 instalments due, 14 of 30 days accrued)"
  expect_exit 1 "$label: a payoff after the last instalment is refused" r payoff --contract savings-e2e --date 2040-01-01
  expect_text "$work/err" "(at /date)" "$label: ... naming the date"

  # Savings with a CalTRACK daily baseline (scripts/gen_caltrack_e2e.py, tests/data/e2e/caltrack-expected.json):
  # fitted from the stored readings and station 344's weather, frozen into the contract, and settled day by
  # day; four 2025 days without weather are counted and shown, and the FSU band is the franchise.
  cx=$data/caltrack-expected.json
  cj() { json_check "$1" "$2" "$3" "$cx"; }  # with exp = caltrack-expected.json
  expect_exit 0 "$label: contract create caltrack-e2e (FSU band franchise, no baseline yet)" r contract create "$data/caltrack-e2e.json"
  expect_exit 0 "$label: daily gas readings imported" r import readings --contract caltrack-e2e "$data/caltrack-gas.csv"
  expect_exit 0 "$label: station 344 weather with four blank days imported" r import weather "$src/tests/data/knmi/synthetic_344_2023_2025.txt"
  expect_exit 1 "$label: CalTRACK savings without a baseline is refused" r reconcile --contract caltrack-e2e --year 1 --tariffs "$src/tariffs"
  expect_exit 1 "$label: a CalTRACK window past the works is refused" r baseline fit --contract caltrack-e2e --model caltrack_daily --baseline-end 2025-02-01 --accept
  expect_text "$work/err" "reaches past the completion of the works on 2025-01-01" "$label: ... naming the completion date"
  expect_exit 2 "$label: an unknown model is a usage error" r baseline fit --contract caltrack-e2e --model caltrack_hourly
  expect_exit 0 "$label: CalTRACK daily fit (not stored)" r baseline fit --contract caltrack-e2e --model caltrack_daily
  expect_text "$work/out" "model hdd_only (daily), heating balance point $(python3 -c "import json;print(json.load(open('$cx'))['heating_balance_point_c'])") C" "$label: ... finds the generating balance point"
  expect_text "$work/out" "365 with both: passes" "$label: ... and passes CalTRACK's data sufficiency"
  expect_exit 0 "$label: CalTRACK daily fit --accept" r baseline fit --contract caltrack-e2e --model caltrack_daily --accept
  expect_text "$work/out" "frozen into contract caltrack-e2e version 2 (effective 2025-01-01)" "$label: ... as contract version 2"
  expect_exit 0 "$label: reconcile CalTRACK savings year 1" r reconcile --contract caltrack-e2e --year 1 --tariffs "$src/tariffs"
  r report --contract caltrack-e2e --year 1 --format json >"$out/caltrack-1.json"
  cj "$out/caltrack-1.json" 'doc["contract"]["version"] == 2 and doc["guarantees"][0]["deadband"] == {"mode": "franchise", "percent": "0", "band": "fsu"}' "$label: settled on version 2 with the FSU band as franchise"
  cj "$out/caltrack-1.json" 'abs(fig["baseline_intercept"] - D(exp["intercept"])) <= D("2e-9") and abs(fig["baseline_beta_hdd"] - D(exp["beta_hdd"])) <= D("2e-9") and fig["heating_balance_point"] == D(exp["heating_balance_point_c"])' "$label: frozen coefficients = python reference (2e-9)"
  cj "$out/caltrack-1.json" 'fig["days_counted"] == exp["days_counted"] and fig["days_without_weather"] == 4 and fig["days_without_use"] == 0' "$label: 361 days counted, 4 without weather"
  cj "$out/caltrack-1.json" 'doc["guarantees"][0]["days_left_out"] == {"without_weather": exp["days_without_weather"], "without_use": []}' "$label: the days without weather are listed in the report"
  cj "$out/caltrack-1.json" 'fig["use_on_days_without_weather"] == D(exp["use_left_out"]) and fig["observed"] == D(exp["observed"])' "$label: observed use and the use left out = expected"
  cj "$out/caltrack-1.json" 'all(abs(fig[k] - D(exp[k])) <= D("0.001") for k in ("counterfactual", "avoided", "avoided_band_ols", "avoided_band_fsu", "shortfall", "payable_quantity"))' "$label: avoided use, both bands and the shortfall = expected (0.001 m3)"
  cj "$out/caltrack-1.json" 'fig["guaranteed_savings_counted"] == D(exp["guaranteed_savings_counted"])' "$label: guaranteed savings prorated to the counted days"
  cj "$out/caltrack-1.json" 'doc["settlement"]["compensation_eur"] == exp["compensation"]' "$label: CalTRACK compensation = expected"
  expect_exit 0 "$label: report text" r report --contract caltrack-e2e --year 1
  expect_text "$work/out" "4 day(s) without weather not compared (2025-02-11, 2025-02-12, 2025-07-20, 2025-11-30" "$label: ... shows the days without weather"
  expect_text "$work/out" "FSU at 90% confidence" "$label: ... and avoided use with its band at a stated confidence"
  expect_exit 0 "$label: reconcile CalTRACK again" r reconcile --contract caltrack-e2e --year 1 --tariffs "$src/tariffs"
  expect_text "$work/out" "unchanged" "$label: ... is unchanged (reproducible from the frozen baseline)"

  expect_exit 0 "$label: report csv" r report --contract nom-e2e --year 1 --format csv
  expect_text "$work/out" "contract_id,year,version,report_sha256,guarantee,kind,name,value,unit,estimated,formula" "$label: csv header"
  expect_text "$work/out" ",settlement,compensation_eur,$(python3 -c "import json;print(json.load(open('$data/expected.json'))['nom']['compensation'])"),EUR" "$label: csv compensation row"

  # Fees: posted by the explicit step only (a statement writes nothing), once: contract months 1-12 of year 1
  # (2024-03-01 .. 2025-02-28).
  r statement --contract nom-e2e --year 1 --format json --tariffs "$src/tariffs" >"$out/statement-before-fees.json"
  json_check "$out/statement-before-fees.json" 'doc["fees_eur"] == "0.00" and not [e for e in doc["entries"] if e["kind"] == "fee"]' "$label: a statement posts no fees"
  expect_exit 0 "$label: post-fees through the end of year 1" r post-fees --contract nom-e2e --through 2025-02-28 --tariffs "$src/tariffs"
  expect_text "$work/out" "12 fee(s) posted through 2025-02-28, 0 already posted" "$label: ... posts 12 fees"
  expect_exit 0 "$label: post-fees again" r post-fees --contract nom-e2e --through 2025-02-28 --tariffs "$src/tariffs"
  expect_text "$work/out" "0 fee(s) posted through 2025-02-28, 12 already posted" "$label: ... posts nothing twice"

  # Statement: fees of contract months 1-12 (from the schedule), the compensation, balances.
  "$bin" schedule "$data/nom-e2e.json" --format csv --tariffs "$src/tariffs" >"$out/schedule.csv"
  r ledger list --contract nom-e2e >"$out/ledger-before-statement.txt"
  expect_exit 0 "$label: statement NOM year 1" r statement --contract nom-e2e --year 1 --format json --tariffs "$src/tariffs"
  cp "$work/out" "$out/statement.json"
  r ledger list --contract nom-e2e >"$out/ledger-after-statement.txt"
  if cmp -s "$out/ledger-before-statement.txt" "$out/ledger-after-statement.txt"; then ok "$label: the statement wrote nothing"; else bad "$label: the statement changed the ledger"; fi
  local fees
  fees=$(python3 -c "
import csv
from decimal import Decimal
rows = list(csv.DictReader(open('$out/schedule.csv')))
print(sum((Decimal(r['total']) for r in rows[:12]), Decimal('0.00')))")
  json_check "$out/statement.json" "doc['fees_eur'] == '$fees'" "$label: statement fees = sum of schedule months 1-12 ($fees)"
  json_check "$out/statement.json" 'doc["compensation_eur"] == exp["nom"]["compensation"]' "$label: statement compensation"
  json_check "$out/statement.json" 'doc["opening_balance_eur"] == "0.00" and D(doc["closing_balance_eur"]) == D(doc["fees_eur"]) - D(doc["compensation_eur"])' "$label: statement balances"
  json_check "$out/statement.json" 'len([e for e in doc["entries"] if e["kind"] == "fee"]) == 12' "$label: 12 fee entries in year 1"
  expect_exit 0 "$label: ledger verify" r ledger verify
  expect_text "$work/out" "ledger intact" "$label: ... intact"

  # A changed reading changes the hash: correct one submeter reading in the middle of the year.
  printf 'meter_id,channel,timestamp,value\nHP-1,heat_pump,2024-09-01T22:00:00Z,%s\n' \
    "$(grep '^HP-1,heat_pump,2024-09-01T22:00:00Z' "$data/nom-submeters.csv" | cut -d, -f4 | python3 -c 'import sys;from decimal import Decimal;print(Decimal(sys.stdin.read())+Decimal("0.001"))')" \
    >"$out/correction.csv"
  expect_exit 0 "$label: correction upload" r import readings --contract nom-e2e --correction "$out/correction.csv"
  expect_exit 1 "$label: changed inputs are refused without a reason" r reconcile --contract nom-e2e --year 1 --tariffs "$src/tariffs"
  expect_text "$work/err" "different result" "$label: ... naming both hashes"
  expect_exit 0 "$label: correction stored as version 2" r reconcile --contract nom-e2e --year 1 --correct "heat pump reading of 2024-09-02 corrected" --tariffs "$src/tariffs"
  expect_text "$work/out" "corrects version 1" "$label: ... naming version 1"
  r report --contract nom-e2e --year 1 --format json >"$out/nom-v2.json"
  r report --contract nom-e2e --year 1 --version 1 --format json >"$out/nom-v1-again.json"
  if cmp -s "$out/nom-v1.json" "$out/nom-v1-again.json"; then ok "$label: version 1 stays readable, unchanged"; else bad "$label: version 1 changed"; fi
  if python3 -c "import hashlib,sys;a=open('$out/nom-v1.json','rb').read().rstrip(b'\n');b=open('$out/nom-v2.json','rb').read().rstrip(b'\n');sys.exit(0 if hashlib.sha256(a).digest()!=hashlib.sha256(b).digest() else 1)"; then ok "$label: a changed reading changes the hash"; else bad "$label: same hash after a changed reading"; fi
  json_check "$out/nom-v2.json" 'doc["version"] == {"number": 2, "replaces": 1, "reason": "heat pump reading of 2024-09-02 corrected"}' "$label: v2 names v1 and the reason"
  r ledger list --contract nom-e2e >"$out/ledger.txt"
  local comp
  comp=$(python3 -c "import json;print(json.load(open('$data/expected.json'))['nom']['compensation'])")
  if grep -q $'\treversal\t'"$comp"$'\t' "$out/ledger.txt" && [ "$(grep -c $'\tcompensation\t-'"$comp"$'\t' "$out/ledger.txt")" -eq 2 ]; then
    ok "$label: v1 compensation reversed, v2 compensation posted"
  else bad "$label: ledger after correction"; cat "$out/ledger.txt"; fi
  local sha
  sha=$(python3 -c "import hashlib;print(hashlib.sha256(open('$out/nom-v1.json','rb').read().rstrip(b'\n')).hexdigest())")
  expect_text "$out/ledger.txt" "sha256:$sha" "$label: postings cite the report's SHA-256 (python hashlib over the printed bytes)"
  expect_exit 0 "$label: ledger verify after the correction" r ledger verify

  # Tampering behind renofee's back.
  if [ "$label" = sqlite ]; then
    sqlite3 "$url" "DROP TRIGGER ledger_entries_append_only; UPDATE ledger_entries SET amount_cents = amount_cents + 1 WHERE contract_id = 'nom-e2e' AND sequence = 3;"
  else
    psql "$url" -qc "DROP TRIGGER ledger_entries_append_only ON ledger_entries; UPDATE ledger_entries SET amount_cents = amount_cents + 1 WHERE contract_id = 'nom-e2e' AND sequence = 3;" >/dev/null
  fi
  expect_exit 1 "$label: ledger verify fails after an edit" r ledger verify
  expect_text "$work/out" "BROKEN nom-e2e: entry 3 (row" "$label: ... naming entry 3 of nom-e2e"
  expect_text "$work/out" "ok epv-e2e" "$label: ... while the other contract's chain is intact"
}

run_backend sqlite "$work/renofee.db"
if [ -n "${RENOFEE_TEST_PG_URL:-}" ]; then
  pg_db="reconcile_e2e_$$"
  if psql "$RENOFEE_TEST_PG_URL" -qc "CREATE DATABASE $pg_db" >/dev/null; then
    run_backend postgresql "${RENOFEE_TEST_PG_URL%/*}/$pg_db"
    for f in nom-v1.json nom-v2.json epv-2025.json savings-1.json caltrack-1.json; do
      if cmp -s "$work/sqlite/$f" "$work/postgresql/$f"; then ok "report $f byte-identical on SQLite and PostgreSQL"; else bad "report $f differs between SQLite and PostgreSQL"; fi
    done
  else
    bad "cannot create a PostgreSQL database for the test"
  fi
else
  echo "note: PostgreSQL NOT tested here (RENOFEE_TEST_PG_URL unset; make test sets it)"
fi
finish
