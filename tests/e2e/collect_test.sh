#!/usr/bin/env bash
# SEPA direct-debit collections end to end (issue 20, item 1; docs/collections.md), on a SQLite file and, when
# RENOFEE_TEST_PG_URL is set (make test), on PostgreSQL:
#   creditor and mandates (bad IBAN, unknown contract, mandate id in use: refused, nothing stored)
#   -> collect 2026-12-01: one pain.008 file, FRST for both first debits, each amount the schedule's total of
#      that due date (renofee schedule on the contract file, a separate path), valid against renofee's XSD
#   -> the same day again: nothing left, no file; the stored file exported again is byte-identical
#   -> collect 2027-01-01: RCUR; the ledger has each fee and its 0.00 collection entry, verify is intact
#   -> the camt.053 statement tests/data/collections/camt053_december.xml: payments, an AM04 return, a transfer,
#      an MD06 refund posted; the unknown credit waits in `bank unmatched`; the same file again changes nothing;
#      a statement for another account, one with an Id already imported from another file, and malformed XML
#      are refused with nothing stored; the statement of nom-tussenwoning shows what was received and returned
#   -> arrears on 2027-01-31: every contract's open and overdue amounts, days past due and oldest due date equal
#      scripts/ledger_reference.py over the contracts' ledger listings (an independent python reference); the
#      14-day letter of epv-huurappartement (principal, costs, pay-by day, the Dutch text), a second letter and
#      costs before their day refused, the collection costs posted once on their day, shown by the statement
#      and covered by ledger verify; bad dates, an unknown contract and an unknown format refused
#   -> the camt.054 notification tests/data/collections/camt054_notification.xml: the AM04 return the statement
#      reported already is a duplicate and posts nothing, the January credit is posted, a second import changes
#      nothing
#   -> the early repayment of lineair-aflossing posted today: the ledger's payoff entry equals the quote's total
#      (= principal + interest + compensation, added up in python), a second posting and a future date refused,
#      and the next collection after it is the schedule's service fee alone
#   -> the statements of four contracts (payments, a refund, a return, collection costs, a payoff,
#      compensation) equal scripts/ledger_reference.py's sums over their ledger listings
#   -> a stored file's bytes, a mandate and a bank transaction edited behind renofee's back: verify names each.
# usage: collect_test.sh RENOFEE SOURCE_DIR
set -u
bin=$1
src=$2
work=$(mktemp -d)
# shellcheck source=e2e_lib.sh
source "$src/tests/e2e/e2e_lib.sh"
xsd="$src/api/iso20022/pain.008.001.02.renofee.xsd"

# The schedule's total of a contract file on a due date (CSV column 8).
total_on() { "$bin" schedule "$src/contracts/$1.json" | awk -F, -v d="$2" '$2 == d { print $8 }'; }

# The number of ledger entries of all contracts (to show that a refused or repeated import posts nothing).
ledger_count() { "$bin" ledger verify --db "$1" | awk '/^ok / { n += $3 } END { print n + 0 }'; }

