// Test plan for data_routes.hpp and uploads.hpp over SQLite in memory (no sockets: requests carry their body
// as a StringBodyStream, the principal is set by a test authorizer from the X-Test-Role header):
//  - readings upload in each format: CSV -> 201 with counts; the same bytes again -> 200 already_imported and
//    nothing new; NDJSON; the synthetic P1 log (75 readings of which 65 distinct: the gas
//    reading repeats its capture time; tests/data/p1/expected.tsv);
//  - a bad row -> 422 with errors[].location "line 3", nothing stored; a contradicting reading -> 409;
//    ?correction=true replaces it; a body the client cut short -> its 400, nothing stored;
//  - query strictness: unknown, repeated, over-long parameters and bad values -> 422 naming them;
//  - Idempotency-Key: same key + same request -> the first answer again (201, Idempotent-Replayed: true),
//    nothing stored; same key + other body -> 409; keys are scoped per API key; malformed keys -> 400;
//    the record is written in the upload's transaction (a failure to record it stores nothing, 503); a
//    request whose lookup missed a concurrent one with the same key answers that one's record (or 409);
//  - weather upload of synthetic station 348, 2014 -> 365 days; degree days of 2014 = 2814.6, weighted
//    2857.91, Q 369785 (tests/data/knmi/degree_days.tsv); station and date checks;
//  - usage per day after the upload; a resident sees its own contract only (404 for another).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "renofee/adapters/db/migrations.hpp"
#include "renofee/adapters/db/sql_key_store.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/adapters/http/body_stream.hpp"
#include "renofee/adapters/http/data_routes.hpp"
#include "support/files.hpp"
#include "test_request.hpp"

namespace renofee::http {
namespace {

using app::Role;

// What the tests make the idempotency store do wrong, shared by the stores of every request.
struct IdempotencyFaults {
  int finds_missing = 0;   // the next N lookups answer "not recorded" (a concurrent request not yet seen)
  int saves_failing = 0;   // the next N saves fail with `unavailable` (the database went away)
  int uploads_unseen = 0;  // the next N upload-log lookups miss (a concurrent upload not yet committed)
};

// The SQL reading store whose upload log can miss an upload that is there
// (IdempotencyFaults::uploads_unseen).
class LateUploadLog final : public app::ReadingStore {
 public:
  LateUploadLog(db::Database& d, IdempotencyFaults& faults) : inner_(d), faults_(faults) {}
  Result<std::optional<app::UploadRecord>> find_upload(std::string_view contract,
                                                       std::string_view sha256) override {
    if (faults_.uploads_unseen > 0) {
      --faults_.uploads_unseen;
      return std::optional<app::UploadRecord>();
    }
    return inner_.find_upload(contract, sha256);
  }
  Result<std::vector<app::UploadRecord>> uploads(std::string_view contract) override {
    return inner_.uploads(contract);
  }
  Result<std::unique_ptr<app::ReadingUpload>> begin_upload(const app::UploadRequest& request) override {
    return inner_.begin_upload(request);
  }
  Result<app::ReadingRange> readings(std::string_view contract, std::string_view meter,
                                     metering::Channel channel, calendar::Instant from,
                                     calendar::Instant to) override {
    return inner_.readings(contract, meter, channel, from, to);
  }
  Result<std::vector<app::MeterSpan>> meters(std::string_view contract, metering::Channel channel) override {
    return inner_.meters(contract, channel);
  }
  Result<std::vector<app::CorrectionRecord>> corrections(std::int64_t upload_id) override {
    return inner_.corrections(upload_id);
  }
  Result<std::vector<app::LateUpload>> late_uploads(std::string_view contract, int year) override {
    return inner_.late_uploads(contract, year);
  }
  Result<std::vector<metering::Reading>> channel_readings(std::string_view contract,
                                                          metering::Channel channel, calendar::Instant from,
                                                          calendar::Instant to) override {
    return inner_.channel_readings(contract, channel, from, to);
  }

