// Test plan for renofee/adapters/db/sql_reading_store.hpp together with app::ingest_readings, on every
// backend (docs/domain.md §6.4):
//  - atomic: an upload failing at row 900 of 1,000 (source error, validation error, conflict) leaves no
//    reading and no upload-log row;
//  - idempotent: the same content again is "already imported" and changes nothing; an overlapping upload
//    skips the duplicates and counts them; an exact repeat inside one file is stored once;
//  - conflicts: the same key with another value names the line and both values and stores nothing; a
//    correction upload replaces the value and records old and new; a contradiction inside one upload is
//    refused even as a correction;
//  - range queries: ordered, half-open, with the nearest readings before and after, never mixing meters,
//    channels or contracts; meters per channel (meter swaps);
//  - exact values: 99999999.999 kWh and 0.001 m3 come back exactly; values beyond int64 milli-units and
//    finer than 1 Wh are refused with their line;
//  - batch sizes 1, 7 and 1,000 give identical results;
//  - the same content opened concurrently on another connection (its lookup missed the first, still
//    uncommitted) is "already imported" once the first commits, not an error;
//  - a before_commit hook writes inside the upload's transaction: its failure or exception leaves neither
//    the readings nor what it wrote; its success commits both;
//  - an upload without readings leaves no upload-log row;
//  - across uploads a register never falls: below the stored reading before, above the one after (a reading
//    sent between two stored ones), in any batch of an interleaved upload, and for corrected values; a new
//    meter id is a swap; find_register_drop's window, flags and old falling pairs on their own.
#include "renofee/adapters/db/sql_reading_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "db_fixture.hpp"
#include "renofee/adapters/db/sql_key_store.hpp"
#include "renofee/app/ingest_readings.hpp"

namespace renofee::db {
namespace {

using app::IngestOptions;
using app::IngestSummary;
using app::SourcedReading;
using metering::Channel;
using metering::Reading;
using testing::dec;
using testing::fake_sha;
using testing::series;
using testing::utc;
using testing::VectorFeed;

class ReadingStore : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = std::make_unique<SqlReadingStore>(db());
  }
  void TearDown() override {
    store_.reset();
    DbTest::TearDown();
  }

  long long count(const std::string& sql) {
    long long n = -1;
    db().session() << sql, soci::into(n);
    return n;
  }
  long long readings_count() { return count("SELECT COUNT(*) FROM readings"); }
  long long uploads_count() { return count("SELECT COUNT(*) FROM uploads"); }

  IngestOptions options(int sha, bool correction = false, std::string contract = "C-1") {
    IngestOptions o;
    o.contract_id = std::move(contract);
    o.content_sha256 = fake_sha(sha);
    o.received_at = utc(2026, 11, 23, 12, 0, 0);
    o.correction = correction;
    return o;
  }

  Result<IngestSummary> ingest(std::vector<SourcedReading> rows, const IngestOptions& o) {
    VectorFeed feed(std::move(rows));
    return app::ingest_readings(*store_, feed, o);
  }

  std::unique_ptr<SqlReadingStore> store_;
};

const calendar::Instant jan1 = utc(2026, 1, 1);

TEST_P(ReadingStore, StoresOneUploadAndLogsIt) {
  Result<IngestSummary> done = ingest(series("E1", Channel::import_t1, jan1, 1000), options(1));
  ASSERT_TRUE(done.ok()) << describe(done.error());
  EXPECT_FALSE(done->already_imported);
  EXPECT_EQ(done->upload.rows_read, 1000);
  EXPECT_EQ(done->upload.rows_stored, 1000);
  EXPECT_EQ(done->upload.duplicates_skipped, 0);
  EXPECT_EQ(readings_count(), 1000);

  std::vector<app::UploadRecord> log = store_->uploads("C-1").value();
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0], done->upload);
  EXPECT_EQ(log[0].received_at, utc(2026, 11, 23, 12, 0, 0));
  EXPECT_EQ(log[0].content_sha256, fake_sha(1));
  EXPECT_EQ(app::describe(*done), "upload " + std::to_string(log[0].id) +
                                      ": 1000 read, 1000 stored, 0 duplicates skipped, 0 corrected");
}

TEST_P(ReadingStore, SourceErrorAtRow900LeavesNothing) {
  VectorFeed feed(series("E1", Channel::import_t1, jan1, 1000), 900,
                  invalid_argument("bad timestamp \"2026-13-01\"", "line 902"));
  Result<IngestSummary> failed = app::ingest_readings(*store_, feed, options(1));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().field, "line 902");
  EXPECT_EQ(readings_count(), 0);
  EXPECT_EQ(uploads_count(), 0);
  // The store is usable afterwards and the same content can be imported once fixed.
  ASSERT_TRUE(ingest(series("E1", Channel::import_t1, jan1, 1000), options(1)).ok());
  EXPECT_EQ(readings_count(), 1000);
}

