// A tariff with round figures for hand-checked unit tests (not a real year): every expected amount in the
// tests can be computed on paper from these numbers.
#pragma once

#include "renofee/core/tariffs/tariff.hpp"
#include "support/literals.hpp"

namespace renofee::tariffs::testing {

using renofee::dec;
using renofee::eur;

// 2026, netting; electricity 0.20 EUR/kWh (low 0.18 / normal 0.22), fixed 5.00/month, network 300.00/year,
// tax 0.10 up to 10,000 kWh, 0.05 up to 50,000, 0.01 above; feed-in 0.08, feed-in cost 0.02; gas 1.00 EUR/m3,
// fixed 5.00/month, network 200.00/year, tax 0.50 up to 1,000 m3, 0.25 above; reduction 500.00; VAT 21 %.
inline TariffYear round_tariff() {
  TariffYear t;
  t.id = "test-2026";
  t.year = 2026;
  t.vat_rate = dec("0.21");
  t.netting = true;
  t.electricity.supply_price = EurPerKwh(dec("0.20"));
  t.electricity.low_normal = LowNormalPrices{EurPerKwh(dec("0.18")), EurPerKwh(dec("0.22"))};
  t.electricity.fixed_charge_per_month = Money(dec("5.00"));
  t.electricity.network_charge_per_year = Money(dec("300.00"));
  t.electricity.energy_tax = {{Kwh(dec("10000")), EurPerKwh(dec("0.10"))},
                              {Kwh(dec("50000")), EurPerKwh(dec("0.05"))},
                              {std::nullopt, EurPerKwh(dec("0.01"))}};
  t.electricity.feed_in_price = EurPerKwh(dec("0.08"));
  t.electricity.feed_in_cost = EurPerKwh(dec("0.02"));
  t.electricity.cbs_average_price = EurPerKwh(dec("0.105"));
  t.gas.supply_price = EurPerCubicMetre(dec("1.00"));
  t.gas.fixed_charge_per_month = Money(dec("5.00"));
  t.gas.network_charge_per_year = Money(dec("200.00"));
  t.gas.energy_tax = {{CubicMetres(dec("1000")), EurPerCubicMetre(dec("0.50"))},
                      {std::nullopt, EurPerCubicMetre(dec("0.25"))}};
  t.tax_reduction_per_year = Money(dec("500.00"));
  return t;
}

}  // namespace renofee::tariffs::testing
