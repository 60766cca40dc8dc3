#include "renofee/core/tariffs/tariff.hpp"

#include <algorithm>
#include <string>

namespace renofee::tariffs {
namespace {

// Upper bounds and decimal places of every figure (see tariff.hpp "Ranges"). With them and the volumes
// energy_bill.hpp accepts, every product and sum of the bill stays inside Decimal's range, so the bill's
// exact operators cannot overflow.
constexpr int max_decimals = 10;
const Decimal max_price{1000};        // EUR per kWh or m3
const Decimal max_charge{1'000'000};  // EUR per month or year
const Decimal max_bracket_bound{1'000'000'000'000};
constexpr int max_bound_decimals = 6;

// value in [0, max] with at most `decimals` decimal places (trailing zeros do not count).
Result<void> check_bounded(const Decimal& value, const Decimal& max, int decimals, std::string_view what,
                           const std::string& field) {
  if (value.is_negative())
    return invalid_argument(std::string(what) + " must not be negative: " + value.to_string(), field);
  if (value > max)
    return out_of_range(std::string(what) + " " + value.to_string() + " exceeds " + max.to_string(), field);
  if (value.trimmed().scale() > decimals) {
    return out_of_range(std::string(what) + " " + value.to_string() + " has more than " +
                            std::to_string(decimals) + " decimals",
                        field);
  }
  return success();
}

// A price or rate per unit: 0..1000 EUR with at most 10 decimals.
template <typename Q>
Result<void> check_price(const Q& value, std::string_view what, const std::string& field) {
  return check_bounded(value.value(), max_price, max_decimals, what, field);
}

// A charge or reduction: 0..1,000,000 EUR with at most 10 decimals.
Result<void> check_charge(const Money& value, std::string_view what, const std::string& field) {
  return check_bounded(value.value(), max_charge, max_decimals, what, field);
}

// Bounds of brackets or tiers: positive, strictly ascending, only the last open. `what` names them in errors.
template <typename Row>
Result<void> check_bounds(const std::vector<Row>& rows, const std::string& field, std::string_view what) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string at = field + "/" + std::to_string(i) + "/up_to";
    if (!rows[i].up_to) {
      if (i + 1 != rows.size())
        return invalid_argument("only the last " + std::string(what) + " may be open-ended (" +
                                    std::to_string(i + 1) + " of " + std::to_string(rows.size()) + ")",
                                at);
      continue;
    }
    if (rows[i].up_to->value().sign() <= 0)
      return invalid_argument(std::string(what) + " bound must be positive: " + rows[i].up_to->to_string(),
                              at);
    RENOFEE_CHECK(check_bounded(rows[i].up_to->value(), max_bracket_bound, max_bound_decimals,
                                std::string(what) + " bound", at));
    if (i > 0 && *rows[i].up_to <= *rows[i - 1].up_to)
      return invalid_argument(std::string(what) + " bounds must ascend: " + rows[i].up_to->to_string() +
                                  " after " + rows[i - 1].up_to->to_string(),
                              at);
  }
  return success();
}

// Brackets: non-empty, no negative rate, bounds as check_bounds.
template <typename Bracket>
Result<void> check_brackets(const std::vector<Bracket>& brackets, const std::string& field) {
  if (brackets.empty()) return invalid_argument("energy tax needs at least one bracket", field);
  for (std::size_t i = 0; i < brackets.size(); ++i)
    RENOFEE_CHECK(
        check_price(brackets[i].rate, "energy tax rate", field + "/" + std::to_string(i) + "/rate"));
  return check_bounds(brackets, field, "energy tax bracket");
}

// Feed-in cost: the rate per kWh and the tiers (may be empty; the last tier must be open, so every volume
// falls in one).
Result<void> check_feed_in_costs(const ElectricityTariff& electricity) {
  RENOFEE_CHECK(check_price(electricity.feed_in_cost, "feed-in cost", "/electricity/feed_in_cost_per_kwh"));
  const std::string field = "/electricity/feed_in_cost_tiers";
  const std::vector<FeedInCostTier>& tiers = electricity.feed_in_cost_tiers;
  for (std::size_t i = 0; i < tiers.size(); ++i)
    RENOFEE_CHECK(check_charge(tiers[i].per_month, "feed-in cost tier",
                               field + "/" + std::to_string(i) + "/per_month"));
  RENOFEE_CHECK(check_bounds(tiers, field, "feed-in cost tier"));
  if (!tiers.empty() && tiers.back().up_to)
    return invalid_argument("the last feed-in cost tier must be open-ended (up_to null)",
                            field + "/" + std::to_string(tiers.size() - 1) + "/up_to");
  return success();
}

}  // namespace