 private:
  db::SqlReadingStore inner_;
  IdempotencyFaults& faults_;
};

// The SQL idempotency store with the faults above.
class FaultyIdempotency final : public app::IdempotencyStore {
 public:
  FaultyIdempotency(db::Database& d, IdempotencyFaults& faults) : inner_(d), faults_(faults) {}
  Result<std::optional<app::IdempotencyRecord>> find(std::string_view scope, std::string_view key) override {
    if (faults_.finds_missing > 0) {
      --faults_.finds_missing;
      return std::optional<app::IdempotencyRecord>();
    }
    return inner_.find(scope, key);
  }
  Result<void> save(const app::IdempotencyRecord& record) override {
    if (faults_.saves_failing > 0) {
      --faults_.saves_failing;
      return unavailable("the database went away while recording the answer");
    }
    return inner_.save(record);
  }

 private:
  db::SqlIdempotencyStore inner_;
  IdempotencyFaults& faults_;
};

// The contracts the tenancy check asks about: c1, c2, c3 and c9 exist, created by the financier key
// "key-financier" (the test authorizer's default key of that role); no other contract exists.
class KnownContracts final : public app::ContractStore {
 public:
  Result<void> create_contract(const app::ContractVersion&) override { return internal_error("not used"); }
  Result<void> add_version(const app::ContractVersion&) override { return internal_error("not used"); }
  Result<std::vector<app::ContractVersion>> versions(std::string_view) override {
    return internal_error("the data routes ask only for the owner");
  }
  Result<std::vector<app::ContractSummary>> list_contracts(std::string_view, int,
                                                           const std::optional<std::string>&) override {
    return internal_error("not used");
  }
  Result<std::optional<std::string>> owner(std::string_view contract_id) override {
    for (const char* id : {"c1", "c2", "c3", "c9"}) {
      if (contract_id == id) return std::optional<std::string>("key:key-financier");
    }
    return std::optional<std::string>();
  }
};

// No contract has a report yet: no upload changes a settled year here (marks are tested in ingest_readings_test
// and sql_reading_store_test, and end to end in reconcile_e2e_test.sh).
class NoReports final : public app::ReportStore {
 public:
  Result<std::vector<app::StoredReport>> report_versions(std::string_view, int) override {
    return std::vector<app::StoredReport>{};
  }
  Result<std::vector<app::StoredReport>> contract_reports(std::string_view) override {
    return std::vector<app::StoredReport>{};
  }
  Result<app::AppendOutcome> store_report(const app::StoredReport&, std::span<const app::NewEntry>) override {
    return internal_error("not used");
  }
};

class Stores final : public DataStores {
 public:
  Stores(db::Database& d, IdempotencyFaults& faults)
      : readings_(d, faults), weather_(d), idempotency_(d, faults) {}
  app::ReadingStore& readings() override { return readings_; }
  app::WeatherStore& weather() override { return weather_; }
  app::IdempotencyStore& idempotency() override { return idempotency_; }
  app::ContractStore& contracts() override { return contracts_; }
  app::ReportStore& reports() override { return reports_; }