bank_statements() {  # bank_statements LABEL DB_URL OUT_DIR
  local label=$1 url=$2 out=$3 camt="$src/tests/data/collections/camt053_december.xml" before
  r() { "$bin" "$@" --db "$url"; }
  before=$(ledger_count "$url")
  sed 's/<IBAN>NL44RABO0123456789<\/IBAN>/<IBAN>NL20INGB0001234567<\/IBAN>/' "$camt" > "$out/other.xml"
  expect_exit 2 "$label: a statement of another account is refused" r bank import "$out/other.xml"
  expect_text "$work/err" "(at /Stmt[1]/Acct/Id/IBAN)" "$label: ... naming the element"
  printf '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>' > "$out/broken.xml"
  expect_exit 2 "$label: malformed XML is refused" r bank import "$out/broken.xml"
  expect_text "$work/err" "not well-formed XML" "$label: ... saying so"
  if [ "$(ledger_count "$url")" = "$before" ]; then ok "$label: ... and nothing was posted"; else bad "$label: ... something was posted"; fi
  expect_exit 0 "$label: the December statement is imported" r bank import "$camt"
  expect_text "$work/out" "1.1	2026-12-01	CRDT	255.33	payment	nom-tussenwoning	collection RF-nom-tussenwoning-M010 paid" "$label: ... the batch's first debit paid"
  expect_text "$work/out" "2.1	2026-12-05	DBIT	95.20	return	epv-huurappartement	collection RF-epv-huurappartement-M006 returned: AM04 insufficient funds" "$label: ... the AM04 return"
  expect_text "$work/out" "3.1	2026-12-10	CRDT	95.20	payment	epv-huurappartement	transfer with payment reference RF-epv-huurappartement" "$label: ... the transfer"
  expect_text "$work/out" "6.1	2027-01-20	DBIT	255.33	refund	nom-tussenwoning	collection RF-nom-tussenwoning-M010 refunded: MD06" "$label: ... the MD06 refund"
  if [ "$(ledger_count "$url")" = "$((before + 5))" ]; then ok "$label: ... five entries posted"; else bad "$label: ... $(ledger_count "$url") entries, wanted $((before + 5))"; fi
  expect_exit 0 "$label: the same file again" r bank import "$camt"
  expect_text "$work/out" "already imported: statement NL44RABO0123456789-2027-01 (nothing changed)" "$label: ... changes nothing"
  if [ "$(ledger_count "$url")" = "$((before + 5))" ]; then ok "$label: ... and posts nothing"; else bad "$label: ... posted again"; fi
  sed 's/<Amt Ccy="EUR">12.00<\/Amt>/<Amt Ccy="EUR">13.00<\/Amt>/' "$camt" > "$out/changed.xml"
  expect_exit 1 "$label: the same statement Id from another file is refused" r bank import "$out/changed.xml"
  expect_text "$work/err" "was imported from another file" "$label: ... saying so"
  expect_exit 0 "$label: bank unmatched" r bank unmatched
  expect_text "$work/out" "4.1	2026-12-12	CRDT	12.00	unmatched	-	no end-to-end id and no payment reference RF-<contract>" "$label: ... lists the unknown credit with its reason"
  if [ "$(grep -c unmatched "$work/out")" -eq 1 ]; then ok "$label: ... and nothing else"; else bad "$label: ... $(cat "$work/out")"; fi
  expect_exit 0 "$label: statement of nom-tussenwoning, year 1" r statement --contract nom-tussenwoning --year 1
  expect_text "$work/out" "payments received 255.33 EUR" "$label: ... shows the payment"
  expect_text "$work/out" "debits returned   255.33 EUR" "$label: ... and the refund"
  expect_exit 0 "$label: verify is intact after the import" r verify
  expect_text "$work/out" "intact: 0 problem(s)" "$label: ... with no problem"
  local stmt=NL44RABO0123456789-2027-01
  before=$(ledger_count "$url")
  expect_exit 2 "$label: an assignment without a note is refused" r bank assign --statement $stmt --entry 4.1 --contract demo-1
  expect_text "$work/err" "(at /note)" "$label: ... naming the field"
  expect_exit 2 "$label: an entry that is not ENTRY.DETAIL is refused" r bank assign --statement $stmt --entry 4 --contract demo-1 --note x
  expect_exit 1 "$label: an unknown transaction is refused" r bank assign --statement $stmt --entry 9.1 --contract demo-1 --note x
  expect_exit 1 "$label: a transaction matched on import is refused" r bank assign --statement $stmt --entry 2.1 --contract demo-1 --note x
  expect_exit 1 "$label: an unknown contract is refused" r bank assign --statement $stmt --entry 4.1 --contract nope --note x
  if [ "$(ledger_count "$url")" = "$before" ]; then ok "$label: ... and nothing was posted"; else bad "$label: ... something was posted"; fi
  expect_exit 0 "$label: the operator assigns the unknown credit to demo-1" r bank assign --statement $stmt --entry 4.1 \
    --contract demo-1 --note "resident phoned: paid by hand"
  expect_text "$work/out" "posted to demo-1: payment -12.00 on 2026-12-12 (payment:$stmt:4.1)" "$label: ... posted as its payment"
  expect_exit 2 "$label: assigning it again (to another contract) is refused" r bank assign --statement $stmt --entry 4.1 \
    --contract nom-e2e --note "again"
  expect_text "$work/err" "was assigned to contract demo-1 before" "$label: ... naming the contract it went to"
  if [ "$(ledger_count "$url")" = "$((before + 1))" ]; then ok "$label: ... one entry in all"; else bad "$label: ... $(ledger_count "$url") entries"; fi
  expect_exit 0 "$label: bank unmatched after the assignment" r bank unmatched
  if grep -q unmatched "$work/out"; then bad "$label: ... still lists it"; else ok "$label: ... waits for nothing"; fi
}

