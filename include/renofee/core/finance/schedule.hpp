// renofee/core/finance/schedule.hpp
//
// Purpose: the monthly fee schedule of an offer (docs/domain.md §4): financing (annuity or linear, grace
// months, 0% loans), the indexed service fee (indexation.hpp) and the EPV cap for rented homes.
//
// Rules, month m = 1..term (row m is contract month m - 1 of calendar::contract_month, due on its first day):
//   interest_m   = round(opening_m × i, cents, rounding)                    (i: annuity.hpp, exact)
//   grace months (m <= grace): principal_m = 0, the month pays interest only
//   annuity:     principal_m = A - interest_m, A = annuity_payment over n = term - grace months
//   linear:      principal_m = round(P / n, cents, rounding)
//   final month: principal_m = opening_m (it pays the remaining balance plus its interest)
//   every month: principal_m <= opening_m. When the regular principal part would exceed what is owed
//                (rounding A or P/n up can do that on long terms), the month pays the balance plus
//                interest and the loan is settled early; later rows carry zero balance, interest and
//                payment.
//   financing_payment_m = interest_m + principal_m;  closing_m = opening_m - principal_m
// Hence closing_term = 0.00 and Σ principal = P exactly. For the annuity, principal_m >= 0 always: the
// balance never grows and rounding is monotone, so interest_m = round(B·i) <= round(P·i)
// <= round(A_exact) = A.
//   service_fee_m = the indexed monthly fee of the contract year of month m (indexation.hpp)
//   total_m       = min(financing_payment_m + service_fee_m, cap_m) with an EPV cap, else the sum; cap_m is
//                   monthly_cap, or the last cap change whose date is on or before month m's due date;
//   cap_reduction_m = financing_payment_m + service_fee_m - total_m. The cap is the EPV maximum
//   (epv_rate_per_m2 × floor area, docs/domain.md §4.7, Stb. 2023, 287) computed by the caller, as Money.
// All amounts are EUR with 2 decimals; the engine works on integer cents and converts at the boundary.
//
// Input errors are Result errors whose `field` is a JSON pointer into the offer document ("/financing/
// annual_rate", "/financing/term_months", "/service_fee/monthly", "/epv/monthly_cap", ...).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/finance/annuity.hpp"
#include "renofee/core/finance/indexation.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::finance {

enum class Method { annuity, linear };

std::string_view to_string(Method method) noexcept;
Result<Method> parse_method(std::string_view text);  // field "/financing/method"

struct FinancingTerms {
  Money principal;      // 0.01 .. 10,000,000.00 EUR, cents
  Decimal annual_rate;  // 0 .. 1, at most 18 decimals
  RateBasis rate_basis = RateBasis::nominal;
  int term_months = 0;  // 1 .. 600
  Method method = Method::annuity;
  int grace_months = 0;  // 0 <= grace < term
  Rounding rounding = Rounding::half_up;
};

struct ScheduleInput {
  FinancingTerms financing;
  calendar::Date start;  // first due date; contract months per docs/domain.md §3
  ServiceFeeTerms service_fee;
  std::optional<Money> monthly_cap;  // EPV cap on the total monthly fee, >= 0, cents, from the start
  // Later caps (EPV caps change by date: indexation each 1 July, a new table): each applies to the months due
  // on or after `from` until the next; ascending by date, strictly; needs monthly_cap. At most 100.
  struct CapChange {
    calendar::Date from;
    Money cap;
    friend bool operator==(const CapChange&, const CapChange&) = default;
  };
  std::vector<CapChange> cap_changes;
};

// One row; the first nine fields are the schedule CSV columns (docs/offers.md), in order.
struct ScheduleRow {
  int month = 0;  // 1-based
  calendar::Date due_date;
  Money opening_balance;
  Money interest;
  Money principal;
  Money financing_payment;
  Money service_fee;
  Money total;  // what the resident pays (after the EPV cap)
  Money closing_balance;
  Money cap_reduction;  // financing_payment + service_fee - total

  friend bool operator==(const ScheduleRow&, const ScheduleRow&) = default;
};

struct ScheduleTotals {
  Money interest;            // Σ interest
  Money principal;           // Σ principal (= principal, by construction)
  Money financing_payments;  // Σ financing_payment
  Money cost_of_credit;      // Σ financing_payment - principal (docs/domain.md §4)
  Money service_fees;        // Σ service_fee
  Money cap_reductions;      // Σ cap_reduction
  Money total_payable;       // Σ total (financing + service fees after the cap)
};

struct Schedule {
  ScheduleInput input;
  MonthlyRate rate;
  int amortising_months = 0;  // n = term - grace
  Money regular_payment;      // annuity: A; linear: round(P / n), the regular principal part
  std::vector<ScheduleRow> rows;
  ScheduleTotals totals;
};

// Builds the schedule, or the first invalid field.
Result<Schedule> build_schedule(const ScheduleInput& input);

// Outstanding balance after `months_paid` payments (0 gives the principal): the payoff amount, penalty-free
// (Warmtefonds, docs/domain.md §4.6). out_of_range for months_paid outside 0..term.
Result<Money> payoff_amount(const Schedule& schedule, int months_paid);

// Number of contract years the term touches: ceil(term / 12).
int contract_years(const Schedule& schedule);

// The monthly fee in contract year `year` (1-based), taken from that year's first month.
struct YearFee {
  int year = 0;
  Money financing_payment;
  Money service_fee;
  Money total;
};
std::optional<YearFee> fee_in_contract_year(const Schedule& schedule, int year);

}  // namespace renofee::finance