TEST_P(ReadingStore, DecreasingRegisterAtRow900LeavesNothing) {
  std::vector<SourcedReading> rows = series("E1", Channel::import_t1, jan1, 1000);
  rows[900].reading.value = rows[899].reading.value - dec("0.001");
  Result<IngestSummary> failed = ingest(rows, options(1));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(failed.error().field, "line 902");
  EXPECT_NE(failed.error().message.find("register decreases from 1112.375 (line 901) to 1112.374"),
            std::string::npos)
      << failed.error().message;
  EXPECT_EQ(readings_count(), 0);
  EXPECT_EQ(uploads_count(), 0);
}

TEST_P(ReadingStore, ConflictAtRow900LeavesNothingAndNamesTheRow) {
  ASSERT_TRUE(ingest(series("E1", Channel::import_t1, jan1, 1000), options(1)).ok());
  // A second file of a new meter (all new keys) except row 900: a key of the first upload, another value.
  SourcedReading changed = series("E1", Channel::import_t1, jan1, 1000)[900];
  changed.reading.value = changed.reading.value + dec("0.5");
  std::vector<SourcedReading> second = series("E2", Channel::import_t1, jan1, 1000);
  second[900] = changed;
  Result<IngestSummary> failed = ingest(second, options(2));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::already_exists);
  EXPECT_EQ(failed.error().field, "line 902");
  EXPECT_NE(failed.error().message.find("meter E1 channel import_t1 at 2026-01-10T09:00:00Z: value 1113.000 "
                                        "conflicts with the stored 1112.500"),
            std::string::npos)
      << failed.error().message;
  EXPECT_EQ(readings_count(), 1000);  // only the first upload
  EXPECT_EQ(uploads_count(), 1);
}

TEST_P(ReadingStore, BeforeCommitWritesInsideTheUploadsTransaction) {
  // What the HTTP adapter does with an Idempotency-Key: record the answer on the same connection, inside
  // the upload's transaction, so the readings and the record are stored together or not at all.
  SqlIdempotencyStore idempotency(db());
  auto record = [](const std::string& key, const app::UploadRecord& upload) {
    return app::IdempotencyRecord{"key-1",
                                  key,
                                  std::string(64, 'f'),
                                  201,
                                  "application/json",
                                  "{\"upload\":" + std::to_string(upload.id) + "}",
                                  utc(2026, 11, 23)};
  };
  const long long committed_before = count("SELECT COUNT(*) FROM idempotency_records");

  // The hook fails after writing its record: nothing of the upload and nothing of the hook remains.
  IngestOptions failing = options(1);
  failing.before_commit = [&](const IngestSummary& stored) -> Result<void> {
    RENOFEE_CHECK(idempotency.save(record("k-failing", stored.upload)));
    return unavailable("the answer could not be recorded");
  };
  Result<IngestSummary> failed = ingest(series("E1", Channel::import_t1, jan1, 1000), failing);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::unavailable);
  EXPECT_EQ(failed.error().message, "the answer could not be recorded");
  EXPECT_EQ(readings_count(), 0);
  EXPECT_EQ(uploads_count(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM idempotency_records"), committed_before);

  // A hook that throws is an internal error naming the step; again nothing remains.
  IngestOptions throwing = options(1);
  throwing.before_commit = [](const IngestSummary&) -> Result<void> { throw std::runtime_error("boom"); };
  failed = ingest(series("E1", Channel::import_t1, jan1, 1000), throwing);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::internal);
  EXPECT_NE(failed.error().message.find("finishing the upload"), std::string::npos) << failed.error().message;
  EXPECT_EQ(readings_count(), 0);
  EXPECT_EQ(uploads_count(), 0);

  // The hook succeeds: readings, upload log and record are all there, the record with the final upload id.
  IngestOptions recording = options(1);
  recording.before_commit = [&](const IngestSummary& stored) -> Result<void> {
    EXPECT_EQ(stored.upload.rows_read, 1000);
    EXPECT_EQ(stored.upload.rows_stored, 1000);
    return idempotency.save(record("k-ok", stored.upload));
  };
  Result<IngestSummary> done = ingest(series("E1", Channel::import_t1, jan1, 1000), recording);
  ASSERT_TRUE(done.ok()) << describe(done.error());
  EXPECT_EQ(readings_count(), 1000);
  EXPECT_EQ(uploads_count(), 1);
  std::optional<app::IdempotencyRecord> kept = idempotency.find("key-1", "k-ok").value();
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->body, "{\"upload\":" + std::to_string(done->upload.id) + "}");
  EXPECT_FALSE(idempotency.find("key-1", "k-failing").value().has_value());
}