arrears_flow() {  # arrears_flow LABEL DB_URL OUT_DIR
  local label=$1 url=$2 out=$3 args=() c before
  for c in $(r contract list | awk '{ print $1 }'); do
    r ledger list --contract "$c" > "$out/ledger-$c.tsv"
    args+=("$c=$out/ledger-$c.tsv")
  done
  python3 "$src/scripts/ledger_reference.py" arrears 2027-01-31 "${args[@]}" > "$out/arrears-reference.csv"
  expect_exit 0 "$label: arrears list on 2027-01-31 (csv)" r arrears list --date 2027-01-31 --format csv
  tail -n +2 "$work/out" | cut -d, -f1-7 > "$out/arrears.csv"
  if [ -s "$out/arrears.csv" ] && cmp -s "$out/arrears.csv" "$out/arrears-reference.csv"; then
    ok "$label: ... $(wc -l < "$out/arrears.csv") contracts, every figure as the python reference computes it"
  else
    bad "$label: ... differs from the python reference: $(diff "$out/arrears.csv" "$out/arrears-reference.csv" | head -5)"
  fi
  expect_text "$out/arrears.csv" "epv-huurappartement,2027-01-31,571.20,571.20,183,2026-08-01,0.00" "$label: ... epv-huurappartement: six fees open after the AM04 return, 183 days"
  before=$(ledger_count "$url")
  expect_exit 2 "$label: a letter on a date that does not exist is refused" r arrears letter --contract epv-huurappartement --date 2027-02-30
  expect_text "$work/err" "(at /date)" "$label: ... naming the field"
  expect_exit 1 "$label: a letter for an unknown contract is refused" r arrears letter --contract nope --date 2027-01-31
  expect_exit 2 "$label: a letter received before it was sent is refused" r arrears letter --contract epv-huurappartement --date 2027-01-31 --received 2027-01-30
  expect_exit 2 "$label: an unknown list format is refused" r arrears list --format xml
  if [ "$(ledger_count "$url")" = "$before" ]; then ok "$label: ... and nothing was posted"; else bad "$label: ... something was posted"; fi
  expect_exit 0 "$label: the 14-day letter of epv-huurappartement" r arrears letter --contract epv-huurappartement \
    --date 2027-01-31 --received 2027-02-02 --out "$out/letter.txt"
  expect_text "$work/out" "principal 571.20, oldest due 2026-08-01, received 2027-02-02, pay by 2027-02-16, costs 85.68 from 2027-02-17" "$label: ... 571.20, costs 15 % = 85.68, pay by receipt + 14 days"
  expect_text "$out/letter.txt" "Geachte A. 't Hart," "$label: ... addressed to the debtor of the mandate"
  expect_text "$out/letter.txt" "uiterlijk op 16 februari 2027" "$label: ... with the last day to pay"
  expect_text "$out/letter.txt" "vanaf 17 februari 2027 incassokosten in rekening: € 85,68" "$label: ... and the costs that follow"
  expect_exit 1 "$label: a second letter while the first runs is refused" r arrears letter --contract epv-huurappartement --date 2027-02-10
  expect_exit 1 "$label: costs before their day are refused" r arrears costs --contract epv-huurappartement --date 2027-02-16
  expect_text "$work/err" "may be charged from 2027-02-17" "$label: ... saying when"
  expect_exit 0 "$label: the collection costs on 2027-02-17" r arrears costs --contract epv-huurappartement --date 2027-02-17
  expect_text "$work/out" "unpaid 571.20 of principal 571.20; costs 85.68 + VAT 0.00 = 85.68 posted to the ledger" "$label: ... 85.68 posted"
  expect_exit 0 "$label: the costs again" r arrears costs --contract epv-huurappartement --date 2027-02-18
  expect_text "$work/out" "(charged before; nothing posted)" "$label: ... posts nothing"
  if [ "$(ledger_count "$url")" = "$((before + 2))" ]; then ok "$label: ... the letter and the costs: two entries"; else bad "$label: ... $(ledger_count "$url") entries, wanted $((before + 2))"; fi
  expect_exit 0 "$label: statement of epv-huurappartement, 2027" r statement --contract epv-huurappartement --year 2027
  expect_text "$work/out" "collection costs  85.68 EUR" "$label: ... shows the collection costs"
  expect_exit 0 "$label: arrears list on 2027-02-20" r arrears list --date 2027-02-20
  expect_text "$work/out" "epv-huurappartement	656.88	656.88	203	2026-08-01	1 (pay by 2027-02-16)	85.68" "$label: ... the costs are owed too, and the letter is listed"
}

