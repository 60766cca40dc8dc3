#!/usr/bin/env bash
# End-to-end test of the renofee commands on a fresh SQLite file: schedule (CSV, JSON), quote (JSON, text,
# batch NDJSON with a bad line), import readings (CSV, P1; idempotent; a refused file stores nothing; no
# readings at all and a register falling across uploads are refused, a meter swap is not), usage,
# import weather and degree-days (synthetic station-260 figures of tests/data/knmi/degree_days.tsv). Usage: cli_commands_test.sh RENOFEE SRC
set -uo pipefail
renofee=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/test.db"
failures=0
passed=0
check() {  # check NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name" >&2; failures=$((failures + 1)); fi
}
contains() { grep -qF -- "$2" <<<"$1"; }
json() { python3 -c "import json,sys; d=json.loads(sys.stdin.read()); print(eval(sys.argv[1]))" "$1"; }

# --- schedule -------------------------------------------------------------------------------------------------
csv=$("$renofee" schedule "$src/contracts/warmtefonds-nul-procent.json" --format csv)
check "schedule exit code" test $? -eq 0
check "schedule header" test "$(head -1 <<<"$csv")" = \
  "month,due_date,opening_balance,interest,principal,financing_payment,service_fee,total,closing_balance"
check "schedule rows" test "$(($(wc -l <<<"$csv") - 1))" -eq 120
check "schedule first row (docs/domain.md §4: 10,000 / 120 / 0% = 83.33)" \
  test "$(sed -n 2p <<<"$csv")" = "1,2026-05-01,10000.00,0.00,83.33,83.33,0.00,83.33,9916.67"
check "schedule last row pays 83.73 and ends at 0.00" \
  test "$(tail -1 <<<"$csv")" = "120,2036-04-01,83.73,0.00,83.73,83.73,0.00,83.73,0.00"
rows=$("$renofee" schedule "$src/contracts/lineair-aflossing.json" --format json | json 'len(d["rows"])')
check "schedule json rows" test "$rows" = 180

# --- quote ----------------------------------------------------------------------------------------------------
q=$("$renofee" quote "$src/contracts/nom-tussenwoning.json")
check "quote exit code" test $? -eq 0
check "quote json offer id" test "$(json 'd["offer_id"]' <<<"$q")" = "nom-tussenwoning"
check "quote json tariff years" test "$(json 'len(d["tariff_years"])' <<<"$q")" = 2
text=$("$renofee" quote "$src/contracts/warmtefonds-nul-procent.json" --format text --lang nl)
check "quote text in Dutch" contains "$text" "€ 83,33"
check "quote text label" contains "$text" "woonlastenimpacttoets"
bad="$work/bad-offer.json"
sed 's/"term_months": 120/"term_months": "120"/' "$src/contracts/warmtefonds-nul-procent.json" >"$bad"
err=$("$renofee" quote "$bad" 2>&1 >/dev/null)
check "invalid offer exits 1" test $? -eq 1
check "invalid offer names the field" contains "$err" "/financing/term_months"
# An offer file with a member given twice (the id, read as its last value before) and a cost in exponent
# notation: both refused, each named by its JSON pointer.
twice="$work/twice-offer.json"
sed 's/"id": "warmtefonds-nul-procent"/"id": "x", "id": "warmtefonds-nul-procent"/' \
  "$src/contracts/warmtefonds-nul-procent.json" >"$twice"
err=$("$renofee" quote "$twice" 2>&1 >/dev/null)
check "offer with a member given twice exits 1" test $? -eq 1
check "offer with a member given twice names it" contains "$err" '/id: invalid_argument: member "id" given twice'
err=$("$renofee" contract create "$twice" --db "$db" 2>&1 >/dev/null)
check "contract with a member given twice exits 1" test $? -eq 1
check "contract with a member given twice names it" contains "$err" '/id: invalid_argument: member "id" given twice'
sed 's/"principal": "10000.00"/"principal": "1E+4"/' "$src/contracts/warmtefonds-nul-procent.json" >"$bad"
err=$("$renofee" quote "$bad" 2>&1 >/dev/null)
check "offer amount in exponent notation exits 1" test $? -eq 1
check "offer amount in exponent notation named" contains "$err" '/financing/principal: invalid_argument: not a decimal number: "1E+4"'
"$renofee" quote --tariffs "$work/none" "$src/contracts/nom-tussenwoning.json" >/dev/null 2>"$work/err"
check "missing tariff directory is refused" test $? -eq 1
check "missing tariff named" contains "$(cat "$work/err")" "/tariffs/0"

