// renofee/app/daily_series.hpp
//
// Purpose: a contract's use and weather day by day, the rows a CalTRACK savings baseline is fitted on and a
// guarantee year is settled with (core/guarantee/caltrack_baseline.hpp). For each local (Europe/Amsterdam)
// day of a period: the use of the carrier's channels (the sum of the channels that have readings; register
// boundaries interpolated as in a reconciliation, metering/consumption.hpp) and the mean temperature TG of the
// station (KNMI daily, its UT day taken as the local day, as everywhere in renofee), filled from the fill
// station when the station lacks it. A day that no reading covers has no use, a day without TG at either
// station has no temperature: both are kept as such, never zeroed, so the caller can count and show them.
// A register running backwards or another invalid reading history is an error (invalid_argument), not a gap.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "renofee/app/reading_store.hpp"
#include "renofee/app/weather_store.hpp"
#include "renofee/core/guarantee/caltrack_baseline.hpp"

namespace renofee::app {

struct DailySeries {
  std::vector<guarantee::ReportingDay> days;  // every day of the period, ascending
  int filled_days = 0;                        // days whose TG came from the fill station
};

Result<DailySeries> daily_series(ReadingStore& readings, WeatherStore& weather,
                                 const std::string& contract_id,
                                 const std::vector<metering::Channel>& channels, int station,
                                 std::optional<int> fill_station, const calendar::Period& period);

}  // namespace renofee::app
