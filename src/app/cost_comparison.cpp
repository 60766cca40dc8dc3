#include "renofee/app/cost_comparison.hpp"

#include <algorithm>

namespace renofee::app {

Result<CostComparison> cumulative_costs(const quote::Quote& quote, std::size_t tariff_index) {
  if (tariff_index >= quote.tariff_years.size()) {
    return out_of_range("the quote has " + std::to_string(quote.tariff_years.size()) +
                        " tariff years; there is no number " + std::to_string(tariff_index + 1));
  }
  const quote::TariffYearQuote& tariff = quote.tariff_years[tariff_index];
  CostComparison out;
  out.tariff_id = tariff.tariff_id;
  out.tariff_year = tariff.year;
  out.netting = tariff.as_tariff.netting;
  out.yearly_bill_before = tariff.as_tariff.before.total;
  out.yearly_bill_after = tariff.as_tariff.after.total;

  const int term = static_cast<int>(quote.schedule.rows.size());
  const int years = (term + 11) / 12;
  const auto energy = [](const Money& yearly, int months) -> Result<Money> {
    RENOFEE_TRY(Decimal value,
                Decimal::divide(yearly.value() * Decimal(months), Decimal(12), 2, Rounding::half_up));
    return Money(value);
  };
  Money fees(Decimal(0));
  int month = 0;
  for (int k = 0; k <= years; ++k) {
    const int until = std::min(12 * k, term);
    for (; month < until; ++month)
      fees += quote.schedule.rows[static_cast<std::size_t>(month)].total;
    RENOFEE_TRY(Money before, energy(out.yearly_bill_before, until));
    RENOFEE_TRY(Money after, energy(out.yearly_bill_after, until));
    out.points.push_back(CumulativeCost{k, until, before, fees + after, fees, after});
  }
  return out;
}

}  // namespace renofee::app
