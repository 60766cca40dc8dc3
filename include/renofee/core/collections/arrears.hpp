// renofee/core/collections/arrears.hpp
//
// Purpose: what a contract's resident still owes on a day: the fees due, what was paid against them, what is
// open and how long the oldest open fee has been overdue (docs/collections.md), for the arrears list a
// financier works from and for the 14-day letter (collection_costs.hpp).
//
// Rules:
//   - Charges are the fees due (each with its due date); payments are what was received, dated; a returned
//     direct debit or a refund (SEPA reason codes AM04, MD06, ...) is a payment with a negative amount on the
//     day it was returned.
//   - Only what is dated on or before `as_of` counts.
//   - Payments settle the oldest open fee first (Burgerlijk Wetboek art. 6:43 lid 2: without a choice by the
//     debtor, a payment goes to the debt that fell due first), so the open fees are always the youngest ones:
//     net paid P = Σ payments; walk the charges in due-date order (ties in the order given) and let each take
//     min(its amount, what is left of P). A net paid above the charges is a credit (`credit`), never negative
//     open.
//   - days past due of an open fee = days from its due date to `as_of` (0 on the due date itself); overdue =
//     the open amount of fees due before `as_of`.
#pragma once

#include <span>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::collections {

struct Charge {
  calendar::Date due;
  Money amount;  // > 0, cents
};

struct Payment {
  calendar::Date on;
  Money amount;  // cents; negative for a return or refund
};

struct OpenCharge {
  calendar::Date due;
  Money amount;
  Money open;  // 0 < open <= amount
  int days_past_due = 0;
};

struct Arrears {
  calendar::Date as_of;
  Money charged;                         // Σ charges due on or before as_of
  Money paid;                            // Σ payments on or before as_of (net of returns)
  Money open;                            // Σ open
  Money overdue;                         // open of the fees due before as_of
  Money credit;                          // paid beyond what is charged, else 0
  int days_past_due = 0;                 // of the oldest open fee due before as_of; 0 when nothing is overdue
  std::vector<OpenCharge> open_charges;  // in due-date order
};

// invalid_argument naming "/charges/<i>/amount" for a charge that is not a positive amount in cents, or
// "/payments/<i>/amount" for a payment not in cents.
Result<Arrears> arrears(std::span<const Charge> charges, std::span<const Payment> payments,
                        calendar::Date as_of);

}  // namespace renofee::collections
