// renofee/app/ledger.hpp
//
// Purpose: the contract ledger (docs/domain.md §8.8): monthly fee postings from the schedule,
// compensation credits and excess-sharing charges from reconciliations, and reversing entries for
// corrections. Append-only; every entry carries the SHA-256 of the previous entry of the same contract, so an
// edited or removed row breaks the chain and `verify_ledger` names the first bad entry.
//
// Signs: `amount` > 0 is charged to the resident (fees, excess sharing), < 0 is credited (compensation). The
// balance of a contract is the sum of its amounts up to a date.
//
// Chain: per contract, entries are numbered 1, 2, ... (`sequence`); entry n stores prev_hash = hash of entry
// n−1 (64 zeros for entry 1) and hash = SHA-256 of `entry_digest_text(entry)`, a fixed line of every field:
//   renofee.ledger/1|<contract>|<sequence>|<kind>|<value date>|<amount>|<posting key>|<reference>|
//     <posted at unix seconds>|<prev_hash>       (one line; wrapped here at a `|`)
// for entries of the first occupant (every entry written before occupant changes existed), and for entries of
// occupant 2, 3, ... (docs/occupants.md) the occupant as well, so it cannot be moved between occupants:
//   renofee.ledger/2|<contract>|<sequence>|<kind>|...|<posted at unix seconds>|<occupant>|<prev_hash>
// Each contract's head (entry count and last hash) is kept apart from the entries (the store updates it in
// the same transaction), so removing the last entries is detected too. Whoever can rewrite the whole chain
// and its head can forge it: `renofee ledger verify` prints each head so that a copy kept elsewhere (an
// auditor's file, a statement) anchors it.
//
// Idempotency: each entry has a posting key unique within its contract ("fee:12" = the fee of contract month
// 12, "compensation:2027:v1", "reversal:2027:v1"); appending an entry whose key exists is skipped, so a
// retried posting never doubles.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/app/digest.hpp"
#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::app {

// collection: a fee presented for SEPA direct debit (app/collections.hpp); amount 0.00, since presenting moves
// no money, with the presented amount in its reference. From a bank statement (app/bank_import.hpp): payment
// (< 0, money received), returned (> 0, a returned debit, "return") and refund (> 0, MD06). From arrears
// (app/arrears.hpp): reminder (a 14-day letter, 0.00, its figures in the reference) and collection_costs (> 0,
// the statutory costs charged after it). payoff (> 0): the early repayment of the financing (app/payoff.hpp).
// handover: the fee of the month in which the occupant changed, shared to the day (app/occupants.hpp): a
// credit (< 0) to the outgoing occupant and the same amount charged (> 0) to the incoming one.
enum class EntryKind {
  fee,
  compensation,
  excess_share,
  reversal,
  collection,
  payment,
  returned,
  refund,
  reminder,
  collection_costs,
  payoff,
  handover
};
std::string_view to_string(EntryKind kind) noexcept;
Result<EntryKind> parse_entry_kind(std::string_view text);

// An entry to append: the store numbers and chains it.
struct NewEntry {
  NewEntry() = default;
  NewEntry(EntryKind k, calendar::Date value, Money a, std::string key, std::string ref)
      : kind(k),
        value_date(value),
        amount(std::move(a)),
        posting_key(std::move(key)),
        reference(std::move(ref)) {}
  EntryKind kind = EntryKind::fee;
  calendar::Date value_date;  // fee: its due date; compensation/excess/reversal: last day of the settled year
  Money amount;               // EUR, cents; sign as above
  std::string posting_key;    // unique per contract (see above)
  std::string reference;      // human-readable: "contract month 12", "report 2027 v1 sha256:..."
  // The occupant the entry belongs to (core/finance/occupancy.hpp; docs/occupants.md "Whose entry"): 1, 2, ...
  // When 0 the store gives it the occupant living there on `occupant_date` if set (a payment of an older fee:
  // the fee's due date), else on `value_date`. Stored entries always have it >= 1.
  int occupant = 0;
  std::optional<calendar::Date> occupant_date;  // never stored: only how the store chooses `occupant`
  friend bool operator==(const NewEntry&, const NewEntry&) = default;
};

struct LedgerEntry {
  std::int64_t id = 0;  // store-wide row id (display only)
  std::string contract_id;
  std::int64_t sequence = 0;  // 1, 2, ... within the contract
  NewEntry entry;
  calendar::Instant posted_at;
  std::string prev_hash;
  std::string hash;
  friend bool operator==(const LedgerEntry&, const LedgerEntry&) = default;
};

