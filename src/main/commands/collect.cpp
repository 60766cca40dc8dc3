// SEPA direct-debit collections (app/collections.hpp, docs/collections.md):
// `renofee creditor set --name N --iban I --creditor-id C [--bic B] [--db URL]`  the creditor collected for
// `renofee creditor show [--db URL]`
// `renofee mandate add --contract ID --mandate-id M --signed YYYY-MM-DD --name N --iban I [--occupant N] [--db URL]`
// (a mandate is signed by one occupant of the home, by default whoever lives there now: docs/occupants.md)
// `renofee mandate list [--db URL]`
// `renofee collect --date YYYY-MM-DD --out FILE [--db URL]`  the pain.008 file of the fees due that day
// `renofee collect --message-id ID --out FILE [--db URL]`     a stored file again, byte for byte
// `renofee bank import FILE [--db URL]`  a camt.053 statement: payments, returns and refunds to the ledger
// `renofee bank unmatched [--db URL]`    the transactions that wait for an operator
// `renofee bank assign --statement ID --entry E.D --contract C --note TEXT [--db URL]`  an operator's resolution
// Bad input (an IBAN whose check digits fail, an unknown contract, a mandate id in use) is refused naming the
// field, and nothing is stored. `collect` refuses an --out that exists, before anything is stored.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/sql_collection_book.hpp"
#include "renofee/adapters/io/camt053.hpp"
#include "renofee/adapters/io/pain008.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "renofee/app/bank_import.hpp"
#include "renofee/app/occupants.hpp"
#include "renofee/core/collections/iban.hpp"

