#include "renofee/adapters/db/sql_weather_store.hpp"

#include <algorithm>
#include <vector>

namespace renofee::db {
namespace {

constexpr std::size_t batch_rows = 1000;

int yyyymmdd(calendar::Date day) {
  return static_cast<int>(day.year()) * 10000 + static_cast<int>(static_cast<unsigned>(day.month())) * 100 +
         static_cast<int>(static_cast<unsigned>(day.day()));
}

calendar::Date date_of(int yyyymmdd_value) {
  return calendar::Date{date::year{yyyymmdd_value / 10000},
                        date::month{static_cast<unsigned>(yyyymmdd_value / 100 % 100)},
                        date::day{static_cast<unsigned>(yyyymmdd_value % 100)}};
}

}  // namespace

Result<std::int64_t> SqlWeatherStore::upsert_days(std::span<const weather::WeatherDay> days) {
  for (const weather::WeatherDay& weather_day : days) {
    if (!weather_day.day.ok())
      return invalid_argument("weather day of station " + std::to_string(weather_day.station) +
                              " is no date");
  }
  RENOFEE_CHECK(db_.begin());
  Result<std::int64_t> written = guard("storing weather days", [&]() -> Result<std::int64_t> {
    std::vector<int> stations, day_numbers, tg, q;
    std::vector<soci::indicator> tg_ind, q_ind;
    for (std::size_t begin = 0; begin < days.size(); begin += batch_rows) {
      const std::size_t rows = std::min(batch_rows, days.size() - begin);
      stations.resize(rows);
      day_numbers.resize(rows);
      tg.resize(rows);
      q.resize(rows);
      tg_ind.resize(rows);
      q_ind.resize(rows);
      for (std::size_t i = 0; i < rows; ++i) {
        const weather::WeatherDay& weather_day = days[begin + i];
        stations[i] = weather_day.station;
        day_numbers[i] = yyyymmdd(weather_day.day);
        tg[i] = weather_day.mean_temperature_01c.value_or(0);
        tg_ind[i] = weather_day.mean_temperature_01c ? soci::i_ok : soci::i_null;
        q[i] = weather_day.global_radiation_j_cm2.value_or(0);
        q_ind[i] = weather_day.global_radiation_j_cm2 ? soci::i_ok : soci::i_null;
      }
      // Prepared per batch, after the vectors are filled: SOCI 4.0.3's PostgreSQL backend crashes on a vector
      // statement prepared while the vectors were empty or re-executed with another size.
      soci::statement st =
          (db_.session().prepare << "INSERT INTO weather_days (station, day, tg, q)"
                                    " VALUES (:s, :d, :tg, :q)"
                                    " ON CONFLICT (station, day) DO UPDATE"
                                    " SET tg = excluded.tg, q = excluded.q",
           soci::use(stations), soci::use(day_numbers), soci::use(tg, tg_ind), soci::use(q, q_ind));
      st.execute(true);
    }
    return static_cast<std::int64_t>(days.size());
  });
  if (!written) {
    db_.rollback();
    return written;
  }
  RENOFEE_CHECK(db_.commit());
  return written;
}

// Bound variables at fixed addresses for the statement's lifetime; the statement always runs to its last row.
struct SqlWeatherStore::DayQuery {
  int station = 0, from = 0, to = 0, day = 0, tg = 0, q = 0;
  soci::indicator tg_ind = soci::i_null, q_ind = soci::i_null;
  soci::statement statement;
  explicit DayQuery(soci::session& session)
      : statement((session.prepare << "SELECT day, tg, q FROM weather_days"
                                      " WHERE station = :s AND day >= :f AND day < :t ORDER BY day",
                   soci::use(station), soci::use(from), soci::use(to), soci::into(day),
                   soci::into(tg, tg_ind), soci::into(q, q_ind))) {}
};

SqlWeatherStore::SqlWeatherStore(Database& db) : db_(db) {}
SqlWeatherStore::~SqlWeatherStore() = default;

Result<std::vector<weather::WeatherDay>> SqlWeatherStore::days(int station, const calendar::Period& period) {
  Result<std::vector<weather::WeatherDay>> result =
      guard("querying weather days", [&]() -> Result<std::vector<weather::WeatherDay>> {
        if (!day_query_) day_query_ = std::make_unique<DayQuery>(db_.session());
        DayQuery& query = *day_query_;
        query.station = station;
        query.from = yyyymmdd(period.begin);
        query.to = yyyymmdd(period.end);
        std::vector<weather::WeatherDay> out;
        out.reserve(static_cast<std::size_t>(std::max(0, calendar::days_between(period.begin, period.end))));
        query.statement.execute();
        while (query.statement.fetch()) {
          weather::WeatherDay weather_day;
          weather_day.station = station;
          weather_day.day = date_of(query.day);
          if (query.tg_ind == soci::i_ok) weather_day.mean_temperature_01c = query.tg;
          if (query.q_ind == soci::i_ok) weather_day.global_radiation_j_cm2 = query.q;
          out.push_back(weather_day);
        }
        return out;
      });
  if (!result) day_query_.reset();
  return result;
}

}  // namespace renofee::db
