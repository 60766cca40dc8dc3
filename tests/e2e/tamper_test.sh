#!/usr/bin/env bash
# Tamper tests of `renofee verify` (trust issue, item 3 and finding 10), on a SQLite file and, when
# RENOFEE_TEST_PG_URL is set (make test), on PostgreSQL. The sample contracts are seeded and settled
# (scripts/seed_contracts.sh on generated weather), `verify` says "intact", then someone edits the database
# behind renofee's back, dropping the triggers first as they must:
#   - a report's bytes (compensation 172.74 -> 17.74), which `report` must then refuse to print;
#   - a contract's whole ledger chain deleted together with its head;
#   - a contract version's reason;
#   - an upload record's count;
# and `verify` must name each one and exit 1. The event log's own rows cannot be changed without it showing
# either (an edited event breaks its hash).
# usage: tamper_test.sh RENOFEE SOURCE_DIR
set -u
bin=$1
src=$2
work=$(mktemp -d)
# shellcheck source=e2e_lib.sh
source "$src/tests/e2e/e2e_lib.sh"

run_backend() {  # run_backend LABEL DB_URL
  local label=$1 url=$2 sql
  if [ "$label" = sqlite ]; then sql="sqlite3 $url"; else sql="psql -q -v ON_ERROR_STOP=1 $url -c"; fi
  r() { "$bin" "$@" --db "$url"; }
  echo "--- backend $label"
  seed_samples "$bin" "$src" "$url" || { bad "$label: seeding the sample contracts"; return; }
  expect_exit 0 "$label: an honest database verifies intact" r verify
  expect_text "$work/out" "intact: 0 problem(s)" "$label: ... with no problem"
  expect_exit 0 "$label: provenance of nom-e2e lists its events" r events --contract nom-e2e
  expect_text "$work/out" "cli	report	year 1 version 1" "$label: ... the reconciliation, by the command line"
  expect_text "$work/out" "cli	upload	upload " "$label: ... and its uploads"

  if [ "$label" = sqlite ]; then
    $sql "DROP TRIGGER reports_append_only; DROP TRIGGER ledger_entries_no_delete; DROP TRIGGER ledger_heads_no_delete;
          DROP TRIGGER contract_versions_append_only; DROP TRIGGER uploads_final;"
  else
    $sql "ALTER TABLE reports DISABLE TRIGGER USER; ALTER TABLE ledger_entries DISABLE TRIGGER USER;
          ALTER TABLE ledger_heads DISABLE TRIGGER USER; ALTER TABLE contract_versions DISABLE TRIGGER USER;
          ALTER TABLE uploads DISABLE TRIGGER USER;"
  fi
  $sql "UPDATE reports SET report_json = replace(report_json, '172.74', '17.74') WHERE contract_id = 'nom-e2e';
        DELETE FROM ledger_entries WHERE contract_id = 'epv-e2e'; DELETE FROM ledger_heads WHERE contract_id = 'epv-e2e';
        UPDATE contract_versions SET reason = 'not what was agreed' WHERE contract_id = 'demo-1';
        UPDATE uploads SET rows_stored = rows_stored + 1 WHERE id = (SELECT MIN(id) FROM uploads);"
  expect_exit 1 "$label: verify after the edits exits 1" r verify
  expect_text "$work/out" "PROBLEM contract nom-e2e report year 1 version 1: its bytes do not match its SHA-256" "$label: ... naming the edited report"
  expect_text "$work/out" "PROBLEM contract epv-e2e ledger: entries 1..25 recorded by the event log are no longer stored" "$label: ... naming the deleted chain"
  expect_text "$work/out" "PROBLEM contract epv-e2e report year 2025 version 1: its compensation of 4708 cents has no ledger entry" "$label: ... and the report whose postings went with it"
  expect_text "$work/out" "PROBLEM contract demo-1 version 1 differs from what event" "$label: ... naming the edited contract version"
  expect_text "$work/out" "PROBLEM upload 1 of contract nom-e2e differs from what event" "$label: ... naming the edited upload record"
  expect_text "$work/out" "NOT intact: 5 problem(s)" "$label: ... five problems, each once"
  expect_exit 1 "$label: report refuses the edited bytes" r report --contract nom-e2e --year 1
  expect_text "$work/err" "fails its integrity check: its bytes do not match their SHA-256" "$label: ... saying why"
  if grep -q "17.74" "$work/out"; then bad "$label: ... and prints none of them"; else ok "$label: ... and prints none of them"; fi
  expect_exit 1 "$label: the statement refuses it too" r statement --contract nom-e2e --year 1
}

each_backend tamper_e2e run_backend
finish