 private:
  LateUploadLog readings_;
  db::SqlWeatherStore weather_;
  FaultyIdempotency idempotency_;
  KnownContracts contracts_;
  NoReports reports_;
};

const std::string csv =
    "meter_id,channel,timestamp,value\n"
    "E1,import_t1,2026-01-01T00:00:00Z,100.000\n"
    "E1,import_t1,2026-01-02T00:00:00Z,108.125\n"
    "E1,import_t1,2026-01-03T00:00:00Z,116.250\n";

class DataRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = db::Database::open(":memory:").value();
    ASSERT_TRUE(db::migrate(*database_, calendar::Instant(std::chrono::seconds(0))).ok());
    db::Database* raw = database_.get();
    IdempotencyFaults* faults = &faults_;
    ASSERT_TRUE(add_data_routes(
                    router_, DataRoutes{[raw, faults]() -> Result<std::unique_ptr<DataStores>> {
                                          return std::unique_ptr<DataStores>(new Stores(*raw, *faults));
                                        },
                                        [] { return calendar::Instant(std::chrono::seconds(1'795'000'000)); },
                                        metrics_})
                    .ok());
    router_.set_authorizer([](Request& r, const Route& route) -> std::optional<Response> {
      const std::string role = r.headers.get("X-Test-Role").value_or("auditor");
      const app::Role parsed = app::parse_role(role).value();
      if (!route.access.allows(parsed)) return to_response(make_problem(403, "role", r.request_id));
      r.principal = app::Principal{
          r.headers.get("X-Test-Key").value_or("key-" + role), parsed, r.headers.get("X-Test-Contract"), {}};
      return std::nullopt;
    });
  }

  Response post(const std::string& target, const std::string& body, const std::string& type,
                std::vector<std::pair<std::string, std::string>> headers = {},
                std::optional<Problem> cut_short = std::nullopt) {
    Request r = test::make_request("POST", target, {}, type);
    for (auto& [name, value] : headers)
      r.headers.add(name, value);
    StringBodyStream stream(body, std::move(cut_short));
    r.body_stream = &stream;
    return router_.dispatch(r).response;
  }
  Response get(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r = test::make_request("GET", target);
    for (auto& [name, value] : headers)
      r.headers.add(name, value);
    return router_.dispatch(r).response;
  }
  long long readings(const std::string& contract) {
    long long n = -1;
    database_->session() << "SELECT COUNT(*) FROM reading_values WHERE contract_id = :c", soci::use(contract),
        soci::into(n);
    return n;
  }

  long long count(const std::string& sql) {
    long long n = -1;
    database_->session() << sql, soci::into(n);
    return n;
  }

  IdempotencyFaults faults_;
  std::shared_ptr<Metrics> metrics_ = std::make_shared<Metrics>();
  std::unique_ptr<db::Database> database_;
  Router router_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(DataRoutesTest, CsvUploadThenTheSameBytesAgain) {
  const Response first = post("/v1/contracts/c1/readings", csv, "text/csv");
  EXPECT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.content_type, "application/json");
  EXPECT_TRUE(contains(first.body,
                       R"("status":"stored","format":"csv","bytes":159,"upload":{"id":1,"contract":"c1")"))
      << first.body;
  EXPECT_TRUE(contains(first.body, R"("received_at":"2026-11-18T11:06:40Z","correction":false,"rows_read":3,)"
                                   R"("rows_stored":3,"duplicates_skipped":0,"rows_corrected":0})"))
      << first.body;
  EXPECT_EQ(readings("c1"), 3);
  const Response again = post("/v1/contracts/c1/readings", csv, "text/csv; charset=utf-8");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(contains(again.body, R"("status":"already_imported")"));
  EXPECT_TRUE(contains(again.body, R"("id":1,)"));
  EXPECT_EQ(readings("c1"), 3);
  EXPECT_TRUE(
      contains(metrics_->exposition(), "renofee_readings_uploads_total{outcome=\"already_imported\"} 1"));
  EXPECT_TRUE(contains(metrics_->exposition(), "renofee_readings_rows_stored_total 3"));
}

TEST_F(DataRoutesTest, NdjsonAndP1) {
  const std::string ndjson =
      R"({"meter_id":"G1","channel":"gas","timestamp":"2026-01-01T00:00:00Z","value":"5.000"})"
      "\n"
      R"({"meter_id":"G1","channel":"gas","timestamp":"2026-01-02T00:00:00Z","value":"8.500"})"
      "\n";
  const Response json = post("/v1/contracts/c2/readings", ndjson, "application/x-ndjson");
  EXPECT_EQ(json.status, 201) << json.body;
  EXPECT_TRUE(contains(json.body, R"("format":"json")"));
  EXPECT_EQ(readings("c2"), 2);
  const Response p1 =
      post("/v1/contracts/c3/readings",
           read_file(std::string(RENOFEE_TEST_DATA_DIR) + "/p1/synthetic_log_dst_2026.txt"), "text/plain");
  EXPECT_EQ(p1.status, 201) << p1.body;
  EXPECT_TRUE(contains(p1.body, R"("format":"p1")"));
  EXPECT_TRUE(contains(p1.body, R"("rows_read":75,"rows_stored":65,"duplicates_skipped":10,)")) << p1.body;
}

TEST_F(DataRoutesTest, RefusedUploadsStoreNothing) {
  const Response bad_row =
      post("/v1/contracts/c1/readings", csv + "E1,import_t1,2026-13-01T00:00:00Z,1.000\n", "text/csv");
  EXPECT_EQ(bad_row.status, 422) << bad_row.body;
  EXPECT_EQ(bad_row.content_type, "application/problem+json");
  EXPECT_TRUE(contains(bad_row.body, R"("errors":[{"location":"line 5",)")) << bad_row.body;
  EXPECT_EQ(readings("c1"), 0);

  const Response cut = post("/v1/contracts/c1/readings", csv.substr(0, 60), "text/csv", {},
                            make_problem(400, "the request body ended after 60 of 159 bytes", "req-1"));
  EXPECT_EQ(cut.status, 400);
  EXPECT_TRUE(contains(cut.body, "ended after 60 of 159 bytes"));
  EXPECT_EQ(readings("c1"), 0);

  ASSERT_EQ(post("/v1/contracts/c1/readings", csv, "text/csv").status, 201);
  const std::string contradiction =
      "meter_id,channel,timestamp,value\nE1,import_t1,2026-01-02T00:00:00Z,109.000\n";
  const Response conflict = post("/v1/contracts/c1/readings", contradiction, "text/csv");
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_TRUE(contains(conflict.body, R"("detail":"line 2: meter E1)")) << conflict.body;
  const Response corrected = post("/v1/contracts/c1/readings?correction=true", contradiction, "text/csv");
  EXPECT_EQ(corrected.status, 201) << corrected.body;
  EXPECT_TRUE(contains(corrected.body,
                       R"("correction":true,"rows_read":1,"rows_stored":0,"duplicates_skipped":0,)"
                       R"("rows_corrected":1)"))
      << corrected.body;
}

TEST_F(DataRoutesTest, StrictQueries) {
  struct Row {
    int line;
    std::string target;
    const char* pointer;
  };
  const Row rows[] = {
      {__LINE__, "/v1/contracts/c1/readings?correction=maybe", "/correction"},
      {__LINE__, "/v1/contracts/c1/readings?format=csv", "/format"},
      {__LINE__, "/v1/contracts/c1/readings?correction=true&correction=false", "/correction"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    const Response r = post(row.target, csv, "text/csv");
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_TRUE(contains(r.body, "\"pointer\":\"" + std::string(row.pointer) + "\"")) << r.body;
  }
  const Row gets[] = {
      {__LINE__, "/v1/contracts/c1/usage?to=2026-01-02", "/from"},
      {__LINE__, "/v1/contracts/c1/usage?from=2026-01-01", "/to"},
      {__LINE__, "/v1/contracts/c1/usage?from=2026-01-01&to=2026-01-02&x=1", "/x"},
      {__LINE__, "/v1/contracts/c1/usage?from=2026-02-30&to=2026-03-02", "/from"},
      {__LINE__, "/v1/contracts/c1/usage?from=2026-01-01&to=2026-01-02&channel=water", "/channel"},
      {__LINE__, "/v1/contracts/c1/usage?from=2026-01-01&to=2026-01-02&granularity=hour", "/granularity"},
      {__LINE__, "/v1/contracts/c1/usage?from=2026-01-02&to=2026-01-02", "/to"},
      {__LINE__, "/v1/contracts/c1/usage?from=2026-01-01&to=" + std::string(300, '9'), "/to"},
      {__LINE__, "/v1/weather/260/degree-days?from=2010-01-01", "/to"},
      {__LINE__, "/v1/weather/0/degree-days?from=2010-01-01&to=2010-01-02", "/station"},
  };
  for (const Row& row : gets) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    const Response r = get(row.target);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_TRUE(contains(r.body, "\"pointer\":\"" + std::string(row.pointer) + "\"")) << r.body;
  }
  EXPECT_EQ(get("/v1/weather/abc/degree-days?from=2010-01-01&to=2010-01-02").status, 400);
  EXPECT_EQ(get("/v1/weather/1000/degree-days?from=2010-01-01&to=2010-01-02").status, 400);
}

TEST_F(DataRoutesTest, IdempotencyKey) {
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "upload-1"}};
  const Response first = post("/v1/contracts/c1/readings", csv, "text/csv", key);
  EXPECT_EQ(first.status, 201);
  EXPECT_FALSE(first.headers.get("Idempotent-Replayed").has_value());
  const Response replay = post("/v1/contracts/c1/readings", csv, "text/csv", key);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(replay.headers.get("Idempotent-Replayed"), "true");
  EXPECT_EQ(readings("c1"), 3);
  long long uploads = 0;
  database_->session() << "SELECT COUNT(*) FROM uploads", soci::into(uploads);
  EXPECT_EQ(uploads, 1);

  const Response other =
      post("/v1/contracts/c1/readings", csv + "E1,import_t1,2026-01-04T00:00:00Z,120.000\n", "text/csv", key);
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_TRUE(contains(other.body, "was used for another request"));
  EXPECT_EQ(readings("c1"), 3);
  // Same key, same body, but another contract: another request.
  EXPECT_EQ(post("/v1/contracts/c9/readings", csv, "text/csv", key).status, 409);
  // Another API key may use the same idempotency key for its own request.
  auto other_scope = key;
  other_scope.emplace_back("X-Test-Key", "someone-else");
  EXPECT_EQ(post("/v1/contracts/c9/readings", csv, "text/csv", other_scope).status, 201);
  // The quoted form of a structured-field string is the same key.
  EXPECT_EQ(post("/v1/contracts/c1/readings", csv, "text/csv", {{"Idempotency-Key", "\"upload-1\""}}).status,
            201);

  for (const std::string& bad : {std::string(), std::string(129, 'k'), std::string("a b"),
                                 std::string("a\x01"), std::string("caf\xC3\xA9"), std::string("\"")}) {
    SCOPED_TRACE(bad);
    const Response r = post("/v1/contracts/c1/readings", csv, "text/csv", {{"Idempotency-Key", bad}});
    EXPECT_EQ(r.status, 400) << r.body;
  }
  const Response twice = post("/v1/contracts/c1/readings", csv, "text/csv",
                              {{"Idempotency-Key", "a"}, {"Idempotency-Key", "b"}});
  EXPECT_EQ(twice.status, 400);
  EXPECT_TRUE(contains(twice.body, "more than once"));
}

TEST_F(DataRoutesTest, IdempotencyRecordIsStoredWithTheReadingsOrNotAtAll) {
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "upload-2"}};
  // Recording the answer fails inside the upload's transaction: the readings are not stored either, and
  // the client is told to retry (503) instead of getting a 201 whose key was never recorded.
  faults_.saves_failing = 1;
  const Response failed = post("/v1/contracts/c1/readings", csv, "text/csv", key);
  EXPECT_EQ(failed.status, 503) << failed.body;
  EXPECT_EQ(failed.content_type, "application/problem+json");
  EXPECT_EQ(readings("c1"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM uploads"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM idempotency_records"), 0);
  EXPECT_EQ(faults_.saves_failing, 0);