Result<void> validate(const TariffYear& tariff) {
  if (tariff.year < 1900 || tariff.year > 2200)
    return invalid_argument("tariff year out of range 1900-2200: " + std::to_string(tariff.year), "/year");
  if (tariff.vat_rate.is_negative() || tariff.vat_rate >= Decimal(1))
    return invalid_argument("VAT rate must be in [0, 1): " + tariff.vat_rate.to_string(), "/vat_rate");
  RENOFEE_CHECK(check_bounded(tariff.vat_rate, Decimal(1), max_decimals, "VAT rate", "/vat_rate"));
  const ElectricityTariff& electricity = tariff.electricity;
  RENOFEE_CHECK(check_price(electricity.supply_price, "supply price", "/electricity/supply_price_per_kwh"));
  if (electricity.low_normal) {
    RENOFEE_CHECK(check_price(electricity.low_normal->low, "low supply price",
                              "/electricity/supply_price_low_per_kwh"));
    RENOFEE_CHECK(check_price(electricity.low_normal->normal, "normal supply price",
                              "/electricity/supply_price_normal_per_kwh"));
  }
  RENOFEE_CHECK(check_charge(electricity.fixed_charge_per_month, "fixed charge",
                             "/electricity/fixed_charge_per_month"));
  RENOFEE_CHECK(check_charge(electricity.network_charge_per_year, "network charge",
                             "/electricity/network_charge_per_year"));
  RENOFEE_CHECK(check_brackets(electricity.energy_tax, "/electricity/energy_tax"));
  RENOFEE_CHECK(
      check_price(electricity.feed_in_price, "feed-in price", "/electricity/feed_in_price_per_kwh"));
  RENOFEE_CHECK(check_feed_in_costs(electricity));
  RENOFEE_CHECK(check_price(electricity.cbs_average_price, "CBS average price",
                            "/electricity/cbs_average_price_per_kwh"));
  const GasTariff& gas = tariff.gas;
  RENOFEE_CHECK(check_price(gas.supply_price, "gas supply price", "/gas/supply_price_per_m3"));
  RENOFEE_CHECK(check_charge(gas.fixed_charge_per_month, "gas fixed charge", "/gas/fixed_charge_per_month"));
  RENOFEE_CHECK(
      check_charge(gas.network_charge_per_year, "gas network charge", "/gas/network_charge_per_year"));
  RENOFEE_CHECK(check_brackets(gas.energy_tax, "/gas/energy_tax"));
  RENOFEE_CHECK(check_charge(tariff.tax_reduction_per_year, "tax reduction", "/tax_reduction_per_year"));
  for (const NetworkRegion& region : tariff.network_regions) {
    const std::string at = "/network_regions/" + region.network_operator;
    RENOFEE_CHECK(check_charge(region.electricity_per_year, "network charge", at + "/electricity_per_year"));
    RENOFEE_CHECK(check_charge(region.gas_per_year, "gas network charge", at + "/gas_per_year"));
  }
  // Wet 36611, Grinwis amendment [86]: after netting ends, at least half the bare supply price until 2030.
  if (!tariff.netting && tariff.year >= 2027 && tariff.year <= 2029 &&
      electricity.feed_in_price.value() * Decimal(2) < electricity.supply_price.value())
    return invalid_argument("feed-in price " + electricity.feed_in_price.to_string() +
                                " is below 50% of the supply price " + electricity.supply_price.to_string() +
                                " (required 2027-2029 without netting)",
                            "/electricity/feed_in_price_per_kwh");
  return success();
}

std::string_view to_string(DwellingType type) noexcept {
  return type == DwellingType::single_family ? "single_family" : "multi_family";
}

Result<DwellingType> parse_dwelling_type(std::string_view text) {
  if (text == "single_family") return DwellingType::single_family;
  if (text == "multi_family") return DwellingType::multi_family;
  return invalid_argument("unknown dwelling type \"" + std::string(text) +
                          "\" (expected single_family or multi_family)");
}

