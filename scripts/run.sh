#!/usr/bin/env bash
# The end of `make run`: demo API keys, one per role, then the real server in the foreground.
# Usage: scripts/run.sh RENOFEE DB PORT   (the Makefile runs RUN_SEED before this)
#
# Keys: every run revokes the demo keys of the previous run (label make-run-demo) and creates fresh ones,
# because a key's secret is never stored and so cannot be shown again; re-running is therefore always
# safe, and an old demo key stops working at once. The resident key may read contract nom-e2e (the settled
# demo year loaded by scripts/seed_contracts.sh). Share links for the offer pages are signed with a secret kept
# next to the database (created once, 32 random bytes, mode 600), exported as RENOFEE_SHARE_SECRET.
# Ctrl-C (SIGINT) stops the server gracefully: in-flight requests finish, exit code 0.
set -euo pipefail
renofee=$1
db=$2
port=$3
label=make-run-demo

# Revoke the previous run's demo keys that are still active (list columns: id role contract created revoked
# label; revoked is "-" while active).
"$renofee" keys list --db "$db" | awk -v label="$label" 'NR > 1 && $NF == label && $5 == "-" {print $1}' |
  while read -r id; do "$renofee" keys revoke "$id" --db "$db" >/dev/null; done

declare -A keys
for role in financier auditor operator; do
  keys[$role]=$("$renofee" keys create --role "$role" --label "$label" --db "$db" 2>/dev/null)
done
keys[resident]=$("$renofee" keys create --role resident --contract nom-e2e --label "$label" --db "$db" 2>/dev/null)
keys[meter_data]=$("$renofee" keys create --role meter_data --contract demo-1 --contract demo-p1 --label "$label" \
  --db "$db" 2>/dev/null)
keys[energy_desk]=$("$renofee" keys create --role energy_desk --label "$label" --db "$db" 2>/dev/null)

# A demo campaign (docs/campaigns.md): the generated street of scripts/gen_street.py (40 homes, 4 house types),
# made once at the machine (actor cli: the auditor sees it; an energy desk sees the campaigns its own key makes).
# Its share links are shown once, so the first run keeps them next to the database (mode 600).
links="$(dirname "$db")/demo-campaign-links.csv"
if ! "$renofee" campaign list --db "$db" | grep -q '^voorbeeldstraat '; then
  python3 scripts/gen_street.py "$(dirname "$db")/demo-street.csv" --four-types
  "$renofee" campaign create --campaign voorbeeldstraat --name "Voorbeeldstraat (gegenereerde woningen)" \
    --start 2027-03-01 --db "$db" >/dev/null
  (umask 077 && "$renofee" campaign add --campaign voorbeeldstraat --homes "$(dirname "$db")/demo-street.csv" \
    --db "$db" >"$links" 2>/dev/null)
fi
home_link=$( [ -s "$links" ] && sed -n 2p "$links" | cut -d, -f5 || true)

secret_file="$(dirname "$db")/share-secret"
if [ ! -s "$secret_file" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 >"$secret_file")
fi
RENOFEE_SHARE_SECRET=$(cat "$secret_file")
export RENOFEE_SHARE_SECRET
offer_nom=$("$renofee" share-link --contract nom-tussenwoning --days 7)
offer_epv=$("$renofee" share-link --contract epv-huurappartement --days 7)

base="http://127.0.0.1:$port"
cat <<TEXT

renofee demo on $db. API keys for this run (shown once; the next make run replaces them):
  financier  ${keys[financier]}
  auditor    ${keys[auditor]}
  operator   ${keys[operator]}
  resident   ${keys[resident]}   (contract nom-e2e)
  meter_data ${keys[meter_data]}   (uploads readings into demo-1 and demo-p1, nothing else)
  energy_desk ${keys[energy_desk]}   (campaigns it creates, their aggregates and meeting page)

Point a browser at the resident's offer page (share links, valid 7 days):
  $base$offer_nom
  $base$offer_epv
The statement page and the auditor view need a key (a browser extension that sets the header, or curl):
  curl -H 'Authorization: Bearer ${keys[resident]}' $base/statement/nom-e2e/1
  curl -H 'Authorization: Bearer ${keys[auditor]}' $base/auditor/contracts
  curl -H 'Authorization: Bearer ${keys[auditor]}' $base/portfolio/risk   (the book under 38 weather years)
A street of 40 generated homes (campaign voorbeeldstraat): the page for the neighbourhood meeting, and one
home's offer page by its share link (all 40 links: $links):
  curl -H 'Authorization: Bearer ${keys[auditor]}' $base/campaigns/voorbeeldstraat/meeting
  $base${home_link:-/campaigns/voorbeeldstraat/homes/1 (link file missing)}
The API is described at $base/openapi.yaml. Try:
  curl -H 'Authorization: Bearer ${keys[financier]}' -H 'Content-Type: application/json' \\
       --data-binary @contracts/nom-tussenwoning.json $base/v1/quotes
  curl -H 'Authorization: Bearer ${keys[resident]}' $base/v1/contracts/nom-e2e/statements/1
  curl -H 'Authorization: Bearer ${keys[auditor]}' \\
       '$base/v1/contracts/demo-1/usage?from=2026-01-01&to=2026-04-01&granularity=month'
  curl -H 'Authorization: Bearer ${keys[auditor]}' '$base/v1/weather/348/degree-days?from=2014-01-01&to=2015-01-01'
  curl -H 'Authorization: Bearer ${keys[auditor]}' '$base/v1/portfolio/risk?stress_year=coldest'
  curl -H 'Authorization: Bearer ${keys[operator]}' $base/metrics
  curl -H 'Authorization: Bearer ${keys[energy_desk]}' -H 'Content-Type: application/json' \\
       --data '{"id": "mijnstraat", "name": "Mijn straat", "start_date": "2027-03-01"}' $base/v1/campaigns
  curl -H 'Authorization: Bearer ${keys[energy_desk]}' -H 'Content-Type: text/csv' \\
       --data-binary @tests/data/campaign/homes-3.csv $base/v1/campaigns/mijnstraat/homes
  curl -H 'Authorization: Bearer ${keys[meter_data]}' -H 'Content-Type: text/csv' \
       --data-binary \$'meter_id,channel,timestamp,value\nE1,import_t1,2026-05-01T00:00:00Z,100.000\n' \
       $base/v1/contracts/demo-1/readings
Auth, roles and every route: docs/api.md; pages: docs/pages.md; settlement: docs/reconciliation.md.
Ctrl-C stops the server.

TEXT
exec "$renofee" serve --db "$db" --port "$port"
