// `renofee statement --contract ID --year N [--format text|json]`: the yearly statement of a contract (fees
// charged, compensation, net, opening and closing balance; app/ledger.hpp), after posting the fees due;
// `renofee ledger verify [--contract ID]` checks every hash chain and exits 1 naming the first bad entry;
// `renofee ledger list --contract ID` prints a contract's entries.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"

namespace renofee::cli {
namespace {

using Poco::JSON::Object;

constexpr const char* statement_usage =
    "usage: renofee statement --contract ID --year N [--format text|json] [--today YYYY-MM-DD] [--db URL]\n";
constexpr const char* ledger_usage =
    "usage: renofee ledger verify [--contract ID] [--db URL]\n"
    "       renofee ledger list --contract ID [--db URL]\n";

const std::vector<std::string_view> value_flags = {"--contract", "--year", "--format",
                                                   "--today",    "--db",   "--tariffs"};

std::string eur(const Money& m) {
  return m.value().round(2, Rounding::half_even).to_string();
}

Object::Ptr entry_json(const app::LedgerEntry& e) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("sequence", e.sequence);
  o->set("kind", std::string(app::to_string(e.entry.kind)));
  o->set("value_date", calendar::to_string(e.entry.value_date));
  o->set("amount_eur", eur(e.entry.amount));
  o->set("reference", e.entry.reference);
  o->set("hash", e.hash);
  return o;
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
  Result<app::StatementOutcome> outcome =
      app::yearly_statement(*book->deps, contract, *year, *today, now_utc());
  if (!outcome) {
    io.err << "renofee statement: " << outcome.error() << '\n';
    return 1;
  }
  const app::Statement& s = outcome->statement;
  if (format == "json") {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("contract_id", s.contract_id);
    o->set("year", *year);
    o->set("begin", calendar::to_string(s.period.begin));
    o->set("end", calendar::to_string(s.period.end));
    o->set("year_complete", outcome->year_complete);
    o->set("opening_balance_eur", eur(s.opening_balance));
    o->set("fees_eur", eur(s.fees));
    o->set("compensation_eur", eur(s.compensation));
    o->set("excess_share_eur", eur(s.excess_share));
    o->set("reversals_eur", eur(s.reversals));
    o->set("net_eur", eur(s.net));
    o->set("closing_balance_eur", eur(s.closing_balance));
    Poco::JSON::Array::Ptr reports = new Poco::JSON::Array;
    for (const app::StoredReport& r : outcome->reports) {
      Object::Ptr ro = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      ro->set("version", r.version);
      ro->set("sha256", r.sha256);
      ro->set("compensation_eur", eur(r.compensation));
      ro->set("excess_charge_eur", eur(r.excess_charge));
      reports->add(ro);
    }
    o->set("reconciliations", reports);
    Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
    for (const app::LedgerEntry& e : s.entries)
      entries->add(entry_json(e));
    o->set("entries", entries);
    o->set("ledger_entries_total", s.head.entries);
    o->set("ledger_head_hash", s.head.hash);
    o->stringify(io.out, 2);
    io.out << '\n';
    return 0;
  }
  io.out << "Statement of contract " << s.contract_id << ", year " << *year << " "
         << calendar::to_string(s.period) << (outcome->year_complete ? "" : " (year in progress)") << '\n';
  io.out << "  opening balance   " << eur(s.opening_balance) << " EUR\n";
  io.out << "  fees charged      " << eur(s.fees) << " EUR\n";
  io.out << "  compensation      " << eur(s.compensation) << " EUR\n";
  if (!s.excess_share.is_zero()) io.out << "  excess sharing    " << eur(s.excess_share) << " EUR\n";
  if (!s.reversals.is_zero()) io.out << "  reversals         " << eur(s.reversals) << " EUR\n";
  io.out << "  net               " << eur(s.net) << " EUR\n";
  io.out << "  closing balance   " << eur(s.closing_balance) << " EUR\n";
  if (outcome->reports.empty()) {
    io.out << "  reconciliation    not yet run\n";
  } else {
    const app::StoredReport& r = outcome->reports.back();
    io.out << "  reconciliation    version " << r.version << ", compensation " << eur(r.compensation)
           << " EUR, report sha256 " << r.sha256 << '\n';
  }
  io.out << "  ledger head       " << s.head.entries << " entries, " << s.head.hash << '\n';
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
    for (const app::LedgerEntry& e : *entries) {
      io.out << e.sequence << '\t' << calendar::to_string(e.entry.value_date) << '\t'
             << app::to_string(e.entry.kind) << '\t' << eur(e.entry.amount) << '\t' << e.entry.reference
             << '\t' << e.hash << '\n';
    }
    return 0;
  }
  Result<std::vector<app::ChainCheck>> checks = app::verify_ledger(*book->book, book->deps->sha256);
  if (!checks) {
    io.err << "renofee ledger verify: " << checks.error() << '\n';
    return 1;
  }
  int broken = 0, seen = 0;
  for (const app::ChainCheck& c : *checks) {
    if (!contract.empty() && c.contract_id != contract) continue;
    ++seen;
    if (c.problem) {
      ++broken;
      io.out << "BROKEN " << c.contract_id << ": " << *c.problem << '\n';
    } else {
      io.out << "ok " << c.contract_id << ": " << c.entries << " entries, head " << c.head_hash << '\n';
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
const CommandRegistration ledger_registration{
    "ledger", "verify the hash-chained ledger, or list a contract's", ledger_command};

}  // namespace
}  // namespace renofee::cli
