// renofee/app/occupants.hpp
//
// Purpose: a new occupant (issue 20 item 5; docs/occupants.md). The fee and the guarantee belong to the home:
// when the tenant changes (EPV rental) or the home is sold, the contract carries on with the next occupant from
// a date, and a sale where the buyer does not take over ends it with a payoff. `change_occupant` records such a
// change in one transaction:
//   - the change itself (append-only, in the event log);
//   - the fee of the month in which it falls, shared to the day (core/finance/occupancy.hpp): a `handover`
//     credit to the outgoing occupant dated their last day and, unless the contract ends, the same amount
//     charged to the incoming occupant on their first day;
//   - for a sale without takeover, the early repayment of the financing as of the change (app/payoff.hpp);
//   - every resident key of the contract revoked, a new one for the incoming occupant, and on request one for
//     the outgoing occupant that reads their own, now closed, period only (their final statement).
// It returns the outgoing occupant's final statement: their entries over their period, their arrears on their
// last day, and the guarantee year still running, whose compensation is shared by days when it is settled
// (app/reconcile.hpp postings).
//
// Whose entry (NewEntry::occupant): the store gives each entry the occupant living there on its value date, or
// on `occupant_date` when the poster sets it (a payment matched to an older fee belongs to that fee's occupant).
// No entry changes hands after the fact: fees already posted for the time from the change on are handed over by
// a pair of handover entries (a credit to the outgoing occupant, the same charge to the incoming one), and a
// change is refused while the ledger holds any other entry dated on or after it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "renofee/app/api_keys.hpp"
#include "renofee/app/contracts.hpp"
#include "renofee/app/ledger.hpp"
#include "renofee/app/reconcile.hpp"
#include "renofee/core/collections/arrears.hpp"
#include "renofee/core/finance/occupancy.hpp"
#include "renofee/core/finance/payoff.hpp"

namespace renofee::app {

// Everything one change stores, in one transaction.
struct OccupantChangeRecord {
  std::string contract_id;
  int number = 1;  // 1 for the contract's first change, 2 for the next, ...
  finance::OccupantChange change;
  calendar::Instant at;
  std::string actor;              // "cli" or "key:<id>"
  std::vector<NewEntry> entries;  // handover and payoff entries, occupants set
  std::vector<ApiKey> new_keys;   // stored after every resident key of the contract was revoked
};

struct StoredOccupantChange {
  AppendOutcome posted;
  std::vector<std::string> revoked_keys;  // ids, sorted
};

class OccupantStore {
 public:
  virtual ~OccupantStore() = default;
  // Stores `record` atomically (rule above). already_exists when change `number` of the contract exists (a
  // concurrent change): nothing is stored.
  virtual Result<StoredOccupantChange> record_occupant_change(const OccupantChangeRecord& record) = 0;
};

// The occupants of a contract: occupant 1 from version 1's start date, then one per change.
Result<std::vector<finance::OccupantPeriod>> contract_occupants(ContractStore& contracts,
                                                                std::string_view contract_id);

struct OccupantChangeRequest {
  std::string contract_id;
  finance::OccupantChange change;
  bool outgoing_key = false;  // also make a key for the outgoing occupant's closed period
  calendar::Date today;       // a sale without takeover may not be dated after today (it posts a payoff)
  calendar::Instant now;
  std::string actor;
};

// The guarantee year running on the outgoing occupant's last day: settled after its end, then shared by days.
struct OpenGuaranteeYear {
  int year = 0;             // as the contract numbers its years (settled_year)
  calendar::Period period;  // the whole year
  calendar::Period lived;   // the outgoing occupant's part of it
};

struct FinalStatement {
  int occupant = 1;
  calendar::Period period;       // [their first day, the change)
  Statement statement;           // their entries over their period
  collections::Arrears arrears;  // of their entries, on their last day
  std::optional<OpenGuaranteeYear> open_year;
};

struct OccupantChangeOutcome {
  int number = 1;
  finance::OccupantChange change;
  int outgoing = 1;                 // the outgoing occupant
  std::optional<int> incoming;      // none after a sale without takeover
  std::vector<LedgerEntry> posted;  // handover and payoff entries as stored
  std::optional<finance::PayoffQuote> payoff;
  std::optional<IssuedKey> incoming_key;
  std::optional<IssuedKey> outgoing_key;
  std::vector<std::string> revoked_keys;
  FinalStatement final_statement;
};

// The use case (rules above). Refusals: not_found for an unknown contract; invalid_argument / failed_precondition
// naming "/date" for a date not after the start or the last change, a change after the contract ended, ledger
// entries dated on or after the change, or a sale without takeover dated after `today`.
Result<OccupantChangeOutcome> change_occupant(ReconcileDeps& deps, OccupantStore& store, KeyCrypto& crypto,
                                              const OccupantChangeRequest& request);

// An occupant's statement: their entries over the part of `year`'s settled period they lived in (the whole
// period's rules otherwise, app/reconcile.hpp yearly_statement). not_found "no statement" when they did not
// live in it.
Result<StatementOutcome> occupant_statement(ReconcileDeps& deps, std::string_view contract_id, int occupant,
                                            int year, calendar::Date today);

// The statement a caller reads: a resident its occupant's (occupant_statement), everyone else the contract's
// (yearly_statement). `principal` is nullopt for the command line.
Result<StatementOutcome> statement_for(ReconcileDeps& deps, const std::optional<Principal>& principal,
                                       std::string_view contract_id, int year, calendar::Date today);

// What a resident reads (docs/occupants.md "Privacy"): the period of the occupant its key belongs to (the
// current occupant for a key that names none, a share link); nullopt for every other role, which reads the whole
// contract. not_found when the key's occupant is not one of the contract's.
Result<std::optional<finance::OccupantPeriod>> resident_period(ContractStore& contracts,
                                                               const Principal& principal,
                                                               std::string_view contract_id);
// The same for meter data (the usage route): occupant 1's period has no lower bound (the home's readings from
// before the contract, its baseline, are theirs), and only the occupant changes are read, not the contract.
Result<std::optional<finance::OccupantPeriod>> resident_meter_period(ContractStore& contracts,
                                                                     const Principal& principal,
                                                                     std::string_view contract_id);
// Whether an occupant lived in the home for the whole of `period` (a guarantee year whose report, with its meter
// data, is theirs alone to read).
bool lived_whole(const finance::OccupantPeriod& occupant, const calendar::Period& period);

// The period of `occupant`, or not_found.
Result<finance::OccupantPeriod> occupant_period(ContractStore& contracts, std::string_view contract_id,
                                                int occupant);

}  // namespace renofee::app
