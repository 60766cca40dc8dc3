// renofee/core/finance/payoff.hpp
//
// Purpose: an early-repayment (payoff) quote of a contract's financing as of a date (docs/domain.md §4.6,
// docs/offers.md "Early repayment"): what the resident pays to close the loan that day.
//
// Rules (dates are local days; schedule.hpp gives the rows, row m due on due_m; due_0 = the drawdown):
//   k        = the number of instalments due on or before the payoff date D (drawdown <= D < due_term). They are
//              taken as paid: an unpaid one is arrears, collected separately, not part of the payoff.
//   balance  = the outstanding principal after k instalments (payoff_amount(schedule, k)).
//   accrued  = balance × i × days(due_k, D) / days(due_k, due_k+1), the month's interest pro rata to the actual
//              days elapsed, computed exactly and rounded once to cents with the schedule's rounding mode
//              (i: the schedule's exact monthly rate). 0 on a due date.
//   compensation (the early-repayment fee the credit terms allow, the offer's financing.early_repayment):
//     free              0 (Warmtefonds [41][43], and the default);
//     statutory_cap     at most 1 % of the amount repaid early (the balance) when the time between D and the
//                       agreed end (the last due date) is more than one year (D + 12 months < due_term), else
//                       0.5 %; and never more than the interest the resident would still have paid
//                       (Σ interest of rows k+1..term − accrued). Directive 2008/48/EC art. 16(2), as the
//                       Dutch Civil Code (title 7.2A) implements it. Rounded half_up to cents, then that limit.
//   total    = balance + accrued + compensation.
// The service fee is not a loan: a payoff does not touch it (the caller decides whether the service continues,
// by the contract's terms).
#pragma once

#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/finance/schedule.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::finance {

// The offer's early-repayment terms (quote/offer.hpp reads and writes them as "free" / "statutory_cap").
enum class EarlyRepayment { free, statutory_cap };

struct PayoffQuote {
  calendar::Date as_of;
  int instalments_due = 0;      // k
  int months_remaining = 0;     // term − k
  calendar::Date period_begin;  // due_k (the drawdown when k = 0)
  calendar::Date period_end;    // due_k+1
  int days_elapsed = 0;         // days(due_k, D)
  int days_in_period = 0;       // days(due_k, due_k+1)
  Money balance;
  Money accrued_interest;
  Money interest_remaining;   // Σ interest of rows k+1..term − accrued: what the payoff saves
  Decimal compensation_rate;  // 0, 0.01 or 0.005
  Money compensation;
  Money total;
  EarlyRepayment rule = EarlyRepayment::free;
};

// The quote (rules above). out_of_range (field "/date") when D is before the drawdown or on or after the last
// due date (nothing is left to repay then).
Result<PayoffQuote> payoff_quote(const Schedule& schedule, calendar::Date drawdown, calendar::Date as_of,
                                 EarlyRepayment rule);

}  // namespace renofee::finance
