#include "contract_book.hpp"

#include <charconv>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/io/sha256.hpp"

namespace renofee::cli {

std::unique_ptr<ContractBook> open_contract_book(const std::vector<std::string>& args, std::ostream& err,
                                                 const std::string& command) {
  auto book = std::make_unique<ContractBook>();
  book->database = open_database(args, err, command);
  if (!book->database) return nullptr;
  book->book = std::make_unique<db::SqlContractBook>(*book->database, io::sha256_port());
  book->readings = std::make_unique<db::SqlReadingStore>(*book->database);
  book->weather = std::make_unique<db::SqlWeatherStore>(*book->database);
  book->tariffs =
      std::make_unique<io::TariffDirectory>(io::default_tariff_directory(flag_value(args, "--tariffs")));
  book->deps.reset(new app::ReconcileDeps{.contracts = *book->book,
                                          .reports = *book->book,
                                          .ledger = *book->book,
                                          .readings = *book->readings,
                                          .weather = *book->weather,
                                          .tariffs = *book->tariffs,
                                          .sha256 = io::sha256_port()});
  return book;
}

std::optional<calendar::Date> today_from(const std::vector<std::string>& args, std::ostream& err,
                                         const std::string& command) {
  const std::string text = flag_value(args, "--today");
  if (text.empty()) return calendar::local_date(now_utc());
  Result<calendar::Date> day = calendar::parse_date(text);
  if (!day) {
    err << "renofee " << command << ": --today: " << day.error() << '\n';
    return std::nullopt;
  }
  return *day;
}

std::optional<int> year_from(const std::vector<std::string>& args, std::ostream& err,
                             const std::string& command) {
  const std::string text = flag_value(args, "--year");
  int year = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    err << "renofee " << command << ": --year needs a whole number (a contract-year number 1, 2, ... or a "
        << "calendar year such as 2027, as the contract settles), not \"" << text << "\"\n";
    return std::nullopt;
  }
  return year;
}

}  // namespace renofee::cli
