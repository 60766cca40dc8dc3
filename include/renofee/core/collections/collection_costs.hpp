// renofee/core/collections/collection_costs.hpp
//
// Purpose: the statutory extrajudicial collection costs (buitengerechtelijke incassokosten) a creditor may
// charge on an overdue consumer debt in the Netherlands, and the 14-day letter that must come first
// (docs/collections.md).
//
// Rules (Besluit vergoeding voor buitengerechtelijke incassokosten, Stb. 2012, 141, art. 2; Burgerlijk Wetboek
// art. 6:96 lid 6), on the principal claim P (the overdue amount, EUR, cents):
//   15 % of the first 2,500.00; 10 % of the next 2,500.00; 5 % of the next 5,000.00; 1 % of the next
//   190,000.00; 0.5 % of what exceeds 200,000.00. Each tier is exact; the sum is rounded half_up to cents once;
//   then at least 40.00 and at most 6,775.00. VAT (21 %) is added, half_up to cents, only when the creditor
//   cannot deduct it (`creditor_deducts_vat` false).
//   The costs may be charged only when the debtor has not paid within 14 days after receiving a written
//   reminder (the veertiendagenbrief, BW 6:96 lid 6) that states those costs: the period starts the day after
//   receipt, so the earliest day costs may be charged is receipt + 15 days.
#pragma once

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::collections {

struct CollectionCosts {
  Money principal;      // P
  Money before_limits;  // Σ tiers, half_up cents
  Money costs;          // after the 40.00 minimum and the 6,775.00 maximum
  Money vat;            // 0 when the creditor deducts VAT
  Money total;          // costs + vat
};

// invalid_argument (field "/principal") for a principal that is not positive or has more than 2 decimals.
Result<CollectionCosts> collection_costs(const Money& principal, bool creditor_deducts_vat = true);

// The first day collection costs may be charged after a 14-day letter received on `received`.
calendar::Date collection_costs_from(calendar::Date received);

}  // namespace renofee::collections
