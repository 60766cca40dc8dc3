// Arrears (app/arrears.hpp, docs/collections.md "Arrears from the ledger"):
// `renofee arrears list [--date D] [--min-days N] [--format text|json|csv] [--db URL]`  what is overdue per
//     contract on D (default today), most days past due first
// `renofee arrears letter --contract ID --date S [--received R] [--out FILE] [--add-vat] [--db URL]`  records
//     the 14-day letter sent on S (received on R, default S) and writes its Dutch text
// `renofee arrears costs --contract ID --date D [--add-vat] [--db URL]`  charges the statutory collection costs
//     of the last letter, once, when its 14 days have passed and something of it is still unpaid
// --add-vat: the creditor cannot deduct VAT, so 21 % VAT is added to the costs (default: it can).
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/sql_collection_book.hpp"
#include "renofee/adapters/http/arrears_letter.hpp"
#include "renofee/adapters/io/arrears_output.hpp"
#include "renofee/app/arrears.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee arrears list [--date YYYY-MM-DD] [--min-days N] [--format text|json|csv] [--db URL]\n"
    "       renofee arrears letter --contract ID --date YYYY-MM-DD [--received YYYY-MM-DD] [--out FILE]\n"
    "                              [--occupant N] [--add-vat] [--db URL]\n"
    "       renofee arrears costs --contract ID --date YYYY-MM-DD [--occupant N] [--add-vat] [--db URL]\n";

int arrears_refused(std::ostream& err, const Error& error) {
  err << "renofee arrears: " << describe(error) << '\n';
  return error.code == ErrorCode::invalid_argument ? 2 : 1;
}

// --date, or today when `optional` and it is absent.
Result<calendar::Date> date_flag(const std::vector<std::string>& args, std::string_view flag, bool optional) {
  const std::string text = flag_value(args, flag);
  if (text.empty() && optional) return calendar::local_date(now_utc());
  Result<calendar::Date> day = calendar::parse_date(text);
  if (!day) return day.error().at("/" + std::string(flag.substr(2)));
  return day;
}

int list_arrears(const std::vector<std::string>& args, Streams& io, ContractBook& book) {
  const std::string format = flag_value(args, "--format", "text");
  const std::string min_text = flag_value(args, "--min-days", "1");
  int min_days = 0;
  const auto [end, ec] = std::from_chars(min_text.data(), min_text.data() + min_text.size(), min_days);
  if (ec != std::errc() || end != min_text.data() + min_text.size() || min_days < 1 || min_days > 36600)
    return arrears_refused(io.err,
                           invalid_argument("--min-days is a whole number of days from 1", "/min_days"));
  if (format != "text" && format != "json" && format != "csv")
    return arrears_refused(io.err, invalid_argument("--format is text, json or csv", "/format"));
  Result<calendar::Date> day = date_flag(args, "--date", true);
  if (!day) return arrears_refused(io.err, day.error());
  Result<std::vector<std::string>> ids = app::contract_ids(book.deps->contracts, std::nullopt);
  if (!ids) return arrears_refused(io.err, ids.error());
  Result<std::vector<app::ArrearsLine>> lines = app::arrears_list(book.deps->ledger, *ids, *day, min_days);
  if (!lines) return arrears_refused(io.err, lines.error());
  if (format == "json") {
    io::arrears_list_json(*day, *lines)->stringify(io.out, 2);
    io.out << '\n';
  } else {
    io.out << (format == "csv" ? io::arrears_list_csv(*day, *lines) : io::arrears_list_text(*day, *lines));
  }
  return 0;
}

// The name on the mandate of the contract's `occupant` (0: its last mandate), or "".
std::string debtor_name(ContractBook& book, const std::string& contract, int occupant) {
  db::SqlCollectionBook collections(*book.database, *book.book);
  Result<std::vector<collections::Mandate>> mandates = collections.mandates();
  if (!mandates) return {};
  std::string name;
  for (const collections::Mandate& m : *mandates) {
    if (m.contract_id == contract && (occupant == 0 || m.occupant == occupant)) name = m.debtor_name;
  }
  return name;
}

