#!/usr/bin/env bash
# Loads the sample contracts and a settled demo into the `make run` database, idempotently (make run executes
# it every time): every offer in contracts/ becomes a contract (skipped when it exists); the reconciliation
# demo of tests/data/e2e (a Nul op de Meter home with a year of DSMR P1 telegrams and submeter readings, an EPV
# rental) is loaded with synthetic weather of station 348 (tests/data/knmi/synthetic_348_2023_2026.txt, made by
# scripts/gen_weather.py in KNMI's daily-file format: not KNMI measurements) and settled, and every contract's
# fees due so far are posted (renofee post-fees), so the statement and the auditor's view have figures. Real
# KNMI weather: python3 scripts/knmi_download.py --station 348 --db DB.
# usage: seed_contracts.sh RENOFEE DB_URL
set -euo pipefail
renofee=$1
db=$2
weather=tests/data/knmi/synthetic_348_2023_2026.txt
created=0
for offer in contracts/*.json tests/data/e2e/nom-e2e.json tests/data/e2e/epv-e2e.json; do
  id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$offer")
  if ! "$renofee" contract show "$id" --db "$db" >/dev/null 2>&1; then
    "$renofee" contract create "$offer" --db "$db" >/dev/null
    created=$((created + 1))
  fi
done
# The contracts of the demo meter data that RUN_SEED imports (Makefile): demo-1 (hourly readings,
# scripts/gen_demo_readings.py) and demo-p1 (a P1 log), with the terms of contracts/nom-tussenwoning.json. The
# command line may load readings before their contract exists, the API serves only contracts that exist
# (docs/api.md, "Tenancy").
for id in demo-1 demo-p1; do
  if ! "$renofee" contract show "$id" --db "$db" >/dev/null 2>&1; then
    offer=$(mktemp --suffix=.json)
    python3 -c 'import json, sys; o = json.load(open(sys.argv[1])); o["id"] = sys.argv[2]; print(json.dumps(o, indent=2))' \
      contracts/nom-tussenwoning.json "$id" >"$offer"
    "$renofee" contract create "$offer" --db "$db" >/dev/null
    rm -f "$offer"
    created=$((created + 1))
  fi
done
"$renofee" import readings --contract nom-e2e --format p1 --db "$db" tests/data/e2e/nom-p1.txt >/dev/null
"$renofee" import readings --contract nom-e2e --db "$db" tests/data/e2e/nom-submeters.csv >/dev/null
"$renofee" import readings --contract epv-e2e --db "$db" tests/data/e2e/epv-submeters.csv >/dev/null
if [ -r "$weather" ]; then
  "$renofee" import weather --db "$db" "$weather" >/dev/null
  "$renofee" reconcile --contract nom-e2e --year 1 --db "$db" >/dev/null
  "$renofee" reconcile --contract epv-e2e --year 2025 --db "$db" >/dev/null
  settled="; nom-e2e year 1 and epv-e2e 2025 reconciled on synthetic weather (station 348, not KNMI data)"
else
  settled="; $weather not found, so nothing was reconciled"
fi
# The monthly fees due so far, for every contract (statements and pages only read the ledger; posting is
# idempotent, so each make run adds only the months that fell due since the last).
for offer in contracts/*.json tests/data/e2e/nom-e2e.json tests/data/e2e/epv-e2e.json; do
  id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$offer")
  "$renofee" post-fees --contract "$id" --db "$db" >/dev/null
done
echo "sample contracts: $created created, $(ls contracts/*.json | wc -l) in contracts/ plus nom-e2e, epv-e2e, demo-1 and demo-p1$settled"
