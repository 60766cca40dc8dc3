// `renofee portfolio risk [--financier KEY-ID | --contracts FILE | --all] [--from-year Y] [--to-year Y] [--as-of DATE]
//      [--seed N] [--station N] [--household-sd X] [--heat-pump-sd X] [--pv-degradation X]
//      [--pv-degradation-sd X] [--discount-rate X] [--cost-of-capital X] [--heating-share X]
//      [--stress-year Y|coldest|darkest] [--temperature-shift C] [--irradiance-change PCT]
//      [--format json|csv|text] [--db URL] [--tariffs DIR]`
// A financier's guarantee exposure over the weather years in the database (app/portfolio_risk.hpp,
// docs/guarantees.md "Exposure"). Progress goes to stderr on books of 2,000 contracts or more; the figures to
// stdout. Nothing is written to stdout when the request is bad.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/sql_key_store.hpp"
#include "renofee/adapters/io/risk_options.hpp"
#include "renofee/adapters/io/risk_output.hpp"
#include "renofee/app/api_keys.hpp"
#include "renofee/app/portfolio_risk.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee portfolio risk [--financier KEY-ID | --contracts FILE | --all] [--from-year Y] "
    "[--to-year Y]\n"
    "                              [--as-of YYYY-MM-DD] [--seed N] [--station N] [--household-sd X]\n"
    "                              [--heat-pump-sd X] [--pv-degradation X] [--pv-degradation-sd X]\n"
    "                              [--discount-rate X] [--cost-of-capital X] [--heating-share X]\n"
    "                              [--stress-year Y|coldest|darkest] [--temperature-shift C]\n"
    "                              [--irradiance-change PCT] [--format json|csv|text] [--db URL] [--tariffs "
    "DIR]\n";

// The flags that take a value: the book's, the output's, and every risk option (io/risk_options.hpp).
std::vector<std::string_view> value_flags() {
  std::vector<std::string_view> flags = {"--financier", "--contracts", "--format", "--db", "--tariffs"};
  const std::vector<std::string_view>& options = io::risk_option_flags();
  flags.insert(flags.end(), options.begin(), options.end());
  return flags;
}

Result<std::vector<std::string>> read_contract_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return invalid_argument("cannot read the contract list " + path, "--contracts");
  std::vector<std::string> ids;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    ids.push_back(line.substr(start));
  }
  if (ids.empty())
    return failed_precondition("the contract list " + path + " names no contract", "--contracts");
  return ids;
}

// The book's owner: a financier key that exists.
Result<std::string> financier_owner(db::Database& database, const std::string& key_id) {
  db::SqlKeyStore keys(database);
  RENOFEE_TRY(const std::optional<app::ApiKey> key, keys.find(key_id));
  if (!key) return not_found("no API key " + key_id, "--financier");
  if (key->role != app::Role::financier)
    return invalid_argument(
        "key " + key_id + " is a " + std::string(app::to_string(key->role)) + " key, not a financier's",
        "--financier");
  return "key:" + key_id;
}

Result<app::PortfolioRiskRequest> read_request(const std::vector<std::string>& args, db::Database& database) {
  app::PortfolioRiskRequest r;
  const std::string financier = flag_value(args, "--financier");
  const std::string file = flag_value(args, "--contracts");
  const bool all = has_flag(args, "--all");
  if (static_cast<int>(!financier.empty()) + static_cast<int>(!file.empty()) + static_cast<int>(all) != 1)
    return invalid_argument("name the book with --financier KEY-ID, --contracts FILE or --all (one of them)",
                            "--financier");
  if (all) {
    r.all_contracts = true;
  } else if (!financier.empty()) {
    RENOFEE_TRY(r.owner, financier_owner(database, financier));
  } else {
    RENOFEE_TRY(r.contract_ids, read_contract_file(file));
  }
  r.as_of = calendar::local_date(now_utc());
  const auto value_of = [&](std::string_view name) -> std::optional<std::string> {
    std::string flag = "--" + std::string(name);
    std::replace(flag.begin(), flag.end(), '_', '-');
    if (!has_flag(args, flag)) return std::nullopt;
    return flag_value(args, flag);
  };
  RENOFEE_CHECK(io::read_risk_options(value_of, io::OptionSpelling::command_line, r));
  return r;
}

// A read-write temporary file already unlinked: it disappears with the stream, whatever happens.
std::fstream spool_file() {
  std::string path = (std::filesystem::temp_directory_path() / "renofee-risk-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return std::fstream();
  close(fd);
  std::fstream spool(path, std::ios::in | std::ios::out | std::ios::trunc | std::ios::binary);
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  return spool;
}

int portfolio_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest = positional(args, value_flags());
  const std::string format_text = flag_value(args, "--format", "text");
  if (rest.size() != 1 || rest[0] != "risk" ||
      (format_text != "json" && format_text != "csv" && format_text != "text")) {
    io.err << usage;
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "portfolio");
  if (!book) return 1;
  const Result<app::PortfolioRiskRequest> request = read_request(args, *book->database);
  if (!request) {
    io.err << "renofee portfolio risk: " << describe(request.error()) << '\n';
    return request.error().code == ErrorCode::invalid_argument ? 2 : 1;
  }
  const io::RiskFormat format = format_text == "json"  ? io::RiskFormat::json
                                : format_text == "csv" ? io::RiskFormat::csv
                                                       : io::RiskFormat::text;
  // The rows are spooled to an unlinked temporary file and copied to stdout only when the whole book
  // succeeded, so a run that fails half-way (every contract not modelled, a store error on a later page)
  // writes nothing; the file, not memory, holds a large book's rows.
  std::fstream spool = spool_file();
  if (!spool) {
    io.err << "renofee portfolio risk: cannot create a temporary file\n";
    return 1;
  }
  io::RiskWriter writer(spool, format, *request);
  writer.begin();
  const auto sink = [&](const app::ContractRiskRow& row) -> Result<void> {
    writer.row(row);
    if (!spool) return unavailable("cannot write the temporary output", "stdout");
    return {};
  };
  const auto progress = [&](std::int64_t done, std::int64_t total) {
    if (total >= 2000) io.err << "renofee portfolio risk: " << done << " of " << total << " contracts\n";
  };
  const Result<app::PortfolioRisk> risk =
      app::portfolio_risk(*book->book, *book->weather, *book->tariffs, *request, sink, progress);
  if (!risk) {
    io.err << "renofee portfolio risk: "
           << describe(io::with_option_field(risk.error(), io::OptionSpelling::command_line)) << '\n';
    return risk.error().code == ErrorCode::invalid_argument ? 2 : 1;
  }
  writer.end(*risk);
  spool.flush();
  spool.seekg(0);
  io.out << spool.rdbuf();
  return io.out ? 0 : 1;
}

const CommandRegistration registration{
    "portfolio", "a financier's guarantee exposure under historical weather, and a suggested premium",
    portfolio_command};

}  // namespace
}  // namespace renofee::cli