# --- quote --batch ----------------------------------------------------------------------------------------------
batch="$work/offers.ndjson"
for f in "$src"/contracts/*.json; do python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))" "$f"; done >"$batch"
echo '{"id": "broken", "financing": 5}' >>"$batch"
echo "" >>"$batch"
echo 'not json at all' >>"$batch"
out=$("$renofee" quote --batch "$batch" 2>"$work/progress")
check "batch exits 1 when a line failed" test $? -eq 1
check "batch one output line per offer line" test "$(wc -l <<<"$out")" -eq 7
check "batch line numbers" test "$(json 'd["line"]' <<<"$(sed -n 7p <<<"$out")")" = 8
check "batch error names the field" contains "$(sed -n 6p <<<"$out")" '"pointer":"/financing"'
check "batch good lines quoted" test "$(grep -c '"quote"' <<<"$out")" -eq 5
check "batch summary on stderr" contains "$(cat "$work/progress")" "5 quoted, 2 failed"

# --- readings -----------------------------------------------------------------------------------------------------
python3 - "$work" <<'PY'
import datetime, sys
with open(sys.argv[1] + "/year.csv", "w") as f:
    f.write("meter_id,channel,timestamp,value\n")
    for i in range(400):
        t = datetime.datetime(2025, 12, 31, 12) + datetime.timedelta(days=i)
        f.write(f"E1,import_t1,{t:%Y-%m-%dT%H:%M:%SZ},{1000 + 8.125 * i:.3f}\n")
    # A meter swap on day 200: the new meter starts at 5.000.
    for i in range(200, 400):
        t = datetime.datetime(2025, 12, 31, 12, 30) + datetime.timedelta(days=i)
        f.write(f"G2,gas,{t:%Y-%m-%dT%H:%M:%SZ},{5 + 3.5 * (i - 200):.3f}\n")
    for i in range(0, 200):
        t = datetime.datetime(2025, 12, 31, 12, 30) + datetime.timedelta(days=i)
        f.write(f"G1,gas,{t:%Y-%m-%dT%H:%M:%SZ},{500 + 3.5 * i:.3f}\n")
PY
sort -t, -k3,3 -s "$work/year.csv" | sed '/^meter_id/d' | (echo "meter_id,channel,timestamp,value"; cat) >"$work/sorted.csv"
imp=$("$renofee" import readings --contract c1 --db "$db" "$work/sorted.csv")
check "import readings" contains "$imp" "800 read, 800 stored"
again=$("$renofee" import readings --contract c1 --db "$db" "$work/sorted.csv")
check "re-import is idempotent" contains "$again" "already imported"
use=$("$renofee" usage --contract c1 --from 2026-01-01 --to 2027-01-01 --db "$db")
check "usage import_t1 = 365 x 8.125" test "$(json '[c["use"] for c in d["channels"] if c["channel"]=="import_t1"][0]' <<<"$use")" = "2965.625"
check "usage flags estimated boundaries" test "$(json '[c["estimated"] for c in d["channels"] if c["channel"]=="import_t1"][0]' <<<"$use")" = "True"
check "usage counts the gas meter swap" test "$(json '[c["meter_swaps"] for c in d["channels"] if c["channel"]=="gas"][0]' <<<"$use")" = "1"
awk -F, 'NR==10{$4="1.000"} {print}' OFS=, "$work/sorted.csv" >"$work/decreasing.csv"
"$renofee" import readings --contract c2 --db "$db" "$work/decreasing.csv" 2>"$work/err" >/dev/null
check "decreasing register refused" test $? -eq 1
check "refusal names the line" contains "$(cat "$work/err")" "line 10"
"$renofee" usage --contract c2 --from 2026-01-01 --to 2026-02-01 --db "$db" >/dev/null 2>&1
check "refused upload stored nothing" test $? -eq 1
p1=$("$renofee" import readings --contract p1 --db "$db" "$src"/tests/data/p1/*.txt 2>&1)
check "P1 telegrams import" contains "$p1" "(p1): upload"

# Malformed uploads: each is refused with its line (or telegram) and leaves nothing of itself in the database.
good="E1,import_t1,2026-01-01T00:00:00Z,100.000"
malformed=(
  "unknown channel|line 3|${good}\nE1,import_t3,2026-01-01T01:00:00Z,101.000"
  "bad timestamp|line 3|${good}\nE1,import_t1,2026-13-01T01:00:00Z,101.000"
  "negative value|line 3|${good}\nE1,import_t1,2026-01-01T01:00:00Z,-1.000"
  "four decimals|line 3|${good}\nE1,import_t1,2026-01-01T01:00:00Z,101.0001"
  "number with comma|line 3|${good}\nE1,import_t1,2026-01-01T01:00:00Z,\"101,5\""
  "missing column|line 3|${good}\nE1,import_t1,2026-01-01T01:00:00Z"
  "empty meter id|line 3|${good}\n,import_t1,2026-01-01T01:00:00Z,101.000"
  "duplicate with another value|line 3|${good}\nE1,import_t1,2026-01-01T00:00:00Z,100.500"
  "decreasing register|line 3|${good}\nE1,import_t1,2026-01-01T01:00:00Z,99.999"
  "ambiguous local time|line 3|${good}\nE1,import_t1,2026-10-25T02:30:00,101.000"
  "non-existent local time|line 3|${good}\nE1,import_t1,2026-03-29T02:30:00,101.000"
)
n=0
for row in "${malformed[@]}"; do
  IFS='|' read -r name where body <<<"$row"
  n=$((n + 1))
  printf 'meter_id,channel,timestamp,value\n%b\n' "$body" >"$work/malformed-$n.csv"
  "$renofee" import readings --contract "bad$n" --db "$db" "$work/malformed-$n.csv" >/dev/null 2>"$work/err"
  check "malformed ($name) refused" test $? -eq 1
  check "malformed ($name) names $where" contains "$(cat "$work/err")" "$where"
  check "malformed ($name) stored nothing" \
    test "$(sqlite3 "$db" "SELECT COUNT(*) FROM reading_values WHERE contract_id = 'bad$n'")" = 0
done
sed 's/1-0:1.8.1(0/1-0:1.8.1(1/' "$src/tests/data/p1/iskra_mt382_dsmr50.txt" >"$work/bad-crc.txt"
"$renofee" import readings --contract badcrc --db "$db" "$work/bad-crc.txt" >/dev/null 2>"$work/err"
check "P1 telegram with a bad CRC refused" test $? -eq 1
check "bad CRC names the telegram" contains "$(cat "$work/err")" "telegram 1"
check "bad CRC stored nothing" test "$(sqlite3 "$db" "SELECT COUNT(*) FROM reading_values WHERE contract_id = 'badcrc'")" = 0
printf '{"meter_id":"E1","channel":"gas","timestamp":"2026-01-01T00:00:00Z","value":1.5}\n' >"$work/number.ndjson"
"$renofee" import readings --contract badjson --format json --db "$db" "$work/number.ndjson" >/dev/null 2>"$work/err"
check "NDJSON number in value refused" test $? -eq 1
check "NDJSON refusal names line 1" contains "$(cat "$work/err")" "line 1"

# Uploads without a single reading are refused and log no upload.
printf 'meter_id,channel,timestamp,value\n' >"$work/header-only.csv"
: >"$work/empty.txt"
printf '\n\n' >"$work/blank.ndjson"
for f in header-only.csv:csv empty.txt:p1 blank.ndjson:json; do
  file=${f%%:*}
  "$renofee" import readings --contract empty --format "${f##*:}" --db "$db" "$work/$file" >/dev/null 2>"$work/err"
  check "upload without readings ($file) refused" test $? -eq 1
  check "upload without readings ($file) says so" contains "$(cat "$work/err")" "the upload holds no readings"
  check "upload without readings ($file) names line 1" contains "$(cat "$work/err")" "(at line 1)"
done
check "uploads without readings logged nothing" \
  test "$(sqlite3 "$db" "SELECT COUNT(*) FROM uploads WHERE contract_id = 'empty'")" = 0

# Across uploads a register must not fall; under a new meter id (a meter swap) it may start low.
printf 'meter_id,channel,timestamp,value\nE1,import_t1,2026-01-01T00:00:00Z,60.000\n' >"$work/first.csv"
printf 'meter_id,channel,timestamp,value\nE1,import_t1,2026-01-02T00:00:00Z,50.000\n' >"$work/fall.csv"
printf 'meter_id,channel,timestamp,value\nE2,import_t1,2026-01-02T00:00:00Z,50.000\n' >"$work/swap.csv"
"$renofee" import readings --contract across --db "$db" "$work/first.csv" >/dev/null
check "first upload of a meter stored" test $? -eq 0
"$renofee" import readings --contract across --db "$db" "$work/fall.csv" >/dev/null 2>"$work/err"
check "register falling across uploads refused" test $? -eq 1
check "the refusal names the line and the stored reading" contains "$(cat "$work/err")" \
  "register decreases from 60.000 at 2026-01-01T00:00:00Z (stored by upload"
"$renofee" import readings --contract across --db "$db" "$work/swap.csv" >/dev/null
check "a meter swap across uploads stored" test $? -eq 0
check "the refused upload logged nothing" \
  test "$(sqlite3 "$db" "SELECT COUNT(*) FROM uploads WHERE contract_id = 'across'")" = 2

# --- weather ------------------------------------------------------------------------------------------------------
"$renofee" import weather --db "$db" "$src/tests/data/knmi/synthetic_260_2010_2014.txt" >/dev/null
check "import weather" test $? -eq 0
dd=$("$renofee" degree-days --station 260 --from 2010-01-01 --to 2011-01-01 --db "$db")
check "station 260 in 2010 = 2666.7 (tests/data/knmi/degree_days.tsv)" test "$(json 'd["degree_days"]' <<<"$dd")" = "2666.7"
dd=$("$renofee" degree-days --station 260 --from 2013-01-01 --to 2014-01-01 --db "$db")
check "station 260 in 2013 = 3089.6, weighted 3144.94" test "$(json 'd["degree_days"] + " " + d["weighted_degree_days"]' <<<"$dd")" = "3089.6 3144.94"
dd=$("$renofee" degree-days --station 260 --from 2014-02-10 --to 2014-02-13 --db "$db")
check "missing days are listed, sums unavailable" test "$(json 'd["degree_days"] is None and len(d["missing_days"])' <<<"$dd")" = 3

echo "$passed passed, $failures failed"
test "$failures" -eq 0