struct LedgerHead {
  std::string contract_id;
  std::int64_t entries = 0;
  std::string hash;  // of the last entry, or 64 zeros
  friend bool operator==(const LedgerHead&, const LedgerHead&) = default;
};

inline const std::string genesis_hash(64, '0');

// The text that is hashed (rule above).
std::string entry_digest_text(const LedgerEntry& entry);

// What an append did.
struct AppendOutcome {
  std::vector<LedgerEntry> appended;  // in order
  std::int64_t skipped = 0;           // entries whose posting key existed
};

class LedgerStore {
 public:
  virtual ~LedgerStore() = default;
  // Appends atomically (all or nothing), chaining each entry, skipping existing posting keys; concurrent
  // appends to one contract are serialised by the store.
  virtual Result<AppendOutcome> append(std::string_view contract_id, std::span<const NewEntry> entries,
                                       calendar::Instant posted_at) = 0;
  // Entries of a contract by sequence (empty when none).
  virtual Result<std::vector<LedgerEntry>> entries(std::string_view contract_id) = 0;
  // Every head, by contract id; `contract_ids_with_entries` lists contracts that have entries even if their
  // head row is gone.
  virtual Result<std::vector<LedgerHead>> heads() = 0;
  virtual Result<std::vector<std::string>> contract_ids_with_entries() = 0;
};

// The outcome of checking one contract's chain.
struct ChainCheck {
  std::string contract_id;
  std::int64_t entries = 0;
  std::string head_hash;
  std::optional<std::string> problem;  // the first bad entry and why; nullopt when intact
};

// Checks every contract's chain: sequences 1..n without gaps, each prev_hash the previous hash, each hash
// recomputed from the entry's fields, and the head (count and hash) equal to the last entry.
Result<std::vector<ChainCheck>> verify_ledger(LedgerStore& store, const Sha256& sha256);

// The fee postings of contract months 0..(due on or before `through`) that are not yet posted: one entry per
// schedule row with kind fee, the row's total as amount, key "fee:<month>". `rows` come from the schedule of
// the version in effect on each due date (the caller computes them).
struct DueFee {
  int month = 0;  // 1-based schedule month
  calendar::Date due_date;
  Money total;
  bool service_only = false;  // due after the financing was repaid early: the service fee alone
};
std::vector<NewEntry> fee_entries(std::span<const DueFee> fees, calendar::Date through);

// A yearly statement of one contract over a settled period [begin, end).
struct Statement {
  std::string contract_id;
  calendar::Period period;
  Money opening_balance;   // Σ amounts with value date < begin
  Money fees;              // Σ fee entries in the period
  Money compensation;      // −Σ compensation entries in the period (a positive number: what was credited)
  Money excess_share;      // Σ excess-sharing entries in the period
  Money reversals;         // Σ reversal entries in the period (their own sign)
  Money payments;          // −Σ payment entries in the period (a positive number: what was received)
  Money collected;         // the part of `payments` that direct debits collected (is_collected)
  Money paid_otherwise;    // the rest: transfers and payments an operator assigned
  Money due;               // fees + excess_share + collection_costs + payoff + handover: what fell due
  Money returned;          // Σ return and refund entries in the period (what went back to the resident)
  Money collection_costs;  // Σ collection_costs entries in the period
  Money payoff;            // Σ payoff entries in the period (the financing repaid early)
  Money handover;  // Σ handover entries (their own sign: the fee of a change month shared to the day)
  // fees − compensation + excess_share + reversals − payments + returned + collection_costs + payoff + handover
  Money net;
  Money closing_balance;             // opening + net
  std::vector<LedgerEntry> entries;  // the period's entries
  LedgerHead head;                   // the chain head when the statement was made
};
Statement make_statement(std::string_view contract_id, const calendar::Period& period,
                         std::span<const LedgerEntry> entries, const LedgerHead& head);

// Whether a payment entry is a direct debit's settlement: the bank import writes its reference as "bank statement
// <id> entry <e.d>: collection <end-to-end id> paid" (app/bank_import.hpp); a transfer says "transfer with payment
// reference ..." and an operator's assignment "assigned by ...". Derived from the hashed reference, so it cannot
// change after posting.
bool is_collected(const NewEntry& entry);

// The entries of one occupant (docs/occupants.md): what each occupant's statements and arrears are made of.
std::vector<LedgerEntry> entries_of_occupant(std::span<const LedgerEntry> entries, int occupant);

}  // namespace renofee::app
