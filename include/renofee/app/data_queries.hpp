// renofee/app/data_queries.hpp
//
// Purpose: the read-side use cases over stored meter and weather data, shared by the commands (`renofee
// usage`, `renofee degree-days`) and the HTTP API (GET /v1/contracts/{id}/usage,
// GET /v1/weather/{station}/degree-days), so both answer the same figures.
//
// Usage (docs/domain.md §6, docs/metering.md): for each channel of a contract, or one channel, the use over
// the half-open period of local (Europe/Amsterdam) days [from, to), with the boundaries (estimated when
// interpolated) and meter swaps; optionally split per local day or per local month. A channel whose
// readings do not cover the period carries the reason (failed_precondition naming the gap), never a
// silent zero; a channel without any meter is left out.
// Limits, so a query cannot make the server work for minutes: the period is at most 100 years (36,525
// days) and, split per day, at most 3,660 days; per month the period must start and end on the first of a
// month.
//
// Degree days (docs/domain.md §7): the station's stored days in [from, to) summarised by weather::summarise
// (degree days, weighted degree days, irradiance; missing days listed and the sums then unavailable).
//
// Query errors name the query parameter as a JSON pointer ("/to", "/granularity") so the HTTP adapter can
// report them as validation problems and the commands as messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "renofee/app/reading_store.hpp"
#include "renofee/app/weather_store.hpp"
#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/metering/consumption.hpp"
#include "renofee/core/weather/degree_days.hpp"

namespace renofee::app {

enum class Granularity { total, day, month };
// "total", "day", "month"; parse_granularity refuses anything else (field "/granularity").
std::string_view to_string(Granularity granularity) noexcept;
Result<Granularity> parse_granularity(std::string_view text);

inline constexpr int max_usage_days = 36'525;
inline constexpr int max_usage_split_days = 3'660;

struct UsageQuery {
  std::string contract_id;
  calendar::Date from;
  calendar::Date to;                         // exclusive
  std::optional<metering::Channel> channel;  // nullopt: every channel with a meter
  Granularity granularity = Granularity::total;
};

// One slice of a split period: local days [start, end).
struct UsageSlice {
  calendar::Date start;
  calendar::Date end;
  metering::Use use;
};

struct ChannelUsage {
  metering::Channel channel = metering::Channel::import_t1;
  std::optional<metering::Use> total;  // set when the period is covered
  std::vector<UsageSlice> slices;      // per day or month when asked for and covered
  std::optional<Error> error;          // set instead when the readings do not cover the period
};

struct UsageReport {
  UsageQuery query;
  calendar::Instant t0;  // local midnight starting `from`, in UTC
  calendar::Instant t1;
  std::vector<ChannelUsage> channels;
  [[nodiscard]] int computed() const noexcept;  // channels with a total
};

// Checks the query (period order and limits, granularity alignment): invalid_argument naming "/from",
// "/to" or "/granularity".
Result<void> validate(const UsageQuery& query);

Result<UsageReport> usage_report(ReadingStore& store, const UsageQuery& query);

struct DegreeDayQuery {
  int station = 0;  // KNMI station number, 1..999
  calendar::Date from;
  calendar::Date to;  // exclusive
};

struct DegreeDayReport {
  DegreeDayQuery query;
  calendar::Period period;
  weather::WeatherSummary summary;
};

// invalid_argument naming "/station", "/from" or "/to" for a bad query (period at most 100 years).
Result<DegreeDayReport> degree_day_report(WeatherStore& store, const DegreeDayQuery& query);

}  // namespace renofee::app
