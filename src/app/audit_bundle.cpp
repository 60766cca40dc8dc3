#include "renofee/app/audit_bundle.hpp"

namespace renofee::app {
namespace {

Result<BundleFile> contract_version_file(ReconcileDeps& deps, const ReconciliationReport& report) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(report.contract.id));
  for (const ContractVersion& v : versions) {
    if (v.version == report.contract.version) return BundleFile{"contract_version.json", v.offer_json};
  }
  return failed_precondition("contract " + report.contract.id + " has no version " +
                             std::to_string(report.contract.version) + ", which the report settled");
}

Result<void> add_readings(ReconcileDeps& deps, const ReconciliationReport& report,
                          std::vector<BundleFile>& out) {
  const calendar::Instant t0 = calendar::local_day(report.year.period.begin).begin;
  const calendar::Instant t1 = calendar::local_day(report.year.period.end).begin;
  for (const auto& [input, metered] : report.inputs.metered) {
    for (const ChannelUse& channel : metered.channels) {
      RENOFEE_TRY(std::vector<metering::Reading> readings,
                  channel_readings(deps.readings, report.contract.id, channel.channel, t0, t1));
      out.push_back(BundleFile{"readings/" + std::string(metering::to_string(channel.channel)) + ".txt",
                               readings_digest_text(in_digest_order(std::move(readings)))});
    }
  }
  return success();
}

Result<void> add_weather(ReconcileDeps& deps, const ReconciliationReport& report,
                         std::vector<BundleFile>& out) {
  for (const auto& [station, input] : report.inputs.weather) {
    RENOFEE_TRY(const std::vector<weather::WeatherDay> days, deps.weather.days(station, report.year.period));
    out.push_back(BundleFile{"weather/" + std::to_string(station) + ".txt", weather_digest_text(days)});
    if (input.fill_station) {
      RENOFEE_TRY(const std::vector<weather::WeatherDay> fill,
                  deps.weather.days(*input.fill_station, report.year.period));
      out.push_back(BundleFile{
          "weather/" + std::to_string(*input.fill_station) + "-fill-for-" + std::to_string(station) + ".txt",
          weather_digest_text(fill)});
    }
  }
  return success();
}

// The ledger through the last entry that posted this report (its credit, charge or their reversal named
// ":<year>:v<version>"); a report that posted nothing: through the last entry posted when it was stored.
Result<BundleFile> ledger_file(ReconcileDeps& deps, const StoredReport& stored, std::int64_t& through) {
  RENOFEE_TRY(const std::vector<LedgerEntry> entries, deps.ledger.entries(stored.contract_id));
  const std::string tag = ":" + std::to_string(stored.year) + ":v" + std::to_string(stored.version);
  through = 0;
  for (const LedgerEntry& e : entries) {
    const std::string& key = e.entry.posting_key;
    if (key.size() >= tag.size() && key.compare(key.size() - tag.size(), tag.size(), tag) == 0) {
      through = e.sequence;
    }
  }
  if (through == 0) {
    for (const LedgerEntry& e : entries)
      if (e.posted_at <= stored.created_at) through = e.sequence;
  }
  std::string text;
  for (const LedgerEntry& e : entries) {
    if (e.sequence > through) break;
    text += entry_digest_text(e) + "|" + e.hash + "\n";
  }
  return BundleFile{"ledger.txt", std::move(text)};
}

}  // namespace

Result<std::vector<BundleFile>> audit_bundle(ReconcileDeps& deps, const StoredReport& stored,
                                             const ReconciliationReport& report) {
  std::vector<BundleFile> files{BundleFile{"report.json", stored.report_json}};
  RENOFEE_TRY(BundleFile version, contract_version_file(deps, report));
  files.push_back(std::move(version));
  RENOFEE_CHECK(add_readings(deps, report, files));
  RENOFEE_CHECK(add_weather(deps, report, files));
  std::int64_t through = 0;
  RENOFEE_TRY(BundleFile ledger, ledger_file(deps, stored, through));
  files.push_back(std::move(ledger));
  Json hashes = Json::object();
  for (const BundleFile& f : files)
    hashes.set(f.path, deps.sha256(f.bytes));
  Json manifest = Json::object();
  manifest.set("schema", "renofee.audit-bundle/1");
  manifest.set("contract", stored.contract_id);
  manifest.set("year", stored.year);
  manifest.set("report_version", stored.version);
  manifest.set("report_sha256", stored.sha256);
  manifest.set("ledger_entries", through);
  manifest.set("files", std::move(hashes));
  RENOFEE_TRY(std::string text, to_canonical_json(manifest));
  files.push_back(BundleFile{"manifest.json", text + "\n"});
  return files;
}

}  // namespace renofee::app
