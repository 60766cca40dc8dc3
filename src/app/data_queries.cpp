#include "renofee/app/data_queries.hpp"

namespace renofee::app {
namespace {

bool first_of_month(calendar::Date day) {
  return day.day() == date::day{1};
}

// The use per slice of the query's granularity, from a series already known to cover the whole period.
Result<std::vector<UsageSlice>> slices(const metering::RegisterSeries& series, const UsageQuery& query) {
  std::vector<UsageSlice> out;
  if (query.granularity == Granularity::day) {
    RENOFEE_TRY(const std::vector<metering::DayUse> days,
                metering::use_per_day(series, query.from, query.to));
    for (const metering::DayUse& d : days)
      out.push_back(UsageSlice{d.day, calendar::add_days(d.day, 1), d.use});
  } else if (query.granularity == Granularity::month) {
    const date::year_month first{query.from.year(), query.from.month()};
    const date::year_month last{query.to.year(), query.to.month()};
    RENOFEE_TRY(const std::vector<metering::MonthUse> months, metering::use_per_month(series, first, last));
    for (const metering::MonthUse& m : months) {
      const calendar::Date start = m.month / date::day{1};
      out.push_back(UsageSlice{start, calendar::add_months_keep_day(start, 1), m.use});
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(Granularity granularity) noexcept {
  switch (granularity) {
    case Granularity::total:
      return "total";
    case Granularity::day:
      return "day";
    case Granularity::month:
      return "month";
  }
  return "total";
}

Result<Granularity> parse_granularity(std::string_view text) {
  for (Granularity g : {Granularity::total, Granularity::day, Granularity::month}) {
    if (to_string(g) == text) return g;
  }
  return invalid_argument("granularity must be total, day or month", "/granularity");
}

int UsageReport::computed() const noexcept {
  int n = 0;
  for (const ChannelUsage& c : channels)
    n += c.total ? 1 : 0;
  return n;
}

Result<void> validate(const UsageQuery& query) {
  if (!(query.from < query.to))
    return invalid_argument("to must be after from (the period is [from, to))", "/to");
  const int days = calendar::days_between(query.from, query.to);
  if (days > max_usage_days) {
    return invalid_argument("the period is longer than " + std::to_string(max_usage_days) + " days", "/to");
  }
  if (query.granularity == Granularity::day && days > max_usage_split_days) {
    return invalid_argument(
        "per day, the period may be at most " + std::to_string(max_usage_split_days) + " days", "/to");
  }
  if (query.granularity == Granularity::month && (!first_of_month(query.from) || !first_of_month(query.to))) {
    return invalid_argument("per month, from and to must be the first day of a month", "/granularity");
  }
  return success();
}

Result<UsageReport> usage_report(ReadingStore& store, const UsageQuery& query) {
  RENOFEE_CHECK(validate(query));
  UsageReport report;
  report.query = query;
  report.t0 = calendar::local_day(query.from).begin;
  report.t1 = calendar::local_day(query.to).begin;
  for (metering::Channel channel : metering::all_channels) {
    if (query.channel && *query.channel != channel) continue;
    RENOFEE_TRY(const std::vector<metering::Reading> readings,
                channel_readings(store, query.contract_id, channel, report.t0, report.t1));
    if (readings.empty()) continue;  // the contract has no meter on this channel
    ChannelUsage usage;
    usage.channel = channel;
    Result<metering::RegisterSeries> series = metering::RegisterSeries::build(readings, channel);
    Result<metering::Use> total = series ? series->use(report.t0, report.t1) : series.error();
    if (total) {
      usage.total = *total;
      Result<std::vector<UsageSlice>> split = slices(*series, query);
      if (split) {
        usage.slices = std::move(split).value();
      } else {
        usage.total.reset();
        usage.error = split.error();
      }
    } else {
      usage.error = total.error();
    }
    report.channels.push_back(std::move(usage));
  }
  return report;
}

Result<DegreeDayReport> degree_day_report(WeatherStore& store, const DegreeDayQuery& query) {
  if (query.station <= 0 || query.station > 999) {
    return invalid_argument("station must be a KNMI station number 1..999", "/station");
  }
  if (!(query.from < query.to))
    return invalid_argument("to must be after from (the period is [from, to))", "/to");
  if (calendar::days_between(query.from, query.to) > max_usage_days) {
    return invalid_argument("the period is longer than " + std::to_string(max_usage_days) + " days", "/to");
  }
  RENOFEE_TRY(const calendar::Period period, calendar::make_period(query.from, query.to));
  RENOFEE_TRY(const std::vector<weather::WeatherDay> days, store.days(query.station, period));
  RENOFEE_TRY(weather::WeatherSummary summary,
              weather::summarise(weather::StationSeries{query.station, days}, period));
  return DegreeDayReport{query, period, std::move(summary)};
}

}  // namespace renofee::app
