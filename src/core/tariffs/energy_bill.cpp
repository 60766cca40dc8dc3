#include "renofee/core/tariffs/energy_bill.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace renofee::tariffs {
namespace {

constexpr Rounding line_rounding = Rounding::half_up;  // docs/domain.md §5: every line half-up to cents

Decimal max0(const Decimal& value) {
  return value.is_negative() ? Decimal(0) : value;
}

// The days of the bill: D of Y. `exact × D / Y`, divided once and rounded half-up to cents.
struct Proration {
  int days = 0;       // D
  int year_days = 0;  // Y

  [[nodiscard]] Money yearly(const Decimal& exact_per_year) const {
    return Money(
        Decimal::divide(exact_per_year * Decimal(days), Decimal(year_days), 2, line_rounding).value());
  }
};

BillLine volume_line(std::string code, std::string label, const Decimal& volume, std::string unit,
                     const Decimal& price, bool taxable = true) {
  return BillLine{.code = std::move(code),
                  .label = std::move(label),
                  .quantity = volume,
                  .quantity_unit = std::move(unit),
                  .unit_price = price,
                  .amount = Money((volume * price).round(2, line_rounding)),
                  .taxable = taxable};
}

BillLine amount_line(std::string code, std::string label, Money amount) {
  return BillLine{.code = std::move(code),
                  .label = std::move(label),
                  .quantity = std::nullopt,
                  .quantity_unit = {},
                  .unit_price = std::nullopt,
                  .amount = std::move(amount),
                  .taxable = true};
}

// Energy-tax lines of one carrier: `volume` is the period's billed volume; bracket i covers the annual volume
// (lo, hi]. With A = volume × Y / D the annualised volume, the tax of bracket i is
// rate × clamp(A − lo, 0, hi − lo) × D / Y = rate × clamp(volume·Y − lo·D, 0, (hi − lo)·D) / Y, one exact
// fraction rounded once.
template <typename Bracket>
Result<void> add_tax_lines(std::vector<BillLine>& lines, const std::vector<Bracket>& brackets,
                           const Decimal& volume, const Proration& proration, const std::string& carrier,
                           const std::string& unit, const std::string& tariff_field) {
  const Decimal year_days(proration.year_days);  // Y
  const Decimal days(proration.days);            // D
  const Decimal scaled = volume * year_days;     // volume·Y, compared with bounds·D
  Decimal lower;                                 // lo of the current bracket
  for (std::size_t i = 0; i < brackets.size(); ++i) {
    const Bracket& bracket = brackets[i];
    Decimal part = max0(scaled - lower * days);  // (annual part above lo) × D, in volume·Y units
    if (bracket.up_to) part = std::min(part, (bracket.up_to->value() - lower) * days);
    if (!part.is_zero()) {
      const std::string number = std::to_string(i + 1);
      const Decimal rate = bracket.rate.value();
      const std::string range = lower.to_string() + "-" +
                                (bracket.up_to ? bracket.up_to->to_string() : std::string("")) + " " + unit +
                                "/year";
      lines.push_back(
          BillLine{.code = "energy_tax_" + carrier + "_" + number,
                   .label = "energy tax " + carrier + " bracket " + number + " (" + range + ")",
                   .quantity = Decimal::divide(part, year_days, 3, line_rounding).value(),
                   .quantity_unit = unit,
                   .unit_price = rate,
                   .amount = Money(Decimal::divide(part * rate, year_days, 2, line_rounding).value()),
                   .taxable = true});
    }
    if (!bracket.up_to) return success();
    lower = bracket.up_to->value();
  }
  if (scaled > lower * days)
    return failed_precondition("the " + carrier + " energy tax brackets end at " + lower.to_string() + " " +
                                   unit + "/year but the use is " + volume.to_string() + " " + unit +
                                   " over " + std::to_string(proration.days) + " of " +
                                   std::to_string(proration.year_days) + " days",
                               tariff_field);
  return success();
}

// Volumes in [0, 10^9] with at most 20 decimals: with the tariff ranges of tariff.hpp every product and sum
// of the bill stays inside Decimal's range (a 10^75 kWh price threw DecimalOverflow here before).
Result<void> check_volume(const Decimal& value, const std::string& field) {
  if (value.is_negative()) return invalid_argument("use must not be negative: " + value.to_string(), field);
  if (value > Decimal(1'000'000'000))
    return out_of_range("use " + value.to_string() + " exceeds 1000000000", field);
  if (value.trimmed().scale() > 20)
    return out_of_range("use " + value.to_string() + " has more than 20 decimals", field);
  return success();
}

Result<void> validate_use(const EnergyUse& use) {
  RENOFEE_CHECK(check_volume(use.electricity_import.value(), "/electricity_import_kwh"));
  RENOFEE_CHECK(check_volume(use.electricity_export.value(), "/electricity_export_kwh"));
  RENOFEE_CHECK(check_volume(use.gas.value(), "/gas_m3"));
  if (use.low_normal) {
    const LowNormalUse& split = *use.low_normal;
    RENOFEE_CHECK(check_volume(split.import_low.value(), "/low_normal/import_low_kwh"));
    RENOFEE_CHECK(check_volume(split.import_normal.value(), "/low_normal/import_normal_kwh"));
    RENOFEE_CHECK(check_volume(split.export_low.value(), "/low_normal/export_low_kwh"));
    RENOFEE_CHECK(check_volume(split.export_normal.value(), "/low_normal/export_normal_kwh"));
    if (split.import_low + split.import_normal != use.electricity_import)
      return invalid_argument("low + normal import " + (split.import_low + split.import_normal).to_string() +
                                  " kWh differs from the import " + use.electricity_import.to_string() +
                                  " kWh",
                              "/low_normal");
    if (split.export_low + split.export_normal != use.electricity_export)
      return invalid_argument("low + normal export " + (split.export_low + split.export_normal).to_string() +
                                  " kWh differs from the export " + use.electricity_export.to_string() +
                                  " kWh",
                              "/low_normal");
  }
  if (use.gas_connection == GasConnection::none && !use.gas.is_zero())
    return invalid_argument("gas use " + use.gas.to_string() + " m3 without a gas connection", "/gas_m3");
  return success();
}

// Billed (low, normal) import: each register netted first, then one register's surplus export offsets
// the other.
std::pair<Decimal, Decimal> billed_low_normal(const LowNormalUse& split, bool netting) {
  if (!netting) return {split.import_low.value(), split.import_normal.value()};
  Decimal low = split.import_low.value() - split.export_low.value();
  Decimal normal = split.import_normal.value() - split.export_normal.value();
  if (low.is_negative()) {
    normal = max0(normal + low);
    low = Decimal(0);
  } else if (normal.is_negative()) {
    low = max0(low + normal);
    normal = Decimal(0);
  }
  return {low, normal};
}

// The bill's period: the tariff's calendar year, or a non-empty period inside it.
Result<calendar::Period> bill_period(const TariffYear& tariff, const BillOptions& options) {
  const calendar::Period year = calendar::calendar_year(tariff.year);
  const calendar::Period period = options.period.value_or(year);
  if (!period.begin.ok() || !period.end.ok())
    return invalid_argument("bill period has an invalid date: " + calendar::to_string(period), "/period");
  if (period.days() <= 0 || !year.contains(period.begin) || period.end > year.end)
    return invalid_argument("bill period " + calendar::to_string(period) +
                                " is empty or not inside tariff year " + calendar::to_string(year) + " of " +
                                tariff.id,
                            "/period");
  return period;
}

// `Bill::method`: how yearly amounts and brackets were applied, and the netting rule.
std::string method_text(int tariff_year, const calendar::Period& period, const Proration& proration,
                        bool netting) {
  const std::string year = std::to_string(tariff_year);
  const std::string days = std::to_string(proration.days) + "/" + std::to_string(proration.year_days);
  std::string method = proration.days == proration.year_days
                           ? "full calendar year " + year + " (" + std::to_string(proration.days) +
                                 " days): yearly amounts as stated, energy-tax brackets on the year's volume"
                           : "period " + calendar::to_string(period) + " = " + days + " days of " + year +
                                 ": yearly amounts x " + days +
                                 "; energy-tax brackets applied to the period's volume scaled to a year (x " +
                                 std::to_string(proration.year_days) + "/" + std::to_string(proration.days) +
                                 "), tax scaled back x " + days;
  method += netting
                ? "; netting: billed import = max(0, import - export), surplus export earns the feed-in price"
                : "; no netting: all import billed, all export earns the feed-in price minus feed-in cost";
  return method;
}

// Supply: electricity (one line, or low and normal when both the tariff and the use are split), then gas.
void add_supply_lines(std::vector<BillLine>& lines, const TariffYear& tariff, const EnergyUse& use,
                      const Decimal& billed, bool netting, bool gas_connected) {
  const ElectricityTariff& electricity = tariff.electricity;
  if (electricity.low_normal && use.low_normal) {
    const auto [low, normal] = billed_low_normal(*use.low_normal, netting);
    lines.push_back(volume_line("supply_electricity_low", "electricity supply, low tariff (T1)", low, "kWh",
                                electricity.low_normal->low.value()));
    lines.push_back(volume_line("supply_electricity_normal", "electricity supply, normal tariff (T2)", normal,
                                "kWh", electricity.low_normal->normal.value()));
  } else {
    lines.push_back(volume_line("supply_electricity", "electricity supply", billed, "kWh",
                                electricity.supply_price.value()));
  }
  if (gas_connected) {
    lines.push_back(
        volume_line("supply_gas", "gas supply", use.gas.value(), "m3", tariff.gas.supply_price.value()));
  }
}

// Fixed and network charges, pro-rated by days.
void add_fixed_lines(std::vector<BillLine>& lines, const TariffYear& tariff, const Proration& proration,
                     bool gas_connected) {
  const ElectricityTariff& electricity = tariff.electricity;
  const GasTariff& gas = tariff.gas;
  lines.push_back(amount_line("fixed_electricity", "fixed supply charge electricity (12 x monthly)",
                              proration.yearly(electricity.fixed_charge_per_month.value() * Decimal(12))));
  if (gas_connected) {
    lines.push_back(amount_line("fixed_gas", "fixed supply charge gas (12 x monthly)",
                                proration.yearly(gas.fixed_charge_per_month.value() * Decimal(12))));
  }
  lines.push_back(amount_line("network_electricity", "network charges electricity",
                              proration.yearly(electricity.network_charge_per_year.value())));
  if (gas_connected) {
    lines.push_back(amount_line("network_gas", "network charges gas",
                                proration.yearly(gas.network_charge_per_year.value())));
  }
}

// The tier of the feed-in cost tiers that the period's fed-in volume, scaled to a year, falls in (the tiers'
// last entry is open, tariff.cpp); compared exactly as exported·Y against bound·D.
const FeedInCostTier* fed_in_tier(const std::vector<FeedInCostTier>& tiers, const Decimal& exported,
                                  const Proration& proration) {
  const Decimal scaled = exported * Decimal(proration.year_days);
  for (const FeedInCostTier& tier : tiers)
    if (!tier.up_to || scaled <= tier.up_to->value() * Decimal(proration.days)) return &tier;
  return nullptr;
}

// Feed-in: the compensation on the credited export (outside VAT), the supplier's costs on ALL export
// (netted or not: terugleverkosten are charged per kWh fed in [87][88]), and without netting the ACM floor:
// the net feed-in amount over the bill's period is never negative [87], so costs above the compensation are
// waived in a line of their own. The floor is applied to the period's totals (the bill has no monthly data).
void add_feed_in_lines(std::vector<BillLine>& lines, const ElectricityTariff& electricity,
                       const Decimal& credited, const Decimal& exported, const Proration& proration,
                       bool netting) {
  Money compensation_amount;
  if (!credited.is_zero()) {
    BillLine compensation = volume_line("feed_in_compensation", "feed-in compensation", credited, "kWh",
                                        electricity.feed_in_price.value(), false);
    compensation.amount = -compensation.amount;
    compensation_amount = -compensation.amount;
    lines.push_back(std::move(compensation));
  }
  Money costs;
  if (!electricity.feed_in_cost.is_zero() && !exported.is_zero()) {
    lines.push_back(volume_line("feed_in_cost", "feed-in cost on every kWh fed in", exported, "kWh",
                                electricity.feed_in_cost.value()));
    costs += lines.back().amount;
  }
  // Nothing fed in, no tier: a home without export pays no feed-in cost, whatever the first tier says.
  const FeedInCostTier* tier =
      exported.is_zero() ? nullptr : fed_in_tier(electricity.feed_in_cost_tiers, exported, proration);
  if (tier != nullptr && !tier->per_month.is_zero()) {
    const std::string band = tier->up_to ? "up to " + tier->up_to->to_string() + " kWh" : "open-ended";
    lines.push_back(amount_line("feed_in_cost_tier",
                                "feed-in cost, tier " + band + " fed in a year (12 x monthly)",
                                proration.yearly(tier->per_month.value() * Decimal(12))));
    costs += lines.back().amount;
  }
  if (!netting && costs > compensation_amount) {
    lines.push_back(amount_line("feed_in_cost_acm_floor",
                                "feed-in costs above the compensation waived (ACM: the net feed-in amount is "
                                "never negative)",
                                compensation_amount - costs));
  }
}

// Subtotal, VAT base, VAT (once, half-up to cents) and total.
void add_totals(Bill& bill, const Decimal& vat_rate) {
  for (const BillLine& line : bill.lines) {
    bill.subtotal += line.amount;
    if (line.taxable) bill.vat_base += line.amount;
  }
  bill.vat = Money((bill.vat_base.value() * vat_rate).round(2, line_rounding));
  bill.total = bill.subtotal + bill.vat;
}

}  // namespace

const BillLine* Bill::line(std::string_view code) const {
  for (const BillLine& bill_line : lines)
    if (bill_line.code == code) return &bill_line;
  return nullptr;
}

Result<Bill> compute_energy_bill(const EnergyUse& use, const TariffYear& tariff, const BillOptions& options) {
  RENOFEE_TRY(const CheckedTariff checked, CheckedTariff::check(tariff));
  return compute_energy_bill(use, checked, options);
}

Result<Bill> compute_energy_bill(const EnergyUse& use, const CheckedTariff& checked,
                                 const BillOptions& options) {
  const TariffYear& tariff = checked.get();
  RENOFEE_CHECK(validate_use(use));
  RENOFEE_TRY(const calendar::Period period, bill_period(tariff, options));
  const Proration proration{period.days(), calendar::calendar_year(tariff.year).days()};
  const bool netting = options.netting == NettingChoice::as_tariff
                           ? tariff.netting
                           : options.netting == NettingChoice::netting;

  Bill bill;
  bill.tariff_id = tariff.id;
  bill.period = period;
  bill.period_days = proration.days;
  bill.year_days = proration.year_days;
  bill.netting = netting;
  bill.method = method_text(tariff.year, period, proration, netting);
  const Decimal imported = use.electricity_import.value();
  const Decimal exported = use.electricity_export.value();
  const Decimal billed = netting ? max0(imported - exported) : imported;
  const Decimal credited = netting ? max0(exported - imported) : exported;
  bill.billed_import = Kwh(billed);
  bill.credited_export = Kwh(credited);
  const bool gas_connected = use.gas_connection == GasConnection::connected ||
                             (use.gas_connection == GasConnection::when_used && !use.gas.is_zero());
  add_supply_lines(bill.lines, tariff, use, billed, netting, gas_connected);
  add_fixed_lines(bill.lines, tariff, proration, gas_connected);
  // Energy tax per bracket, then the reduction per connection.
  RENOFEE_CHECK(add_tax_lines(bill.lines, tariff.electricity.energy_tax, billed, proration, "electricity",
                              "kWh", "/electricity/energy_tax"));
  RENOFEE_CHECK(add_tax_lines(bill.lines, tariff.gas.energy_tax, use.gas.value(), proration, "gas", "m3",
                              "/gas/energy_tax"));
  bill.lines.push_back(amount_line("tax_reduction", "energy tax reduction per connection",
                                   -proration.yearly(tariff.tax_reduction_per_year.value())));
  add_feed_in_lines(bill.lines, tariff.electricity, credited, exported, proration, netting);
  add_totals(bill, tariff.vat_rate);
  return bill;
}

}  // namespace renofee::tariffs
