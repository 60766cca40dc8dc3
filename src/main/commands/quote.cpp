// `renofee quote FILE [--format json|text] [--lang nl|en] [--tariffs DIR] [--premium [--db URL] [--seed N]
//      [--as-of DATE]]`: the quote of one offer document; with --premium also the suggested monthly guarantee
// premium beside the service fee, from the weather years in the database (app/portfolio_risk.hpp on this one
// offer, docs/guarantees.md "Exposure"). A suggestion: the fee in the quote is unchanged.
// `renofee quote --batch FILE.ndjson`: one offer per line in, one JSON line per line out, streaming; a bad
// line yields an error line for that line and the rest continue; progress on stderr for long runs; exit 1
// when any line failed.
#include <chrono>
#include <fstream>
#include <iostream>

#include "../cli.hpp"
#include "database_open.hpp"
#include "offer_files.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/reconciliation_output.hpp"
#include "renofee/adapters/io/risk_options.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/portfolio_risk.hpp"
#include "renofee/app/quoting.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee quote FILE [--format json|text] [--lang nl|en] [--tariffs DIR]\n"
    "                         [--premium [--db URL] [--seed N] [--as-of YYYY-MM-DD] [the risk options of\n"
    "                         renofee portfolio risk]]\n"
    "       renofee quote --batch FILE.ndjson [--tariffs DIR]   (FILE may be - for standard input)\n";

int batch(const std::string& path, renofee::io::TariffDirectory& tariffs, Streams& io) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      io.err << "renofee quote: cannot read " << path << '\n';
      return 1;
    }
  }
  std::istream& in = path == "-" ? io.in : file;
  const auto started = std::chrono::steady_clock::now();
  auto last_progress = started;
  std::int64_t line_number = 0;
  std::int64_t quoted = 0;
  std::int64_t failed = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines are allowed
    std::vector<Error> problems;
    Result<quote::Offer> offer = renofee::io::parse_offer_json(line, &problems);
    std::string out;
    if (offer) {
      Result<quote::Quote> result = app::quote_offer(*offer, tariffs);
      if (result) {
        out = renofee::io::batch_quote_line(line_number, *result);
      } else {
        problems = {result.error()};
      }
    }
    if (out.empty()) {
      out = renofee::io::batch_error_line(line_number, problems);
      ++failed;
    } else {
      ++quoted;
    }
    io.out << out << '\n';
    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress >= std::chrono::seconds(2)) {
      const double seconds = std::chrono::duration<double>(now - started).count();
      io.err << "renofee quote: " << line_number << " lines, " << quoted << " quoted, " << failed
             << " failed, " << static_cast<long>(static_cast<double>(line_number) / seconds) << " lines/s\n";
      last_progress = now;
    }
  }
  io.out.flush();
  io.err << "renofee quote: done: " << quoted << " quoted, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

// The suggested guarantee premium of one offer over the weather years in the database (--premium).
struct Premium {
  app::PortfolioRisk book;
  app::ContractRiskRow row;
};

std::optional<Premium> premium_of(const std::vector<std::string>& args, const quote::Offer& offer,
                                  renofee::io::TariffDirectory& tariffs, Streams& io) {
  std::unique_ptr<db::Database> database = open_database(args, io.err, "quote");
  if (!database) return std::nullopt;
  db::SqlWeatherStore weather(*database);
  app::PortfolioRiskRequest request;
  request.offers = {offer};
  request.as_of = calendar::local_date(now_utc());
  const auto value_of = [&](std::string_view name) -> std::optional<std::string> {
    std::string flag = "--" + std::string(name);
    std::replace(flag.begin(), flag.end(), '_', '-');
    if (!has_flag(args, flag)) return std::nullopt;
    return flag_value(args, flag);
  };
  Premium premium;
  Result<void> options =
      renofee::io::read_risk_options(value_of, renofee::io::OptionSpelling::command_line, request);
  Result<app::PortfolioRisk> book = internal_error("not run");
  if (options) {
    // The contract store is not used for an offer that is not stored: the offers are walked instead.
    struct NoContracts final : app::ContractStore {
      Result<void> create_contract(const app::ContractVersion&) override { return {}; }
      Result<void> add_version(const app::ContractVersion&) override { return {}; }
      Result<std::vector<app::ContractVersion>> versions(std::string_view id) override {
        return not_found("no contract " + std::string(id));
      }
      Result<std::vector<app::ContractSummary>> list_contracts(std::string_view, int,
                                                               const std::optional<std::string>&) override {
        return std::vector<app::ContractSummary>{};
      }
    } none;
    book = app::portfolio_risk(none, weather, tariffs, request,
                               [&](const app::ContractRiskRow& row) -> Result<void> {
                                 premium.row = row;
                                 return {};
                               });
  }
  Result<void> failed = !options ? options : book ? Result<void>() : Result<void>(book.error());
  if (options && !book && premium.row.status == "not_modelled") {
    // The one offer could not be modelled: say why (the field), not only that the book is empty.
    failed = failed_precondition("not modelled: " + premium.row.reason, premium.row.field);
  }
  if (!failed) {
    io.err << "renofee quote: --premium: "
           << describe(
                  renofee::io::with_option_field(failed.error(), renofee::io::OptionSpelling::command_line))
           << '\n';
    return std::nullopt;
  }
  premium.book = std::move(book).value();
  return premium;
}