# The statement of CONTRACT YEAR as renofee gives it, against scripts/ledger_reference.py over the ledger listing.
statement_matches() {  # statement_matches LABEL CONTRACT YEAR OUT_DIR
  local label=$1 contract=$2 year=$3 out=$4 period
  r statement --contract "$contract" --year "$year" --format json > "$out/statement-$contract.json"
  r ledger list --contract "$contract" > "$out/ledger-$contract.tsv"
  period=$(python3 -c "import json; s = json.load(open('$out/statement-$contract.json')); print(s['begin'], s['end'])")
  # shellcheck disable=SC2086
  python3 "$src/scripts/ledger_reference.py" statement $period "$out/ledger-$contract.tsv" > "$out/statement-$contract.ref"
  if python3 - "$out/statement-$contract.json" "$out/statement-$contract.ref" <<'PY'
import json, sys
got, want = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
sys.exit("differs: %s" % wrong if wrong else 0)
PY
  then ok "$label: statement of $contract, year $year: every figure as the python reference adds it up"
  else bad "$label: statement of $contract, year $year differs from the python reference"; fi
}

notification_flow() {  # notification_flow LABEL DB_URL
  local label=$1 url=$2 ntf="$src/tests/data/collections/camt054_notification.xml" before
  before=$(ledger_count "$url")
  expect_exit 0 "$label: a camt.054 notification is imported" r bank import "$ntf"
  expect_text "$work/out" "1.1	2026-12-05	DBIT	95.20	duplicate	epv-huurappartement	reported again: the return of collection RF-epv-huurappartement-M006 was posted from NL44RABO0123456789-2027-01" "$label: ... the AM04 return the statement reported already is a duplicate"
  expect_text "$work/out" "2.1	2027-01-02	CRDT	95.20	payment	epv-huurappartement	collection RF-epv-huurappartement-M007 paid" "$label: ... the January credit is a payment"
  if [ "$(ledger_count "$url")" = "$((before + 1))" ]; then ok "$label: ... one entry posted, the return not twice"; else bad "$label: ... $(ledger_count "$url") entries, wanted $((before + 1))"; fi
  expect_exit 0 "$label: the notification again" r bank import "$ntf"
  expect_text "$work/out" "already imported: statement NL44RABO0123456789-NTF-20270102 (nothing changed)" "$label: ... changes nothing"
  expect_exit 0 "$label: bank unmatched after the notification" r bank unmatched
  if grep -q "duplicate" "$work/out"; then bad "$label: ... lists the duplicate"; else ok "$label: ... does not list the duplicate"; fi
}

payoff_flow() {  # payoff_flow LABEL DB_URL OUT_DIR
  local label=$1 url=$2 out=$3 today tomorrow next service total
  today=$(TZ=Europe/Amsterdam date +%F)
  tomorrow=$(TZ=Europe/Amsterdam date -d tomorrow +%F)
  next=$("$bin" schedule "$src/contracts/lineair-aflossing.json" | awk -F, -v t="$today" 'NR > 1 && $2 > t { print $2; exit }')
  service=$("$bin" schedule "$src/contracts/lineair-aflossing.json" | awk -F, -v d="$next" '$2 == d { print $7 }')
  expect_exit 0 "$label: a mandate for lineair-aflossing" r mandate add --contract lineair-aflossing \
    --mandate-id RF-lin-1 --signed 2026-01-05 --name "M. Jansen" --iban NL20INGB0001234567
  expect_exit 0 "$label: the payoff quote of today" r payoff --contract lineair-aflossing --date "$today" --format json
  total=$(python3 -c "import json,sys; q = json.load(open('$work/out')); from decimal import Decimal as D; \
assert D(q['total']) == D(q['outstanding_principal']) + D(q['accrued_interest']) + D(q['compensation']); print(q['total'])")
  if [ -n "$total" ]; then ok "$label: ... total $total = principal + interest + compensation"; else bad "$label: ... the quote does not add up"; fi
  expect_exit 2 "$label: a payoff posted for tomorrow is refused" r payoff --contract lineair-aflossing --date "$tomorrow" --post
  expect_exit 1 "$label: a payoff dated before a posted fee is refused" r payoff --contract lineair-aflossing --date 2026-11-15 --post
  expect_text "$work/err" "(fee:2) is posted already" "$label: ... naming the fee"
  expect_exit 0 "$label: the payoff posted today" r payoff --contract lineair-aflossing --date "$today" --post
  expect_text "$work/out" "payoff $total; the financing is closed" "$label: ... for the quote's total"
  expect_exit 1 "$label: a second payoff is refused" r payoff --contract lineair-aflossing --date "$today" --post
  expect_text "$work/err" "was repaid on $today" "$label: ... naming the first"
  expect_exit 0 "$label: the ledger of lineair-aflossing" r ledger list --contract lineair-aflossing
  expect_text "$work/out" "$today	payoff	$total	early repayment on $today" "$label: ... holds the payoff entry"
  expect_exit 0 "$label: the collection of $next, after the payoff" r collect --date "$next" --out "$out/after-payoff.xml"
  expect_text "$work/out" "EUR $service RF-lineair-aflossing-M" "$label: ... is the service fee alone ($service)"
  expect_exit 0 "$label: ... and the file is valid against the schema" xmllint --noout --schema "$xsd" "$out/after-payoff.xml"
  statement_matches "$label" nom-tussenwoning 1 "$out"           # payments, an MD06 refund
  statement_matches "$label" epv-huurappartement 2027 "$out"     # a transfer, an AM04 return, collection costs
  statement_matches "$label" lineair-aflossing 1 "$out"          # the payoff
  statement_matches "$label" nom-e2e 1 "$out"                    # compensation
  expect_exit 0 "$label: ledger verify covers payoff, reminder and collection costs" r ledger verify
  if grep -q "^PROBLEM\|BROKEN" "$work/out"; then bad "$label: ... $(grep -m1 'PROBLEM\|BROKEN' "$work/out")"; else ok "$label: ... every chain intact"; fi
}

