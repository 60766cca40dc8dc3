// renofee/core/weather/degree_days.hpp
//
// Purpose: degree days and irradiance over periods from KNMI daily weather (docs/domain.md §7).
//
// Formulas:
//   degree days of a day   = max(0, 18 - TG/10)   in K·day, TG in 0.1 degC, so the result is exact with one
//                            decimal (TG = 52 -> 12.8). Base 18 degC is the Dutch "stookgrens" [67][68].
//   weighted degree days   = degree days × weight(month of the day): 1.1 Nov-Feb, 1.0 Mar and Oct, 0.8
//                            Apr-Sep [69][70]; exact with two decimals (TG = 52 on a January day
//                            -> 12.8 × 1.1 = 14.08).
//   irradiance             = sum of Q (global radiation, J/cm2, an integer per day).
// Nothing here rounds: sums of exact one- and two-decimal values are exact.
//
// Missing data (docs/domain.md §7): a day of the period without TG (no row, or a blank TG field) makes the
// period's degree days *unavailable* (std::nullopt), never zero; the missing dates are listed. Likewise a
// missing Q makes the irradiance unavailable. When the caller passes a second, named station (the contract
// allows filling), a day missing at the primary station takes that station's value and is reported in
// `filled`; days missing at both stations stay missing.
//
// Normal year: the mean over given calendar years of the weighted degree days and irradiance, divided with a
// named scale and rounding (a mean of n sums is generally not a finite decimal).
//
// Range: periods are half-open [begin, end) of civil dates (KNMI days are UT days). TG is taken as given
// (the KNMI parser checks its range); a period may be empty (all sums zero, nothing missing).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"
#include "renofee/core/weather/weather_day.hpp"

namespace renofee::weather {

// The heating base temperature: 18 degC, in 0.1 degC.
inline constexpr int base_temperature_01c = 180;

// max(0, 18 - TG/10) K·day, exact (scale 1).
DegreeDays degree_days_of(int mean_temperature_01c);
// The month weight of docs/domain.md §7: 1.1 (Nov-Feb), 1.0 (Mar, Oct), 0.8 (Apr-Sep).
Decimal month_weight(date::month month);
// degree_days_of(TG) × month_weight(month of `day`), exact (scale 2).
DegreeDays weighted_degree_days_of(int mean_temperature_01c, calendar::Date day);

// The daily series of one KNMI station. Every day must carry `station`; the order does not matter; a date
// given twice is accepted only with identical values.
struct StationSeries {
  int station = 0;
  std::span<const WeatherDay> days;
};

// A day of the period whose value came from the fill station.
struct FilledDay {
  calendar::Date day;
  int station = 0;           // the station that supplied the value
  bool temperature = false;  // TG was filled
  bool radiation = false;    // Q was filled
  friend bool operator==(const FilledDay&, const FilledDay&) = default;
};

// Weather of one station over a half-open period.
struct WeatherSummary {
  int station = 0;
  calendar::Period period;
  std::optional<DegreeDays> degree_days;                 // unweighted; nullopt when a day lacks TG
  std::optional<DegreeDays> weighted_degree_days;        // nullopt when a day lacks TG
  std::optional<Irradiance> irradiance;                  // nullopt when a day lacks Q
  std::vector<calendar::Date> missing_temperature_days;  // after filling, ascending
  std::vector<calendar::Date> missing_radiation_days;    // after filling, ascending
  std::vector<FilledDay> filled;                         // ascending
};

// Sums over `period` of `primary`, filling gaps from `fill` when given. invalid_argument when a day carries
// another station number than its series, or a date is given twice with different values.
Result<WeatherSummary> summarise(const StationSeries& primary, calendar::Period period,
                                 const std::optional<StationSeries>& fill = std::nullopt);

// The weighted (or unweighted) degree days of a summary, or failed_precondition listing the missing dates
// (the first ten and the count) when they are unavailable.
Result<DegreeDays> require_weighted_degree_days(const WeatherSummary& summary);
Result<DegreeDays> require_degree_days(const WeatherSummary& summary);
Result<Irradiance> require_irradiance(const WeatherSummary& summary);

// A contract's normal year (docs/domain.md §7): means over `years` (calendar years) of the weighted degree
// days and the irradiance, each divided to `scale` digits with `mode`.
struct NormalYear {
  DegreeDays weighted_degree_days;
  Irradiance irradiance;
  int years = 0;
};
// invalid_argument for an empty year list or a year given twice; failed_precondition naming the first year
// with missing days (after filling) and its missing dates.
Result<NormalYear> normal_year(const StationSeries& primary, std::span<const int> years, int scale,
                               Rounding mode, const std::optional<StationSeries>& fill = std::nullopt);

}  // namespace renofee::weather