// --occupant N (docs/occupants.md): whose arrears; 0 (absent) is the contract's last occupant in its ledger.
int occupant_flag(const std::vector<std::string>& args) {
  const std::string text = flag_value(args, "--occupant");
  return text.empty() ? 0 : std::max(1, std::atoi(text.c_str()));
}

int send_letter(const std::vector<std::string>& args, Streams& io, ContractBook& book,
                const std::string& contract) {
  const std::string out = flag_value(args, "--out");
  if (!out.empty() && std::filesystem::exists(out))
    return arrears_refused(io.err, invalid_argument(out + " exists; name a new file", "/out"));
  Result<calendar::Date> sent = date_flag(args, "--date", false);
  if (!sent) return arrears_refused(io.err, sent.error());
  Result<calendar::Date> received =
      has_flag(args, "--received") ? date_flag(args, "--received", false) : Result<calendar::Date>(*sent);
  if (!received) return arrears_refused(io.err, received.error());
  Result<std::vector<app::ContractVersion>> versions = book.deps->contracts.versions(contract);
  if (!versions) return arrears_refused(io.err, versions.error());
  Result<app::SentLetter> sent_letter =
      app::send_arrears_letter(book.deps->ledger, contract, *sent, *received, !has_flag(args, "--add-vat"),
                               now_utc(), occupant_flag(args));
  if (!sent_letter) return arrears_refused(io.err, sent_letter.error());
  const app::ArrearsLetter* letter = &sent_letter->letter;
  const std::string text = http::arrears_letter_text(
      contract, debtor_name(book, contract, occupant_flag(args)), *letter, sent_letter->on_sent);
  io.out << "letter " << letter->number << " of " << contract
         << " recorded: " << app::letter_reference(*letter) << '\n';
  if (out.empty()) {
    io.out << '\n' << text;
    return 0;
  }
  std::ofstream file(out, std::ios::binary);
  file << text;
  if (!file.flush()) {
    io.err << "renofee arrears: cannot write " << out << " (the letter is recorded)\n";
    return 1;
  }
  io.out << "written to " << out << '\n';
  return 0;
}

int charge_costs(const std::vector<std::string>& args, Streams& io, ContractBook& book,
                 const std::string& contract) {
  Result<calendar::Date> on = date_flag(args, "--date", false);
  if (!on) return arrears_refused(io.err, on.error());
  Result<std::vector<app::ContractVersion>> versions = book.deps->contracts.versions(contract);
  if (!versions) return arrears_refused(io.err, versions.error());
  Result<app::CostsOutcome> outcome = app::charge_collection_costs(
      book.deps->ledger, contract, *on, !has_flag(args, "--add-vat"), now_utc(), occupant_flag(args));
  if (!outcome) return arrears_refused(io.err, outcome.error());
  const app::ArrearsLetter& l = outcome->letter;
  if (!outcome->costs) {
    io.out << "letter " << l.number << " of " << contract << ": paid in time, no collection costs\n";
    return 0;
  }
  const collections::CollectionCosts& c = *outcome->costs;
  io.out << "letter " << l.number << " of " << contract << ": unpaid " << outcome->unpaid.to_string()
         << " of principal " << l.principal.to_string() << "; costs " << c.costs.to_string() << " + VAT "
         << c.vat.to_string() << " = " << c.total.to_string()
         << (outcome->already_charged ? " (charged before; nothing posted)\n" : " posted to the ledger\n");
  return 0;
}

int arrears_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest = positional(
      args, {"--date", "--min-days", "--format", "--contract", "--received", "--out", "--db", "--occupant"});
  const std::string contract = flag_value(args, "--contract");
  const bool list = rest.size() == 1 && rest[0] == "list";
  if (rest.size() != 1 || (!list && rest[0] != "letter" && rest[0] != "costs") ||
      (!list && contract.empty())) {
    io.err << usage;
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "arrears");
  if (!book) return 1;
  if (list) return list_arrears(args, io, *book);
  return rest[0] == "letter" ? send_letter(args, io, *book, contract)
                             : charge_costs(args, io, *book, contract);
}

const CommandRegistration registration{"arrears", "overdue fees, the 14-day letter and collection costs",
                                       arrears_command};

}  // namespace
}  // namespace renofee::cli
