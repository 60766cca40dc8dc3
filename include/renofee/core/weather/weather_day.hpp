// renofee/core/weather/weather_day.hpp
//
// Purpose: one station-day of KNMI daily weather as renofee keeps it (docs/domain.md §7). Source: KNMI daily
// files `etmgeg_NNN.txt` (columns STN, YYYYMMDD, ..., TG, ..., Q, ...). A blank KNMI field is missing data
// and stays `std::nullopt`: it is reported, never filled with zero.
#pragma once

#include <optional>

#include "renofee/core/calendar/calendar.hpp"

namespace renofee::weather {

struct WeatherDay {
  int station = 0;                            // KNMI station number (260 De Bilt, 348 Cabauw)
  calendar::Date day;                         // civil date of the observation (KNMI: UT day)
  std::optional<int> mean_temperature_01c;    // TG: daily mean temperature in 0.1 degC (e.g. 52 = 5.2 degC)
  std::optional<int> global_radiation_j_cm2;  // Q: global radiation in J/cm2

  friend bool operator==(const WeatherDay&, const WeatherDay&) = default;
};

}  // namespace renofee::weather