namespace renofee::cli {
namespace {

constexpr const char* creditor_usage =
    "usage: renofee creditor set --name NAME --iban IBAN --creditor-id ID [--bic BIC] [--db URL]\n"
    "       renofee creditor show [--db URL]\n";
constexpr const char* mandate_usage =
    "usage: renofee mandate add --contract ID --mandate-id M --signed YYYY-MM-DD --name NAME --iban IBAN "
    "[--occupant N] [--db URL]\n"
    "       renofee mandate list [--db URL]\n";
constexpr const char* collect_usage =
    "usage: renofee collect --date YYYY-MM-DD --out FILE [--db URL]\n"
    "       renofee collect --message-id ID --out FILE [--db URL]\n"
    "  writes the pain.008.001.02 file of the fees due that day (once), or a stored file again\n";

// The stores on the database of --db, or nullptr after printing why.
struct Books {
  std::unique_ptr<ContractBook> contracts;
  std::unique_ptr<db::SqlCollectionBook> collections;
};
std::optional<Books> open_books(const std::vector<std::string>& args, std::ostream& err,
                                const std::string& name) {
  Books b;
  b.contracts = open_contract_book(args, err, name);
  if (!b.contracts) return std::nullopt;
  b.collections = std::make_unique<db::SqlCollectionBook>(*b.contracts->database, *b.contracts->book);
  return b;
}

int refused(std::ostream& err, const std::string& command, const Error& error) {
  err << "renofee " << command << ": " << describe(error) << '\n';
  return error.code == ErrorCode::invalid_argument || error.code == ErrorCode::already_exists ? 2 : 1;
}

int creditor_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest =
      positional(args, {"--name", "--iban", "--creditor-id", "--bic", "--db"});
  if (rest.size() != 1 || (rest[0] != "set" && rest[0] != "show")) {
    io.err << creditor_usage;
    return 2;
  }
  std::optional<Books> books = open_books(args, io.err, "creditor");
  if (!books) return 1;
  if (rest[0] == "show") {
    Result<std::optional<collections::Creditor>> c = books->collections->creditor();
    if (!c) return refused(io.err, "creditor", c.error());
    if (!*c) {
      io.out << "no creditor is set\n";
      return 0;
    }
    io.out << (*c)->name << "\nIBAN " << collections::iban_in_groups((*c)->iban) << "\ncreditor id "
           << (*c)->creditor_id << "\nBIC " << (*c)->bic.value_or("(not given)") << '\n';
    return 0;
  }
  collections::Creditor c{flag_value(args, "--name"), flag_value(args, "--iban"),
                          flag_value(args, "--creditor-id"), std::nullopt};
  if (has_flag(args, "--bic")) c.bic = flag_value(args, "--bic");
  Result<collections::Creditor> checked = collections::check_creditor(c);
  if (!checked) return refused(io.err, "creditor", checked.error());
  Result<void> stored = books->collections->set_creditor(*checked, now_utc(), "cli");
  if (!stored) return refused(io.err, "creditor", stored.error());
  io.out << "creditor " << checked->name << " (" << checked->creditor_id << ") set\n";
  return 0;
}

int mandate_add(const std::vector<std::string>& args, Streams& io, Books& books) {
  Result<calendar::Date> signed_on = calendar::parse_date(flag_value(args, "--signed"));
  if (!signed_on) return refused(io.err, "mandate", signed_on.error().at("/signed"));
  collections::Mandate m{flag_value(args, "--contract"), flag_value(args, "--mandate-id"), *signed_on,
                         flag_value(args, "--name"),     flag_value(args, "--iban"),       1};
  // The occupant who signs (docs/occupants.md): --occupant N, or whoever lives in the home now.
  Result<std::vector<finance::OccupantPeriod>> occupants =
      app::contract_occupants(books.contracts->deps->contracts, m.contract_id);
  if (!occupants) return refused(io.err, "mandate", occupants.error());
  m.occupant = occupants->back().occupant;
  if (const std::string n = flag_value(args, "--occupant"); !n.empty()) m.occupant = std::atoi(n.c_str());
  if (m.occupant < 1 || m.occupant > occupants->back().occupant || occupants->back().end)
    return refused(
        io.err, "mandate",
        invalid_argument("not an occupant who lives or lived in the home of " + m.contract_id + " (1.." +
                             std::to_string(occupants->back().occupant) + "), or the contract ended",
                         "/occupant"));
  Result<collections::Mandate> checked = collections::check_mandate(m);
  if (!checked) return refused(io.err, "mandate", checked.error());
  Result<std::vector<app::ContractVersion>> versions =
      books.contracts->deps->contracts.versions(m.contract_id);
  if (!versions) return refused(io.err, "mandate", versions.error());
  Result<void> stored = books.collections->add_mandate(*checked, now_utc(), "cli");
  if (!stored) return refused(io.err, "mandate", stored.error());
  io.out << "mandate " << checked->mandate_id << " of contract " << checked->contract_id << " stored (IBAN "
         << collections::iban_in_groups(checked->debtor_iban) << ")\n";
  return 0;
}

int mandate_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest =
      positional(args, {"--contract", "--mandate-id", "--signed", "--name", "--iban", "--db", "--occupant"});
  if (rest.size() != 1 || (rest[0] != "add" && rest[0] != "list")) {
    io.err << mandate_usage;
    return 2;
  }
  std::optional<Books> books = open_books(args, io.err, "mandate");
  if (!books) return 1;
  if (rest[0] == "add") return mandate_add(args, io, *books);
  Result<std::vector<collections::Mandate>> all = books->collections->mandates();
  if (!all) return refused(io.err, "mandate", all.error());
  io.out << "contract\tmandate\tsigned\tdebtor\tIBAN\n";
  for (const collections::Mandate& m : *all) {
    io.out << m.contract_id << '\t' << m.mandate_id << '\t' << calendar::to_string(m.signed_on) << '\t'
           << m.debtor_name << '\t' << collections::iban_in_groups(m.debtor_iban) << '\n';
  }
  return 0;
}

// Writes `bytes` to `path` through a temporary file in the same directory, so a reader never sees half a file.
bool write_whole(const std::string& path, const std::string& bytes, std::ostream& err) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out.flush()) {
      err << "renofee collect: cannot write " << temporary << '\n';
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec)
    err << "renofee collect: cannot rename " << temporary << " to " << path << ": " << ec.message() << '\n';
  return !ec;
}

