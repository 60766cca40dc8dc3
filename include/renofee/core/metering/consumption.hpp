// renofee/core/metering/consumption.hpp
//
// Purpose: use over periods from register readings (docs/domain.md §6), the figures a reconciliation
// settles on.
//
// Rules:
// - Use over a half-open period [t0, t1) of UTC instants = register(t1) - register(t0), in the channel's unit
//   (kWh or m3, readings.hpp).
// - Boundary value: a reading exactly on the boundary is used as is (not estimated). Otherwise the register
//   is interpolated linearly in time between the nearest readings of the same meter before (ta, ra) and after
//   (tb, rb):  r(t) = ra + (rb - ra) × (t - ta) / (tb - ta),  computed exactly and rounded ONCE to the
//   register resolution (0.001, `register_scale`) with Rounding::half_even, and flagged *estimated*. Rounding
//   to the register's own resolution keeps every boundary a valid register value, and because adjacent
//   periods share the same boundary value, daily uses add up exactly to the use of the whole period. Rounding
//   is monotone, so an interpolated use is never negative.
// - No extrapolation: a boundary before the first reading, after the last one, or inside a meter-swap gap is
//   failed_precondition naming the side ("/start" or "/end") and the nearest reading(s).
// - Meter swap: a new meter_id on the same channel restarts the register. Readings (sorted by time) form
//   segments, one per meter; use = Σ over segments overlapping the period of
//   register_s(min(t1, last_s)) - register_s(max(t0, first_s)), which for one swap is
//   (old last - old at t0) + (new at t1 - new first) and generalises to any number of swaps. Use between the
//   old meter's last and the new meter's first reading is not metered and counts as zero. Old last and new
//   first may share an instant.
// - Validation (invalid_argument naming the reading): a register that decreases on the same meter; a meter_id
//   that reappears after another meter took over; two readings of one meter at one instant with different
//   values; a period with t1 <= t0.
// - Local days and months: use_per_day/use_per_month cut at local Europe/Amsterdam midnight
//   (calendar::local_day), so DST change days last 23 or 25 hours (docs/domain.md §3).
// - Combined channels: electricity import = import_t1 + import_t2, export = export_t1 + export_t2.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/metering/readings.hpp"
#include "renofee/core/money/decimal.hpp"

namespace renofee::metering {

// The rounding of an interpolated register value (to register_scale = 3 decimals).
inline constexpr Rounding interpolation_rounding = Rounding::half_even;

// The register value used at one boundary of a period.
struct Boundary {
  calendar::Instant at;
  std::string meter_id;
  Decimal register_value;  // the reading's value, or the interpolated value (3 decimals)
  bool estimated = false;  // true when interpolated
  // The readings interpolated between (both equal to `at` when not estimated).
  calendar::Instant before;
  calendar::Instant after;
  friend bool operator==(const Boundary&, const Boundary&) = default;
};

// Use of one channel over [start.at, end.at).
struct Use {
  Channel channel = Channel::import_t1;
  Decimal value;  // in unit(): kWh or m3; exact (3 decimals)
  Boundary start;
  Boundary end;
  int meter_swaps = 0;  // meter changes inside the period

  [[nodiscard]] std::string_view unit() const noexcept { return unit_of(channel); }
  [[nodiscard]] bool estimated() const noexcept { return start.estimated || end.estimated; }
};

// The validated register history of one channel: readings grouped into meter segments, sorted by time.
// Build once, then query any number of periods in O(log n) each.
class RegisterSeries {
 public:
  // Takes the readings of `channel` from `readings` (readings of other channels are ignored), sorts them by
  // time (at equal instants the current meter's reading comes first, then the input order) and validates
  // them (see the rules above).
  static Result<RegisterSeries> build(std::span<const Reading> readings, Channel channel);

  [[nodiscard]] Channel channel() const noexcept { return channel_; }
  [[nodiscard]] bool empty() const noexcept { return segments_.empty(); }

  // Use over [t0, t1).
  [[nodiscard]] Result<Use> use(calendar::Instant t0, calendar::Instant t1) const;

 private:
  struct Point {
    calendar::Instant at;
    Decimal value;
  };
  struct Segment {
    std::string meter_id;
    std::vector<Point> points;  // strictly increasing instants, non-decreasing values
  };
  enum class Side { start, end };

  [[nodiscard]] Result<Boundary> boundary(calendar::Instant at, Side side, std::size_t& segment) const;
  static Boundary value_in(const Segment& segment, calendar::Instant at);

  Channel channel_ = Channel::import_t1;
  std::vector<Segment> segments_;
};

// Use of `channel` over [t0, t1) (builds a RegisterSeries; prefer the class for many periods).
Result<Use> use_over(std::span<const Reading> readings, Channel channel, calendar::Instant t0,
                     calendar::Instant t1);

struct DayUse {
  calendar::Date day;  // local (Europe/Amsterdam) day
  Use use;
};
struct MonthUse {
  date::year_month month;  // local (Europe/Amsterdam) month
  Use use;
};

// Use per local day for the days [first_day, last_day_exclusive); the first failing day's error is returned
// with field "/days/<date>".
Result<std::vector<DayUse>> use_per_day(const RegisterSeries& series, calendar::Date first_day,
                                        calendar::Date last_day_exclusive);
Result<std::vector<DayUse>> use_per_day(std::span<const Reading> readings, Channel channel,
                                        calendar::Date first_day, calendar::Date last_day_exclusive);
// Use per local month for the months [first_month, last_month_exclusive).
Result<std::vector<MonthUse>> use_per_month(const RegisterSeries& series, date::year_month first_month,
                                            date::year_month last_month_exclusive);
Result<std::vector<MonthUse>> use_per_month(std::span<const Reading> readings, Channel channel,
                                            date::year_month first_month,
                                            date::year_month last_month_exclusive);

// The sum of two channels of one carrier over [t0, t1) (import_t1 + import_t2, export_t1 + export_t2).
struct CombinedUse {
  Decimal value;  // first.value + second.value
  Use first;
  Use second;
  [[nodiscard]] bool estimated() const noexcept { return first.estimated() || second.estimated(); }
};
// `readings` may mix channels; only `first` and `second` are used. invalid_argument when the two channels
// have different units.
Result<CombinedUse> combined_use(std::span<const Reading> readings, Channel first, Channel second,
                                 calendar::Instant t0, calendar::Instant t1);
// Electricity import (import_t1 + import_t2) and export (export_t1 + export_t2).
Result<CombinedUse> import_use(std::span<const Reading> readings, calendar::Instant t0, calendar::Instant t1);
Result<CombinedUse> export_use(std::span<const Reading> readings, calendar::Instant t0, calendar::Instant t1);

// "2026-03-29T01:00:00Z", as instants appear in error messages and reports.
std::string to_iso(calendar::Instant instant);

}  // namespace renofee::metering
