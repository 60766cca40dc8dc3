// `renofee reconcile --contract ID --year N [--dry-run] [--correct REASON]` runs the annual reconciliation of
// a contract's guarantees (app/reconcile.hpp) and stores the report and its ledger postings; `renofee report
// --contract ID --year N [--version V] --format json|csv` prints a stored report: JSON exactly as stored (the
// bytes its SHA-256 covers), CSV one row per figure. Both take --db URL, --tariffs DIR, --today YYYY-MM-DD.
#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "renofee/adapters/io/reconciliation_output.hpp"

namespace renofee::cli {
namespace {

constexpr const char* reconcile_usage =
    "usage: renofee reconcile --contract ID --year N [--dry-run] [--correct REASON] [--format text|json]\n"
    "                         [--today YYYY-MM-DD] [--db URL] [--tariffs DIR]\n"
    "  N is the contract-year number (1, 2, ...) or, for contracts settled per calendar year, the year "
    "(2027).\n";
constexpr const char* report_usage =
    "usage: renofee report --contract ID --year N [--version V] [--format json|csv] [--db URL]\n";

const std::vector<std::string_view> value_flags = {"--contract", "--year", "--correct", "--format",
                                                   "--today",    "--db",   "--tariffs", "--version"};

std::string status_line(const guarantee::GuaranteeResult& result) {
  return "  guarantee " + std::to_string(result.index) + " " +
         std::string(guarantee::to_string(result.kind)) + ": " +
         std::string(guarantee::to_string(result.status)) + ", payable " +
         result.payable.value().to_string() + " EUR" +
         (result.estimated ? " (rests on estimated readings)" : "") + "\n    " + result.rule + "\n";
}

int reconcile_command(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  const std::string format = flag_value(args, "--format", "text");
  if (contract.empty() || !positional(args, value_flags).empty() || (format != "text" && format != "json")) {
    io.err << reconcile_usage;
    return 2;
  }
  const std::optional<int> year = year_from(args, io.err, "reconcile");
  const std::optional<calendar::Date> today = today_from(args, io.err, "reconcile");
  if (!year || !today) return 2;
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "reconcile");
  if (!book) return 1;
  app::ReconcileRequest request;
  request.contract_id = contract;
  request.year = *year;
  request.dry_run = has_flag(args, "--dry-run");
  if (has_flag(args, "--correct")) request.correction_reason = flag_value(args, "--correct");
  request.today = *today;
  request.now = now_utc();
  request.actor = "cli";
  Result<app::ReconcileOutcome> outcome = app::reconcile(*book->deps, request);
  if (!outcome) {
    io.err << "renofee reconcile: " << outcome.error() << '\n';
    return 1;
  }
  if (format == "json") {
    io.out << outcome->report.report_json << '\n';
    return 0;
  }
  const app::StoredReport& report = outcome->report;
  const char* what = outcome->stored == app::ReconcileOutcome::Stored::stored ? "stored"
                     : outcome->stored == app::ReconcileOutcome::Stored::unchanged
                         ? "unchanged (already stored)"
                         : "dry run, nothing stored";
  io.out << "contract " << report.contract_id << " year " << report.year << ": report version "
         << report.version << ' ' << what << ", sha256 " << report.sha256 << '\n';
  if (report.replaces) io.out << "  corrects version " << *report.replaces << ": " << report.reason << '\n';
  for (const guarantee::GuaranteeResult& result : outcome->settlement.results)
    io.out << status_line(result);
  io.out << "  compensation " << report.compensation.value().to_string() << " EUR, excess charge "
         << report.excess_charge.value().to_string() << " EUR\n";
  io.out << "  " << outcome->settlement.rule << '\n';
  for (const app::LedgerEntry& entry : outcome->postings) {
    io.out << "  posted ledger entry " << entry.sequence << ": " << app::to_string(entry.entry.kind) << ' '
           << entry.entry.amount.value().to_string() << " EUR (" << entry.entry.reference << ")\n";
  }
  return 0;
}

int report_command(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  const std::string format = flag_value(args, "--format", "json");
  if (contract.empty() || !positional(args, value_flags).empty() || (format != "json" && format != "csv")) {
    io.err << report_usage;
    return 2;
  }
  const std::optional<int> year = year_from(args, io.err, "report");
  if (!year) return 2;
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "report");
  if (!book) return 1;
  Result<std::vector<app::StoredReport>> versions = book->book->report_versions(contract, *year);
  if (!versions) {
    io.err << "renofee report: " << versions.error() << '\n';
    return 1;
  }
  if (versions->empty()) {
    io.err << "renofee report: no report of year " << *year << " of contract " << contract
           << " (run renofee reconcile first)\n";
    return 1;
  }
  const app::StoredReport* chosen = &versions->back();
  const std::string wanted = flag_value(args, "--version");
  if (!wanted.empty()) {
    chosen = nullptr;
    for (const app::StoredReport& version : *versions) {
      if (std::to_string(version.version) == wanted) chosen = &version;
    }
    if (chosen == nullptr) {
      io.err << "renofee report: year " << *year << " of contract " << contract << " has versions 1.."
             << versions->back().version << ", not " << wanted << '\n';
      return 1;
    }
  }
  if (format == "json") {
    io.out << chosen->report_json << '\n';
  } else {
    io::write_report_csv(*chosen, io.out);
  }
  return 0;
}

const CommandRegistration reconcile_registration{
    "reconcile", "settle a contract's guarantees for a year: report, hash, ledger postings",
    reconcile_command};
const CommandRegistration report_registration{"report", "print a stored reconciliation report (json or csv)",
                                              report_command};

}  // namespace
}  // namespace renofee::cli
