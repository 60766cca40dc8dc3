// Test plan for renofee/adapters/io/report_json.hpp and the report CSV of reconciliation_output.hpp:
//   - the four reports of the reconciliation end-to-end test (tests/data/reports, as renofee stored them: net
//     zero v1 and its correction v2, EPV per calendar year with the tariff's CBS price, savings with a yearly
//     cap) read back into the value and written again give the same bytes; their CSV rendered from the value
//     is byte for byte the CSV renofee printed for them before the report became a value;
//   - a value with every optional part present and absent (fill station and its days hash, missing weather
//     sums, two metered inputs of two channels, estimated boundaries, a correction) survives the round trip;
//   - damaged documents are refused naming the member: another schema, a decimal as a number, an unknown
//     status, a missing member.
#include "renofee/adapters/io/report_json.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "renofee/adapters/io/reconciliation_output.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "support/literals.hpp"

namespace renofee::io {
namespace {

using calendar::make_date;

std::string report_file(const std::string& name) {
  std::ifstream in(std::string(RENOFEE_TEST_DATA_DIR) + "/reports/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct StoredCase {
  const char* file;  // tests/data/reports/<file>.json and .csv
  const char* contract;
  int year;
  int version;
};

TEST(ReportJson, StoredReportsRoundTripByteForByteAndGiveTheSameCsv) {
  for (const StoredCase& c :
       {StoredCase{"nom-e2e-1-1", "nom-e2e", 1, 1}, StoredCase{"nom-e2e-1-2", "nom-e2e", 1, 2},
        StoredCase{"epv-e2e-2025-1", "epv-e2e", 2025, 1},
        StoredCase{"savings-e2e-1-1", "savings-e2e", 1, 1}}) {
    SCOPED_TRACE(c.file);
    const std::string bytes = report_file(std::string(c.file) + ".json");
    ASSERT_FALSE(bytes.empty());
    const Result<app::ReconciliationReport> report = report_from_json(bytes);
    ASSERT_TRUE(report) << report.error();
    EXPECT_EQ(app::report_json(*report).value(), bytes);
    EXPECT_EQ(report->contract.id, c.contract);
    EXPECT_EQ(report->year.year, c.year);
    EXPECT_EQ(report->version.number, c.version);

    app::StoredReport stored;
    stored.contract_id = c.contract;
    stored.year = c.year;
    stored.version = c.version;
    stored.report_json = bytes;
    stored.sha256 = sha256_hex(bytes);
    std::ostringstream from_value, from_bytes;
    write_report_csv(stored, *report, from_value);
    write_report_csv(stored, from_bytes);
    const std::string expected = report_file(std::string(c.file) + ".csv");
    EXPECT_EQ(from_value.str(), expected);
    EXPECT_EQ(from_bytes.str(), expected);
  }
}

TEST(ReportJson, TheCorrectionNamesTheVersionItReplaces) {
  const app::ReconciliationReport v2 = report_from_json(report_file("nom-e2e-1-2.json")).value();
  EXPECT_EQ(v2.version, (app::ReportVersion{2, 1, "heat pump reading of 2024-09-02 corrected"}));
  EXPECT_EQ(v2.guarantees.at(0).result.kind, guarantee::Kind::net_zero);
  EXPECT_EQ(v2.guarantees.at(0).result.status, guarantee::Status::shortfall);
  const app::ReconciliationReport epv = report_from_json(report_file("epv-e2e-2025-1.json")).value();
  ASSERT_TRUE(epv.inputs.tariff);
  EXPECT_EQ(epv.inputs.tariff->id, "nl-2025");
  EXPECT_EQ(epv.inputs.tariff->cbs_average_price, EurPerKwh(dec("0.10500")));
  EXPECT_TRUE(epv.year.calendar_year);
}

app::ReportBoundary boundary(int day, std::string meter, std::string_view value, bool estimated) {
  return app::ReportBoundary{calendar::local_day(make_date(2026, 1, day)).begin, std::move(meter), dec(value),
                             estimated};
}

app::ReconciliationReport every_part() {
  app::ReconciliationReport r;
  r.contract = app::ReportContract{"c \"quoted\"", 3, std::string(64, 'c'), make_date(2026, 1, 1)};
  r.year = app::ReportYear{2027, true, 1,
                           calendar::make_period(make_date(2027, 1, 1), make_date(2028, 1, 1)).value()};
  app::MeteredInput import;
  import.channels.push_back(app::ChannelUse{metering::Channel::import_t1, 400, std::string(64, '1'),
                                            dec("1200.500"), 1, boundary(1, "E-1", "100.000", false),
                                            boundary(2, "E-2", "1300.500", true)});
  import.channels.push_back(app::ChannelUse{metering::Channel::import_t2, 2, std::string(64, '2'),
                                            dec("800.000"), 0, boundary(1, "E-1", "0.000", false),
                                            boundary(2, "E-1", "800.000", false)});
  import.total = app::MeteredTotal{dec("2000.500"), true};
  r.inputs.metered.emplace(guarantee::Input::electricity_import, import);
  app::MeteredInput gas;
  gas.channels.push_back(app::ChannelUse{metering::Channel::gas, 2, std::string(64, 'g'), dec("900.125"), 0,
                                         boundary(1, "G-1", "10.000", false),
                                         boundary(2, "G-1", "910.125", false)});
  gas.total = app::MeteredTotal{dec("900.125"), false};
  r.inputs.metered.emplace(guarantee::Input::gas, gas);
  r.inputs.weather.emplace(260, app::WeatherInput{260, 348, 360, std::string(64, 'w'), std::string(64, 'f'),
                                                  5, DegreeDays(dec("2876.4")), std::nullopt});
  r.inputs.weather.emplace(1000, app::WeatherInput{1000, std::nullopt, 365, std::string(64, 'x'),
                                                   std::nullopt, 0, std::nullopt, Irradiance(dec("365000"))});
  guarantee::GuaranteeResult result;
  result.index = 0;
  result.kind = guarantee::Kind::savings;
  result.status = guarantee::Status::within_deadband;
  result.unit = "m3";
  result.guaranteed = dec("300");
  result.shortfall = dec("-12.345");
  result.price = dec("1.45000");
  result.surplus_value = Money(dec("17.90"));
  result.excess_share = Money(dec("8.95"));
  result.estimated = true;
  result.rule = "rule, with a comma and\na newline";
  result.figures.push_back(guarantee::Figure{"B", dec("1212.470"), "m3", true, "per_day x days, \"exact\""});
  r.guarantees.push_back(app::ReportGuarantee{
      10, guarantee::Deadband{guarantee::DeadbandMode::franchise, dec("5")}, Money(dec("1500.00")), result});
  r.settlement = app::ReportSettlement{Money(dec("0.00")), Money(dec("0.00")), Money(dec("0.00")),
                                       Money(dec("8.95")), "nothing to net",   true};
  r.version = app::ReportVersion{3, 2, "second correction"};
  return r;
}

TEST(ReportJson, EveryOptionalPartSurvivesTheRoundTrip) {
  const app::ReconciliationReport r = every_part();
  const std::string bytes = app::report_json(r).value();
  const Result<app::ReconciliationReport> back = report_from_json(bytes);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, r);
  EXPECT_EQ(app::report_json(*back).value(), bytes);
  EXPECT_NE(bytes.find("\"fill_days_sha256\":\"ffff"), std::string::npos);
  EXPECT_NE(bytes.find("\"irradiance_j_cm2\":null"), std::string::npos);
  EXPECT_NE(bytes.find("\"tariff\":null"), std::string::npos);
}

TEST(ReportJson, DamagedDocumentsAreRefusedNamingTheMember) {
  const std::string good = app::report_json(every_part()).value();
  const auto refused = [](std::string text) { return report_from_json(text).error(); };
  const auto replaced = [&](std::string_view from, std::string_view to) {
    std::string text = good;
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  EXPECT_EQ(refused(replaced("\"renofee.reconciliation/1\"", "\"renofee.reconciliation/2\"")).field,
            "/schema");
  EXPECT_EQ(refused(replaced("\"guaranteed\":\"300\"", "\"guaranteed\":300")).field,
            "/guarantees/0/guaranteed");
  EXPECT_EQ(refused(replaced("\"within_deadband\"", "\"almost\"")).field, "/guarantees/0/status");
  EXPECT_EQ(refused(replaced("\"netted\":false,", "")).field, "/guarantees/0/netted");
  EXPECT_EQ(refused(replaced("\"channel\":\"gas\"", "\"channel\":\"water\"")).field,
            "/inputs/metered/gas/channels/0/channel");
  EXPECT_EQ(refused("[]").code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace renofee::io
