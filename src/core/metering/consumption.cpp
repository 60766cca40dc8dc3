#include "renofee/core/metering/consumption.hpp"

#include <algorithm>
#include <set>

namespace renofee::metering {
namespace {

std::string describe_reading(const std::string& meter_id, calendar::Instant at, const Decimal& value) {
  return "meter " + meter_id + " at " + to_iso(at) + " (" + value.to_string() + ")";
}

}  // namespace

std::string to_iso(calendar::Instant instant) {
  return date::format("%FT%TZ", instant);
}

Result<RegisterSeries> RegisterSeries::build(std::span<const Reading> readings, Channel channel) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < readings.size(); ++i) {
    if (readings[i].channel == channel) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return readings[a].at < readings[b].at; });

  RegisterSeries series;
  series.channel_ = channel;
  std::set<std::string> finished_meters;
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    // At a swap instant the old meter's last reading goes before the new meter's first, whatever the input
    // order (storage may sort equal instants by meter id).
    if (!series.segments_.empty() && readings[order[pos]].at != readings[order[pos - 1]].at) {
      const calendar::Instant at = readings[order[pos]].at;
      const auto group_end = std::find_if(order.begin() + static_cast<std::ptrdiff_t>(pos), order.end(),
                                          [&](std::size_t i) { return readings[i].at != at; });
      const std::string& current = series.segments_.back().meter_id;
      std::stable_partition(order.begin() + static_cast<std::ptrdiff_t>(pos), group_end,
                            [&](std::size_t i) { return readings[i].meter_id == current; });
    }
    const std::size_t index = order[pos];
    const Reading& reading = readings[index];
    const auto field = [index] { return "/readings/" + std::to_string(index); };
    const Result<Decimal> valid = validate_register_value(reading.value);
    if (!valid) {
      return invalid_argument(
          valid.error().message + " (" + describe_reading(reading.meter_id, reading.at, reading.value) + ")",
          field());
    }
    if (series.segments_.empty() || series.segments_.back().meter_id != reading.meter_id) {
      if (!series.segments_.empty()) finished_meters.insert(series.segments_.back().meter_id);
      if (finished_meters.count(reading.meter_id) != 0) {
        return invalid_argument("meter " + reading.meter_id + " reappears on " +
                                    std::string(to_string(channel)) + " at " + to_iso(reading.at) +
                                    " after meter " + series.segments_.back().meter_id + " took over",
                                field());
      }
      series.segments_.push_back(Segment{reading.meter_id, {}});
    }
    std::vector<Point>& points = series.segments_.back().points;
    if (!points.empty()) {
      const Point& previous = points.back();
      if (previous.at == reading.at) {
        if (previous.value == reading.value) continue;  // the same reading twice
        return invalid_argument("two readings of meter " + reading.meter_id + " on " +
                                    std::string(to_string(channel)) + " at " + to_iso(reading.at) +
                                    " with different values: " + previous.value.to_string() + " and " +
                                    reading.value.to_string(),
                                field());
      }
      if (reading.value < previous.value) {
        return invalid_argument(
            "register of meter " + reading.meter_id + " on " + std::string(to_string(channel)) +
                " decreases from " + previous.value.to_string() + " at " + to_iso(previous.at) + " to " +
                reading.value.to_string() + " at " + to_iso(reading.at) + " without a meter swap",
            field());
      }
    }
    points.push_back(Point{reading.at, reading.value});
  }
  return series;
}

Boundary RegisterSeries::value_in(const Segment& segment, calendar::Instant at) {
  // Precondition: segment.points.front().at <= at <= segment.points.back().at.
  const auto after =
      std::lower_bound(segment.points.begin(), segment.points.end(), at,
                       [](const Point& point, calendar::Instant instant) { return point.at < instant; });
  if (after->at == at) return Boundary{at, segment.meter_id, after->value, false, at, at};
  const Point& earlier = *(after - 1);
  const Point& later = *after;
  // With (ta, ra) = earlier and (tb, rb) = later:
  // r(t) = ra + (rb - ra) × (t - ta) / (tb - ta) = (ra × (tb - ta) + (rb - ra) × (t - ta)) / (tb - ta),
  // the register value itself rounded once to 0.001 (see the header). Rounding only the step would differ
  // on ties: half-even depends on the parity of the whole value.
  const Decimal span((later.at - earlier.at).count());
  const Decimal numerator =
      earlier.value * span + (later.value - earlier.value) * Decimal((at - earlier.at).count());
  const Decimal value = Decimal::divide(numerator, span, register_scale, interpolation_rounding).value();
  return Boundary{at, segment.meter_id, value, true, earlier.at, later.at};
}