run_backend() {  # run_backend LABEL DB_URL
  local label=$1 url=$2 sql out="$work/$1"
  mkdir -p "$out"
  if [ "$label" = sqlite ]; then sql="sqlite3 $url"; else sql="psql -q -v ON_ERROR_STOP=1 $url -c"; fi
  r() { "$bin" "$@" --db "$url"; }
  echo "--- backend $label"
  seed_samples "$bin" "$src" "$url" || { bad "$label: seeding the sample contracts"; return; }
  expect_exit 1 "$label: collect without a creditor is refused" r collect --date 2026-12-01 --out "$out/none.xml"
  expect_text "$work/err" "no creditor is set" "$label: ... saying what to do"
  expect_exit 2 "$label: a creditor IBAN with wrong check digits is refused" \
    r creditor set --name "Renofee Woningdiensten B.V." --iban NL45RABO0123456789 --creditor-id NL69ZZZ123456780000
  expect_text "$work/err" "(at /iban)" "$label: ... naming the field"
  expect_exit 2 "$label: a creditor id with wrong check digits is refused" \
    r creditor set --name "Renofee Woningdiensten B.V." --iban NL44RABO0123456789 --creditor-id NL70ZZZ123456780000
  expect_exit 0 "$label: the creditor is set" \
    r creditor set --name "Renofee Woningdiensten B.V." --iban "nl44 rabo 0123 4567 89" --creditor-id NL69ZZZ123456780000
  expect_exit 0 "$label: a mandate for nom-tussenwoning" r mandate add --contract nom-tussenwoning \
    --mandate-id RF-nom-1 --signed 2026-02-14 --name "J. de Vries" --iban "NL91 ABNA 0417 1643 00"
  expect_exit 0 "$label: a mandate for epv-huurappartement" r mandate add --contract epv-huurappartement \
    --mandate-id RF-epv-1 --signed 2026-06-20 --name "A. 't Hart" --iban NL20INGB0001234567
  expect_exit 2 "$label: a debtor IBAN with wrong check digits is refused" r mandate add --contract demo-1 \
    --mandate-id RF-demo-1 --signed 2026-02-14 --name "K. Bakker" --iban NL21INGB0001234567
  expect_exit 1 "$label: a mandate for an unknown contract is refused" r mandate add --contract nope \
    --mandate-id RF-nope --signed 2026-02-14 --name "K. Bakker" --iban NL20INGB0001234567
  expect_exit 2 "$label: a mandate id in use is refused" r mandate add --contract demo-1 \
    --mandate-id RF-nom-1 --signed 2026-02-14 --name "K. Bakker" --iban NL20INGB0001234567
  expect_exit 0 "$label: mandate list" r mandate list
  if [ "$(grep -c RF- "$work/out")" -eq 2 ]; then ok "$label: ... holds the two valid mandates only"; else bad "$label: ... $(cat "$work/out")"; fi

  expect_exit 0 "$label: collect 2026-12-01" r collect --date 2026-12-01 --out "$out/dec.xml"
  expect_text "$work/out" "RF-20261201-1: 2 debits" "$label: ... two debits in file RF-20261201-1"
  local nom epv
  nom=$(total_on nom-tussenwoning 2026-12-01)
  epv=$(total_on epv-huurappartement 2026-12-01)
  expect_text "$work/out" "nom-tussenwoning month 10 FRST EUR $nom RF-nom-tussenwoning-M010" "$label: ... nom month 10, FRST, the schedule's $nom"
  expect_text "$work/out" "epv-huurappartement month 6 FRST EUR $epv RF-epv-huurappartement-M006" "$label: ... epv month 6, FRST, the schedule's $epv"
  expect_text "$out/dec.xml" "<CtrlSum>$(python3 -c "from decimal import Decimal as D; print(D('$nom') + D('$epv'))")</CtrlSum>" "$label: ... control sum $nom + $epv"
  expect_exit 0 "$label: ... the file is valid against the pain.008.001.02 schema" xmllint --noout --schema "$xsd" "$out/dec.xml"
  expect_exit 0 "$label: the same day again" r collect --date 2026-12-01 --out "$out/again.xml"
  expect_text "$work/out" "nothing to collect on 2026-12-01; no file written" "$label: ... collects nothing"
  if [ -e "$out/again.xml" ]; then bad "$label: ... and writes no file"; else ok "$label: ... and writes no file"; fi
  expect_exit 2 "$label: an --out that exists is refused" r collect --date 2026-12-01 --out "$out/dec.xml"
  expect_exit 0 "$label: the stored file again" r collect --message-id RF-20261201-1 --out "$out/dec2.xml"
  if cmp -s "$out/dec.xml" "$out/dec2.xml"; then ok "$label: ... byte for byte"; else bad "$label: ... differs"; fi
  expect_exit 0 "$label: collect 2027-01-01" r collect --date 2027-01-01 --out "$out/jan.xml"
  expect_text "$work/out" "nom-tussenwoning month 11 RCUR" "$label: ... the second debit under a mandate is RCUR"
  expect_text "$out/jan.xml" "<SeqTp>RCUR</SeqTp>" "$label: ... in the file too"
  if grep -q "<SeqTp>FRST</SeqTp>" "$out/jan.xml"; then bad "$label: ... with no FRST block"; else ok "$label: ... with no FRST block"; fi
  expect_exit 0 "$label: ledger of nom-tussenwoning" r ledger list --contract nom-tussenwoning
  expect_text "$work/out" "collection" "$label: ... lists the collection entries"
  expect_exit 0 "$label: verify is intact after the runs" r verify
  expect_text "$work/out" "intact: 0 problem(s)" "$label: ... with no problem"

  bank_statements "$label" "$url" "$out"
  arrears_flow "$label" "$url" "$out"
  notification_flow "$label" "$url"
  payoff_flow "$label" "$url" "$out"

  if [ "$label" = sqlite ]; then
    $sql "DROP TRIGGER collection_files_append_only; DROP TRIGGER mandates_append_only; DROP TRIGGER bank_transactions_append_only;"
  else
    $sql "ALTER TABLE collection_files DISABLE TRIGGER USER; ALTER TABLE mandates DISABLE TRIGGER USER;
          ALTER TABLE bank_transactions DISABLE TRIGGER USER;"
  fi
  $sql "UPDATE collection_files SET xml = replace(xml, '<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>3</NbOfTxs>') WHERE message_id = 'RF-20270101-1';
        UPDATE mandates SET debtor_iban = 'NL20INGB0001234567' WHERE mandate_id = 'RF-nom-1';
        UPDATE bank_transactions SET amount_cents = 1300 WHERE kind = 'unmatched';"
  expect_exit 1 "$label: verify after the edits exits 1" r verify
  expect_text "$work/out" "PROBLEM collection file RF-20270101-1: its bytes were changed" "$label: ... naming the edited file"
  expect_text "$work/out" "PROBLEM mandate RF-nom-1 of contract nom-tussenwoning differs from what event" "$label: ... and the edited mandate"
  expect_text "$work/out" "PROBLEM bank statement NL44RABO0123456789-2027-01 differs from what event" "$label: ... and the edited bank transaction"
}

each_backend collect_e2e run_backend
finish