// Announces that begin_upload was reached (the upload-log lookup is done) before opening the upload.
class AnnouncingStore final : public app::ReadingStore {
 public:
  explicit AnnouncingStore(app::ReadingStore& inner) : inner_(inner) {}
  std::promise<void> reached_begin;
  Result<std::optional<app::UploadRecord>> find_upload(std::string_view c, std::string_view s) override {
    return inner_.find_upload(c, s);
  }
  Result<std::vector<app::UploadRecord>> uploads(std::string_view c) override { return inner_.uploads(c); }
  Result<std::unique_ptr<app::ReadingUpload>> begin_upload(const app::UploadRequest& r) override {
    reached_begin.set_value();
    return inner_.begin_upload(r);
  }
  Result<app::ReadingRange> readings(std::string_view c, std::string_view m, Channel ch,
                                     calendar::Instant from, calendar::Instant to) override {
    return inner_.readings(c, m, ch, from, to);
  }
  Result<std::vector<app::MeterSpan>> meters(std::string_view c, Channel ch) override {
    return inner_.meters(c, ch);
  }
  Result<std::vector<app::CorrectionRecord>> corrections(std::int64_t id) override {
    return inner_.corrections(id);
  }
  Result<std::vector<app::LateUpload>> late_uploads(std::string_view c, int year) override {
    return inner_.late_uploads(c, year);
  }
  Result<std::vector<Reading>> channel_readings(std::string_view c, Channel ch, calendar::Instant from,
                                                calendar::Instant to) override {
    return inner_.channel_readings(c, ch, from, to);
  }

 private:
  app::ReadingStore& inner_;
};

TEST_P(ReadingStore, ConcurrentUploadOfTheSameContentIsAlreadyImported) {
  if (GetParam() == testing::Backend::sqlite_memory) GTEST_SKIP() << ":memory: has no second connection";
  const std::vector<SourcedReading> rows = series("E1", Channel::import_t1, jan1, 200);
  // The first upload is open and holds its rows, uncommitted.
  std::unique_ptr<app::ReadingUpload> first =
      store_->begin_upload(app::UploadRequest{"C-1", fake_sha(5), utc(2026, 11, 23, 12, 0, 0), false})
          .value();
  ASSERT_TRUE(first->add(rows).ok());

  // The same content on another connection: its lookup misses the uncommitted upload, then opening its
  // own upload waits for the first (SQLite's writer lock; PostgreSQL's unique index on the upload log).
  DatabaseOptions patient;
  patient.busy_timeout = std::chrono::milliseconds(20'000);
  std::unique_ptr<Database> other = open_connection(patient);
  SqlReadingStore second_store(*other);
  AnnouncingStore announcing(second_store);
  std::future<void> reached = announcing.reached_begin.get_future();
  std::future<Result<IngestSummary>> second = std::async(std::launch::async, [&] {
    VectorFeed feed(rows);
    return app::ingest_readings(announcing, feed, options(5));
  });
  ASSERT_EQ(reached.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let it block (either way the lookup missed)
  const app::UploadRecord committed = first->commit(200, {}).value();

  Result<IngestSummary> outcome = second.get();
  ASSERT_TRUE(outcome.ok()) << describe(outcome.error());
  EXPECT_TRUE(outcome->already_imported);
  EXPECT_EQ(outcome->upload, committed);
  EXPECT_EQ(readings_count(), 200);
  EXPECT_EQ(uploads_count(), 1);
}

TEST_P(ReadingStore, SameContentAgainIsAlreadyImported) {
  Result<IngestSummary> first = ingest(series("E1", Channel::gas, jan1, 300), options(7));
  ASSERT_TRUE(first.ok());
  Result<IngestSummary> again = ingest(series("E1", Channel::gas, jan1, 300), options(7));
  ASSERT_TRUE(again.ok()) << describe(again.error());
  EXPECT_TRUE(again->already_imported);
  EXPECT_EQ(again->upload, first->upload);
  EXPECT_EQ(app::describe(*again), "already imported as upload " + std::to_string(first->upload.id) +
                                       " on 2026-11-23T12:00:00Z, nothing changed");
  EXPECT_EQ(readings_count(), 300);
  EXPECT_EQ(uploads_count(), 1);
  // The same content for another contract is that contract's own upload.
  Result<IngestSummary> other = ingest(series("E1", Channel::gas, jan1, 300), options(7, false, "C-2"));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->already_imported);
  EXPECT_EQ(readings_count(), 600);
}

TEST_P(ReadingStore, OverlappingUploadSkipsDuplicates) {
  const std::vector<SourcedReading> all = series("E1", Channel::import_t2, jan1, 1000);
  ASSERT_TRUE(ingest({all.begin(), all.begin() + 600}, options(1)).ok());
  Result<IngestSummary> second = ingest({all.begin() + 400, all.end()}, options(2));
  ASSERT_TRUE(second.ok()) << describe(second.error());
  EXPECT_EQ(second->upload.rows_read, 600);
  EXPECT_EQ(second->upload.rows_stored, 400);
  EXPECT_EQ(second->upload.duplicates_skipped, 200);
  EXPECT_EQ(readings_count(), 1000);
  // The duplicates keep the upload that stored them first.
  EXPECT_EQ(count("SELECT COUNT(*) FROM readings WHERE upload_id = " + std::to_string(second->upload.id)),
            400);
}

TEST_P(ReadingStore, ExactRepeatInsideOneFileIsStoredOnce) {
  std::vector<SourcedReading> rows = series("E1", Channel::import_t1, jan1, 10);
  const SourcedReading repeated = rows[4];
  rows.insert(rows.begin() + 5, repeated);  // line 6 twice
  Result<IngestSummary> done = ingest(rows, options(1));
  ASSERT_TRUE(done.ok()) << describe(done.error());
  EXPECT_EQ(done->upload.rows_read, 11);
  EXPECT_EQ(done->upload.rows_stored, 10);
  EXPECT_EQ(done->upload.duplicates_skipped, 1);
}

TEST_P(ReadingStore, ContradictionInsideOneFileIsRefusedEvenAsCorrection) {
  std::vector<SourcedReading> rows = series("E1", Channel::import_t1, jan1, 10);
  SourcedReading again = rows[4];
  again.reading.value = again.reading.value + dec("0.001");
  again.line = 99;
  rows.insert(rows.begin() + 5, again);
  Result<IngestSummary> failed = ingest(rows, options(1, true));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::already_exists);
  EXPECT_EQ(failed.error().field, "line 99");
  EXPECT_NE(failed.error().message.find("value 1000.501 contradicts 1000.500 on line 6"), std::string::npos)
      << failed.error().message;
  EXPECT_EQ(readings_count(), 0);

  // The store refuses it too when a batch reaches it directly (other feeds may not validate).
  std::unique_ptr<app::ReadingUpload> upload =
      store_->begin_upload(app::UploadRequest{"C-1", fake_sha(2), jan1, true}).value();
  std::vector<SourcedReading> batch = {rows[4], again};
  Result<app::BatchOutcome> refused = upload->add(batch);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "line 99");
  EXPECT_NE(refused.error().message.find("earlier in the same upload"), std::string::npos);
  upload.reset();
  EXPECT_EQ(readings_count(), 0);
  EXPECT_EQ(uploads_count(), 0);
}

