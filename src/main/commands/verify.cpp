// `renofee verify [--db URL]`: everything settled, checked against what renofee wrote (db/integrity.hpp):
// the event log's chain, every report's bytes against its hash and against the ledger entries that posted
// it, every contract version, the upload log, every ledger chain and head. Prints each problem and exits 1,
// or "intact" with the counts and the event log's head hash (keep a copy elsewhere: it is what shows a cut
// tail) and exits 0.
// `renofee events --contract ID [--format text|json] [--db URL]`: provenance, for an auditor: every event of
// a contract (upload, contract version, report, ledger entry, key) with who did it and when.
#include <ostream>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/event_log.hpp"
#include "renofee/adapters/db/integrity.hpp"
#include "renofee/app/api_keys.hpp"
#include "renofee/core/base/text.hpp"

namespace renofee::cli {
namespace {

int verify_command(const std::vector<std::string>& args, Streams& io) {
  if (!positional(args, {"--db"}).empty()) {
    io.err << "usage: renofee verify [--db URL]\n";
    return 2;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "verify");
  if (!database) return 1;
  Result<db::IntegrityReport> report = db::verify_integrity(*database);
  if (!report) {
    io.err << "renofee verify: " << report.error() << '\n';
    return 1;
  }
  for (const std::string& problem : report->problems)
    io.out << "PROBLEM " << problem << '\n';
  io.out << (report->problems.empty() ? "intact: " : "NOT intact: ") << report->problems.size()
         << " problem(s); " << report->events << " events, " << report->reports << " reports, "
         << report->versions << " contract versions, " << report->uploads << " uploads, "
         << report->ledger_entries << " ledger entries checked; event log head "
         << (report->head_hash.empty() ? "-" : report->head_hash) << '\n';
  return report->problems.empty() ? 0 : 1;
}

std::string json_text(std::string_view value) {
  std::string out;
  text::append_json_string(out, value, text::JsonSpelling::compact);
  return out;
}

std::string event_json(const db::AuditEvent& e) {
  return "{\"seq\":" + std::to_string(e.seq) + ",\"at\":" + json_text(date::format("%FT%TZ", e.at)) +
         ",\"actor\":" + json_text(e.actor) + ",\"kind\":" + json_text(e.kind) +
         ",\"contract\":" + json_text(e.contract_id) + ",\"subject\":" + json_text(e.subject) +
         ",\"item_sha256\":" + json_text(e.item_sha256) + ",\"hash\":" + json_text(e.hash) + "}";
}

int events_command(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  const std::string format = flag_value(args, "--format", "text");
  if (!positional(args, {"--contract", "--format", "--db"}).empty() || contract.empty() ||
      (format != "text" && format != "json")) {
    io.err << "usage: renofee events --contract ID [--format text|json] [--db URL]\n";
    return 2;
  }
  if (Result<void> valid = app::validate_contract_id(contract, "--contract"); !valid) {
    io.err << "renofee events: " << valid.error() << '\n';
    return 2;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "events");
  if (!database) return 1;
  Result<std::vector<db::AuditEvent>> events = db::read_events(*database, contract);
  if (!events) {
    io.err << "renofee events: " << events.error() << '\n';
    return 1;
  }
  if (format == "json") {
    io.out << "{\"contract\":" << json_text(contract) << ",\"events\":[";
    for (std::size_t i = 0; i < events->size(); ++i)
      io.out << (i ? "," : "") << event_json((*events)[i]);
    io.out << "]}\n";
    return 0;
  }
  io.out << "seq\tat\tactor\tkind\tsubject\n";
  for (const db::AuditEvent& e : *events) {
    io.out << e.seq << '\t' << date::format("%FT%TZ", e.at) << '\t' << e.actor << '\t' << e.kind << '\t'
           << e.subject << '\n';
  }
  if (events->empty()) io.err << "renofee events: no events for contract " << contract << '\n';
  return 0;
}

const CommandRegistration verify_registration{
    "verify", "check reports, contract versions, uploads and ledgers against the event log", verify_command};
const CommandRegistration events_registration{
    "events", "provenance: who uploaded, amended, settled and posted what for a contract, and when",
    events_command};

}  // namespace
}  // namespace renofee::cli