Result<Boundary> RegisterSeries::boundary(calendar::Instant at, Side side, std::size_t& segment) const {
  // Names for the error messages, built only on the error paths (this runs twice per period).
  const auto side_name = [&] { return std::string(side == Side::start ? "start" : "end"); };
  const auto field = [&] { return "/" + side_name(); };
  const auto channel_name = [&] { return std::string(to_string(channel_)); };
  if (segments_.empty()) {
    return failed_precondition("no " + channel_name() + " readings: the " + side_name() + " of the period " +
                                   to_iso(at) + " is not covered",
                               field());
  }
  const Point& first = segments_.front().points.front();
  const Point& last = segments_.back().points.back();
  if (at < first.at) {
    return failed_precondition("the " + side_name() + " of the period " + to_iso(at) +
                                   " is before the first " + channel_name() + " reading (" +
                                   describe_reading(segments_.front().meter_id, first.at, first.value) +
                                   "): no extrapolation",
                               field());
  }
  if (last.at < at) {
    return failed_precondition("the " + side_name() + " of the period " + to_iso(at) + " is after the last " +
                                   channel_name() + " reading (" +
                                   describe_reading(segments_.back().meter_id, last.at, last.value) +
                                   "): no extrapolation",
                               field());
  }
  // The segment whose [first, last] holds `at`. Where the old meter's last and the new meter's first reading
  // share the instant, the start takes the new meter and the end the old one, so neither counts use there.
  // `gap_before` is the segment after a swap gap that holds `at`, if any.
  std::size_t k = 0;
  std::size_t gap_before = 0;
  if (side == Side::start) {
    const auto it = std::upper_bound(segments_.begin(), segments_.end(), at,
                                     [](calendar::Instant instant, const Segment& candidate) {
                                       return instant < candidate.points.front().at;
                                     });
    k = static_cast<std::size_t>(it - segments_.begin()) - 1;    // exists: first.at <= at
    if (segments_[k].points.back().at < at) gap_before = k + 1;  // exists: at <= last.at
  } else {
    const auto it = std::lower_bound(segments_.begin(), segments_.end(), at,
                                     [](const Segment& candidate, calendar::Instant instant) {
                                       return candidate.points.back().at < instant;
                                     });
    k = static_cast<std::size_t>(it - segments_.begin());     // exists: at <= last.at
    if (at < segments_[k].points.front().at) gap_before = k;  // k >= 1: first.at <= at
  }
  if (gap_before != 0) {
    const Segment& old_meter = segments_[gap_before - 1];
    const Segment& new_meter = segments_[gap_before];
    return failed_precondition(
        "the " + side_name() + " of the period " + to_iso(at) + " falls in the " + channel_name() +
            " meter swap gap between the last reading of " +
            describe_reading(old_meter.meter_id, old_meter.points.back().at, old_meter.points.back().value) +
            " and the first reading of " +
            describe_reading(new_meter.meter_id, new_meter.points.front().at,
                             new_meter.points.front().value) +
            ": no register covers it",
        field());
  }
  const Segment& holder = segments_[k];
  segment = k;
  return value_in(holder, at);
}

Result<Use> RegisterSeries::use(calendar::Instant t0, calendar::Instant t1) const {
  if (t1 <= t0) {
    return invalid_argument("period [" + to_iso(t0) + ", " + to_iso(t1) + ") is empty or reversed", "/end");
  }
  std::size_t k0 = 0;
  std::size_t k1 = 0;
  RENOFEE_TRY(Boundary start, boundary(t0, Side::start, k0));
  RENOFEE_TRY(Boundary end, boundary(t1, Side::end, k1));
  Decimal value;
  if (k0 == k1) {
    value = end.register_value - start.register_value;
  } else {
    // (old last - old at t0) + Σ whole middle meters (last - first) + (new at t1 - new first).
    value = segments_[k0].points.back().value - start.register_value;
    for (std::size_t k = k0 + 1; k < k1; ++k)
      value += segments_[k].points.back().value - segments_[k].points.front().value;
    value += end.register_value - segments_[k1].points.front().value;
  }
  Use use;
  use.channel = channel_;
  use.value = value.round(register_scale, Rounding::half_even);  // exact: both sides carry <= 3 decimals
  use.start = std::move(start);
  use.end = std::move(end);
  use.meter_swaps = static_cast<int>(k1 - k0);
  return use;
}

