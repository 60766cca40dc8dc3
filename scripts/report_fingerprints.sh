#!/usr/bin/env bash
# Prints the SHA-256 of every report, statement and ledger listing of the end-to-end reconciliation cases
# (tests/data/e2e: a Nul op de Meter home, an EPV rental, a savings guarantee with a fitted baseline and one with a
# CalTRACK daily baseline, settled on the synthetic station-348 and -344 weather of tests/data/knmi), one line per
# output: "NAME SHA256". The committed
# tests/data/e2e/report_fingerprints.txt holds the figures of the code as it was; ctest e2e.report_fingerprints
# compares them, so a refactor that changes one byte of a report, a statement or a posting fails. After an
# intended change of the figures, regenerate: scripts/report_fingerprints.sh build/src/main/renofee . >
# tests/data/e2e/report_fingerprints.txt, and say in the commit why the figures changed.
# What depends on the clock is left out before hashing: the time a report or posting was written and the
# ledger's chain hashes, which cover that time (`renofee ledger verify` checks the chain; e2e.reconcile tests it).
# usage: report_fingerprints.sh RENOFEE_BINARY SOURCE_DIR [--check FILE]
set -euo pipefail
bin=$1
src=$2
check=${4:-}
[ "${3:-}" = "--check" ] || check=""
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="sqlite://$work/fp.db"
data=$src/tests/data/e2e
r() { "$bin" "$@" --db "$db"; }
{
  r contract create "$data/nom-e2e.json" --tariffs "$src/tariffs"
  r contract create "$data/epv-e2e.json"
  r contract create "$data/savings-e2e.json"
  r contract create "$data/caltrack-e2e.json"
  r import readings --contract nom-e2e --format p1 "$data/nom-p1.txt"
  r import readings --contract nom-e2e "$data/nom-submeters.csv"
  r import readings --contract epv-e2e "$data/epv-submeters.csv"
  r import readings --contract savings-e2e "$data/savings-gas.csv"
  r import readings --contract caltrack-e2e "$data/caltrack-gas.csv"
  r import weather "$src/tests/data/knmi/synthetic_348_2023_2026.txt"
  r import weather "$src/tests/data/knmi/synthetic_344_2023_2025.txt"
  r baseline fit --contract caltrack-e2e --model caltrack_daily --accept
  r baseline fit --contract savings-e2e --from 2023-01 --to 2024-12 --accept
  r reconcile --contract nom-e2e --year 1 --tariffs "$src/tariffs"
  r reconcile --contract epv-e2e --year 2025 --tariffs "$src/tariffs"
  r reconcile --contract savings-e2e --year 1 --tariffs "$src/tariffs"
  r reconcile --contract caltrack-e2e --year 1 --tariffs "$src/tariffs"
  # Posting the fees that fell due is its own step; statements only read the ledger.
  r post-fees --contract nom-e2e --through 2025-02-28
} >"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; exit 1; }
fp() {  # fp NAME CMD...: the SHA-256 of what CMD prints
  local name=$1; shift
  "$@" >"$work/out" 2>"$work/err" || { echo "$name: $* failed:" >&2; cat "$work/err" >&2; exit 1; }
  echo "$name $(sha256sum <"$work/out" | cut -d' ' -f1)"
}
timeless() { sed -E -e 's/"(created_at|posted_at|recorded_at)": ?"[^"]*"/"\1": ""/g' -e 's/"(hash|ledger_head_hash)": ?"[0-9a-f]{64}"/"\1": ""/g' -e '/^ *ledger head /d'; }
ledger_without_times() { r ledger list --contract "$1" | cut -f1-5; }
statement_json() { r statement --contract nom-e2e --year 1 --format json --tariffs "$src/tariffs" | timeless; }
statement_text() { r statement --contract nom-e2e --year 1 --tariffs "$src/tariffs" | timeless; }
{
  for c in "nom-e2e 1" "epv-e2e 2025" "savings-e2e 1" "caltrack-e2e 1"; do
    set -- $c
    fp "report.$1.$2.json" r report --contract "$1" --year "$2" --format json
    fp "report.$1.$2.csv" r report --contract "$1" --year "$2" --format csv
  done
  fp "statement.nom-e2e.1.json" statement_json
  fp "statement.nom-e2e.1.text" statement_text
  for c in nom-e2e epv-e2e savings-e2e caltrack-e2e; do fp "ledger.$c" ledger_without_times "$c"; done
} >"$work/fingerprints.txt"
if [ -n "$check" ]; then
  if diff -u "$check" "$work/fingerprints.txt"; then
    echo "every report, statement and ledger listing is byte-identical to $check"
  else
    echo "FAIL: the outputs above differ from $check (regenerate only after an intended change)" >&2
    exit 1
  fi
else
  cat "$work/fingerprints.txt"
fi