namespace {

bool same_key(const EpvRate& row, std::string_view regime, std::string_view epv_class, DwellingType dwelling,
              int build_year) {
  if (row.regime != regime || row.epv_class != epv_class) return false;
  if (row.dwelling && *row.dwelling != dwelling) return false;
  if (row.built_from && build_year < *row.built_from) return false;
  return !(row.built_before && build_year >= *row.built_before);
}

bool valid_on(const EpvRate& row, calendar::Date day) {
  return row.valid_from <= day && (!row.valid_until || day <= *row.valid_until);
}

std::string key_text(std::string_view regime, std::string_view epv_class, DwellingType dwelling,
                     int build_year) {
  return "regime \"" + std::string(regime) + "\", class \"" + std::string(epv_class) + "\", " +
         std::string(to_string(dwelling)) + " built " + std::to_string(build_year);
}

}  // namespace

Result<EurPerSquareMetre> epv_rate(const TariffEpv& table, std::string_view regime,
                                   std::string_view epv_class, DwellingType dwelling, int build_year,
                                   calendar::Date day) {
  const EpvRate* found = nullptr;
  for (const EpvRate& row : table.rates) {
    if (!same_key(row, regime, epv_class, dwelling, build_year) || !valid_on(row, day)) continue;
    if (found)
      return failed_precondition("EPV table has more than one rate for " +
                                 key_text(regime, epv_class, dwelling, build_year) + " on " +
                                 calendar::to_string(day));
    found = &row;
  }
  if (!found)
    return not_found("no EPV rate for " + key_text(regime, epv_class, dwelling, build_year) + " valid on " +
                     calendar::to_string(day));
  return found->rate_per_m2_month;
}

Result<std::vector<EpvRateStep>> epv_rate_steps(const TariffEpv& table, std::string_view regime,
                                                std::string_view epv_class, DwellingType dwelling,
                                                int build_year, calendar::Date from) {
  RENOFEE_TRY(const EurPerSquareMetre first, epv_rate(table, regime, epv_class, dwelling, build_year, from));
  std::vector<const EpvRate*> rows;
  for (const EpvRate& row : table.rates)
    if (same_key(row, regime, epv_class, dwelling, build_year)) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(),
            [](const EpvRate* a, const EpvRate* b) { return a->valid_from < b->valid_from; });
  std::vector<EpvRateStep> steps;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const EpvRate& row = *rows[i];
    if (row.valid_until && *row.valid_until < from) continue;
    if (valid_on(row, from)) {
      steps.push_back({from, first, row.source});
    } else if (row.valid_from > from) {
      steps.push_back({row.valid_from, row.rate_per_m2_month, row.source});
    }
    if (i + 1 < rows.size() && row.valid_until &&
        date::sys_days(*row.valid_until) + date::days(1) != date::sys_days(rows[i + 1]->valid_from))
      return failed_precondition("EPV table has a gap after " + calendar::to_string(*row.valid_until) +
                                 " for " + key_text(regime, epv_class, dwelling, build_year));
  }
  return steps;
}

Result<TariffYear> for_network_operator(const TariffYear& tariff, std::string_view network_operator) {
  if (network_operator == tariff.network_operator) return tariff;
  std::string known = tariff.network_operator.empty() ? "" : tariff.network_operator;
  for (const NetworkRegion& region : tariff.network_regions) {
    if (region.network_operator == network_operator) {
      TariffYear out = tariff;
      out.network_operator = region.network_operator;
      out.electricity.network_charge_per_year = region.electricity_per_year;
      out.gas.network_charge_per_year = region.gas_per_year;
      return out;
    }
    known += (known.empty() ? "" : ", ") + region.network_operator;
  }
  return not_found("tariff year " + tariff.id + " has no network charges for operator \"" +
                   std::string(network_operator).substr(0, 40) +
                   "\" (it has: " + (known.empty() ? "none" : known) + ")");
}

Result<CheckedTariff> CheckedTariff::check(const TariffYear& tariff) {
  RENOFEE_CHECK(validate(tariff));
  return CheckedTariff(tariff);
}

}  // namespace renofee::tariffs