  // The retry stores the readings and the record together; the next retry replays that first 201.
  const Response stored = post("/v1/contracts/c1/readings", csv, "text/csv", key);
  EXPECT_EQ(stored.status, 201) << stored.body;
  EXPECT_EQ(readings("c1"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM idempotency_records"), 1);
  const Response replay = post("/v1/contracts/c1/readings", csv, "text/csv", key);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.body, stored.body);
  EXPECT_EQ(replay.headers.get("Idempotent-Replayed"), "true");
  EXPECT_TRUE(contains(metrics_->exposition(), "renofee_readings_uploads_total{outcome=\"stored\"} 1"))
      << metrics_->exposition();
}

TEST_F(DataRoutesTest, ConcurrentRequestWithTheSameKeyGetsTheFirstAnswer) {
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "upload-3"}};
  const Response first = post("/v1/contracts/c1/readings", csv, "text/csv", key);
  ASSERT_EQ(first.status, 201) << first.body;

  // The same request, whose lookup ran before the first one committed: its upload finds the content
  // imported (nothing written), its record loses to the first one's, and it answers the first 201.
  faults_.finds_missing = 1;
  const Response second = post("/v1/contracts/c1/readings", csv, "text/csv", key);
  EXPECT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.headers.get("Idempotent-Replayed"), "true");

  // Both lookups too early (the key and the content): opening the upload finds the content committed by
  // the first request, which is "already imported", and the key recorded by it: the first 201 again.
  faults_.finds_missing = 1;
  faults_.uploads_unseen = 1;
  const Response third = post("/v1/contracts/c1/readings", csv, "text/csv", key);
  EXPECT_EQ(third.status, 201) << third.body;
  EXPECT_EQ(third.body, first.body);
  EXPECT_EQ(third.headers.get("Idempotent-Replayed"), "true");
  EXPECT_EQ(faults_.uploads_unseen, 0);
  // Without a key, the same race answers what a late lookup would have: 200 already_imported.
  faults_.uploads_unseen = 1;
  const Response keyless = post("/v1/contracts/c1/readings", csv, "text/csv");
  EXPECT_EQ(keyless.status, 200) << keyless.body;
  EXPECT_TRUE(contains(keyless.body, R"("status":"already_imported")")) << keyless.body;

  // Another body under that key, also looked up too early: its readings are written, then recording the
  // key fails inside the transaction, so they are rolled back and it gets the usual 409.
  faults_.finds_missing = 1;
  const Response other =
      post("/v1/contracts/c1/readings", csv + "E1,import_t1,2026-01-04T00:00:00Z,120.000\n", "text/csv", key);
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_TRUE(contains(other.body, "was used for another request")) << other.body;
  EXPECT_EQ(readings("c1"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM uploads"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM idempotency_records"), 1);
}

