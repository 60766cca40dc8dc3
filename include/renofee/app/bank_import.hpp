// renofee/app/bank_import.hpp
//
// Purpose: bank statements in (issue 20, item 2; docs/collections.md, "Bank statements in"): the camt.053
// statements of one file, read by the caller (io/camt053.hpp), matched against the collections
// (core/collections/bank_statement.hpp) and posted to the ledger.
//
// Before anything is stored, every statement of the file is checked: it must be for the creditor's account
// (else invalid_argument at "/Stmt[i]/Acct/Id/IBAN"), and a statement Id imported before must come from the same
// file (same SHA-256), else failed_precondition naming both hashes. Then each new statement is stored with its
// transactions and postings in one transaction:
// - payment: kind payment, amount −x, key "payment:<statement>:<entry>.<detail>";
// - return: kind return, amount +x, key "return:<statement>:<entry>.<detail>"; refund likewise;
// - value date: the booking date; reference "bank statement <statement> entry <e>.<d>: <how it matched>" (a camt.054
//   notification is stored as a statement, by its Id).
// Unmatched transactions are stored with their reason and listed by `unmatched` until an operator acts.
// Importing the same file again changes nothing: its statements are reported as already imported.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "renofee/app/collections.hpp"

namespace renofee::app {

struct ImportOutcome {
  std::vector<std::string> imported;  // statement ids stored now
  std::vector<std::string> already;   // statement ids imported before from this file
  std::vector<BankRecord> records;    // the transactions of the statements stored now
};

Result<ImportOutcome> import_statements(CollectDeps& deps,
                                        std::span<const collections::BankStatement> statements,
                                        const std::string& file_sha256, calendar::Instant now,
                                        const std::string& actor);

// An operator's resolution of an unmatched transaction (docs/collections.md, "What waits for an operator"): the
// transaction <statement> entry <entry>.<detail> belongs to `contract_id`. A credit is posted as that contract's
// payment (−x, key "payment:<statement>:<entry>.<detail>"), a debit with a return reason as its return (+x, key
// "return:..."), on the booking date, with reference "bank statement <statement> entry <e>.<d>: assigned by <actor>:
// <note>". Refused: an unknown transaction (not_found at "/entry"), one that was matched on import or resolved
// before (failed_precondition / already_exists, naming the contract), a debit without a return reason
// (failed_precondition: it is not a resident's money), an unknown contract (not_found), an empty note
// (invalid_argument at "/note": the operator says why).
Result<NewEntry> assign_transaction(CollectDeps& deps, const std::string& statement_id, int entry, int detail,
                                    const std::string& contract_id, const std::string& note,
                                    calendar::Instant now, const std::string& actor);

// The ledger entries of one matched transaction (none for unmatched), rules above.
std::vector<NewEntry> bank_postings(const std::string& statement_id, const collections::Match& match);

}  // namespace renofee::app