Result<Use> use_over(std::span<const Reading> readings, Channel channel, calendar::Instant t0,
                     calendar::Instant t1) {
  RENOFEE_TRY(const RegisterSeries series, RegisterSeries::build(readings, channel));
  return series.use(t0, t1);
}

Result<std::vector<DayUse>> use_per_day(const RegisterSeries& series, calendar::Date first_day,
                                        calendar::Date last_day_exclusive) {
  std::vector<DayUse> days;
  days.reserve(static_cast<std::size_t>(std::max(0, calendar::days_between(first_day, last_day_exclusive))));
  for (calendar::Date day = first_day; day < last_day_exclusive; day = calendar::add_days(day, 1)) {
    const calendar::InstantRange range = calendar::local_day(day);
    Result<Use> use = series.use(range.begin, range.end);
    if (!use) return use.error().at("/days/" + calendar::to_string(day));
    days.push_back(DayUse{day, std::move(use).value()});
  }
  return days;
}

Result<std::vector<DayUse>> use_per_day(std::span<const Reading> readings, Channel channel,
                                        calendar::Date first_day, calendar::Date last_day_exclusive) {
  RENOFEE_TRY(const RegisterSeries series, RegisterSeries::build(readings, channel));
  return use_per_day(series, first_day, last_day_exclusive);
}

Result<std::vector<MonthUse>> use_per_month(const RegisterSeries& series, date::year_month first_month,
                                            date::year_month last_month_exclusive) {
  std::vector<MonthUse> months;
  for (date::year_month month = first_month; month < last_month_exclusive; month += date::months{1}) {
    const calendar::Instant begin = calendar::local_day(calendar::Date{month / 1}).begin;
    const calendar::Instant end = calendar::local_day(calendar::Date{(month + date::months{1}) / 1}).begin;
    Result<Use> use = series.use(begin, end);
    if (!use) {
      return use.error().at("/months/" + calendar::to_string(calendar::Date{month / 1}).substr(0, 7));
    }
    months.push_back(MonthUse{month, std::move(use).value()});
  }
  return months;
}

Result<std::vector<MonthUse>> use_per_month(std::span<const Reading> readings, Channel channel,
                                            date::year_month first_month,
                                            date::year_month last_month_exclusive) {
  RENOFEE_TRY(const RegisterSeries series, RegisterSeries::build(readings, channel));
  return use_per_month(series, first_month, last_month_exclusive);
}

Result<CombinedUse> combined_use(std::span<const Reading> readings, Channel first, Channel second,
                                 calendar::Instant t0, calendar::Instant t1) {
  if (unit_of(first) != unit_of(second)) {
    return invalid_argument("cannot add " + std::string(to_string(first)) + " (" +
                            std::string(unit_of(first)) + ") and " + std::string(to_string(second)) + " (" +
                            std::string(unit_of(second)) + ")");
  }
  Result<Use> a = use_over(readings, first, t0, t1);
  if (!a) return a.error().at("/" + std::string(to_string(first)));
  Result<Use> b = use_over(readings, second, t0, t1);
  if (!b) return b.error().at("/" + std::string(to_string(second)));
  CombinedUse combined{a->value + b->value, std::move(a).value(), std::move(b).value()};
  return combined;
}

Result<CombinedUse> import_use(std::span<const Reading> readings, calendar::Instant t0,
                               calendar::Instant t1) {
  return combined_use(readings, Channel::import_t1, Channel::import_t2, t0, t1);
}

Result<CombinedUse> export_use(std::span<const Reading> readings, calendar::Instant t0,
                               calendar::Instant t1) {
  return combined_use(readings, Channel::export_t1, Channel::export_t2, t0, t1);
}

}  // namespace renofee::metering
