#include "renofee/core/quote/affordability.hpp"

namespace renofee::quote {
namespace {

const Decimal pays_share = Decimal::from_units(8, 1);  // 0.8: PAYS keeps at least 20% of the saving

}  // namespace

WoonlastenCheck woonlastenimpacttoets(const Money& monthly_fee, const Money& monthly_saving) {
  return WoonlastenCheck{monthly_fee, monthly_saving, monthly_saving - monthly_fee,
                         monthly_fee <= monthly_saving};
}

Result<PaysCheck> pays_check(const Money& monthly_fee, const Money& monthly_saving, int term_months,
                             const std::vector<MeasureLife>& measures) {
  Money total_cost;
  Decimal cost_years;  // Σ cost × life, EUR·year
  for (const MeasureLife& measure : measures) {
    total_cost += measure.cost;
    cost_years += measure.cost.value() * Decimal(measure.lifetime_years);
  }
  if (total_cost.is_zero() || total_cost.is_negative()) {
    return invalid_argument("PAYS needs measures with a positive total cost to weigh their lifetimes",
                            "/measures");
  }
  PaysCheck check;
  check.monthly_fee = monthly_fee;
  check.fee_limit = round_to_cents(monthly_saving * pays_share, Rounding::down);
  // fee <= 0.8 × saving exactly; with the limit rounded down to cents this is the same test for fees in
  // cents.
  check.fee_passed = monthly_fee.value() <= monthly_saving.value() * pays_share;
  check.term_months = term_months;
  // term <= 0.8 × 12 × Σ(cost × life) / Σ cost  <=>  term × Σ cost <= 9.6 × Σ(cost × life): exact, no
  // division.
  const Decimal months_per_year_share = Decimal::from_units(96, 1);  // 0.8 × 12
  check.term_passed = Decimal(term_months) * total_cost.value() <= months_per_year_share * cost_years;
  check.weighted_life_years = Decimal::divide(cost_years, total_cost.value(), 4, Rounding::half_even).value();
  check.term_limit_months =
      Decimal::divide(months_per_year_share * cost_years, total_cost.value(), 2, Rounding::down).value();
  check.passed = check.fee_passed && check.term_passed;
  return check;
}

}  // namespace renofee::quote
