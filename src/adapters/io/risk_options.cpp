#include "renofee/adapters/io/risk_options.hpp"

#include <cstdint>

namespace renofee::io {
namespace {

struct Reader {
  const std::function<std::optional<std::string>(std::string_view)>& value_of;
  OptionSpelling spelling;

  [[nodiscard]] std::string field(std::string_view name) const {
    if (spelling == OptionSpelling::query) return "/" + std::string(name);
    std::string flag = "--" + std::string(name);
    for (char& c : flag)
      c = c == '_' ? '-' : c;
    return flag;
  }

  // A whole number in [low, high].
  Result<std::optional<std::int64_t>> whole(std::string_view name, std::int64_t low,
                                            std::int64_t high) const {
    const std::optional<std::string> text = value_of(name);
    if (!text) return std::optional<std::int64_t>();
    const Result<Decimal> value = Decimal::parse_plain(*text);
    if (!value || value->round(0, Rounding::half_even) != *value || *value < Decimal(low) ||
        *value > Decimal(high)) {
      return invalid_argument(field(name) + " must be a whole number " + std::to_string(low) + ".." +
                                  std::to_string(high) + ", not '" + *text + "'",
                              field(name));
    }
    return std::optional<std::int64_t>(value->to_units(0).value());
  }

  Result<void> decimal(std::string_view name, Decimal& target) const {
    const std::optional<std::string> text = value_of(name);
    if (!text) return {};
    const Result<Decimal> value = Decimal::parse_plain(*text);
    if (!value) return invalid_argument(field(name) + ": '" + *text + "' is not a decimal", field(name));
    target = *value;
    return {};
  }
};

Result<void> read_stress(const Reader& in, app::RiskStress& stress) {
  const std::optional<std::string> year = in.value_of("stress_year");
  if (year && (*year == "coldest" || *year == "darkest")) {
    stress.pick = *year == "coldest" ? app::StressPick::coldest : app::StressPick::darkest;
  } else if (year) {
    RENOFEE_TRY(const std::optional<std::int64_t> y, in.whole("stress_year", 1900, 2200));
    stress.pick = app::StressPick::year;
    stress.year = static_cast<int>(*y);
  }
  if (const std::optional<std::string> shift = in.value_of("temperature_shift")) {
    const Result<Decimal> c = Decimal::parse_plain(*shift);
    if (!c || c->round(1, Rounding::half_even) != *c || *c < Decimal(-5) || *c > Decimal(5)) {
      return invalid_argument(in.field("temperature_shift") +
                                  " must be -5.0..5.0 degC with at most 1 decimal, not '" + *shift + "'",
                              in.field("temperature_shift"));
    }
    stress.temperature_shift_01c = static_cast<int>((*c * Decimal(10)).to_units(0).value());
  }
  return in.decimal("irradiance_change", stress.irradiance_change_percent);
}

}  // namespace

const std::vector<std::string_view>& risk_option_flags() {
  static const std::vector<std::string_view> flags = {
      "--as-of",         "--from-year",         "--to-year",
      "--seed",          "--station",           "--household-sd",
      "--heat-pump-sd",  "--pv-degradation",    "--pv-degradation-sd",
      "--discount-rate", "--cost-of-capital",   "--heating-share",
      "--stress-year",   "--temperature-shift", "--irradiance-change"};
  return flags;
}

Error with_option_field(Error error, OptionSpelling spelling) {
  static const std::pair<std::string_view, std::string_view> fields[] = {
      {"/spread/household_sd", "household_sd"},
      {"/spread/heat_pump_sd", "heat_pump_sd"},
      {"/spread/pv_degradation_mean", "pv_degradation"},
      {"/spread/pv_degradation_sd", "pv_degradation_sd"},
      {"/discount_rate", "discount_rate"},
      {"/cost_of_capital", "cost_of_capital"},
      {"/heating_share", "heating_share"},
      {"/seed", "seed"},
      {"/from_year", "from_year"},
      {"/to_year", "to_year"},
      {"/default_station", "station"},
      {"/stress/year", "stress_year"},
      {"/stress/temperature_shift", "temperature_shift"},
      {"/stress/irradiance_change_percent", "irradiance_change"}};
  for (const auto& [field, name] : fields) {
    if (error.field == field) {
      std::function<std::optional<std::string>(std::string_view)> none = [](std::string_view) {
        return std::optional<std::string>();
      };
      error.field = Reader{none, spelling}.field(name);
      break;
    }
  }
  return error;
}

Result<void> read_risk_options(const std::function<std::optional<std::string>(std::string_view)>& value_of,
                               OptionSpelling spelling, app::PortfolioRiskRequest& r) {
  const Reader in{value_of, spelling};
  if (const std::optional<std::string> as_of = value_of("as_of")) {
    Result<calendar::Date> day = calendar::parse_date(*as_of);
    if (!day) return invalid_argument(in.field("as_of") + " must be a date YYYY-MM-DD", in.field("as_of"));
    r.as_of = *day;
  }
  RENOFEE_TRY(const std::optional<std::int64_t> from, in.whole("from_year", 1900, 2200));
  RENOFEE_TRY(const std::optional<std::int64_t> to, in.whole("to_year", 1900, 2200));
  RENOFEE_TRY(const std::optional<std::int64_t> seed, in.whole("seed", 0, INT64_MAX));
  RENOFEE_TRY(const std::optional<std::int64_t> station, in.whole("station", 1, 999));
  if (from) r.from_year = static_cast<int>(*from);
  if (to) r.to_year = static_cast<int>(*to);
  if (seed) r.settings.seed = static_cast<std::uint64_t>(*seed);
  if (station) r.default_station = static_cast<int>(*station);
  risk::Spread& spread = r.settings.spread;
  RENOFEE_CHECK(in.decimal("household_sd", spread.household_sd));
  RENOFEE_CHECK(in.decimal("heat_pump_sd", spread.heat_pump_sd));
  RENOFEE_CHECK(in.decimal("pv_degradation", spread.pv_degradation_mean));
  RENOFEE_CHECK(in.decimal("pv_degradation_sd", spread.pv_degradation_sd));
  RENOFEE_CHECK(in.decimal("discount_rate", r.settings.discount_rate));
  RENOFEE_CHECK(in.decimal("cost_of_capital", r.settings.cost_of_capital));
  RENOFEE_CHECK(in.decimal("heating_share", r.settings.heating_share));
  return read_stress(in, r.stress);
}

}  // namespace renofee::io
