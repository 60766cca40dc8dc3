// `renofee statement --contract ID --year N [--format text|json]`: the yearly statement of a contract (fees
// charged, compensation, net, opening and closing balance; app/ledger.hpp) from the ledger as it is: it writes
// nothing; `renofee post-fees --contract ID [--through YYYY-MM-DD]` posts the monthly fees due on or before
// that day (default today) that are not yet in the ledger, idempotently (app::post_due_fees);
// `renofee ledger verify [--contract ID]` checks every hash chain and exits 1 naming the first bad entry;
// `renofee ledger list --contract ID` prints a contract's entries.
#include <ostream>

#include <cstdlib>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "renofee/adapters/io/reconciliation_output.hpp"
#include "renofee/app/occupants.hpp"

namespace renofee::cli {
namespace {

constexpr const char* statement_usage =
    "usage: renofee statement --contract ID --year N [--occupant N] [--format text|json] [--today "
    "YYYY-MM-DD] "
    "[--db URL]\n";
constexpr const char* post_fees_usage =
    "usage: renofee post-fees --contract ID [--through YYYY-MM-DD] [--today YYYY-MM-DD] [--db URL] "
    "[--tariffs "
    "DIR]\n"
    "  posts the monthly fees due on or before --through (default today) that are not yet posted\n";
constexpr const char* ledger_usage =
    "usage: renofee ledger verify [--contract ID] [--db URL]\n"
    "       renofee ledger list --contract ID [--db URL]\n";

const std::vector<std::string_view> value_flags = {"--contract", "--year",    "--format",  "--today",
                                                   "--db",       "--tariffs", "--through", "--occupant"};

std::string eur(const Money& amount) {
  return io::cents_text(amount);
}

int statement_command(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  const std::string format = flag_value(args, "--format", "text");
  if (contract.empty() || !positional(args, value_flags).empty() || (format != "text" && format != "json")) {
    io.err << statement_usage;
    return 2;
  }
  const std::optional<int> year = year_from(args, io.err, "statement");
  const std::optional<calendar::Date> today = today_from(args, io.err, "statement");
  if (!year || !today) return 2;
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "statement");
  if (!book) return 1;
  // --occupant N: that occupant's entries and part of the year (app/occupants.hpp), as their key reads it.
  const std::string occupant = flag_value(args, "--occupant");
  Result<app::StatementOutcome> outcome =
      occupant.empty()
          ? app::yearly_statement(*book->deps, contract, *year, *today)
          : app::occupant_statement(*book->deps, contract, std::atoi(occupant.c_str()), *year, *today);
  if (!outcome) {
    io.err << "renofee statement: " << outcome.error() << '\n';
    return 1;
  }
  const app::Statement& statement = outcome->statement;
  if (format == "json") {
    io::statement_json(*year, *outcome)->stringify(io.out, 2);
    io.out << '\n';
    return 0;
  }
  io.out << "Statement of contract " << statement.contract_id << ", year " << *year << " "
         << calendar::to_string(statement.period) << (outcome->year_complete ? "" : " (year in progress)")
         << '\n';
  io.out << "  opening balance   " << eur(statement.opening_balance) << " EUR\n";
  io.out << "  fees charged      " << eur(statement.fees) << " EUR\n";
  io.out << "  compensation      " << eur(statement.compensation) << " EUR\n";
  if (!statement.excess_share.is_zero())
    io.out << "  excess sharing    " << eur(statement.excess_share) << " EUR\n";
  if (!statement.reversals.is_zero())
    io.out << "  reversals         " << eur(statement.reversals) << " EUR\n";
  if (!statement.payments.is_zero()) {
    io.out << "  payments received " << eur(statement.payments) << " EUR\n";
    io.out << "    collected       " << eur(statement.collected) << " EUR (direct debit)\n";
    io.out << "    paid otherwise  " << eur(statement.paid_otherwise) << " EUR\n";
  }
  if (!statement.returned.is_zero()) io.out << "  debits returned   " << eur(statement.returned) << " EUR\n";
  if (!statement.collection_costs.is_zero())
    io.out << "  collection costs  " << eur(statement.collection_costs) << " EUR\n";
  if (!statement.payoff.is_zero()) io.out << "  early repayment   " << eur(statement.payoff) << " EUR\n";
  if (!statement.handover.is_zero()) io.out << "  occupant handover " << eur(statement.handover) << " EUR\n";
  io.out << "  net               " << eur(statement.net) << " EUR\n";
  io.out << "  closing balance   " << eur(statement.closing_balance) << " EUR\n";
  if (outcome->reports.empty()) {
    io.out << "  reconciliation    not yet run\n";
  } else {
    const app::StoredReport& report = outcome->reports.back();
    io.out << "  reconciliation    version " << report.version << ", compensation "
           << eur(report.compensation) << " EUR, report sha256 " << report.sha256 << '\n';
  }
  io.out << "  ledger head       " << statement.head.entries << " entries, " << statement.head.hash << '\n';
  return 0;
}

int post_fees_command(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  if (contract.empty() || !positional(args, value_flags).empty()) {
    io.err << post_fees_usage;
    return 2;
  }
  const std::optional<calendar::Date> today = today_from(args, io.err, "post-fees");
  if (!today) return 2;
  calendar::Date through = *today;
  if (const std::string text = flag_value(args, "--through"); !text.empty()) {
    Result<calendar::Date> day = calendar::parse_date(text);
    if (!day) {
      io.err << "renofee post-fees: --through: " << day.error() << '\n';
      return 2;
    }
    if (Result<void> checked = app::check_fee_posting_day(*day, *today); !checked) {
      io.err << "renofee post-fees: --" << checked.error().message << '\n';
      return 2;
    }
    through = *day;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "post-fees");
  if (!book) return 1;
  Result<app::AppendOutcome> posted = app::post_due_fees(*book->deps, contract, through, now_utc());
  if (!posted) {
    io.err << "renofee post-fees: " << posted.error() << '\n';
    return 1;
  }
  for (const app::LedgerEntry& e : posted->appended) {
    io.out << "posted ledger entry " << e.sequence << ": " << app::to_string(e.entry.kind) << ' '
           << eur(e.entry.amount) << " EUR due " << calendar::to_string(e.entry.value_date) << " ("
           << e.entry.reference << ")\n";
  }
  io.out << "contract " << contract << ": " << posted->appended.size() << " fee(s) posted through "
         << calendar::to_string(through) << ", " << posted->skipped << " already posted\n";
  return 0;
}

int ledger_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> words = positional(args, value_flags);
  const std::string contract = flag_value(args, "--contract");
  if (words.size() != 1 || (words[0] != "verify" && words[0] != "list") ||
      (words[0] == "list" && contract.empty())) {
    io.err << ledger_usage;
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "ledger");
  if (!book) return 1;
  if (words[0] == "list") {
    Result<std::vector<app::LedgerEntry>> entries = book->book->entries(contract);
    if (!entries) {
      io.err << "renofee ledger: " << entries.error() << '\n';
      return 1;
    }
    for (const app::LedgerEntry& entry : *entries) {
      io.out << entry.sequence << '\t' << calendar::to_string(entry.entry.value_date) << '\t'
             << app::to_string(entry.entry.kind) << '\t' << eur(entry.entry.amount) << '\t'
             << entry.entry.reference << '\t' << entry.hash << '\n';
    }
    return 0;
  }
  Result<std::vector<app::ChainCheck>> checks = app::verify_ledger(*book->book, book->deps->sha256);
  if (!checks) {
    io.err << "renofee ledger verify: " << checks.error() << '\n';
    return 1;
  }
  int broken = 0, seen = 0;
  for (const app::ChainCheck& check : *checks) {
    if (!contract.empty() && check.contract_id != contract) continue;
    ++seen;
    if (check.problem) {
      ++broken;
      io.out << "BROKEN " << check.contract_id << ": " << *check.problem << '\n';
    } else {
      io.out << "ok " << check.contract_id << ": " << check.entries << " entries, head " << check.head_hash
             << '\n';
    }
  }
  if (!contract.empty() && seen == 0) {
    io.err << "renofee ledger verify: contract " << contract << " has no ledger entries\n";
    return 1;
  }
  io.out << (broken == 0 ? "ledger intact: " : "ledger BROKEN: ") << seen << " contract(s) checked, "
         << broken << " broken\n";
  return broken == 0 ? 0 : 1;
}

const CommandRegistration statement_registration{
    "statement", "yearly statement of a contract: fees, compensation, balances", statement_command};
const CommandRegistration post_fees_registration{
    "post-fees", "post the monthly fees due through a day to the ledger (idempotent)", post_fees_command};
const CommandRegistration ledger_registration{
    "ledger", "verify the hash-chained ledger, or list a contract's", ledger_command};

}  // namespace
}  // namespace renofee::cli