int collect_command(const std::vector<std::string>& args, Streams& io) {
  const std::string out = flag_value(args, "--out");
  const bool reexport = has_flag(args, "--message-id");
  if (out.empty() || reexport == has_flag(args, "--date") ||
      !positional(args, {"--date", "--message-id", "--out", "--db"}).empty()) {
    io.err << collect_usage;
    return 2;
  }
  if (std::filesystem::exists(out)) {
    io.err << "renofee collect: " << out << " exists; name a new file with --out\n";
    return 2;
  }
  std::optional<Books> books = open_books(args, io.err, "collect");
  if (!books) return 1;
  if (reexport) {
    Result<std::optional<app::CollectionFile>> file =
        books->collections->collection_file(flag_value(args, "--message-id"));
    if (!file) return refused(io.err, "collect", file.error());
    if (!*file)
      return refused(io.err, "collect",
                     not_found("no collection file " + flag_value(args, "--message-id"), "/message_id"));
    if (!write_whole(out, (*file)->xml, io.err)) return 1;
    io.out << (*file)->message_id << " written again to " << out << " (sha256 " << (*file)->sha256 << ")\n";
    return 0;
  }
  Result<calendar::Date> day = calendar::parse_date(flag_value(args, "--date"));
  if (!day) return refused(io.err, "collect", day.error().at("/date"));
  app::CollectDeps deps{*books->contracts->deps, *books->collections,
                        [](const collections::CollectionRun& run) { return io::pain008_xml(run); }};
  Result<app::CollectOutcome> outcome = app::collect(deps, *day, now_utc(), "cli");
  if (!outcome) return refused(io.err, "collect", outcome.error());
  for (const std::string& line : outcome->already)
    io.out << "already collected: " << line << '\n';
  if (!outcome->file) {
    io.out << "nothing to collect on " << calendar::to_string(*day) << "; no file written\n";
    return 0;
  }
  if (!write_whole(out, outcome->file->xml, io.err)) {
    io.err << "the run is stored: renofee collect --message-id " << outcome->file->message_id
           << " --out FILE\n";
    return 1;
  }
  io.out << outcome->file->message_id << ": " << outcome->file->transactions << " debits, EUR "
         << outcome->file->control_sum.value().to_string() << ", written to " << out << " (sha256 "
         << outcome->file->sha256 << ")\n";
  for (const app::CollectionRecord& r : outcome->records) {
    io.out << "  " << r.contract_id << " month " << r.month << ' ' << collections::to_code(r.sequence)
           << " EUR " << r.amount.value().to_string() << ' ' << r.end_to_end_id << '\n';
  }
  return 0;
}

constexpr const char* bank_usage =
    "usage: renofee bank import FILE [--db URL]   a camt.053 statement of the creditor's account\n"
    "       renofee bank unmatched [--db URL]     the transactions waiting for an operator\n"
    "       renofee bank assign --statement ID --entry E.D --contract ID --note TEXT [--db URL]\n"
    "                                             a waiting transaction is that contract's payment (or "
    "return)\n";

// The bytes of a statement file, at most 64 MiB.
std::optional<std::string> read_statement_file(const std::string& path, std::ostream& err) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > (64u << 20)) {
    err << "renofee bank: " << path << (ec ? ": " + ec.message() : std::string(": larger than 64 MiB"))
        << '\n';
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in) {
    err << "renofee bank: cannot read " << path << '\n';
    return std::nullopt;
  }
  return bytes;
}

void print_record(std::ostream& out, const app::BankRecord& r) {
  const collections::BankTransaction& t = r.match.transaction;
  out << r.statement_id << '\t' << t.entry << '.' << t.detail << '\t' << calendar::to_string(t.booking_date)
      << '\t' << (t.direction == collections::Direction::credit ? "CRDT" : "DBIT") << '\t'
      << t.amount.value().to_string() << '\t' << collections::to_string(r.match.kind) << '\t'
      << (r.match.contract_id.empty() ? "-" : r.match.contract_id) << '\t' << r.match.why << '\n';
}

