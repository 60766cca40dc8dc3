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
  for (const app::ContractVersion& v : versions) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("version", v.version);
    o->set("effective_date", calendar::to_string(v.effective_date));
    o->set("reason", v.reason);
    o->set("created_at", iso_instant(v.created_at));
    o->set("created_by", v.created_by);
    o->set("sha256", v.sha256);
    list->add(o);
  }
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("id", std::string(contract_id));
  out->set("versions", list);
  return out;
}

Object::Ptr report_summary_json(const app::StoredReport& r) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("contract_id", r.contract_id);
  o->set("year", r.year);
  o->set("version", r.version);
  o->set("replaces", r.replaces ? Poco::Dynamic::Var(*r.replaces) : Poco::Dynamic::Var());
  o->set("reason", r.reason);
  o->set("sha256", r.sha256);
  o->set("contract_version", r.contract_version);
  o->set("compensation_eur", cents_text(r.compensation));
  o->set("excess_charge_eur", cents_text(r.excess_charge));
  o->set("created_at", iso_instant(r.created_at));
  return o;
}

Object::Ptr ledger_entry_json(const app::LedgerEntry& e) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("sequence", e.sequence);
  o->set("kind", std::string(app::to_string(e.entry.kind)));
  o->set("value_date", calendar::to_string(e.entry.value_date));
  o->set("amount_eur", cents_text(e.entry.amount));
  o->set("reference", e.entry.reference);
  o->set("hash", e.hash);
  return o;
}

Object::Ptr statement_json(int year, const app::StatementOutcome& outcome) {
  const app::Statement& s = outcome.statement;
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("contract_id", s.contract_id);
  o->set("year", year);
  o->set("begin", calendar::to_string(s.period.begin));
  o->set("end", calendar::to_string(s.period.end));
  o->set("year_complete", outcome.year_complete);
  o->set("opening_balance_eur", cents_text(s.opening_balance));
  o->set("fees_eur", cents_text(s.fees));
  o->set("compensation_eur", cents_text(s.compensation));
  o->set("excess_share_eur", cents_text(s.excess_share));
  o->set("reversals_eur", cents_text(s.reversals));
  o->set("net_eur", cents_text(s.net));
  o->set("closing_balance_eur", cents_text(s.closing_balance));
  Poco::JSON::Array::Ptr reports = new Poco::JSON::Array;
  for (const app::StoredReport& r : outcome.reports)
    reports->add(report_summary_json(r));
  o->set("reconciliations", reports);
  Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
  for (const app::LedgerEntry& e : s.entries)
    entries->add(ledger_entry_json(e));
  o->set("entries", entries);
  o->set("ledger_entries_total", s.head.entries);
  o->set("ledger_head_hash", s.head.hash);
  return o;
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
