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
// it is not a cost of credit and is left out unless the terms make it compulsory for the credit
// (AprTerms::service_fee, the offer's financing.service_fee_in_apr); the financing payments (interest + principal) count, before
// the EPV cap (the cap reduces what a tenant pays the landlord, not the loan).
//
// Timing convention for schedules (`apr_of`, AprTerms below): by default row m is paid m months after the
// drawdown (interest in arrears: row m's interest is for the month before its due date); the offer's
// drawdown date can move it (finance.drawdown_date). Without rounding, a nominal-basis annuity
// then has APR = (1 + r/12)^12 - 1 and an effective-basis one APR = r.
//
// Method: with v = (1 + X)^(-1/12) the equation is the polynomial Σ c_m v^m = D, increasing and convex in
// v on (0, 1]. X = v^-12 - 1 is reported with 12 decimals (half_even), and as a percentage rounded half-up
// to one and to two decimals. The reference method: Newton's method from v = 1, which decreases
// monotonically to the root, in integer fixed point with 100 fractional bits (512-bit integers); iteration
// stops when the step is below 2^-90; X is taken with 30 decimals (truncated) and rounded. It cost about
// 170 µs for 360 flows, most of a quote, so `solve_apr` first tries a certified shortcut (apr.cpp): Newton in
// double and one step in 64-bit fixed point locate the root, exact integer bounds of the polynomial prove a
// bracket of v a few units of 2^-64 wide, and bounds of v^12 place X strictly between two neighbouring
// rounding boundaries of the three published figures. The figures are then the exact roundings of the true
// APR; the double is never published, it only chooses where to look. When the bracket cannot be proved or
// straddles a boundary (X within about 10^-17 of it, e.g. an APR of exactly 1.25%), the reference method
// decides, so the published figures are those of the reference method for every input
// (tests/core/finance/apr_test.cpp compares both over generated flows and boundary cases).
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
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

// The same figures by the reference method alone (512-bit Newton), for the tests that compare the two.
Result<Apr> solve_apr_by_reference_method(const Money& drawdown, const std::vector<CashFlow>& payments);

// The APR of a schedule: drawdown = principal, row m's financing payment at month m.
// Which dates and payments a schedule's APR counts (rules issue, item 4): the drawdown falls `lead_months`
// whole months before row 1's due date, so row m is paid lead_months + m - 1 months after it (lead 1, the
// default: the first payment one month after the drawdown; lead 0: a drawdown on the first due date, whose
// payment then lowers the amount lent at t = 0). `service_fee`: the service fee is compulsory for the credit
// and counts as a cost of credit (Directive 2008/48/EC art. 3(g): the total cost of credit includes the
// costs of ancillary services compulsory to obtain the credit), so each row's service fee (before any EPV
// cap) is paid with its financing payment.
struct AprTerms {
  int lead_months = 1;  // 0..12
  bool service_fee = false;
  friend bool operator==(const AprTerms&, const AprTerms&) = default;
};

Result<Apr> apr_of(const Schedule& schedule, const AprTerms& terms = {});

namespace detail {
// The figures of X = v^-12 − 1 for v = (1 + X)^(-1/12) given in fixed point with 100 fractional bits (v × 2^100,
// 0 < v <= 1): X with 30 decimals (truncated), then 12 decimals half_even and the percentages half_up. Shared
// by the reference method here and the APR over several drawdowns (stepwise.hpp).
Apr apr_from_fixed_v(const boost::multiprecision::int512_t& v);
}  // namespace detail

}  // namespace renofee::finance