// "E.D" as entry and detail numbers (each 0..999999), or nullopt.
std::optional<std::pair<int, int>> entry_and_detail(const std::string& text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size() || text.size() > 13) return std::nullopt;
  int entry = 0, detail = 0;
  const char* mid = text.data() + dot;
  const char* end = text.data() + text.size();
  if (std::from_chars(text.data(), mid, entry).ptr != mid || std::from_chars(mid + 1, end, detail).ptr != end)
    return std::nullopt;
  return std::pair{entry, detail};
}

int bank_assign(const std::vector<std::string>& args, Streams& io) {
  const std::optional<std::pair<int, int>> where = entry_and_detail(flag_value(args, "--entry"));
  if (!where)
    return refused(io.err, "bank",
                   invalid_argument("--entry is ENTRY.DETAIL as bank unmatched lists it", "/entry"));
  std::optional<Books> books = open_books(args, io.err, "bank");
  if (!books) return 1;
  app::CollectDeps deps{*books->contracts->deps, *books->collections, {}};
  Result<app::NewEntry> posted =
      app::assign_transaction(deps, flag_value(args, "--statement"), where->first, where->second,
                              flag_value(args, "--contract"), flag_value(args, "--note"), now_utc(), "cli");
  if (!posted) return refused(io.err, "bank", posted.error());
  io.out << "posted to " << flag_value(args, "--contract") << ": " << app::to_string(posted->kind) << ' '
         << posted->amount.to_string() << " on " << calendar::to_string(posted->value_date) << " ("
         << posted->posting_key << ")\n";
  return 0;
}

int bank_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest =
      positional(args, {"--db", "--statement", "--entry", "--contract", "--note"});
  if (rest.size() == 1 && rest[0] == "assign") return bank_assign(args, io);
  const bool import = rest.size() == 2 && rest[0] == "import";
  if (!import && !(rest.size() == 1 && rest[0] == "unmatched")) {
    io.err << bank_usage;
    return 2;
  }
  std::optional<std::string> bytes;
  if (import && !(bytes = read_statement_file(rest[1], io.err))) return 2;
  Result<std::vector<collections::BankStatement>> statements =
      import ? io::read_camt053(*bytes)
             : Result<std::vector<collections::BankStatement>>(std::vector<collections::BankStatement>{});
  if (!statements) return refused(io.err, "bank", statements.error());
  std::optional<Books> books = open_books(args, io.err, "bank");
  if (!books) return 1;
  if (!import) {
    Result<std::vector<app::BankRecord>> waiting = books->collections->unmatched();
    if (!waiting) return refused(io.err, "bank", waiting.error());
    io.out << "statement\tentry\tbooked\tdirection\tamount\tkind\tcontract\twhy\n";
    for (const app::BankRecord& r : *waiting)
      print_record(io.out, r);
    return 0;
  }
  app::CollectDeps deps{*books->contracts->deps, *books->collections, {}};
  Result<app::ImportOutcome> outcome =
      app::import_statements(deps, *statements, io::sha256_hex(*bytes), now_utc(), "cli");
  if (!outcome) return refused(io.err, "bank", outcome.error());
  for (const std::string& id : outcome->already)
    io.out << "already imported: statement " << id << " (nothing changed)\n";
  for (const std::string& id : outcome->imported)
    io.out << "imported: statement " << id << '\n';
  for (const app::BankRecord& r : outcome->records)
    print_record(io.out, r);
  return 0;
}

const CommandRegistration bank_registration{"bank", "camt.053 bank statements: payments, returns, refunds",
                                            bank_command};
const CommandRegistration creditor_registration{"creditor", "the SEPA creditor fees are collected for",
                                                creditor_command};
const CommandRegistration mandate_registration{"mandate", "SEPA direct-debit mandates of contracts",
                                               mandate_command};
const CommandRegistration collect_registration{"collect", "the pain.008 direct-debit file of a day's fees",
                                               collect_command};

}  // namespace
}  // namespace renofee::cli
