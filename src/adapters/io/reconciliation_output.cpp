#include "renofee/adapters/io/reconciliation_output.hpp"

#include <Poco/JSON/Array.h>
#include <stdexcept>

#include "renofee/adapters/io/report_json.hpp"

namespace renofee::io {
namespace {

using Poco::JSON::Object;

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::string cents_text(const Money& amount) {
  return amount.value().round(2, Rounding::half_even).to_string();
}

std::string iso_instant(calendar::Instant instant) {
  return date::format("%FT%TZ", instant);
}

Object::Ptr contract_versions_json(std::string_view contract_id,
                                   std::span<const app::ContractVersion> versions) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const app::ContractVersion& version : versions) {
    Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    object->set("version", version.version);
    object->set("effective_date", calendar::to_string(version.effective_date));
    object->set("reason", version.reason);
    object->set("created_at", iso_instant(version.created_at));
    object->set("created_by", version.created_by);
    object->set("sha256", version.sha256);
    list->add(object);
  }
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("id", std::string(contract_id));
  out->set("versions", list);
  return out;
}

Object::Ptr report_summary_json(const app::StoredReport& report) {
  Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  object->set("contract_id", report.contract_id);
  object->set("year", report.year);
  object->set("version", report.version);
  object->set("replaces", report.replaces ? Poco::Dynamic::Var(*report.replaces) : Poco::Dynamic::Var());
  object->set("reason", report.reason);
  object->set("sha256", report.sha256);
  object->set("contract_version", report.contract_version);
  object->set("compensation_eur", cents_text(report.compensation));
  object->set("excess_charge_eur", cents_text(report.excess_charge));
  object->set("created_at", iso_instant(report.created_at));
  return object;
}

Object::Ptr ledger_entry_json(const app::LedgerEntry& ledger_entry) {
  Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  object->set("sequence", ledger_entry.sequence);
  object->set("kind", std::string(app::to_string(ledger_entry.entry.kind)));
  object->set("value_date", calendar::to_string(ledger_entry.entry.value_date));
  object->set("amount_eur", cents_text(ledger_entry.entry.amount));
  object->set("reference", ledger_entry.entry.reference);
  object->set("occupant", ledger_entry.entry.occupant);
  object->set("hash", ledger_entry.hash);
  return object;
}

void set_statement_figures(Object& object, const app::Statement& statement) {
  object.set("opening_balance_eur", cents_text(statement.opening_balance));
  object.set("fees_eur", cents_text(statement.fees));
  object.set("compensation_eur", cents_text(statement.compensation));
  object.set("excess_share_eur", cents_text(statement.excess_share));
  object.set("reversals_eur", cents_text(statement.reversals));
  object.set("payments_eur", cents_text(statement.payments));
  object.set("collected_eur", cents_text(statement.collected));
  object.set("paid_otherwise_eur", cents_text(statement.paid_otherwise));
  object.set("due_eur", cents_text(statement.due));
  object.set("returned_eur", cents_text(statement.returned));
  object.set("collection_costs_eur", cents_text(statement.collection_costs));
  object.set("payoff_eur", cents_text(statement.payoff));
  object.set("handover_eur", cents_text(statement.handover));
  object.set("net_eur", cents_text(statement.net));
  object.set("closing_balance_eur", cents_text(statement.closing_balance));
}

Object::Ptr statement_json(int year, const app::StatementOutcome& outcome) {
  const app::Statement& statement = outcome.statement;
  Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  object->set("contract_id", statement.contract_id);
  object->set("year", year);
  if (outcome.occupant) object->set("occupant", *outcome.occupant);
  object->set("begin", calendar::to_string(statement.period.begin));
  object->set("end", calendar::to_string(statement.period.end));
  object->set("year_complete", outcome.year_complete);
  set_statement_figures(*object, statement);
  Poco::JSON::Array::Ptr reports = new Poco::JSON::Array;
  for (const app::StoredReport& report : outcome.reports)
    reports->add(report_summary_json(report));
  object->set("reconciliations", reports);
  Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
  for (const app::LedgerEntry& entry : statement.entries)
    entries->add(ledger_entry_json(entry));
  object->set("entries", entries);
  object->set("ledger_entries_total", statement.head.entries);
  object->set("ledger_head_hash", statement.head.hash);
  return object;
}

void write_report_csv(const app::StoredReport& stored, const app::ReconciliationReport& report,
                      std::ostream& out) {
  out << "contract_id,year,version,report_sha256,guarantee,kind,name,value,unit,estimated,formula\n";
  const std::string prefix = csv_field(stored.contract_id) + "," + std::to_string(stored.year) + "," +
                             std::to_string(stored.version) + "," + stored.sha256 + ",";
  const auto flag = [](bool b) { return b ? "true" : "false"; };
  for (const app::ReportGuarantee& g : report.guarantees) {
    const guarantee::GuaranteeResult& r = g.result;
    const std::string head =
        prefix + std::to_string(r.index) + "," + std::string(guarantee::to_string(r.kind)) + ",";
    for (const guarantee::Figure& f : r.figures) {
      out << head << csv_field(f.name) << ',' << f.value.to_string() << ',' << csv_field(f.unit) << ','
          << flag(f.estimated) << ',' << csv_field(f.formula) << '\n';
    }
    const std::pair<const char*, std::string> rows[] = {
        {"guaranteed", r.guaranteed.to_string()},
        {"shortfall", r.shortfall.to_string()},
        {"price_eur_per_unit", r.price.to_string()},
        {"shortfall_value_eur", cents_text(r.shortfall_value)},
        {"after_deadband_eur", cents_text(r.after_deadband)},
        {"payable_eur", cents_text(r.payable)},
        {"excess_share_eur", cents_text(r.excess_share)},
    };
    for (const auto& [name, value] : rows) {
      const std::string unit = std::string(name).find("eur") != std::string::npos ? "EUR" : r.unit;
      out << head << name << ',' << value << ',' << unit << ',' << flag(r.estimated) << ",\n";
    }
    out << head << "status," << guarantee::to_string(r.status) << ",,,\n";
  }
  const app::ReportSettlement& s = report.settlement;
  const std::pair<const char*, const Money*> totals[] = {
      {"gross_compensation_eur", &s.gross_compensation},
      {"netting_offset_eur", &s.netting_offset},
      {"compensation_eur", &s.compensation},
      {"excess_charge_eur", &s.excess_charge},
  };
  for (const auto& [name, amount] : totals) {
    out << prefix << ",settlement," << name << ',' << cents_text(*amount) << ",EUR," << flag(s.estimated)
        << ",\n";
  }
}

void write_report_csv(const app::StoredReport& stored, std::ostream& out) {
  Result<app::ReconciliationReport> report = report_from_json(stored.report_json);
  if (!report) {
    // A stored report renofee cannot read back is a broken invariant (the HTTP pipeline answers 500).
    throw std::runtime_error("stored report " + stored.contract_id + " " + std::to_string(stored.year) +
                             " v" + std::to_string(stored.version) + ": " + report.error().message);
  }
  write_report_csv(stored, *report, out);
}

}  // namespace renofee::io
