// renofee/core/finance/apr.hpp
//
// Purpose: the annual percentage rate of charge (APR, Dutch JKP) per the EU Consumer Credit Directive
// 2008/48/EC, Annex I: the X solving
//     Σ_k drawdown_k · (1 + X)^(-s_k) = Σ_l payment_l · (1 + X)^(-t_l)
// with times in years from the first drawdown. Annex I remark (c): a year has 12 equal months, so a payment
// m months after the drawdown has t = m / 12. Here there is one drawdown (the principal, at t = 0).
//
// Which payments count (Annex I and Art. 3(g), 19(2)): the total cost of credit to the consumer, i.e.
// interest and charges payable *in connection with the credit agreement*. renofee's service fee pays for
// maintenance, monitoring and insurance of the measures and is owed whether or not the customer borrows, so
// it is not a cost of credit and is left out; the financing payments (interest + principal) count, before
// the EPV cap (the cap reduces what a tenant pays the landlord, not the loan).
//
// Timing convention for schedules (`apr_of`): row m is paid m months after the drawdown (interest in
// arrears: row m's interest is for the month before its due date). Without rounding, a nominal-basis annuity
// then has APR = (1 + r/12)^12 - 1 and an effective-basis one APR = r.
//
// Method: with v = (1 + X)^(-1/12) the equation is the polynomial Σ c_m v^m = D, increasing and convex in
// v on (0, 1]. Newton's method from v = 1 therefore decreases monotonically to the root. Arithmetic is
// integer fixed point with 100 fractional bits (512-bit integers), never double; iteration stops when the
// step is below 2^-90, far inside the 1e-12 the spec asks for. X = v^-12 - 1 is reported with 12
// decimals (half_even), and as a percentage rounded half-up to one and to two decimals.
#pragma once

#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/finance/schedule.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::finance {

struct CashFlow {
  int month = 0;  // months after the drawdown, 1 .. 1200
  Money amount;   // >= 0, cents
};

struct Apr {
  Decimal annual_rate;           // X, 12 decimals: 0.043546...
  Decimal percent_one_decimal;   // round_half_up(100 X, 1): "4.4"
  Decimal percent_two_decimals;  // round_half_up(100 X, 2): "4.35"
};

// The APR of a drawdown at month 0 repaid by `payments`. invalid_argument when the drawdown is not positive,
// a payment is negative or not in cents, a month is outside 1..1200, or the payments sum to less than the
// drawdown (no non-negative X exists).
Result<Apr> solve_apr(const Money& drawdown, const std::vector<CashFlow>& payments);

// The APR of a schedule: drawdown = principal, row m's financing payment at month m.
Result<Apr> apr_of(const Schedule& schedule);

}  // namespace renofee::finance
