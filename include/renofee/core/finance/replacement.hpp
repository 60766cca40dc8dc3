// renofee/core/finance/replacement.hpp
//
// Purpose: replacing a measure that wears out inside the contract (issue 20 item 6; docs/offers.md "Replacement
// reserve"). A heat pump lives 15 to 20 years, a building-bound contract runs up to 30: its replacement is part of
// the service the fee pays for. An offer may set aside a fixed part of the monthly service fee as a replacement
// reserve; the plan shows, at offer time, when each measure reaches the end of its life inside the term, what the
// reserve holds by then, and whether it covers the replacement.
//
// Rules:
// - A measure of lifetime L years is replaced at start + L years, start + 2L years, ... while that date lies
//   before the contract's end (start + term months). Its cost is the measure's cost in the offer (today's price:
//   the plan does not guess future prices, and says so).
// - The reserve receives `monthly` with every monthly fee due before a date (due dates start + m months,
//   m = 0 .. term − 1), a fixed nominal amount: it is part of the service fee, not added to it.
// - Replacements are paid from the reserve in date order; what the reserve cannot cover is a shortfall, borne by
//   the provider (the service fee promised the replacement), never charged to the resident.
// - What is left at the end of the term is the reserve's surplus.
// Pure and exact: every amount in cents, no division.
#pragma once

#include <string>
#include <vector>

#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::finance {

struct ReplaceableMeasure {
  std::string measure;  // the offer's measure kind, e.g. "heat_pump"
  int lifetime_years = 1;
  Money cost;  // EUR, today's price
};

struct PlannedReplacement {
  std::string measure;
  calendar::Date on;
  Money cost;
  Money reserve_before;  // contributions so far minus earlier replacements
  Money paid_from_reserve;
  Money shortfall;  // cost − paid_from_reserve, borne by the provider
};

struct ReplacementPlan {
  Money monthly;                                 // the reserve part of the service fee
  Money contributions;                           // monthly × term months
  std::vector<PlannedReplacement> replacements;  // in date order (ties: measure order)
  Money replacement_costs;                       // Σ cost
  Money shortfall;                               // Σ shortfall
  Money surplus;                                 // what the reserve holds at the end of the term
};

// The months whose fee is due before `day`: due dates start + m months, m = 0 .. term_months − 1.
int months_due_before(calendar::Date start, int term_months, calendar::Date day);

// The plan (rules above). `monthly` >= 0; measures with a lifetime of term or longer need no replacement.
ReplacementPlan plan_replacements(calendar::Date start, int term_months, const Money& monthly,
                                  const std::vector<ReplaceableMeasure>& measures);

}  // namespace renofee::finance
