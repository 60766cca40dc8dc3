// renofee/adapters/db/sql_weather_store.hpp
//
// Purpose: app::WeatherStore on SQLite and PostgreSQL through SOCI. Table `weather_days` (migration 2):
// station (KNMI number), day as the integer YYYYMMDD (KNMI's own notation, sorts as dates do), tg in 0.1 degC
// and q in J/cm2, both nullable: NULL is a missing KNMI value. Upserts are one transaction of
// `INSERT ... ON CONFLICT (station, day) DO UPDATE` with SOCI vector binding in batches of 1,000 days.
#pragma once

#include <memory>

#include "renofee/adapters/db/database.hpp"
#include "renofee/app/weather_store.hpp"

namespace renofee::db {

class SqlWeatherStore final : public app::WeatherStore {
 public:
  // `db` must outlive the store and have been migrated.
  explicit SqlWeatherStore(Database& db);
  ~SqlWeatherStore() override;

  Result<std::int64_t> upsert_days(std::span<const weather::WeatherDay> days) override;
  Result<std::vector<weather::WeatherDay>> days(int station, const calendar::Period& period) override;

 private:
  // The day query, prepared on first use and reused (a reconciliation asks it for every contract-year);
  // dropped after any error.
  struct DayQuery;
  Database& db_;
  std::unique_ptr<DayQuery> day_query_;
};

}  // namespace renofee::db
