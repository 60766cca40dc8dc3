// renofee/app/collections.hpp
//
// Purpose: collecting the monthly fees by SEPA Core direct debit (issue 20, item 1; docs/collections.md): the
// creditor renofee collects for, each contract's mandate, and the collection run of a day, written once as a
// pain.008 file and entered in the ledger.
//
// A collection run on day D (`collect`):
// - takes every contract with a mandate whose schedule has a fee due on D (the schedule of the contract version
//   in effect on D, as `post_due_fees` computes it) and that was not collected before;
// - gives each debit its end-to-end id, "RF-<contract>-M<month>" (the schedule month, three digits or more), or,
//   when that is not a SEPA identifier of at most 35 characters, "RF-" and the first 32 hex digits of the
//   SHA-256 of "<contract>|<month>";
// - uses sequence type FRST for the first collection under a mandate and RCUR after it;
// - names the file "RF-<YYYYMMDD>-<n>", n = 1 + the files already made for D;
// - stores the file's bytes with their SHA-256, one collection row per fee and, per contract, the fee's ledger
//   entry (kind fee, key "fee:<month>", skipped when `post_due_fees` posted it already) and a collection entry
//   (kind collection, key "collection:<month>", value date D, amount 0.00: presenting a debit moves no money;
//   payments arrive with the bank statement), all in one transaction.
// The same fee is never collected twice: a (contract, month) has at most one collection row, so a second run
// for D finds nothing left and writes no file. `collection_file` returns a stored file's bytes unchanged.
//
// Nothing here writes XML or SQL: the file's bytes come from the `render` port (io/pain008.hpp in production).
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "renofee/app/ledger.hpp"
#include "renofee/app/reconcile.hpp"
#include "renofee/core/collections/bank_statement.hpp"
#include "renofee/core/collections/direct_debit.hpp"

namespace renofee::app {

// One fee presented for direct debit.
struct CollectionRecord {
  std::string contract_id;
  int month = 0;  // 1-based schedule month
  calendar::Date due_date;
  Money amount;
  std::string end_to_end_id;
  std::string mandate_id;
  collections::SequenceType sequence = collections::SequenceType::first;
  std::string message_id;
  friend bool operator==(const CollectionRecord&, const CollectionRecord&) = default;
};

// A pain.008 file as stored.
struct CollectionFile {
  std::string message_id;
  calendar::Date collection_date;
  calendar::Instant created_at;
  std::string created_by;  // "cli" or "key:<id>"
  int transactions = 0;
  Money control_sum;
  std::string sha256;  // of `xml`
  std::string xml;
  friend bool operator==(const CollectionFile&, const CollectionFile&) = default;
};

// The ledger entries of one contract that a collection run posts.
struct ContractPostings {
  std::string contract_id;
  std::vector<NewEntry> entries;
};

// A bank statement as imported (app/bank_import.hpp): the statement, the SHA-256 of the file it came in, and
// what matching made of each transaction.
struct ImportedStatement {
  collections::BankStatement statement;
  std::string file_sha256;
  calendar::Instant imported_at;
  std::string imported_by;
  std::vector<collections::Match> matches;  // one per transaction, in statement order
};

// One stored bank transaction with the statement it came in.
struct BankRecord {
  std::string statement_id;
  collections::Match match;
};

class CollectionStore {
 public:
  virtual ~CollectionStore() = default;
  // The creditor (one per database); a new one replaces the old for later runs, the old stays on record.
  virtual Result<void> set_creditor(const collections::Creditor& creditor, calendar::Instant at,
                                    const std::string& actor) = 0;
  virtual Result<std::optional<collections::Creditor>> creditor() = 0;
  // already_exists when the mandate id is in use or the contract has a mandate.
  virtual Result<void> add_mandate(const collections::Mandate& mandate, calendar::Instant at,
                                   const std::string& actor) = 0;
  virtual Result<std::vector<collections::Mandate>> mandates() = 0;  // by contract id
  virtual Result<std::vector<CollectionRecord>> collections(std::string_view contract_id) = 0;  // by month
  virtual Result<int> files_on(calendar::Date collection_date) = 0;
  // The file, its records and the postings in one transaction; already_exists (and nothing stored) when a
  // record's (contract, month) or end-to-end id was collected before.
  virtual Result<void> store_collection(const CollectionFile& file, std::span<const CollectionRecord> records,
                                        std::span<const ContractPostings> postings) = 0;
  virtual Result<std::optional<CollectionFile>> collection_file(std::string_view message_id) = 0;

  // Every collection, as bank statements are matched against them.
  virtual Result<std::vector<collections::KnownCollection>> known_collections() = 0;
  // The file SHA-256 a statement (by its Id) was imported from, or nullopt when it was not.
  virtual Result<std::optional<std::string>> imported_statement(std::string_view statement_id) = 0;
  // The statement, its transactions and the postings in one transaction; already_exists when its Id is stored.
  virtual Result<void> store_statement(const ImportedStatement& statement,
                                       std::span<const ContractPostings> postings) = 0;
  // The transactions that wait for an operator, oldest statement first: unmatched, and not resolved (no ledger
  // entry of any contract has the posting key "payment:<statement>:<entry>.<detail>" or "return:...").
  virtual Result<std::vector<BankRecord>> unmatched() = 0;
  // One stored transaction, or nullopt.
  virtual Result<std::optional<BankRecord>> bank_transaction(std::string_view statement_id, int entry,
                                                             int detail) = 0;
  // Posts `posting` to `contract_id` for the unmatched transaction `record` in one transaction, holding the
  // transaction's row so that two operators cannot both resolve it; already_exists (nothing stored) when a
  // ledger entry of any contract has `posting`'s key.
  virtual Result<void> resolve_unmatched(const BankRecord& record, std::string_view contract_id,
                                         const NewEntry& posting, calendar::Instant at) = 0;
};

// pain.008 bytes of a run.
using RenderCollection = std::function<std::string(const collections::CollectionRun&)>;

struct CollectDeps {
  ReconcileDeps& book;  // contracts, tariffs (schedules), ledger, sha256
  CollectionStore& store;
  RenderCollection render;
};

struct CollectOutcome {
  std::optional<CollectionFile> file;     // nullopt when nothing was left to collect
  std::vector<CollectionRecord> records;  // in the file, FRST first
  std::vector<std::string> already;       // "<contract> month <m>: collected in <message id>"
};

// The collection run of `collection_date` (rules above). failed_precondition when no creditor is set.
Result<CollectOutcome> collect(CollectDeps& deps, calendar::Date collection_date, calendar::Instant now,
                               const std::string& actor);

// The end-to-end id of a contract month (rule above).
std::string end_to_end_id(std::string_view contract_id, int month, const Sha256& sha256);

}  // namespace renofee::app
