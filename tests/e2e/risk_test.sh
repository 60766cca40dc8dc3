#!/usr/bin/env bash
# The financier's book end to end (docs/guarantees.md "Exposure"), on SQLite and, under make test, PostgreSQL:
#   - 39 years of synthetic weather for stations 348 and 260 (scripts/gen_weather.py, KNMI's format, not KNMI
#     data), the sample contracts and the settled e2e cases (scripts/seed_contracts.sh);
#   - `renofee portfolio risk` in json, csv and text: two runs with one seed give the same bytes, another seed
#     other figures, and the SQLite and PostgreSQL outputs are byte-identical;
#   - stress: a named year, the coldest, the darkest, a shifted climate; the parameters are in the output;
#   - bad input (unknown financier, no contracts, missing weather years, an absurd seed or spread, an unknown
#     contract) gets a clear error and nothing on stdout;
#   - every SQL statement of a reconciliation and of the risk run names contract_id, except those on the
#     reference table weather_days and the database-wide event log (docs/scaling.md).
# usage: risk_test.sh RENOFEE SOURCE_DIR
set -uo pipefail
renofee=$1
src=$2
work=$(mktemp -d)
source "$src/tests/e2e/e2e_lib.sh"
cd "$src"

python3 scripts/gen_weather.py --station 348 --from 1987 --to 2025 --layout long --gaps none --out "$work/w348.txt"
python3 scripts/gen_weather.py --station 260 --from 1987 --to 2025 --layout short --gaps none --out "$work/w260.txt"
printf '# the sample book\nnom-tussenwoning\nepv-huurappartement\nhybride-twee-onder-een-kap\nlineair-aflossing\nwarmtefonds-nul-procent\nnom-e2e\nepv-e2e\n' >"$work/book.txt"
risk() {  # risk URL ARGS...: the sample book as of 4 Dec 2026
  local url=$1; shift
  "$renofee" portfolio risk --contracts "$work/book.txt" --as-of 2026-12-04 --db "$url" "$@"
}

# The statements of a trace that touch contract-keyed tables without naming contract_id.
check_trace() {  # check_trace FILE LABEL
  python3 - "$1" <<'PY' >"$work/trace_check" 2>&1
import re, sys
allowed = ("weather_days", "audit_events", "audit_head", "schema_migrations")
bad, seen = [], 0
for line in open(sys.argv[1], encoding="utf-8"):
    sql = line.strip()
    if not sql or not re.match(r"(?i)(select|insert|update|delete|with)\b", sql):
        continue
    seen += 1
    tables = set(re.findall(r"(?i)\b(?:from|join|into|update)\s+([a-z_0-9]+)", sql))
    if tables and tables <= set(allowed):
        continue
    if "contract_id" not in sql:
        bad.append(sql)
print(f"{seen} statements")
for s in bad:
    print("NO CONTRACT KEY:", s)
sys.exit(1 if bad or seen == 0 else 0)
PY
  if [ $? -eq 0 ]; then ok "$2 ($(head -1 "$work/trace_check"))"; else bad "$2"; cat "$work/trace_check"; fi
}

