// renofee/app/weather_store.hpp
//
// Purpose: the storage port for KNMI station days (docs/domain.md §7): daily mean temperature TG (0.1 degC)
// and global radiation Q (J/cm2) per station and civil date. Missing values stay missing (`std::nullopt` in,
// NULL in the database, `std::nullopt` out): they are reported by the degree-day computation, never
// filled with zero here. A day absent from the store is simply absent from query results.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/weather/weather_day.hpp"

namespace renofee::app {

class WeatherStore {
 public:
  virtual ~WeatherStore() = default;
  // Inserts or replaces the given station days in one transaction (a re-import of a newer KNMI file updates
  // values, including a value that became missing). Returns the number of days written.
  virtual Result<std::int64_t> upsert_days(std::span<const weather::WeatherDay> days) = 0;
  // The stored days of `station` in the half-open period, ordered by date.
  virtual Result<std::vector<weather::WeatherDay>> days(int station, const calendar::Period& period) = 0;
};

}  // namespace renofee::app