TEST_F(DataRoutesTest, WeatherUploadAndDegreeDays) {
  const std::string file = read_file(std::string(RENOFEE_TEST_DATA_DIR) + "/knmi/synthetic_348_2014.txt");
  const Response up = post("/v1/weather", file, "text/plain", {{"X-Test-Role", "operator"}});
  EXPECT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.body, R"({"station":348,"from":"2014-01-01","to":"2015-01-01","days":365,"days_without_tg":0,)"
                     R"("days_without_q":0,"stored":365})");
  const Response dd = get("/v1/weather/348/degree-days?from=2014-01-01&to=2015-01-01");
  EXPECT_EQ(dd.status, 200) << dd.body;
  EXPECT_EQ(dd.body,
            R"({"station":348,"from":"2014-01-01","to":"2015-01-01","days":365,"degree_days":"2814.6",)"
            R"("weighted_degree_days":"2857.91","irradiance_j_cm2":"369785","missing_days":[],)"
            R"("missing_irradiance_days":[]})");
  const Response broken =
      post("/v1/weather", "# STN,YYYYMMDD,TG,Q\n  348,20140101,  abc,  10\n", "text/plain");
  EXPECT_EQ(broken.status, 422) << broken.body;
  EXPECT_TRUE(contains(broken.body, R"("location":"line 2")")) << broken.body;
  EXPECT_EQ(post("/v1/weather", "# STN,YYYYMMDD,TG,Q\n", "text/plain").status, 422);
}