run_backend() {  # run_backend NAME URL
  local name=$1 url=$2
  seed_samples "$renofee" "$src" "$url"
  "$renofee" import weather --db "$url" "$work/w348.txt" "$work/w260.txt" >/dev/null
  expect_exit 0 "$name: risk json" risk "$url" --format json --seed 7
  cp "$work/out" "$work/$name.json"
  expect_exit 0 "$name: risk json again" risk "$url" --format json --seed 7
  if cmp -s "$work/out" "$work/$name.json"; then ok "$name: same seed, same bytes"; else bad "$name: two runs differ"; fi
  expect_exit 0 "$name: risk csv" risk "$url" --format csv --seed 7
  cp "$work/out" "$work/$name.csv"
  expect_exit 0 "$name: risk text" risk "$url" --format text --seed 7
  cp "$work/out" "$work/$name.txt"
  expect_text "$work/$name.txt" "portfolio: 5 contracts (4 modelled, 1 past their term, 2 not modelled)" "$name: text summary"
  expect_exit 0 "$name: another seed" risk "$url" --format json --seed 8
  cp "$work/out" "$work/$name-seed8.json"
  expect_exit 0 "$name: coldest year" risk "$url" --format json --stress-year coldest
  cp "$work/out" "$work/$name-coldest.json"
  expect_exit 0 "$name: darkest year" risk "$url" --format json --stress-year darkest
  cp "$work/out" "$work/$name-darkest.json"
  expect_exit 0 "$name: named year" risk "$url" --format json --stress-year 2010
  cp "$work/out" "$work/$name-2010.json"
  expect_exit 0 "$name: shifted climate" risk "$url" --format json --temperature-shift 1.0 --irradiance-change -5
  cp "$work/out" "$work/$name-shift.json"
  # A quote's suggested premium beside its service fee, for an offer not stored: the same figures as the
  # contract of the same terms in the book.
  expect_exit 0 "$name: quote --premium" "$renofee" quote contracts/nom-tussenwoning.json --premium --db "$url" \
    --as-of 2026-12-04 --seed 7
  cp "$work/out" "$work/$name-quote.json"
  "$renofee" quote contracts/nom-tussenwoning.json >"$work/$name-quote-plain.json"
  expect_exit 1 "$name: quote --premium without weather" "$renofee" quote contracts/nom-tussenwoning.json \
    --premium --db "$work/empty-$name.db"
  expect_text "$work/err" "has no complete weather year" "$name: says the weather is missing"
  # Bad input: a clear error, nothing on stdout.
  : >"$work/empty.txt"
  printf 'nom-tussenwoning\nno-such-contract\n' >"$work/unknown.txt"
  printf 'nom-e2e\n' >"$work/nothing-modelled.txt"
  local label args
  while IFS='|' read -r label want args; do
    # shellcheck disable=SC2086
    expect_exit "$want" "$name: refuses $label" "$renofee" portfolio risk --as-of 2026-12-04 --db "$url" $args
    if [ -s "$work/out" ]; then bad "$name: $label wrote to stdout"; else ok "$name: $label wrote nothing"; fi
    if [ -s "$work/err" ]; then ok "$name: $label says why: $(head -c 150 "$work/err")"; else bad "$name: $label is silent"; fi
  done <<EOF
unknown financier|1|--financier 0123456789ab
no contracts|1|--contracts $work/empty.txt
unknown contract|1|--contracts $work/unknown.txt
missing weather years|1|--contracts $work/book.txt --from-year 1950
negative seed|2|--contracts $work/book.txt --seed -1
seed above 2^63|2|--contracts $work/book.txt --seed 18446744073709551616
absurd spread|2|--contracts $work/book.txt --household-sd 0.5
absurd discount|2|--contracts $work/book.txt --discount-rate 3
absurd shift|2|--contracts $work/book.txt --temperature-shift 12
stress year without weather|1|--contracts $work/book.txt --stress-year 1950
a book where nothing can be modelled|1|--contracts $work/nothing-modelled.txt --format json
EOF
  # The contract key in every statement of a reconciliation (one that stores its report, postings and events:
  # a copy of nom-e2e with its meter data) and of the risk run.
  python3 -c 'import json, sys; o = json.load(open(sys.argv[1])); o["id"] = "nom-trace"; print(json.dumps(o))' \
    tests/data/e2e/nom-e2e.json >"$work/nom-trace.json"
  "$renofee" contract create "$work/nom-trace.json" --db "$url" >/dev/null
  "$renofee" import readings --contract nom-trace --format p1 --db "$url" tests/data/e2e/nom-p1.txt >/dev/null
  "$renofee" import readings --contract nom-trace --db "$url" tests/data/e2e/nom-submeters.csv >/dev/null
  RENOFEE_SQL_TRACE="$work/$name-reconcile.sql" "$renofee" reconcile --contract nom-trace --year 1 \
    --db "$url" >/dev/null 2>&1 || bad "$name: traced reconciliation failed"
  expect_text "$work/$name-reconcile.sql" "INSERT INTO ledger_entries" "$name: the traced reconciliation posted"
  check_trace "$work/$name-reconcile.sql" "$name: every reconciliation statement names contract_id"
  RENOFEE_SQL_TRACE="$work/$name-risk.sql" risk "$url" --format csv >/dev/null 2>&1 || bad "$name: traced risk run failed"
  check_trace "$work/$name-risk.sql" "$name: every risk statement names contract_id"
}
each_backend risk_e2e run_backend

# What the outputs say, checked in python (sqlite outputs; PostgreSQL must be byte-identical to them).
python3 - "$work" <<'PY'
import json, sys
from decimal import Decimal
work = sys.argv[1]
checks = fails = 0
def check(cond, label):
    global checks, fails
    checks += 1
    if not cond:
        fails += 1
    print(("ok   " if cond else "FAIL ") + label)
book = json.load(open(f"{work}/sqlite.json"))
p, port = book["parameters"], book["portfolio"]
check(p["seed"] == "7" and p["as_of"] == "2026-12-04" and p["spread"]["household_sd"] == "0.10", "parameters recorded")
check(len(port["years"]) == 39 and port["years"][0]["year"] == 1987 and port["years"][-1]["year"] == 2025, "39 weather years")
check(port["contracts"] == 5 and port["not_modelled"] == 2, "five contracts in the book, two not modelled")
# nom-e2e and epv-e2e were written before pv_generation_kwh: listed, with the field, never guessed.
for cid in ("nom-e2e", "epv-e2e"):
    r = next(r for r in book["contracts"] if r["contract_id"] == cid)
    check(r["status"] == "not_modelled" and r["field"] == "/expected_use/after/pv_generation_kwh", f"{cid}: not modelled, names the field")
