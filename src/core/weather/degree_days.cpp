#include "renofee/core/weather/degree_days.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace renofee::weather {
namespace {

// The days of `series` inside `period`, indexed by their offset from period.begin (nullptr: no row).
Result<std::vector<const WeatherDay*>> index_days(const StationSeries& series,
                                                  const calendar::Period& period) {
  std::vector<const WeatherDay*> slots(static_cast<std::size_t>(std::max(0, period.days())), nullptr);
  for (const WeatherDay& day : series.days) {
    if (day.station != series.station) {
      return invalid_argument("weather day " + calendar::to_string(day.day) + " of station " +
                              std::to_string(day.station) + " in the series of station " +
                              std::to_string(series.station));
    }
    if (!period.contains(day.day)) continue;
    const WeatherDay*& slot = slots[static_cast<std::size_t>(calendar::days_between(period.begin, day.day))];
    if (slot != nullptr && !(*slot == day)) {
      return invalid_argument("weather day " + calendar::to_string(day.day) + " of station " +
                              std::to_string(day.station) + " given twice with different values");
    }
    slot = &day;
  }
  return slots;
}

std::string list_dates(const std::vector<calendar::Date>& days) {
  std::string text;
  const std::size_t shown = std::min<std::size_t>(days.size(), 10);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) text += ", ";
    text += calendar::to_string(days[i]);
  }
  if (days.size() > shown) text += ", ... (" + std::to_string(days.size()) + " days in all)";
  return text;
}

Error unavailable_error(const WeatherSummary& summary, const std::vector<calendar::Date>& missing,
                        std::string_view what) {
  return failed_precondition(std::string(what) + " of station " + std::to_string(summary.station) + " over " +
                                 calendar::to_string(summary.period) + " unavailable: " +
                                 std::to_string(missing.size()) + " missing day(s): " + list_dates(missing),
                             "/missing_days");
}

}  // namespace

DegreeDays degree_days_of(int mean_temperature_01c) {
  const int below_base = base_temperature_01c - mean_temperature_01c;
  return DegreeDays(below_base > 0 ? Decimal::from_units(below_base, 1) : Decimal::from_units(0, 1));
}

Decimal month_weight(date::month month) {
  const unsigned m = static_cast<unsigned>(month);
  if (m == 11 || m == 12 || m == 1 || m == 2) return Decimal::from_units(11, 1);
  if (m == 3 || m == 10) return Decimal::from_units(10, 1);
  return Decimal::from_units(8, 1);
}

DegreeDays weighted_degree_days_of(int mean_temperature_01c, calendar::Date day) {
  return degree_days_of(mean_temperature_01c) * month_weight(day.month());
}

Result<WeatherSummary> summarise(const StationSeries& primary, calendar::Period period,
                                 const std::optional<StationSeries>& fill) {
  if (period.end < period.begin) {
    return invalid_argument("period " + calendar::to_string(period) + " ends before it begins");
  }
  RENOFEE_TRY(const std::vector<const WeatherDay*> own, index_days(primary, period));
  std::vector<const WeatherDay*> other;
  if (fill) {
    if (fill->station == primary.station) {
      return invalid_argument("fill station " + std::to_string(fill->station) + " is the primary station");
    }
    RENOFEE_TRY(other, index_days(*fill, period));
  }

  WeatherSummary summary;
  summary.station = primary.station;
  summary.period = period;
  DegreeDays plain(Decimal::from_units(0, 1));
  DegreeDays weighted(Decimal::from_units(0, 2));
  Irradiance radiation(Decimal(0));
  for (std::size_t i = 0; i < own.size(); ++i) {
    const calendar::Date day = calendar::add_days(period.begin, static_cast<int>(i));
    const WeatherDay* here = own[i];
    const WeatherDay* there = other.empty() ? nullptr : other[i];
    // Plain ints with flags rather than std::optional<int>: GCC 12 -O2 reports a false
    // -Wmaybe-uninitialized on the optional's payload here.
    bool has_tg = here && here->mean_temperature_01c.has_value();
    bool has_q = here && here->global_radiation_j_cm2.has_value();
    int tg = has_tg ? *here->mean_temperature_01c : 0;
    int q = has_q ? *here->global_radiation_j_cm2 : 0;
    FilledDay filled{day, fill ? fill->station : 0, false, false};
    if (!has_tg && there && there->mean_temperature_01c) {
      tg = *there->mean_temperature_01c;
      has_tg = filled.temperature = true;
    }
    if (!has_q && there && there->global_radiation_j_cm2) {
      q = *there->global_radiation_j_cm2;
      has_q = filled.radiation = true;
    }
    if (filled.temperature || filled.radiation) summary.filled.push_back(filled);
    if (has_tg) {
      plain += degree_days_of(tg);
      weighted += weighted_degree_days_of(tg, day);
    } else {
      summary.missing_temperature_days.push_back(day);
    }
    if (has_q) {
      radiation += Irradiance(Decimal(q));
    } else {
      summary.missing_radiation_days.push_back(day);
    }
  }
  if (summary.missing_temperature_days.empty()) {
    summary.degree_days = plain;
    summary.weighted_degree_days = weighted;
  }
  if (summary.missing_radiation_days.empty()) summary.irradiance = radiation;
  return summary;
}

Result<DegreeDays> require_weighted_degree_days(const WeatherSummary& summary) {
  if (!summary.weighted_degree_days) {
    return unavailable_error(summary, summary.missing_temperature_days, "weighted degree days");
  }
  return *summary.weighted_degree_days;
}

Result<DegreeDays> require_degree_days(const WeatherSummary& summary) {
  if (!summary.degree_days)
    return unavailable_error(summary, summary.missing_temperature_days, "degree days");
  return *summary.degree_days;
}

Result<Irradiance> require_irradiance(const WeatherSummary& summary) {
  if (!summary.irradiance) return unavailable_error(summary, summary.missing_radiation_days, "irradiance");
  return *summary.irradiance;
}

Result<NormalYear> normal_year(const StationSeries& primary, std::span<const int> years, int scale,
                               Rounding mode, const std::optional<StationSeries>& fill) {
  if (years.empty()) return invalid_argument("normal year needs at least one year", "/years");
  std::set<int> seen;
  DegreeDays weighted_sum;
  Irradiance radiation_sum;
  for (int year : years) {
    if (!seen.insert(year).second) {
      return invalid_argument("year " + std::to_string(year) + " given twice for the normal year", "/years");
    }
    RENOFEE_TRY(const WeatherSummary summary, summarise(primary, calendar::calendar_year(year), fill));
    RENOFEE_TRY(const DegreeDays weighted, require_weighted_degree_days(summary));
    RENOFEE_TRY(const Irradiance radiation, require_irradiance(summary));
    weighted_sum += weighted;
    radiation_sum += radiation;
  }
  const Decimal count(static_cast<int>(years.size()));
  RENOFEE_TRY(const Decimal weighted_mean, Decimal::divide(weighted_sum.value(), count, scale, mode));
  RENOFEE_TRY(const Decimal radiation_mean, Decimal::divide(radiation_sum.value(), count, scale, mode));
  return NormalYear{DegreeDays(weighted_mean), Irradiance(radiation_mean), static_cast<int>(years.size())};
}

}  // namespace renofee::weather
