// renofee/adapters/io/eemeter_csv.hpp
//
// Purpose: reads the CSV files OpenEEmeter (eemeter 3.2.0) reads and writes (eemeter io.py meter_data_to_csv,
// temperature_data_to_csv), for `renofee savings caltrack` (docs/savings.md):
//   meter file:        header `start,value`; one row per day or billing period, `start` an ISO 8601 timestamp
//                      with offset (`2015-11-22T00:00:00+00:00`, `...Z`; without an offset it is Amsterdam
//                      wall-clock time, as everywhere in renofee: iso_timestamp.hpp) or a date `YYYY-MM-DD`
//                      (UTC midnight); `value` a number or empty (missing). A billing file's last row only
//                      marks the end of the period before it.
//   temperature file:  header `dt,<name>` (eemeter: `dt,tempF`); hourly rows on whole UTC hours,
//                      ascending; an empty value or a skipped hour is missing. Or daily rows
//                      `YYYY-MM-DD,<mean>` (e.g. KNMI TG in degrees, for native mode): each day becomes 24
//                      hours of that mean, which gives the day exactly that mean temperature.
// Every refusal is invalid_argument with field "<file name> line N" and a message naming the bad text.
#pragma once

#include <istream>
#include <span>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/savings/caltrack.hpp"
#include "renofee/core/weather/weather_day.hpp"

namespace renofee::io {

Result<std::vector<savings::MeterRow>> read_eemeter_meter_csv(std::istream& in, std::string_view name);
Result<savings::HourlyTemperatures> read_eemeter_temperature_csv(std::istream& in, std::string_view name);

// Native mode from KNMI daily files (adapters/io/knmi_daily.hpp): each UT day's TG (0.1 °C) becomes 24 hours
// of TG / 10 °C, so the day's mean temperature is exactly TG; a day without TG, and a day absent from the
// file, are 24 missing hours. `days` ascending (as read_knmi_daily returns them); empty gives an empty grid.
savings::HourlyTemperatures temperatures_from_knmi_days(std::span<const weather::WeatherDay> days);

}  // namespace renofee::io
