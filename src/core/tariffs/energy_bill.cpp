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
  return BillLine{std::move(code), std::move(label),
                  volume,          std::move(unit),
                  price,           Money((volume * price).round(2, line_rounding)),
                  taxable};
}

BillLine amount_line(std::string code, std::string label, Money amount) {
  return BillLine{std::move(code), std::move(label), std::nullopt, {}, std::nullopt, std::move(amount), true};
}

// Energy-tax lines of one carrier: `volume` is the period's billed volume; bracket i covers the annual volume
// (lo, hi]. With A = volume × Y / D the annualised volume, the tax of bracket i is
// rate × clamp(A − lo, 0, hi − lo) × D / Y = rate × clamp(volume·Y − lo·D, 0, (hi − lo)·D) / Y, one exact
// fraction rounded once.
template <typename Bracket>
Result<void> add_tax_lines(std::vector<BillLine>& lines, const std::vector<Bracket>& brackets,
                           const Decimal& volume, const Proration& p, const std::string& carrier,
                           const std::string& unit, const std::string& tariff_field) {
  const Decimal y(p.year_days);
  const Decimal d(p.days);
  const Decimal scaled = volume * y;  // volume·Y, compared with bounds·D
  Decimal lower;                      // lo of the current bracket
  for (std::size_t i = 0; i < brackets.size(); ++i) {
    const Bracket& b = brackets[i];
    Decimal part = max0(scaled - lower * d);  // (annual part above lo) × D, in volume·Y units
    if (b.up_to) part = std::min(part, (b.up_to->value() - lower) * d);
    if (!part.is_zero()) {
      const std::string n = std::to_string(i + 1);
      const Decimal rate = b.rate.value();
      const std::string range =
          lower.to_string() + "-" + (b.up_to ? b.up_to->to_string() : std::string("")) + " " + unit + "/year";
      lines.push_back(BillLine{"energy_tax_" + carrier + "_" + n,
                               "energy tax " + carrier + " bracket " + n + " (" + range + ")",
                               Decimal::divide(part, y, 3, line_rounding).value(), unit, rate,
                               Money(Decimal::divide(part * rate, y, 2, line_rounding).value()), true});
    }
    if (!b.up_to) return success();
    lower = b.up_to->value();
  }
  if (scaled > lower * d)
    return failed_precondition("the " + carrier + " energy tax brackets end at " + lower.to_string() + " " +
                                   unit + "/year but the use is " + volume.to_string() + " " + unit +
                                   " over " + std::to_string(p.days) + " of " + std::to_string(p.year_days) +
                                   " days",
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
    const LowNormalUse& s = *use.low_normal;
    RENOFEE_CHECK(check_volume(s.import_low.value(), "/low_normal/import_low_kwh"));
    RENOFEE_CHECK(check_volume(s.import_normal.value(), "/low_normal/import_normal_kwh"));
    RENOFEE_CHECK(check_volume(s.export_low.value(), "/low_normal/export_low_kwh"));
    RENOFEE_CHECK(check_volume(s.export_normal.value(), "/low_normal/export_normal_kwh"));
    if (s.import_low + s.import_normal != use.electricity_import)
      return invalid_argument("low + normal import " + (s.import_low + s.import_normal).to_string() +
                                  " kWh differs from the import " + use.electricity_import.to_string() +
                                  " kWh",
                              "/low_normal");
    if (s.export_low + s.export_normal != use.electricity_export)
      return invalid_argument("low + normal export " + (s.export_low + s.export_normal).to_string() +
                                  " kWh differs from the export " + use.electricity_export.to_string() +
                                  " kWh",
                              "/low_normal");
  }
  if (use.gas_connection == GasConnection::none && !use.gas.is_zero())
    return invalid_argument("gas use " + use.gas.to_string() + " m3 without a gas connection", "/gas_m3");
  return success();
}

// Billed (low, normal) import: each register netted first, then one register's surplus export offsets the
// other.
std::pair<Decimal, Decimal> billed_low_normal(const LowNormalUse& s, bool netting) {
  if (!netting) return {s.import_low.value(), s.import_normal.value()};
  Decimal low = s.import_low.value() - s.export_low.value();
  Decimal normal = s.import_normal.value() - s.export_normal.value();
  if (low.is_negative()) {
    normal = max0(normal + low);
    low = Decimal(0);
  } else if (normal.is_negative()) {
    low = max0(low + normal);
    normal = Decimal(0);
  }
  return {low, normal};
}

}  // namespace

