// renofee/core/tariffs/energy_bill.hpp
//
// Purpose: the Dutch household energy bill for one use over one tariff year, every line shown
// (docs/domain.md §5).
//
// Rules (docs/domain.md §5; Wet 36611 for the end of netting):
// - Netting (salderingsregeling, through 2026): billed import = max(0, import - export) for supply and energy
//   tax; export beyond import is credited at the feed-in price. With a
//   low/normal split, each register is netted first and what is left of one register's export offsets the
//   other register's import (so billed low + billed normal = max(0, import - export)).
// - No netting (from 2027): all import is billed; all export is credited at the feed-in price. Either rule
//   can be forced for any year (`BillOptions::netting`).
// - Feed-in costs (terugleverkosten [87][88]) are charged on EVERY kWh fed in, netted or not: the rate per
//   kWh x all export, and/or the monthly amount of the tier the year's fed-in volume falls in (12 x monthly,
//   pro-rated like the fixed charges; a shorter period's export is scaled to a year to pick the tier; nothing
//   fed in, no tier cost).
// - ACM floor (no netting): the net feed-in amount, compensation minus costs, is never negative [87]; costs
//   above the compensation are waived in the line feed_in_cost_acm_floor. Applied to the period's totals.
//   Under netting no floor applies: the costs on all fed-in kWh may exceed the surplus compensation.
// - Lines: supply electricity (single, or low + normal when both the tariff and the use are split), supply
//   gas, fixed charges (EUR/month x 12), network charges, energy tax per bracket per carrier, tax
//   reduction, feed-in compensation, feed-in cost. Each line is computed exactly and rounded once, half-up,
//   to cents.
// - VAT = round_half_up(vat_rate x sum of the taxable lines, cents), once. Every line is taxable except the
//   feed-in compensation (a household selling electricity charges no VAT under the small-business scheme).
// - Total = sum of lines + VAT. It may be negative (a credit).
// - Gas supply, fixed and network charges apply only with a gas connection (`GasConnection`); a NOM or
//   all-electric home after renovation has none.
// - A period shorter than the tariff year (D of Y days, Y = 365 or 366): yearly amounts (fixed = 12 x
//   monthly, network, tax reduction) are multiplied by D / Y; brackets are applied to the period's volume
//   scaled to a year, i.e. tax = rate x (part of volume x Y / D in the bracket) x D / Y. Each line is
//   computed as one exact fraction and divided once, half-up to cents. `Bill::method` states it.
// Units: kWh, m3, EUR excl. VAT for the lines; VAT and the total in EUR.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/tariffs/tariff.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::tariffs {

// Electricity use split over the low (T1) and normal (T2) registers; each pair must add up to the totals.
struct LowNormalUse {
  Kwh import_low;
  Kwh import_normal;
  Kwh export_low;
  Kwh export_normal;
};

enum class GasConnection {
  when_used,  // connected exactly when gas use > 0 (the default for expected-use profiles)
  connected,  // connected even with zero use (fixed and network charges apply)
  none,       // no gas connection; gas use must be 0
};

// Use over the bill period. All volumes in [0, 10^9] with at most 20 decimals.
struct EnergyUse {
  Kwh electricity_import;
  Kwh electricity_export;
  CubicMetres gas;
  std::optional<LowNormalUse> low_normal;
  GasConnection gas_connection = GasConnection::when_used;
};

enum class NettingChoice { as_tariff, netting, no_netting };

struct BillOptions {
  NettingChoice netting = NettingChoice::as_tariff;
  // Empty: the tariff's whole calendar year. Otherwise a period inside that year (pro-rated, see above).
  std::optional<calendar::Period> period;
};

// One bill line. `quantity`/`unit_price` are shown where the line is volume x price; `amount` is whole cents.
struct BillLine {
  std::string code;   // stable: supply_electricity[_low|_normal], supply_gas, fixed_electricity, fixed_gas,
                      // network_electricity, network_gas, energy_tax_electricity_<n>, energy_tax_gas_<n> (n =
                      // bracket from 1), tax_reduction, feed_in_compensation, feed_in_cost,
                      // feed_in_cost_tier, feed_in_cost_acm_floor
  std::string label;  // English description
  std::optional<Decimal> quantity;  // kWh or m3 in this line (tax lines: period volume in the bracket, 0.001)
  std::string quantity_unit;        // "kWh", "m3" or empty
  std::optional<Decimal> unit_price;  // EUR per unit, excl. VAT
  Money amount;                       // EUR excl. VAT, rounded half-up to cents
  bool taxable = true;                // part of the VAT base
};

struct Bill {
  std::string tariff_id;
  calendar::Period period;
  int period_days = 0;
  int year_days = 0;
  bool netting = true;  // the rule applied
  std::string method;   // how yearly amounts and brackets were applied (full year or pro-rated)
  Kwh billed_import;    // import billed for supply and tax after netting
  Kwh credited_export;  // export credited at the feed-in price
  std::vector<BillLine> lines;
  Money subtotal;  // sum of lines, excl. VAT
  Money vat_base;  // sum of taxable lines
  Money vat;       // round_half_up(vat_rate x vat_base, cents)
  Money total;     // subtotal + vat

  // The line with `code`, or nullptr.
  [[nodiscard]] const BillLine* line(std::string_view code) const;
};

// The bill. Errors (field = where in EnergyUse/BillOptions): negative volumes, a low/normal split that does
// not add up, gas use with GasConnection::none, a period outside the tariff's year or empty
// (invalid_argument); a volume beyond the last closed bracket (failed_precondition: the tariff does not cover
// it); an invalid tariff (validate()).
Result<Bill> compute_energy_bill(const EnergyUse& use, const TariffYear& tariff,
                                 const BillOptions& options = {});
// The same bill on a tariff already checked (no second validate()).
Result<Bill> compute_energy_bill(const EnergyUse& use, const CheckedTariff& tariff,
                                 const BillOptions& options = {});

}  // namespace renofee::tariffs
