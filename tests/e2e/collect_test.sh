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