const BillLine* Bill::line(std::string_view code) const {
  for (const BillLine& l : lines)
    if (l.code == code) return &l;
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
  const calendar::Period year = calendar::calendar_year(tariff.year);
  const calendar::Period period = options.period.value_or(year);
  if (!period.begin.ok() || !period.end.ok())
    return invalid_argument("bill period has an invalid date: " + calendar::to_string(period), "/period");
  if (period.days() <= 0 || !year.contains(period.begin) || period.end > year.end)
    return invalid_argument("bill period " + calendar::to_string(period) +
                                " is empty or not inside tariff year " + calendar::to_string(year) + " of " +
                                tariff.id,
                            "/period");
  const Proration p{period.days(), year.days()};
  const bool netting = options.netting == NettingChoice::as_tariff
                           ? tariff.netting
                           : options.netting == NettingChoice::netting;

  Bill bill;
  bill.tariff_id = tariff.id;
  bill.period = period;
  bill.period_days = p.days;
  bill.year_days = p.year_days;
  bill.netting = netting;
  const std::string days = std::to_string(p.days) + "/" + std::to_string(p.year_days);
  bill.method = p.days == p.year_days
                    ? "full calendar year " + std::to_string(tariff.year) + " (" + std::to_string(p.days) +
                          " days): yearly amounts as stated, energy-tax brackets on the year's volume"
                    : "period " + calendar::to_string(period) + " = " + days + " days of " +
                          std::to_string(tariff.year) + ": yearly amounts x " + days +
                          "; energy-tax brackets applied to the period's volume scaled to a year (x " +
                          std::to_string(p.year_days) + "/" + std::to_string(p.days) +
                          "), tax scaled back x " + days;
  bill.method +=
      netting ? "; netting: billed import = max(0, import - export), surplus export earns the feed-in price"
              : "; no netting: all import billed, all export earns the feed-in price minus feed-in cost";

  const Decimal import = use.electricity_import.value();
  const Decimal exported = use.electricity_export.value();
  const Decimal billed = netting ? max0(import - exported) : import;
  const Decimal credited = netting ? max0(exported - import) : exported;
  bill.billed_import = Kwh(billed);
  bill.credited_export = Kwh(credited);
  const ElectricityTariff& e = tariff.electricity;
  const GasTariff& g = tariff.gas;
  const bool gas_connected = use.gas_connection == GasConnection::connected ||
                             (use.gas_connection == GasConnection::when_used && !use.gas.is_zero());
  std::vector<BillLine>& lines = bill.lines;

  // Supply.
  if (e.low_normal && use.low_normal) {
    const auto [low, normal] = billed_low_normal(*use.low_normal, netting);
    lines.push_back(volume_line("supply_electricity_low", "electricity supply, low tariff (T1)", low, "kWh",
                                e.low_normal->low.value()));
    lines.push_back(volume_line("supply_electricity_normal", "electricity supply, normal tariff (T2)", normal,
                                "kWh", e.low_normal->normal.value()));
  } else {
    lines.push_back(
        volume_line("supply_electricity", "electricity supply", billed, "kWh", e.supply_price.value()));
  }
  if (gas_connected)
    lines.push_back(volume_line("supply_gas", "gas supply", use.gas.value(), "m3", g.supply_price.value()));

  // Fixed and network charges, pro-rated by days.
  lines.push_back(amount_line("fixed_electricity", "fixed supply charge electricity (12 x monthly)",
                              p.yearly(e.fixed_charge_per_month.value() * Decimal(12))));
  if (gas_connected)
    lines.push_back(amount_line("fixed_gas", "fixed supply charge gas (12 x monthly)",
                                p.yearly(g.fixed_charge_per_month.value() * Decimal(12))));
  lines.push_back(amount_line("network_electricity", "network charges electricity",
                              p.yearly(e.network_charge_per_year.value())));
  if (gas_connected)
    lines.push_back(
        amount_line("network_gas", "network charges gas", p.yearly(g.network_charge_per_year.value())));

  // Energy tax per bracket, then the reduction per connection.
  RENOFEE_CHECK(
      add_tax_lines(lines, e.energy_tax, billed, p, "electricity", "kWh", "/electricity/energy_tax"));
  RENOFEE_CHECK(add_tax_lines(lines, g.energy_tax, use.gas.value(), p, "gas", "m3", "/gas/energy_tax"));
  lines.push_back(amount_line("tax_reduction", "energy tax reduction per connection",
                              -p.yearly(tariff.tax_reduction_per_year.value())));

  // Feed-in: compensation (outside VAT) and cost.
  if (!credited.is_zero()) {
    BillLine comp = volume_line("feed_in_compensation", "feed-in compensation", credited, "kWh",
                                e.feed_in_price.value(), false);
    comp.amount = -comp.amount;
    lines.push_back(std::move(comp));
    if (!e.feed_in_cost.is_zero())
      lines.push_back(volume_line("feed_in_cost", "feed-in cost", credited, "kWh", e.feed_in_cost.value()));
  }

  for (const BillLine& l : lines) {
    bill.subtotal += l.amount;
    if (l.taxable) bill.vat_base += l.amount;
  }
  bill.vat = Money((bill.vat_base.value() * tariff.vat_rate).round(2, line_rounding));
  bill.total = bill.subtotal + bill.vat;
  return bill;
}

}  // namespace renofee::tariffs