TEST_P(ReadingStore, CorrectionReplacesAndIsRecorded) {
  Result<IngestSummary> first = ingest(series("G1", Channel::gas, jan1, 100), options(1));
  ASSERT_TRUE(first.ok());
  std::vector<SourcedReading> fixed = series("G1", Channel::gas, jan1, 100);
  fixed[40].reading.value = dec("1005.010");  // was 1005.000
  fixed[41].reading.value = dec("1005.130");  // was 1005.125
  Result<IngestSummary> refused = ingest(fixed, options(2));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "line 42");
  EXPECT_NE(refused.error().message.find("send it as a correction"), std::string::npos);

  Result<IngestSummary> corrected = ingest(fixed, options(2, true));
  ASSERT_TRUE(corrected.ok()) << describe(corrected.error());
  EXPECT_EQ(corrected->upload.rows_corrected, 2);
  EXPECT_EQ(corrected->upload.duplicates_skipped, 98);
  EXPECT_EQ(corrected->upload.rows_stored, 0);
  EXPECT_TRUE(corrected->upload.correction);

  const std::vector<app::CorrectionRecord> log = store_->corrections(corrected->upload.id).value();
  ASSERT_EQ(log.size(), 2U);
  EXPECT_EQ(log[0],
            (app::CorrectionRecord{corrected->upload.id, first->upload.id, "G1", Channel::gas,
                                   jan1 + std::chrono::minutes(600), dec("1005.000"), dec("1005.010")}));
  EXPECT_EQ(log[1].old_value, dec("1005.125"));
  EXPECT_EQ(log[1].new_value, dec("1005.130"));

  app::ReadingRange range = store_
                                ->readings("C-1", "G1", Channel::gas, jan1 + std::chrono::minutes(600),
                                           jan1 + std::chrono::minutes(601))
                                .value();
  ASSERT_EQ(range.inside.size(), 1U);
  EXPECT_EQ(range.inside[0].value, dec("1005.010"));
}

