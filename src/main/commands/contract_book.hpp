// Shared by the commands that work on stored contracts (contract, reconcile, report, statement, ledger): the
// migrated database and the stores and ports the use cases need, opened from `--db URL` and `--tariffs DIR`.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/reconcile.hpp"

namespace renofee::cli {

struct ContractBook {
  std::unique_ptr<db::Database> database;
  std::unique_ptr<db::SqlContractBook> book;
  std::unique_ptr<db::SqlReadingStore> readings;
  std::unique_ptr<db::SqlWeatherStore> weather;
  std::unique_ptr<io::TariffDirectory> tariffs;
  std::unique_ptr<app::ReconcileDeps> deps;
};

// nullptr after printing the reason as "renofee COMMAND: ...".
std::unique_ptr<ContractBook> open_contract_book(const std::vector<std::string>& args, std::ostream& err,
                                                 const std::string& command);

// `--today YYYY-MM-DD` when given (re-running as of a date), else today's local (Europe/Amsterdam) date.
std::optional<calendar::Date> today_from(const std::vector<std::string>& args, std::ostream& err,
                                         const std::string& command);

// `--year N` as an integer, or nullopt after printing why.
std::optional<int> year_from(const std::vector<std::string>& args, std::ostream& err,
                             const std::string& command);

}  // namespace renofee::cli