Poco::JSON::Object::Ptr premium_json(const Premium& p) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("status", p.row.status);
  o->set("service_fee_monthly_eur", renofee::io::cents_text(p.row.service_fee_monthly));
  o->set("suggested_premium_monthly_eur", renofee::io::cents_text(p.row.exposure.premium_monthly));
  o->set("expected_annual_eur", renofee::io::cents_text(p.row.exposure.figures.expected));
  o->set("p99_annual_eur", renofee::io::cents_text(p.row.exposure.figures.p99));
  o->set("present_value_eur", renofee::io::cents_text(p.row.exposure.present_value));
  o->set("weather_years", static_cast<int>(p.book.book.years.size()));
  o->set("first_year", p.book.book.years.front().year);
  o->set("last_year", p.book.book.years.back().year);
  if (p.row.status == "not_modelled") o->set("reason", p.row.reason + " (" + p.row.field + ")");
  o->set("note", "a suggestion beside the service fee: the fee in this quote is unchanged");
  return o;
}

void premium_text(const Premium& p, Streams& io) {
  const auto& e = p.row.exposure;
  io.out << "\nguarantee premium (suggestion; the fee above is unchanged): "
         << renofee::io::cents_text(e.premium_monthly) << " EUR a month beside the service fee of "
         << renofee::io::cents_text(p.row.service_fee_monthly) << " EUR; expected compensation "
         << renofee::io::cents_text(e.figures.expected) << " EUR a year, P99 "
         << renofee::io::cents_text(e.figures.p99) << " EUR, over " << p.book.book.years.size()
         << " weather years (" << p.book.book.years.front().year << "-" << p.book.book.years.back().year
         << ")";
  if (p.row.status == "not_modelled")
    io.out << "; not modelled: " << p.row.reason << " (" << p.row.field << ")";
  io.out << '\n';
}

int quote_command(const std::vector<std::string>& args, Streams& io) {
  std::vector<std::string_view> value_flags = {"--format", "--lang", "--tariffs", "--batch", "--db"};
  const std::vector<std::string_view>& risk_flags = renofee::io::risk_option_flags();
  value_flags.insert(value_flags.end(), risk_flags.begin(), risk_flags.end());
  const std::vector<std::string> files = positional(args, value_flags);
  renofee::io::TariffDirectory tariffs(renofee::io::default_tariff_directory(flag_value(args, "--tariffs")));
  if (has_flag(args, "--batch")) {
    const std::string path = flag_value(args, "--batch");
    if (path.empty() || !files.empty()) {
      io.err << usage;
      return 2;
    }
    return batch(path, tariffs, io);
  }
  const std::string format = flag_value(args, "--format", "json");
  const std::string lang = flag_value(args, "--lang", "en");
  if (files.size() != 1 || (format != "json" && format != "text") || (lang != "nl" && lang != "en")) {
    io.err << usage;
    return 2;
  }
  const std::optional<quote::Offer> offer = read_offer_file(files[0], io.in, io.err, "quote");
  if (!offer) return 1;
  const Result<quote::Quote> result = app::quote_offer(*offer, tariffs);
  if (!result) {
    io.err << "renofee quote: " << describe(result.error()) << '\n';
    return 1;
  }
  std::optional<Premium> premium;
  if (has_flag(args, "--premium")) {
    premium = premium_of(args, *offer, tariffs, io);
    if (!premium) return 1;
  }
  if (format == "json") {
    Poco::JSON::Object::Ptr json = renofee::io::quote_json(*result);
    if (premium) json->set("guarantee_premium", premium_json(*premium));
    io.out << renofee::io::to_json_text(json, 2) << '\n';
  } else {
    renofee::io::write_quote_text(
        *result, lang == "nl" ? renofee::io::Language::nl : renofee::io::Language::en, io.out);
    if (premium) premium_text(*premium, io);
  }
  return 0;
}

const CommandRegistration registration{
    "quote", "quote an offer: fees, APR, energy bills, savings, affordability", quote_command};

}  // namespace
}  // namespace renofee::cli