TEST_F(DataRoutesTest, UsageAndResidents) {
  ASSERT_EQ(post("/v1/contracts/c1/readings", csv, "text/csv").status, 201);
  const Response usage = get("/v1/contracts/c1/usage?from=2026-01-01&to=2026-01-03&granularity=day");
  EXPECT_EQ(usage.status, 200) << usage.body;
  EXPECT_TRUE(contains(usage.body,
                       R"("contract":"c1","from":"2026-01-01","to":"2026-01-03",)"
                       R"("period_utc":"2025-12-31T23:00:00Z/2026-01-02T23:00:00Z","granularity":"day")"))
      << usage.body;
  // 100.000 at 01-01 00:00Z, 108.125 at 01-02 00:00Z: local midnight 2025-12-31T23:00Z is before the first
  // reading, so the channel is not covered; from 01-02 on it is.
  EXPECT_TRUE(contains(usage.body, R"("error":)")) << usage.body;
  const Response covered = get("/v1/contracts/c1/usage?from=2026-01-02&to=2026-01-03&granularity=day");
  EXPECT_EQ(covered.status, 200);
  // [2026-01-01T23:00Z, 2026-01-02T23:00Z): 100 + 8.125 x 23/24 = 107.786458.. -> 107.786 (half-even, 3
  // decimals) and 108.125 + 8.125 x 23/24 = 115.911458.. -> 115.911: use 8.125.
  EXPECT_TRUE(contains(covered.body, R"("use":"8.125","estimated":true)")) << covered.body;
  EXPECT_TRUE(contains(covered.body, R"("register":"107.786","estimated":true)")) << covered.body;

  const std::vector<std::pair<std::string, std::string>> resident = {{"X-Test-Role", "resident"},
                                                                     {"X-Test-Contract", "c1"}};
  EXPECT_EQ(get("/v1/contracts/c1/usage?from=2026-01-02&to=2026-01-03", resident).status, 200);
  EXPECT_EQ(get("/v1/contracts/c2/usage?from=2026-01-02&to=2026-01-03", resident).status, 404);
  EXPECT_EQ(get("/v1/contracts/c2/usage?bogus", resident).status, 404);  // no hint before the 404
}

