// renofee/app/arrears.hpp
//
// Purpose: arrears as the ledger records them (issue 20, item 3; docs/collections.md, "Arrears from the
// ledger"): what each contract owes on a day, the arrears list a financier works from, the 14-day letter
// (veertiendagenbrief) and the statutory collection costs that may follow it.
//
// What the ledger's entries are to the arrears rules of core/collections/arrears.hpp:
// - charges (amount > 0, on their value date): fee, excess_share, collection_costs and payoff entries;
// - payments (−amount, on their value date): payment (−x: x received), return and refund (+x: x went back),
//   compensation (−x: a credit set off against what is owed, BW 6:127) and reversal (undoes its entry, so its
//   own sign counts the same way);
// - no money: collection (a debit presented) and reminder (a letter sent).
//
// The 14-day letter (BW 6:96 lid 6; Besluit vergoeding voor buitengerechtelijke incassokosten, art. 2):
// - sent on day S, received on day R (R >= S; by post renofee assumes nothing, the operator says when); it
//   names the principal claim P = what is overdue on S (fees due before S), the collection costs on P, the last
//   day to pay (R + 14) and the first day costs may be charged (R + 15, collection_costs_from);
// - it is a ledger entry: kind reminder, amount 0.00, value date S, key "reminder:<n>" (n = 1, 2, ... per
//   contract), its figures in the reference (`letter_reference`, read back by `parse_letter_reference`);
// - a new letter is refused while the previous one's 14 days still run, and when nothing is overdue.
// Collection costs on day D (`charge_collection_costs`):
// - refused before the letter's first chargeable day;
// - U = what of P is still unpaid on D: payments settle the oldest fees first (BW 6:43 lid 2), and P consists
//   of the oldest open fees on S, so U = max(0, P − (paid on S..D net, with compensations)) computed exactly as
//   `arrears` does over the letter's charges;
// - U = 0: paid in time, nothing is charged; else the costs are collection_costs(U) (never more than the
//   letter stated, since the tiers only grow with the principal), posted once as kind collection_costs, key
//   "collection_costs:<n>", value date D.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/app/ledger.hpp"
#include "renofee/core/collections/arrears.hpp"
#include "renofee/core/collections/collection_costs.hpp"

namespace renofee::app {

struct LedgerClaims {
  std::vector<collections::Charge> charges;
  std::vector<collections::Payment> payments;
};
// The charges and payments of a contract's entries (rules above).
LedgerClaims ledger_claims(std::span<const LedgerEntry> entries);

Result<collections::Arrears> ledger_arrears(std::span<const LedgerEntry> entries, calendar::Date as_of);

// A 14-day letter as its ledger entry records it.
struct ArrearsLetter {
  int number = 0;  // 1, 2, ... per contract
  calendar::Date sent;
  calendar::Date received;
  calendar::Date oldest_due;          // due date of the oldest overdue charge on `sent`
  Money principal;                    // P, overdue on `sent`
  Money costs;                        // collection_costs(P).total, as the letter states them
  calendar::Date pay_by() const;      // received + 14
  calendar::Date costs_from() const;  // received + 15
  friend bool operator==(const ArrearsLetter&, const ArrearsLetter&) = default;
};
// "14-day letter <n>: principal <P>, oldest due <date>, received <date>, pay by <date>, costs <C> from <date>"
std::string letter_reference(const ArrearsLetter& letter);
// The letter of a reminder entry; invalid_argument when `reference` is not in letter_reference's form.
Result<ArrearsLetter> parse_letter_reference(std::string_view reference, calendar::Date sent);
// The letters of a contract's entries, by number.
Result<std::vector<ArrearsLetter>> letters_of(std::span<const LedgerEntry> entries);

// One line of the arrears list.
struct ArrearsLine {
  std::string contract_id;
  int occupant =
      1;  // whose arrears (docs/occupants.md): each occupant's entries are settled among themselves
  collections::Arrears arrears;
  std::optional<ArrearsLetter> last_letter;
  Money costs_charged;  // Σ collection_costs entries on or before the day
};
// The contracts of `contract_ids` with something overdue on `as_of` for at least `min_days_past_due` days,
// most days past due first (ties by contract id). One line per occupant in arrears: a new tenant's payments never
// settle the previous tenant's fees (docs/occupants.md), so each occupant's entries are counted on their own.
Result<std::vector<ArrearsLine>> arrears_list(LedgerStore& ledger, std::span<const std::string> contract_ids,
                                              calendar::Date as_of, int min_days_past_due);

// Records a 14-day letter (rules above); failed_precondition when nothing is overdue on `sent`, the previous
// letter was sent later, or its period runs until on or after `sent`; invalid_argument at "/received" when
// received < sent. Returns the letter and the arrears on `sent` it was made from (its open charges are what
// the letter lists).
struct SentLetter {
  ArrearsLetter letter;
  collections::Arrears on_sent;
};
// `occupant` 0: the last occupant in the contract's ledger (whoever lives there now, as a rule); a letter, its
// figures and its costs are that occupant's. Letters are numbered per contract.
Result<SentLetter> send_arrears_letter(LedgerStore& ledger, std::string_view contract_id, calendar::Date sent,
                                       calendar::Date received, bool creditor_deducts_vat,
                                       calendar::Instant now, int occupant = 0);

struct CostsOutcome {
  ArrearsLetter letter;
  Money unpaid;                                       // U
  std::optional<collections::CollectionCosts> costs;  // nullopt when U = 0
  bool already_charged = false;                       // the letter's costs were posted before
};
// Charges the costs of the contract's last letter on `on` (rules above); failed_precondition when there is no
// letter or `on` is before its first chargeable day.
Result<CostsOutcome> charge_collection_costs(LedgerStore& ledger, std::string_view contract_id,
                                             calendar::Date on, bool creditor_deducts_vat,
                                             calendar::Instant now, int occupant = 0);

}  // namespace renofee::app