rows = {r["contract_id"]: r for r in book["contracts"]}
check(list(rows) == sorted(rows), "rows in contract-id order")
check(rows["warmtefonds-nul-procent"]["status"] == "term_ended", "a contract without guarantees owes nothing")
total = sum(Decimal(r["annual_eur"][i]) for r in rows.values() if "annual_eur" in r for i in [5])
check(str(total) == port["years"][5]["compensation_eur"], "the book's year is the sum of its contracts")
check(all(Decimal(y["compensation_eur"]) >= 0 for y in port["years"]), "no negative compensation")
other = json.load(open(f"{work}/sqlite-seed8.json"))
check(other["portfolio"]["years"] != port["years"], "another seed, other figures")
check(other["portfolio"]["weather_only"] == port["weather_only"], "the weather-only book does not depend on the seed")
for name, pick in (("coldest", "coldest"), ("darkest", "darkest"), ("2010", "year")):
    s = json.load(open(f"{work}/sqlite-{name}.json"))
    check(s["parameters"]["stress"]["pick"] == pick and len(s["portfolio"]["years"]) == 1, f"stress {name}: one year, recorded")
cold = json.load(open(f"{work}/sqlite-coldest.json"))["portfolio"]["stress_year"]
check(cold == max(port["years"], key=lambda y: Decimal(y["weighted_degree_days"]))["year"], f"the coldest year is {cold}")
dark = json.load(open(f"{work}/sqlite-darkest.json"))["portfolio"]["stress_year"]
check(dark == min(port["years"], key=lambda y: Decimal(y["irradiance_j_cm2"]))["year"], f"the darkest year is {dark}")
shift = json.load(open(f"{work}/sqlite-shift.json"))
sp = shift["parameters"]["stress"]
check(sp["temperature_shift_c"] == "1.0" and sp["irradiance_change_percent"] == "-5", "the shift is recorded")
for a, b in zip(port["years"], shift["portfolio"]["years"]):
    if Decimal(b["weighted_degree_days"]) >= Decimal(a["weighted_degree_days"]):
        check(False, f"{a['year']}: +1 degC must lower the degree days")
        break
    if Decimal(b["irradiance_j_cm2"]) != Decimal(a["irradiance_j_cm2"]) * Decimal("0.95"):
        check(False, f"{a['year']}: -5 % irradiance")
        break
else:
    check(True, "+1 degC lowers every year's degree days, -5 % scales every year's irradiance")
quote = json.load(open(f"{work}/sqlite-quote.json"))
prem, nom = quote["guarantee_premium"], rows["nom-tussenwoning"]
check(prem["service_fee_monthly_eur"] == nom["service_fee_monthly_eur"] == "19.50", "the premium beside the service fee")
check(prem["suggested_premium_monthly_eur"] == nom["premium_monthly_eur"] and prem["p99_annual_eur"] == nom["p99_eur"],
      "the quote's premium is the book row's for the same terms")
plain = json.load(open(f"{work}/sqlite-quote-plain.json"))
check({k: v for k, v in quote.items() if k != "guarantee_premium"} == plain and "unchanged" in prem["note"],
      "with --premium the quote is otherwise the same: the premium changes no fee")
import csv as csvmod
with open(f"{work}/sqlite.csv", newline="") as f:
    table = list(csvmod.reader(f))
check(all(len(r) == len(table[0]) for r in table), "csv: every line has the header's fields (not modelled ones too)")
check(any(r[1] == "not_modelled" and r[-1].endswith("(/expected_use/after/pv_generation_kwh)") for r in table),
      "csv: a not-modelled row's reason is in the reason column")
csv = open(f"{work}/sqlite.csv").read().splitlines()
check(csv[0].startswith("contract_id,status,") and len(csv) == 9 and csv[-1].startswith("(portfolio),"), "csv: header, 7 rows, portfolio")
print(f"{checks} checks, {fails} failed")
sys.exit(1 if fails else 0)
PY
if [ $? -eq 0 ]; then ok "the outputs say what they should"; else bad "the outputs"; fi
if [ -n "${RENOFEE_TEST_PG_URL:-}" ]; then
  for f in json csv txt -coldest.json -shift.json; do
    case $f in .*|-*) s=$f ;; *) s=.$f ;; esac
    if cmp -s "$work/sqlite$s" "$work/postgresql$s"; then ok "byte-identical on PostgreSQL: $s"; else bad "PostgreSQL differs: $s"; diff <(head -c 2000 "$work/sqlite$s") <(head -c 2000 "$work/postgresql$s") | head; fi
  done
fi
finish