TEST_P(ReadingStore, RangeQueryIsOrderedHalfOpenWithNeighbours) {
  std::vector<SourcedReading> rows;
  for (int h = 0; h <= 10; ++h) {
    rows.push_back(
        SourcedReading{Reading{"E1", Channel::import_t1, jan1 + std::chrono::hours(h), Decimal(100 + h)}, h});
    // Noise that must never show up: another meter, channel and contract at the same instants.
    rows.push_back(
        SourcedReading{Reading{"E9", Channel::import_t1, jan1 + std::chrono::hours(h), Decimal(7)}, h});
    rows.push_back(
        SourcedReading{Reading{"E1", Channel::export_t1, jan1 + std::chrono::hours(h), Decimal(8)}, h});
  }
  ASSERT_TRUE(ingest(rows, options(1)).ok());
  ASSERT_TRUE(ingest(series("E1", Channel::import_t1, jan1, 50, Decimal(0)), options(1, false, "C-2")).ok());

  struct Case {
    int line;
    int from_minutes, to_minutes;
    std::optional<int> before;  // hour of the reading before, if any
    std::vector<int> inside;    // hours inside
    std::optional<int> after;
  };
  const std::vector<Case> cases = {
      {__LINE__, 210, 360, 3, {4, 5}, 6},            // [03:30, 06:00): 06:00 is the one after
      {__LINE__, 180, 180, 2, {}, 3},                // empty range at a reading
      {__LINE__, 180, 181, 2, {3}, 4},               // a reading on `from` is inside
      {__LINE__, -60, 30, std::nullopt, {0}, 1},     // nothing before the data
      {__LINE__, 570, 1000, 9, {10}, std::nullopt},  // nothing after the data
      {__LINE__, 660, 700, 10, {}, std::nullopt},    // entirely after
      {__LINE__, -600, -10, std::nullopt, {}, 0},    // entirely before
      {__LINE__, 0, 660, std::nullopt, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    app::ReadingRange range =
        store_
            ->readings("C-1", "E1", Channel::import_t1, jan1 + std::chrono::minutes(c.from_minutes),
                       jan1 + std::chrono::minutes(c.to_minutes))
            .value();
    ASSERT_EQ(range.before.has_value(), c.before.has_value());
    if (c.before) {
      EXPECT_EQ(range.before->at, jan1 + std::chrono::hours(*c.before));
      EXPECT_EQ(range.before->value, Decimal(100 + *c.before));
    }
    ASSERT_EQ(range.inside.size(), c.inside.size());
    for (std::size_t i = 0; i < c.inside.size(); ++i) {
      EXPECT_EQ(range.inside[i], (Reading{"E1", Channel::import_t1, jan1 + std::chrono::hours(c.inside[i]),
                                          Decimal(100 + c.inside[i])}));
    }
    ASSERT_EQ(range.after.has_value(), c.after.has_value());
    if (c.after) {
      EXPECT_EQ(range.after->at, jan1 + std::chrono::hours(*c.after));
    }
  }
  Result<app::ReadingRange> backwards =
      store_->readings("C-1", "E1", Channel::import_t1, jan1 + std::chrono::hours(2), jan1);
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.error().code, ErrorCode::invalid_argument);
}

TEST_P(ReadingStore, MetersPerChannelShowSwaps) {
  std::vector<SourcedReading> rows = series("OLD", Channel::import_t1, jan1, 96);
  std::vector<SourcedReading> new_meter =
      series("NEW", Channel::import_t1, jan1 + std::chrono::hours(24), 48, 0);
  rows.insert(rows.end(), new_meter.begin(), new_meter.end());
  ASSERT_TRUE(ingest(rows, options(1)).ok());
  const std::vector<app::MeterSpan> meters = store_->meters("C-1", Channel::import_t1).value();
  ASSERT_EQ(meters.size(), 2U);
  EXPECT_EQ(meters[0], (app::MeterSpan{"OLD", jan1, jan1 + std::chrono::minutes(15 * 95), 96}));
  EXPECT_EQ(meters[1], (app::MeterSpan{"NEW", jan1 + std::chrono::hours(24),
                                       jan1 + std::chrono::hours(24) + std::chrono::minutes(15 * 47), 48}));
  EXPECT_TRUE(store_->meters("C-1", Channel::gas).value().empty());
  EXPECT_TRUE(store_->meters("C-unknown", Channel::import_t1).value().empty());
}

