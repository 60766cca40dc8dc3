// `renofee payoff --contract ID [--date YYYY-MM-DD] [--format text|json]`: what the resident pays to repay the
// financing early on that day (default today): the outstanding principal, the interest accrued since the last
// instalment and the compensation the contract's terms allow (app/payoff.hpp, core/finance/payoff.hpp). A quote
// writes nothing. `--post` enters the payoff in the ledger (the resident repaid on that day): the financing is
// closed, and later monthly fees are the service fee only (or none, by the terms).
#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "renofee/adapters/io/payoff_output.hpp"
#include "renofee/app/payoff.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee payoff --contract ID [--date YYYY-MM-DD] [--format text|json] [--post] [--db URL]\n"
    "  the early-repayment quote of a contract's financing on that day (default today)\n";

int payoff_command(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  const std::string format = flag_value(args, "--format", "text");
  if (contract.empty() || !positional(args, {"--contract", "--date", "--format", "--db"}).empty() ||
      (format != "text" && format != "json")) {
    io.err << usage;
    return 2;
  }
  const std::string date_text = flag_value(args, "--date");
  const Result<calendar::Date> date = date_text.empty()
                                          ? Result<calendar::Date>(calendar::local_date(now_utc()))
                                          : calendar::parse_date(date_text);
  if (!date) {
    io.err << "renofee payoff: --date: " << date.error() << '\n';
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "payoff");
  if (!book) return 1;
  if (has_flag(args, "--post")) {
    Result<app::PostedPayoff> posted = app::post_payoff(book->deps->contracts, book->deps->ledger, contract,
                                                        *date, calendar::local_date(now_utc()), now_utc());
    if (!posted) {
      io.err << "renofee payoff: " << posted.error() << '\n';
      return posted.error().code == ErrorCode::invalid_argument ? 2 : 1;
    }
    io.out << io::payoff_text(contract, posted->payoff) << "posted to the ledger: entry "
           << posted->entry.sequence << ", payoff " << posted->entry.entry.amount.to_string()
           << "; the financing is closed\n";
    return 0;
  }
  Result<app::PayoffOutcome> outcome = app::contract_payoff(book->deps->contracts, contract, *date);
  if (!outcome) {
    io.err << "renofee payoff: " << outcome.error() << '\n';
    return 1;
  }
  if (format == "json") {
    io::payoff_json(contract, *outcome)->stringify(io.out, 2);
    io.out << '\n';
  } else {
    io.out << io::payoff_text(contract, *outcome);
  }
  return 0;
}

const CommandRegistration registration{"payoff", "an early-repayment quote of a contract's financing",
                                       payoff_command};

}  // namespace
}  // namespace renofee::cli
