// renofee/app/replacements.hpp
//
// Purpose: replacing a measure that wore out (issue 20 item 6; docs/offers.md "Replacement reserve"). A
// replacement is a dated event with its cost, paid from the contract's replacement reserve: the part of the
// service fee the offer sets aside (`service_fee.replacement_reserve`). The reserve statement on a day:
//   contributions  Σ over the monthly fees due on or before the day (app/reconcile.hpp `due_fees`: none after a
//                  sale without takeover, the service fee alone after an early repayment) of the reserve of the
//                  contract version in effect on each due date;
//   replacements   in date order, each paid from what the reserve holds then, the rest borne by the provider
//                  (the service fee promised the replacement; the resident never pays it);
//   balance        contributions − paid from the reserve.
// Replacements are append-only rows in the event log (migration 10). They move no money on the resident's
// ledger: the reserve is the provider's fund inside the fee.
#pragma once

#include <string>
#include <vector>

#include "renofee/app/reconcile.hpp"

namespace renofee::app {

struct Replacement {
  calendar::Date on;
  std::string measure;  // one of the offer's measure kinds ("heat_pump")
  Money cost;           // EUR, > 0, cents
  std::string note;     // 0..500 characters: supplier, invoice, ...
  friend bool operator==(const Replacement&, const Replacement&) = default;
};

class ReplacementStore {
 public:
  virtual ~ReplacementStore() = default;
  // Appends one replacement (numbered after the contract's last) with its event.
  virtual Result<void> record_replacement(std::string_view contract_id, const Replacement& replacement,
                                          calendar::Instant at, const std::string& actor) = 0;
  // The contract's replacements in the order recorded.
  virtual Result<std::vector<Replacement>> replacements(std::string_view contract_id) = 0;
};

struct ReserveLine {
  Replacement replacement;
  Money reserve_before;
  Money paid_from_reserve;
  Money borne_by_provider;
};

struct ReserveStatement {
  std::string contract_id;
  calendar::Date as_of;
  int fees_due = 0;     // monthly fees due on or before as_of
  Money contributions;  // what they set aside
  std::vector<ReserveLine> lines;
  Money paid_from_reserve;
  Money borne_by_provider;
  Money balance;
};

// The reserve statement on `as_of` (rules above).
Result<ReserveStatement> reserve_statement(ReconcileDeps& deps, ReplacementStore& store,
                                           std::string_view contract_id, calendar::Date as_of);

// Records a replacement and returns the reserve statement on its day. invalid_argument naming "/measure" (not a
// measure of the offer), "/cost" (not a positive amount in cents), "/date" (before the contract's start or after
// `today`) or "/note" (over 500 characters); not_found for an unknown contract.
Result<ReserveStatement> record_replacement(ReconcileDeps& deps, ReplacementStore& store,
                                            std::string_view contract_id, const Replacement& replacement,
                                            calendar::Date today, calendar::Instant now,
                                            const std::string& actor);

}  // namespace renofee::app