// The body of a problem without its instance (the request id), the one part that may differ.
std::string without_instance(const std::string& body) {
  const std::size_t at = body.find(R"(,"instance":")");
  if (at == std::string::npos) return body;
  return body.substr(0, at) + body.substr(body.find('"', at + 13) + 1);
}

// The tenancy rule on the data routes (app/tenancy.hpp): a contract that does not exist and one the caller
// may not see answer the same 404, before anything is read or stored.
TEST_F(DataRoutesTest, MissingAndForeignContractsAnswerTheSame404) {
  const std::vector<std::pair<std::string, std::string>> owner = {{"X-Test-Role", "financier"}};
  const std::vector<std::pair<std::string, std::string>> stranger = {{"X-Test-Role", "financier"},
                                                                     {"X-Test-Key", "key-other"}};
  // The owner uploads and reads its own contract.
  EXPECT_EQ(post("/v1/contracts/c1/readings", csv, "text/csv", owner).status, 201);
  EXPECT_EQ(get("/v1/contracts/c1/usage?from=2026-01-02&to=2026-01-03", owner).status, 200);

  const Response foreign_get = get("/v1/contracts/c1/usage?from=2026-01-02&to=2026-01-03", stranger);
  const Response missing_get = get("/v1/contracts/nope/usage?from=2026-01-02&to=2026-01-03", stranger);
  EXPECT_EQ(foreign_get.status, 404);
  EXPECT_EQ(foreign_get.content_type, "application/problem+json");
  EXPECT_EQ(without_instance(foreign_get.body),
            R"({"type":"https://renofee.example/problems/not-found","title":"Resource not found",)"
            R"("status":404,"detail":"no contract \"c1\""})");
  EXPECT_EQ(without_instance(missing_get.body),
            R"({"type":"https://renofee.example/problems/not-found","title":"Resource not found",)"
            R"("status":404,"detail":"no contract \"nope\""})");
  EXPECT_NE(foreign_get.body.find("\"instance\""), std::string::npos);

  // Another financier's upload into c1, and any upload into a contract that does not exist: 404, nothing stored.
  const Response foreign_post = post("/v1/contracts/c1/readings", csv, "text/csv", stranger);
  EXPECT_EQ(foreign_post.status, 404);
  EXPECT_EQ(without_instance(foreign_post.body), without_instance(foreign_get.body));
  const Response missing_post = post("/v1/contracts/nope/readings", csv, "text/csv");  // the auditor
  EXPECT_EQ(missing_post.status, 404);
  EXPECT_EQ(without_instance(missing_post.body), without_instance(missing_get.body));
  EXPECT_EQ(readings("c1"), 3);
  EXPECT_EQ(readings("nope"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM uploads"), 1);
  // The auditor reads every existing contract; an unknown one is a 404 for it too.
  EXPECT_EQ(get("/v1/contracts/c1/usage?from=2026-01-02&to=2026-01-03").status, 200);
  EXPECT_EQ(without_instance(get("/v1/contracts/nope/usage?from=2026-01-02&to=2026-01-03").body),
            without_instance(missing_get.body));
  // A resident whose key names a contract that does not exist gets the same 404 as for another's.
  const std::vector<std::pair<std::string, std::string>> ghost = {{"X-Test-Role", "resident"},
                                                                  {"X-Test-Contract", "nope"}};
  EXPECT_EQ(without_instance(get("/v1/contracts/nope/usage?from=2026-01-02&to=2026-01-03", ghost).body),
            without_instance(missing_get.body));
}

}  // namespace
}  // namespace renofee::http