// The one-statement channel query must give exactly what meters() + readings() per meter give (the port's
// default), for every window around a meter swap, at readings and between them, and never another contract's
// or channel's rows.
TEST_P(ReadingStore, ChannelQueryEqualsPerMeterQueries) {
  std::vector<SourcedReading> rows = series("OLD", Channel::import_t1, jan1, 96);
  std::vector<SourcedReading> new_meter =
      series("NEW", Channel::import_t1, jan1 + std::chrono::hours(24), 48, 0);
  rows.insert(rows.end(), new_meter.begin(), new_meter.end());
  std::vector<SourcedReading> noise = series("OLD", Channel::export_t1, jan1, 96);
  rows.insert(rows.end(), noise.begin(), noise.end());
  ASSERT_TRUE(ingest(rows, options(1)).ok());
  ASSERT_TRUE(ingest(series("OLD", Channel::import_t1, jan1, 50, Decimal(0)), options(1, false, "C-2")).ok());
  auto sorted = [](std::vector<Reading> v) {
    std::sort(v.begin(), v.end(), [](const Reading& a, const Reading& b) {
      return std::tie(a.at, a.meter_id) < std::tie(b.at, b.meter_id);
    });
    return v;
  };
  int compared = 0;
  for (int from = -60; from <= 2000; from += 97) {
    for (int length : {0, 7, 15, 600, 1500, 3000}) {
      const calendar::Instant t0 = jan1 + std::chrono::minutes(from), t1 = t0 + std::chrono::minutes(length);
      SCOPED_TRACE("window " + std::to_string(from) + " + " + std::to_string(length) + " minutes");
      const std::vector<Reading> one = store_->channel_readings("C-1", Channel::import_t1, t0, t1).value();
      const std::vector<Reading> per_meter =
          store_->app::ReadingStore::channel_readings("C-1", Channel::import_t1, t0, t1).value();
      ASSERT_EQ(sorted(one), sorted(per_meter));
      ++compared;
    }
  }
  EXPECT_EQ(compared, 132);
  EXPECT_EQ(
      store_->channel_readings("C-1", Channel::import_t1, jan1, jan1 + std::chrono::hours(30)).value().size(),
      96U + 24U + 1U);  // all of OLD (its last reading is before the end), NEW's first 24 h and the one after
  EXPECT_TRUE(
      store_->channel_readings("C-1", Channel::gas, jan1, jan1 + std::chrono::hours(1)).value().empty());
}

TEST_P(ReadingStore, ValuesRoundTripExactly) {
  struct Case {
    int line;
    Channel channel;
    std::string value;
  };
  const std::vector<Case> cases = {
      {__LINE__, Channel::import_t1, "0"},
      {__LINE__, Channel::import_t1, "0.001"},
      {__LINE__, Channel::export_t2, "99999999.999"},
      {__LINE__, Channel::gas, "12345.5"},
      {__LINE__, Channel::gas, "9223372036854775.807"},  // the largest int64 in milli-units
      {__LINE__, Channel::pv_generation, "0.1"},
      {__LINE__, Channel::heat_pump, "1.10"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    const std::string meter = "M" + std::to_string(c.line);
    ASSERT_TRUE(
        ingest({SourcedReading{Reading{meter, c.channel, jan1, dec(c.value)}, c.line}}, options(c.line))
            .ok());
    app::ReadingRange range =
        store_->readings("C-1", meter, c.channel, jan1, jan1 + std::chrono::seconds(1)).value();
    ASSERT_EQ(range.inside.size(), 1U);
    EXPECT_EQ(range.inside[0].value, dec(c.value));
    EXPECT_EQ(range.inside[0].value.scale(), 3);  // always Wh / dm3 resolution
  }
  long long milli = 0;
  db().session() << "SELECT value_milli FROM reading_values WHERE channel = 'export_t2'", soci::into(milli);
  EXPECT_EQ(milli, 99999999999LL);
}

TEST_P(ReadingStore, UnstorableValuesAreRefusedWithTheirLine) {
  struct Case {
    int line;
    std::string value;
    ErrorCode code;
  };
  const std::vector<Case> cases = {
      {__LINE__, "9223372036854775.808", ErrorCode::out_of_range},  // one milli-unit beyond int64
      {__LINE__, "1.0001", ErrorCode::invalid_argument},            // finer than 1 Wh
      {__LINE__, "-0.001", ErrorCode::invalid_argument},            // registers do not go negative
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    std::vector<SourcedReading> rows = series("E1", Channel::import_t1, jan1, 5);
    rows.push_back(SourcedReading{Reading{"E2", Channel::import_t1, jan1, dec(c.value)}, 77});
    Result<IngestSummary> failed = ingest(rows, options(c.line));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, c.code) << describe(failed.error());
    EXPECT_EQ(failed.error().field, "line 77");
    EXPECT_EQ(readings_count(), 0);
  }
}

TEST_P(ReadingStore, BatchSizeDoesNotChangeTheOutcome) {
  for (std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
    SCOPED_TRACE("batch size " + std::to_string(batch));
    const std::string contract = "B" + std::to_string(batch);
    const std::vector<SourcedReading> all = series("E1", Channel::import_t1, jan1, 250);
    IngestOptions first = options(1, false, contract);
    first.batch_size = batch;
    ASSERT_TRUE(ingest({all.begin(), all.begin() + 150}, first).ok());
    IngestOptions second = options(2, false, contract);
    second.batch_size = batch;
    Result<IngestSummary> done = ingest(all, second);
    ASSERT_TRUE(done.ok()) << describe(done.error());
    EXPECT_EQ(done->upload.rows_stored, 100);
    EXPECT_EQ(done->upload.duplicates_skipped, 150);
  }
}

