// `renofee replacement record --contract ID --date YYYY-MM-DD --measure KIND --cost EUR [--note TEXT]
//      [--format text|json] [--db URL]`
// `renofee replacement statement --contract ID [--date YYYY-MM-DD] [--format text|json] [--db URL]`
// A measure replaced at the end of its life, paid from the replacement reserve in the service fee
// (app/replacements.hpp, docs/offers.md "Replacement reserve"), and the reserve's statement on a day (default
// today): what the fees set aside, what each replacement took, what the provider bore, what is left.
#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "renofee/adapters/io/replacement_output.hpp"
#include "renofee/app/replacements.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee replacement record --contract ID --date YYYY-MM-DD --measure KIND --cost EUR [--note "
    "TEXT]\n"
    "                                  [--format text|json] [--db URL]\n"
    "       renofee replacement statement --contract ID [--date YYYY-MM-DD] [--format text|json] [--db "
    "URL]\n";

int replacement_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest = positional(
      args, {"--contract", "--date", "--measure", "--cost", "--note", "--format", "--db", "--tariffs"});
  const std::string format = flag_value(args, "--format", "text");
  if (rest.size() != 1 || (rest[0] != "record" && rest[0] != "statement") ||
      flag_value(args, "--contract").empty() || (format != "text" && format != "json")) {
    io.err << usage;
    return 2;
  }
  const std::string contract = flag_value(args, "--contract");
  const std::string date_text = flag_value(args, "--date");
  const calendar::Date today = calendar::local_date(now_utc());
  const Result<calendar::Date> day =
      date_text.empty() ? Result<calendar::Date>(today) : calendar::parse_date(date_text);
  if (!day) {
    io.err << "renofee replacement: --date: " << day.error() << '\n';
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "replacement");
  if (!book) return 1;
  Result<app::ReserveStatement> out = internal_error("no subcommand");
  if (rest[0] == "statement") {
    out = app::reserve_statement(*book->deps, *book->book, contract, *day);
  } else {
    const Result<Decimal> cost = Decimal::parse_plain(flag_value(args, "--cost"));
    if (!cost) {
      io.err << "renofee replacement: --cost: " << cost.error().message << '\n';
      return 2;
    }
    out = app::record_replacement(
        *book->deps, *book->book, contract,
        app::Replacement{*day, flag_value(args, "--measure"), Money(*cost), flag_value(args, "--note")},
        today, now_utc(), "cli");
  }
  if (!out) {
    io.err << "renofee replacement: " << describe(out.error()) << '\n';
    return out.error().code == ErrorCode::invalid_argument ? 2 : 1;
  }
  if (format == "json") {
    io::reserve_statement_json(*out)->stringify(io.out, 2);
    io.out << '\n';
  } else {
    io.out << io::reserve_statement_text(*out);
  }
  return 0;
}

const CommandRegistration registration{
    "replacement", "a worn-out measure replaced from the reserve, and the reserve's statement",
    replacement_command};

}  // namespace
}  // namespace renofee::cli
