#!/usr/bin/env bash
# The audit bundle and its offline check (trust issue, item 3), on a SQLite file and, when RENOFEE_TEST_PG_URL
# is set (make test), on PostgreSQL: the sample contracts are seeded and settled (scripts/seed_contracts.sh on
# generated weather); `renofee bundle` writes the bundles of nom-e2e year 1 and epv-e2e 2025;
# scripts/verify_bundle.py (python3 standard library only, no renofee) passes each honest bundle and fails on
# each tampered file, naming it: the report, the contract version, a reading, a weather day, a ledger entry,
# the manifest, and a report edited with the manifest recomputed to match (the ledger still names the original).
# usage: bundle_test.sh RENOFEE SOURCE_DIR
set -u
bin=$1
src=$2
work=$(mktemp -d)
# shellcheck source=e2e_lib.sh
source "$src/tests/e2e/e2e_lib.sh"
verify() { python3 "$src/scripts/verify_bundle.py" "$@"; }

# tampered LABEL BUNDLE FILE PYTHON-EXPRESSION EXPECTED-TEXT: a copy of BUNDLE with FILE rewritten by the
# expression (over `s`, the file's text) must fail with EXPECTED-TEXT.
tampered() {
  local label=$1 bundle=$2 file=$3 expr=$4 expected=$5 copy="$work/tampered"
  rm -rf "$copy" && cp -r "$bundle" "$copy"
  python3 - "$copy/$file" "$expr" <<'PY'
import sys
path, expr = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
t = eval(expr)
assert t != s, "the edit changed nothing"
open(path, "w", encoding="utf-8").write(t)
PY
  expect_exit 1 "$label: the check fails on an edited $file" verify "$copy"
  expect_text "$work/out" "$expected" "$label: ... naming it"
}

run_backend() {  # run_backend LABEL DB_URL
  local label=$1 url=$2
  echo "--- backend $label"
  seed_samples "$bin" "$src" "$url" || { bad "$label: seeding the sample contracts"; return; }
  local nom="$work/$label-nom" epv="$work/$label-epv"
  expect_exit 0 "$label: bundle of nom-e2e year 1" "$bin" bundle --contract nom-e2e --year 1 --out "$nom" --db "$url"
  expect_text "$work/out" "python3 scripts/verify_bundle.py $nom" "$label: ... saying how to check it"
  expect_exit 0 "$label: its offline check passes" verify "$nom"
  expect_text "$work/out" "bundle OK: contract nom-e2e year 1 report version 1" "$label: ... bundle OK"
  expect_text "$work/out" "compensation 172.74 EUR" "$label: ... with the settled compensation"
  expect_exit 0 "$label: bundle of epv-e2e 2025" "$bin" bundle --contract epv-e2e --year 2025 --out "$epv" --db "$url"
  expect_exit 0 "$label: its offline check passes" verify "$epv"
  expect_exit 1 "$label: a bundle is not written over a non-empty directory" "$bin" bundle --contract nom-e2e --year 1 --out "$nom" --db "$url"
  expect_exit 1 "$label: a year without a report has no bundle" "$bin" bundle --contract epv-e2e --year 2024 --out "$work/none" --db "$url"

  tampered "$label" "$nom" report.json "s.replace('\"172.74\"', '\"17.74\"', 1)" "FAIL report.json: not the report the manifest names"
  tampered "$label" "$nom" contract_version.json "s.replace('\"monthly\":\"', '\"monthly\":\"1', 1)" "FAIL contract_version.json: not the contract version the report settled"
  tampered "$label" "$nom" readings/import_t1.txt "s.replace('|5000.000', '|5000.001', 1)" "FAIL readings/import_t1.txt: not the readings the report used"
  tampered "$label" "$nom" weather/348.txt "s.replace('\n348|', '\n348|1', 1)" "FAIL weather/348.txt: not the weather the report used"
  tampered "$label" "$nom" ledger.txt "s.replace('|-172.74|', '|-17.74|', 1)" "FAIL ledger.txt line 1: the entry does not match its hash"
  tampered "$label" "$nom" manifest.json "s.replace('\"year\":1', '\"year\":2', 1)" "FAIL report.json: another contract, year or version than the manifest's"
  # A forger who edits the report and recomputes the manifest: the ledger still names the original report.
  rm -rf "$work/forged" && cp -r "$nom" "$work/forged"
  python3 - "$work/forged" <<'PY'
import hashlib, json, os, sys
root = sys.argv[1]
report = open(os.path.join(root, "report.json"), encoding="utf-8").read().replace('"172.74"', '"17.74"')
open(os.path.join(root, "report.json"), "w", encoding="utf-8").write(report)
manifest = json.load(open(os.path.join(root, "manifest.json")))
manifest["report_sha256"] = manifest["files"]["report.json"] = hashlib.sha256(report.encode()).hexdigest()
open(os.path.join(root, "manifest.json"), "w").write(json.dumps(manifest))
PY
  expect_exit 1 "$label: a report edited with its manifest recomputed fails" verify "$work/forged"
  expect_text "$work/out" "FAIL ledger: the compensation entry names another report" "$label: ... because the ledger names the original"
}

each_backend bundle_e2e run_backend
finish