TEST_P(ReadingStore, BadOptionsAreRefusedBeforeTouchingTheStore) {
  IngestOptions bad = options(1);
  bad.content_sha256 = "ABC";
  Result<IngestSummary> refused = ingest(series("E1", Channel::import_t1, jan1, 3), bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "content_sha256");
  bad = options(1, false, "");
  refused = ingest(series("E1", Channel::import_t1, jan1, 3), bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "contract");
  EXPECT_EQ(uploads_count(), 0);
}

TEST_P(ReadingStore, AnUploadWithoutReadingsLeavesNoUpload) {
  Result<IngestSummary> refused = ingest({}, options(1));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(refused.error().field, "line 1");
  EXPECT_EQ(uploads_count(), 0);
  // The same (empty) content is refused again, not "already imported".
  refused = ingest({}, options(1));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(uploads_count(), 0);
}

// A register may not fall across uploads either: against the stored reading before an upload's reading and
// the one after it (a reading sent between two stored ones), on every backend; a new meter id is a swap.
TEST_P(ReadingStore, RegisterFallingAcrossUploadsIsRefused) {
  // Upload 1: E1 import_t1 every 15 minutes from 1000.000 rising 0.125 (lines 2..101).
  Result<IngestSummary> first = ingest(series("E1", Channel::import_t1, jan1, 100), options(1));
  ASSERT_TRUE(first.ok()) << describe(first.error());
  const std::string by_first = "stored by upload " + std::to_string(first->upload.id);
  const auto minutes = [](int m) { return jan1 + std::chrono::minutes(m); };
  struct Case {
    int line;
    std::string meter;
    int minute;
    std::string value;
    std::string message;  // empty: accepted
  };
  const std::vector<Case> cases = {
      // After the last stored reading (1012.375 at 24:45), lower.
      {__LINE__, "E1", 1500, "1012.000",
       "meter E1 channel import_t1: register decreases from 1012.375 at 2026-01-02T00:45:00Z (" + by_first +
           ") to 1012.000 at 2026-01-02T01:00:00Z (line 2); a replaced meter is uploaded under its new meter "
           "id"},
      // Between 1000.125 (00:15) and 1000.250 (00:30): above the one after it.
      {__LINE__, "E1", 20, "1000.300",
       "meter E1 channel import_t1: register decreases from 1000.300 at 2026-01-01T00:20:00Z (line 2) to "
       "1000.250 at 2026-01-01T00:30:00Z (" +
           by_first + "); a replaced meter is uploaded under its new meter id"},
      // Between them, below the one before it.
      {__LINE__, "E1", 20, "1000.100",
       "meter E1 channel import_t1: register decreases from 1000.125 at 2026-01-01T00:15:00Z (" + by_first +
           ") to 1000.100 at 2026-01-01T00:20:00Z (line 2); a replaced meter is uploaded under its new meter "
           "id"},
      // Before the first stored reading, above it.
      {__LINE__, "E1", -15, "1000.001",
       "meter E1 channel import_t1: register decreases from 1000.001 at 2025-12-31T23:45:00Z (line 2) to "
       "1000.000 at 2026-01-01T00:00:00Z (" +
           by_first + "); a replaced meter is uploaded under its new meter id"},
      {__LINE__, "E1", 20, "1000.125", ""},    // between them, equal to the one before
      {__LINE__, "E1", 25, "1000.250", ""},    // equal to the one after
      {__LINE__, "E1", 1500, "1012.375", ""},  // flat after the end
      {__LINE__, "E2", 1500, "0.500", ""},     // a new meter (a swap) starts low
  };
  int sha = 100;
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    const long long readings_before = readings_count(), uploads_before = uploads_count();
    Result<IngestSummary> done =
        ingest({SourcedReading{Reading{c.meter, Channel::import_t1, minutes(c.minute), dec(c.value)}, 2}},
               options(++sha));
    if (c.message.empty()) {
      ASSERT_TRUE(done.ok()) << describe(done.error());
      EXPECT_EQ(readings_count(), readings_before + 1);
      continue;
    }
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::failed_precondition);
    EXPECT_EQ(done.error().field, "line 2");
    EXPECT_EQ(done.error().message, c.message);
    EXPECT_EQ(readings_count(), readings_before);
    EXPECT_EQ(uploads_count(), uploads_before);
  }
}

// Interleaved with stored readings over many batches, the fall is found in whichever batch it is, also
// against the stored reading right after a batch's last reading; a correction is checked with its new value.
TEST_P(ReadingStore, FallIsFoundInAnyBatchOfAnInterleavedUpload) {
  // Upload 1: every even quarter hour (value 1000 + 0.250 k); upload 2 fills the odd ones (+0.125).
  std::vector<SourcedReading> all = series("E1", Channel::gas, jan1, 3000);
  std::vector<SourcedReading> even, odd;
  for (std::size_t i = 0; i < all.size(); ++i)
    (i % 2 == 0 ? even : odd).push_back(all[i]);
  ASSERT_TRUE(ingest(even, options(1)).ok());
  for (std::size_t bad : {std::size_t{0}, std::size_t{499}, std::size_t{500}, std::size_t{1498}}) {
    SCOPED_TRACE("odd reading " + std::to_string(bad) + " too high");
    std::vector<SourcedReading> rows = odd;
    rows[bad].reading.value = rows[bad].reading.value + dec("0.200");  // above the even reading after it
    IngestOptions o = options(static_cast<int>(10 + bad));
    o.batch_size = 500;
    Result<IngestSummary> refused = ingest(rows, o);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);
    EXPECT_EQ(refused.error().field, "line " + std::to_string(rows[bad].line));
    EXPECT_EQ(readings_count(), 1500);
  }
  IngestOptions o = options(2);
  o.batch_size = 500;
  Result<IngestSummary> filled = ingest(odd, o);
  ASSERT_TRUE(filled.ok()) << describe(filled.error());
  EXPECT_EQ(readings_count(), 3000);

  // A correction that lowers a stored value below its predecessor is refused; one that keeps order is not.
  std::vector<SourcedReading> lower = {all[10]};
  lower[0].reading.value = all[9].reading.value - dec("0.001");
  Result<IngestSummary> refused = ingest(lower, options(3, true));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(refused.error().message.find("(stored by upload " + std::to_string(filled->upload.id) + ")"),
            std::string::npos)
      << refused.error().message;
  lower[0].reading.value = all[9].reading.value;
  Result<IngestSummary> corrected = ingest(lower, options(4, true));
  ASSERT_TRUE(corrected.ok()) << describe(corrected.error());
  EXPECT_EQ(corrected->upload.rows_corrected, 1);
}

// The port on its own: the window reaches the stored neighbours, pairs of two other uploads' readings are
// not reported (stored before the check existed), `readings_after` says whether anything lies after `last`.
TEST_P(ReadingStore, FindRegisterDropSeesTheWindowAroundABatch) {
  ASSERT_TRUE(ingest(series("E1", Channel::gas, jan1, 4), options(1)).ok());  // 1000.000 .. 1000.375
  // Old data that already falls (written before the rule): 00:45 lowered to 999.000.
  db().session() << "UPDATE readings SET value_milli = 999000 WHERE instant = "
                 << std::to_string((jan1 + std::chrono::minutes(45)).time_since_epoch().count());
  const std::int64_t old_upload = store_->uploads("C-1").value().at(0).id;

  std::unique_ptr<app::ReadingUpload> upload =
      store_->begin_upload(app::UploadRequest{"C-1", fake_sha(2), jan1, false}).value();
  const auto at = [](int m) { return jan1 + std::chrono::minutes(m); };
  const std::vector<SourcedReading> batch = {
      SourcedReading{Reading{"E1", Channel::gas, at(20), dec("1000.200")}, 2},
      SourcedReading{Reading{"E1", Channel::gas, at(25), dec("1000.300")}, 3}};  // above 00:30's 1000.250
  ASSERT_TRUE(upload->add(batch).ok());
  app::DropSearch found = upload->find_register_drop("E1", Channel::gas, at(20), at(25)).value();
  EXPECT_TRUE(found.readings_after);
  ASSERT_TRUE(found.drop.has_value());
  const std::int64_t open_upload = found.drop->earlier.upload_id;
  EXPECT_NE(open_upload, old_upload);
  EXPECT_EQ(found.drop->earlier,
            (app::NeighbourReading{Reading{"E1", Channel::gas, at(25), dec("1000.300")}, open_upload, true}));
  EXPECT_EQ(found.drop->later,
            (app::NeighbourReading{Reading{"E1", Channel::gas, at(30), dec("1000.250")}, old_upload, false}));
  // From 00:30 (the reading before 00:40) to 00:50 only the old pair 00:30 -> 00:45 falls: not reported.
  ASSERT_TRUE(upload
                  ->add(std::vector<SourcedReading>{
                      SourcedReading{Reading{"E1", Channel::gas, at(50), dec("999.500")}, 4}})
                  .ok());
  found = upload->find_register_drop("E1", Channel::gas, at(40), at(50)).value();
  EXPECT_FALSE(found.readings_after);
  EXPECT_FALSE(found.drop.has_value());
  // A meter channel this contract has never stored.
  found = upload->find_register_drop("E9", Channel::gas, at(0), at(50)).value();
  EXPECT_FALSE(found.readings_after);
  EXPECT_FALSE(found.drop.has_value());
  EXPECT_FALSE(upload->find_register_drop("E1", Channel::gas, at(50), at(0)).ok());
}

RENOFEE_INSTANTIATE_BACKENDS(ReadingStore);

}  // namespace
}  // namespace renofee::db
