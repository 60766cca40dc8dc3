// Test plan for renofee/app/ingest_readings.hpp against an in-memory fake store (the SQL stores run the same
// use case in tests/adapters/db):
//  - known content: the store's upload log answers, the feed is never read, no upload is opened;
//  - batching: rows reach the store in batches of exactly batch_size, the remainder last, then one commit
//    with the number of rows read; the summary adds up the batch outcomes;
//  - every failure (feed error, validation, store error) leaves the upload uncommitted and names the line;
//  - validation table: meter id length, register sign and resolution, time order, decreasing register,
//    exact repeat (passed on as a duplicate) and same-instant contradiction;
//  - upload bounds: readings and (meter, channel) series, refused one past the bound, naming the line;
//  - option checks: contract id, SHA-256 shape, batch size, bounds;
//  - an upload without readings is refused at "line 1" and never logged;
//  - continuity across uploads: the store is asked per meter channel after each stored batch until nothing
//    is stored after the upload's readings, never after a batch of duplicates only; a fall it reports is failed_precondition at this upload's line,
//    naming both readings;
//  - ReadingChecks on its own (the one place of the upload rules): accepted / repeat outcomes, the series
//    count, the position name in fields and messages ("telegram 3"), and value_conflict's one wording.
#include "renofee/app/ingest_readings.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include "support/literals.hpp"

namespace renofee::app {
namespace {

using metering::Channel;

calendar::Instant t(int minutes) {
  return calendar::Instant(date::sys_days(calendar::make_date(2026, 3, 29))) + std::chrono::minutes(minutes);
}

const std::string sha = std::string(63, '0') + "1";

struct Log {
  std::vector<std::size_t> batch_sizes;
  std::int64_t committed_rows_read = -1;
  bool open = false;
  bool dropped_uncommitted = false;
  bool hooked_uncommitted = false;  // before_commit ran while the upload was still uncommitted
  std::optional<Error> fail_batch;  // error returned by the next add()
  bool all_duplicates = false;      // add() answers that every row was stored before
  // find_register_drop: every call (meter, channel, first, last) and what it answers.
  struct DropCall {
    std::string meter;
    Channel channel;
    calendar::Instant first, last;
    std::size_t batches_added;  // add() calls before it: the batch it checks is stored already
  };
  std::vector<DropCall> drop_calls;
  std::function<DropSearch(const DropCall&)> drop_answer = [](const DropCall&) { return DropSearch{}; };
  // own_readings_in: what it answers for a period; mark_late: what it was asked to record.
  std::function<std::int64_t(calendar::Instant, calendar::Instant)> own_in =
      [](calendar::Instant, calendar::Instant) { return 0; };
  std::vector<LateUpload> marks;
};

class FakeUpload final : public ReadingUpload {
 public:
  explicit FakeUpload(Log& log) : log_(log) { log_.open = true; }
  ~FakeUpload() override {
    if (log_.committed_rows_read < 0) log_.dropped_uncommitted = true;
    log_.open = false;
  }
  Result<BatchOutcome> add(std::span<const SourcedReading> batch) override {
    if (log_.fail_batch) return *log_.fail_batch;
    log_.batch_sizes.push_back(batch.size());
    // Pretend every third row was a duplicate (or all of them).
    const auto dups = static_cast<std::int64_t>(log_.all_duplicates ? batch.size() : batch.size() / 3);
    stored_ += static_cast<std::int64_t>(batch.size()) - dups;
    dups_ += dups;
    return BatchOutcome{static_cast<std::int64_t>(batch.size()) - dups, dups, 0};
  }
  Result<DropSearch> find_register_drop(std::string_view meter, Channel channel, calendar::Instant first,
                                        calendar::Instant last) override {
    log_.drop_calls.push_back({std::string(meter), channel, first, last, log_.batch_sizes.size()});
    return log_.drop_answer(log_.drop_calls.back());
  }
  Result<std::int64_t> own_readings_in(calendar::Instant from, calendar::Instant to) override {
    return log_.own_in(from, to);
  }
  Result<void> mark_late(int year, int report_version, std::int64_t readings) override {
    log_.marks.push_back(LateUpload{year, report_version, 0, {}, readings});
    return success();
  }
  Result<UploadRecord> commit(std::int64_t rows_read, const BeforeCommit& before_commit) override {
    UploadRecord r;
    r.id = 42;
    r.rows_read = rows_read;
    r.rows_stored = stored_;
    r.duplicates_skipped = dups_;
    if (before_commit) {
      log_.hooked_uncommitted = log_.committed_rows_read < 0;
      Result<void> hooked = before_commit(r);
      if (!hooked) return hooked.error();  // not committed: the destructor records the drop
    }
    log_.committed_rows_read = rows_read;
    return r;
  }

 private:
  Log& log_;
  std::int64_t stored_ = 0, dups_ = 0;
};

class FakeStore final : public ReadingStore {
 public:
  Log log;
  std::optional<UploadRecord> known;
  // A concurrent upload of the same content: begin_upload fails with this error, after which the upload log
  // knows `committed_meanwhile`.
  std::optional<Error> begin_error;
  std::optional<UploadRecord> committed_meanwhile;
  int lookups = 0;
  Result<std::optional<UploadRecord>> find_upload(std::string_view, std::string_view) override {
    ++lookups;
    return known;
  }
  Result<std::vector<UploadRecord>> uploads(std::string_view) override { return std::vector<UploadRecord>{}; }
  Result<std::unique_ptr<ReadingUpload>> begin_upload(const UploadRequest&) override {
    if (begin_error) {
      known = committed_meanwhile;
      return *begin_error;
    }
    return std::unique_ptr<ReadingUpload>(new FakeUpload(log));
  }
  Result<ReadingRange> readings(std::string_view, std::string_view, Channel, calendar::Instant,
                                calendar::Instant) override {
    return ReadingRange{};
  }
  Result<std::vector<MeterSpan>> meters(std::string_view, Channel) override {
    return std::vector<MeterSpan>{};
  }
  Result<std::vector<CorrectionRecord>> corrections(std::int64_t) override {
    return std::vector<CorrectionRecord>{};
  }
  Result<std::vector<LateUpload>> late_uploads(std::string_view, int) override {
    return std::vector<LateUpload>{};
  }
};

class ListFeed final : public ReadingFeed {
 public:
  explicit ListFeed(std::vector<SourcedReading> rows, std::optional<std::size_t> fail_at = {})
      : rows_(std::move(rows)), fail_at_(fail_at) {}
  Result<std::optional<SourcedReading>> next() override {
    ++calls;
    if (fail_at_ && next_ == *fail_at_) return invalid_argument("unreadable line", "line 9");
    if (next_ == rows_.size()) return std::optional<SourcedReading>();
    return std::optional<SourcedReading>(rows_[next_++]);
  }
  int calls = 0;

 private:
  std::vector<SourcedReading> rows_;
  std::optional<std::size_t> fail_at_;
  std::size_t next_ = 0;
};

std::vector<SourcedReading> rising(std::size_t n) {
  std::vector<SourcedReading> rows;
  for (std::size_t i = 0; i < n; ++i) {
    rows.push_back({{"E1", Channel::gas, t(static_cast<int>(i) * 60), Decimal(static_cast<int>(i))},
                    static_cast<std::int64_t>(i) + 2});
  }
  return rows;
}

IngestOptions make_options(std::string contract, std::string content_sha256, std::size_t batch,
                           std::int64_t max_readings = 20'000'000, std::size_t max_series = 1000) {
  IngestOptions o;
  o.contract_id = std::move(contract);
  o.content_sha256 = std::move(content_sha256);
  o.received_at = t(0);
  o.batch_size = batch;
  o.max_readings = max_readings;
  o.max_series = max_series;
  return o;
}

IngestOptions options(std::size_t batch = 1000) {
  return make_options("C-1", sha, batch);
}

TEST(IngestReadings, KnownContentIsNotReadAgain) {
  FakeStore store;
  UploadRecord earlier;
  earlier.id = 7;
  earlier.received_at = t(0);
  store.known = earlier;
  ListFeed feed(rising(5));
  Result<IngestSummary> summary = ingest_readings(store, feed, options());
  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(summary->already_imported);
  EXPECT_EQ(summary->upload.id, 7);
  EXPECT_EQ(feed.calls, 0);
  EXPECT_TRUE(store.log.batch_sizes.empty());
  EXPECT_EQ(describe(*summary), "already imported as upload 7 on 2026-03-29T00:00:00Z, nothing changed");
}

TEST(IngestReadings, ContentCommittedConcurrentlyIsAlreadyImported) {
  {
    // The other upload committed between the lookup and begin_upload: the same answer as a late lookup.
    FakeStore store;
    store.begin_error = already_exists("content was already imported");
    UploadRecord winner;
    winner.id = 9;
    winner.rows_read = 5;
    store.committed_meanwhile = winner;
    ListFeed feed(rising(5));
    Result<IngestSummary> summary = ingest_readings(store, feed, options());
    ASSERT_TRUE(summary.ok()) << describe(summary.error());
    EXPECT_TRUE(summary->already_imported);
    EXPECT_EQ(summary->upload, winner);
    EXPECT_EQ(store.lookups, 2);
    EXPECT_EQ(feed.calls, 0);
  }
  {
    // already_exists without such an upload (the log still does not know it) stays an error.
    FakeStore store;
    store.begin_error = already_exists("something else");
    ListFeed feed(rising(5));
    Result<IngestSummary> failed = ingest_readings(store, feed, options());
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::already_exists);
    EXPECT_EQ(failed.error().message, "something else");
  }
  {
    // Any other error of begin_upload is returned without a second lookup.
    FakeStore store;
    store.begin_error = unavailable("database is locked");
    ListFeed feed(rising(5));
    Result<IngestSummary> failed = ingest_readings(store, feed, options());
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::unavailable);
    EXPECT_EQ(store.lookups, 1);
  }
}

TEST(IngestReadings, BatchesOfExactlyBatchSizeThenTheRest) {
  struct Case {
    int line;
    std::size_t rows, batch;
    std::vector<std::size_t> sizes;
  };
  const std::vector<Case> cases = {
      {__LINE__, 2500, 1000, {1000, 1000, 500}},
      {__LINE__, 2000, 1000, {1000, 1000}},
      {__LINE__, 3, 1, {1, 1, 1}},
      {__LINE__, 10, 7, {7, 3}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    FakeStore store;
    ListFeed feed(rising(c.rows));
    Result<IngestSummary> summary = ingest_readings(store, feed, options(c.batch));
    ASSERT_TRUE(summary.ok()) << describe(summary.error());
    EXPECT_EQ(store.log.batch_sizes, c.sizes);
    EXPECT_EQ(store.log.committed_rows_read, static_cast<std::int64_t>(c.rows));
    std::int64_t dups = 0;
    for (std::size_t s : c.sizes)
      dups += static_cast<std::int64_t>(s / 3);
    EXPECT_EQ(summary->upload.duplicates_skipped, dups);
    EXPECT_EQ(summary->upload.rows_stored, static_cast<std::int64_t>(c.rows) - dups);
    EXPECT_EQ(summary->upload.id, 42);
  }
}

// Data that arrives for a settled year (trust issue, item 4): the upload is stored and marked against each
// settled year in which it stored or corrected readings, before it commits; the summary (and the hook that
// records the HTTP answer) name the year, the report version and the count; years it did not touch are not
// marked.
TEST(IngestReadings, AnUploadIntoASettledYearIsStoredAndMarked) {
  const calendar::Instant y2025 = calendar::Instant(std::chrono::seconds(1735686000));  // 2025-01-01 local
  const calendar::Instant y2026 = calendar::Instant(std::chrono::seconds(1767222000));  // 2026-01-01 local
  const calendar::Instant y2027 = calendar::Instant(std::chrono::seconds(1798758000));  // 2027-01-01 local
  FakeStore store;
  store.log.own_in = [&](calendar::Instant from, calendar::Instant) -> std::int64_t {
    return from == y2025 ? 3 : 0;
  };
  ListFeed feed(rising(6));
  IngestOptions o = options();
  o.settled = {SettledPeriod{2025, 2, y2025, y2026}, SettledPeriod{2026, 1, y2026, y2027}};
  std::optional<IngestSummary> hooked;
  o.before_commit = [&](const IngestSummary& stored) -> Result<void> {
    hooked = stored;
    return success();
  };
  Result<IngestSummary> summary = ingest_readings(store, feed, o);
  ASSERT_TRUE(summary.ok()) << describe(summary.error());
  ASSERT_EQ(store.log.marks.size(), 1u);
  EXPECT_EQ(store.log.marks[0], (LateUpload{2025, 2, 0, {}, 3}));
  ASSERT_EQ(summary->late.size(), 1u);
  EXPECT_EQ(summary->late[0].upload_id, 42);
  EXPECT_EQ(summary->late[0].year, 2025);
  EXPECT_EQ(summary->late[0].report_version, 2);
  EXPECT_EQ(summary->late[0].readings, 3);
  ASSERT_TRUE(hooked.has_value());
  EXPECT_EQ(hooked->late, summary->late);
  EXPECT_NE(
      describe(*summary).find("; changes settled year 2025 (report version 2) with 3 reading(s): marked for "
                              "the auditor"),
      std::string::npos)
      << describe(*summary);
}

TEST(IngestReadings, BeforeCommitSeesTheFinalCountsAndItsErrorDropsTheUpload) {
  {
    FakeStore store;
    ListFeed feed(rising(10));
    IngestOptions o = options(4);
    std::optional<UploadRecord> seen;
    o.before_commit = [&](const IngestSummary& stored) -> Result<void> {
      seen = stored.upload;
      return success();
    };
    Result<IngestSummary> summary = ingest_readings(store, feed, o);
    ASSERT_TRUE(summary.ok()) << describe(summary.error());
    ASSERT_TRUE(seen.has_value());
    EXPECT_TRUE(store.log.hooked_uncommitted);
    EXPECT_EQ(*seen, summary->upload);
    EXPECT_EQ(seen->rows_read, 10);
    EXPECT_EQ(seen->duplicates_skipped, 1 + 1 + 0);  // batches 4, 4, 2: a third of each, rounded down
    EXPECT_EQ(store.log.committed_rows_read, 10);
  }
  {
    FakeStore store;
    ListFeed feed(rising(10));
    IngestOptions o = options();
    o.before_commit = [](const IngestSummary&) -> Result<void> { return unavailable("database is locked"); };
    Result<IngestSummary> failed = ingest_readings(store, feed, o);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::unavailable);
    EXPECT_EQ(failed.error().message, "database is locked");
    EXPECT_TRUE(store.log.dropped_uncommitted);
    EXPECT_EQ(store.log.committed_rows_read, -1);
  }
  {
    // Content imported before: nothing is written, so there is nothing to do inside a transaction.
    FakeStore store;
    store.known = UploadRecord{};
    ListFeed feed(rising(3));
    IngestOptions o = options();
    bool called = false;
    o.before_commit = [&](const IngestSummary&) -> Result<void> {
      called = true;
      return success();
    };
    ASSERT_TRUE(ingest_readings(store, feed, o).ok());
    EXPECT_FALSE(called);
  }
}

TEST(IngestReadings, FailuresLeaveTheUploadUncommitted) {
  {
    FakeStore store;
    ListFeed feed(rising(2500), 1500);
    Result<IngestSummary> failed = ingest_readings(store, feed, options());
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().field, "line 9");
    EXPECT_TRUE(store.log.dropped_uncommitted);
    EXPECT_FALSE(store.log.open);
  }
  {
    FakeStore store;
    store.log.fail_batch = unavailable("database is locked");
    ListFeed feed(rising(10));
    Result<IngestSummary> failed = ingest_readings(store, feed, options());
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::unavailable);
    EXPECT_TRUE(store.log.dropped_uncommitted);
  }
}

TEST(IngestReadings, ValidationNamesTheLine) {
  // Each row is the second reading, on line 3, after {"E1", gas, 01:00, 5.000} on line 2. Plain fields (not
  // Readings) keep GCC 12's -Wmaybe-uninitialized false positive on Decimal's shared_ptr out of the table.
  struct Case {
    int line;
    std::string meter;
    Channel channel;
    int minutes;
    std::string value;
    std::optional<ErrorCode> code;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {__LINE__, "E1", Channel::gas, 120, "5.000", std::nullopt, ""},  // a flat register is fine
      {__LINE__, "E1", Channel::gas, 120, "4.999", ErrorCode::invalid_argument,
       "register decreases from 5.000 (line 2) to 4.999"},
      {__LINE__, "E1", Channel::gas, 59, "6", ErrorCode::invalid_argument,
       "reading at 2026-03-29T00:59:00Z is not after the previous one at 2026-03-29T01:00:00Z (line 2)"},
      {__LINE__, "E1", Channel::gas, 60, "5.000", std::nullopt,
       ""},  // exact repeat: passed on as a duplicate
      {__LINE__, "E1", Channel::gas, 60, "5.001", ErrorCode::already_exists,
       "value 5.001 contradicts 5.000 on line 2"},
      {__LINE__, "E1", Channel::import_t1, 0, "1", std::nullopt, ""},  // another channel has its own order
      {__LINE__, "E2", Channel::gas, 0, "1", std::nullopt, ""},        // another meter (a swap)
      {__LINE__, "", Channel::gas, 120, "6", ErrorCode::invalid_argument, "must have 1..64"},
      {__LINE__, std::string(65, 'M'), Channel::gas, 120, "6", ErrorCode::invalid_argument,
       "must have 1..64"},
      {__LINE__, "E1", Channel::gas, 120, "6.0001", ErrorCode::invalid_argument, "more than 3 decimals"},
      {__LINE__, "E3", Channel::gas, 120, "-1", ErrorCode::invalid_argument, "negative"},
      {__LINE__, "E1", Channel::gas, 120, "6.0000", std::nullopt, ""},  // trailing zeros are exact
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    FakeStore store;
    std::vector<SourcedReading> rows(2);
    rows[0].reading = metering::Reading{"E1", Channel::gas, t(60), dec("5.000")};
    rows[0].line = 2;
    rows[1].reading = metering::Reading{c.meter, c.channel, t(c.minutes), dec(c.value)};
    rows[1].line = 3;
    ListFeed feed(rows);
    Result<IngestSummary> summary = ingest_readings(store, feed, options());
    if (!c.code) {
      ASSERT_TRUE(summary.ok()) << describe(summary.error());
      EXPECT_EQ(store.log.committed_rows_read, 2);
      continue;
    }
    ASSERT_FALSE(summary.ok());
    EXPECT_EQ(summary.error().code, *c.code);
    EXPECT_EQ(summary.error().field, "line 3");
    EXPECT_NE(summary.error().message.find(c.message_part), std::string::npos) << summary.error().message;
    EXPECT_TRUE(store.log.dropped_uncommitted);
  }
}

// Limits (docs/reliability.md): one reading beyond max_readings, or one series beyond max_series, refuses the
// whole upload naming the line of the reading that passed the bound; exactly at the bound is accepted.
TEST(IngestReadings, UploadBoundsRefuseTheReadingBeyondThem) {
  {
    FakeStore store;
    ListFeed feed(rising(5));
    IngestOptions bounded = options(2);
    bounded.max_readings = 5;
    ASSERT_TRUE(ingest_readings(store, feed, bounded).ok());
  }
  {
    FakeStore store;
    ListFeed feed(rising(6));
    IngestOptions bounded = options(2);
    bounded.max_readings = 5;
    const Result<IngestSummary> refused = ingest_readings(store, feed, bounded);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::out_of_range);
    EXPECT_EQ(refused.error().field, "line 7");  // the sixth reading (rising() numbers lines from 2)
    EXPECT_NE(refused.error().message.find("more than 5 readings"), std::string::npos);
    EXPECT_TRUE(store.log.dropped_uncommitted);
  }
  std::vector<SourcedReading> rows;
  for (const char* meter : {"E1", "E2"}) {
    for (Channel channel : {Channel::import_t1, Channel::gas}) {
      rows.push_back({{meter, channel, t(0), dec("1")}, static_cast<std::int64_t>(rows.size()) + 2});
    }
  }
  {
    FakeStore store;
    ListFeed feed(rows);
    IngestOptions bounded = options();
    bounded.max_series = 4;
    ASSERT_TRUE(ingest_readings(store, feed, bounded).ok());
  }
  {
    FakeStore store;
    ListFeed feed(rows);
    IngestOptions bounded = options();
    bounded.max_series = 3;
    const Result<IngestSummary> refused = ingest_readings(store, feed, bounded);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::out_of_range);
    EXPECT_EQ(refused.error().field, "line 5");  // E2 gas, the fourth series
    EXPECT_NE(refused.error().message.find("more than 3 meter channels"), std::string::npos);
    EXPECT_TRUE(store.log.dropped_uncommitted);
  }
}

// An upload that yields no reading (an empty body, blank lines, a CSV header alone) is refused: no upload is
// logged, before_commit (the Idempotency-Key record) never runs.
TEST(IngestReadings, AnUploadWithoutReadingsIsRefusedAndNotLogged) {
  FakeStore store;
  ListFeed feed(std::vector<SourcedReading>{});
  IngestOptions o = options();
  bool hooked = false;
  o.before_commit = [&](const IngestSummary&) -> Result<void> {
    hooked = true;
    return success();
  };
  const Result<IngestSummary> refused = ingest_readings(store, feed, o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(refused.error().field, "line 1");
  EXPECT_EQ(refused.error().message,
            "the upload holds no readings (an empty body, only blank lines, or a CSV header without rows); "
            "nothing was stored");
  EXPECT_FALSE(hooked);
  EXPECT_TRUE(store.log.dropped_uncommitted);
  EXPECT_EQ(store.log.committed_rows_read, -1);
  EXPECT_TRUE(store.log.batch_sizes.empty());
  EXPECT_TRUE(store.log.drop_calls.empty());
}

// Readings of E1 gas and E1 import_t1, one of each per hour, lines 2, 3, 4, ...
std::vector<SourcedReading> two_series(int hours) {
  std::vector<SourcedReading> rows;
  for (int h = 0; h < hours; ++h) {
    for (Channel channel : {Channel::gas, Channel::import_t1}) {
      rows.push_back(
          {{"E1", channel, t(60 * h), Decimal(100 + h)}, static_cast<std::int64_t>(rows.size()) + 2});
    }
  }
  return rows;
}

// The store is asked about stored neighbours after each batch is stored, once per meter channel of the batch,
// with the batch's first and last instant of it; once it answers that nothing is stored after them, that
// meter channel is not asked again.
TEST(IngestReadings, StoredNeighboursAreAskedPerMeterChannelUntilTheUploadPassesThem) {
  {
    FakeStore store;  // nothing stored after the first batch: one question per meter channel
    ListFeed feed(two_series(10));
    ASSERT_TRUE(ingest_readings(store, feed, options(6)).ok());
    EXPECT_EQ(store.log.batch_sizes, (std::vector<std::size_t>{6, 6, 6, 2}));
    ASSERT_EQ(store.log.drop_calls.size(), 2u);
    EXPECT_EQ(store.log.drop_calls[0].meter, "E1");
    EXPECT_EQ(store.log.drop_calls[0].channel, Channel::gas);
    EXPECT_EQ(store.log.drop_calls[0].first, t(0));
    EXPECT_EQ(store.log.drop_calls[0].last, t(120));
    EXPECT_EQ(store.log.drop_calls[0].batches_added, 1u);
    EXPECT_EQ(store.log.drop_calls[1].channel, Channel::import_t1);
    EXPECT_EQ(store.log.drop_calls[1].last, t(120));
  }
  {
    FakeStore store;  // a gas reading stored at 05:30: gas is asked until a batch reaches past it
    store.log.drop_answer = [](const Log::DropCall& call) {
      return DropSearch{std::nullopt, call.channel == Channel::gas && call.last < t(330)};
    };
    ListFeed feed(two_series(10));
    ASSERT_TRUE(ingest_readings(store, feed, options(6)).ok());
    std::vector<std::pair<Channel, std::size_t>> asked;
    for (const Log::DropCall& call : store.log.drop_calls)
      asked.emplace_back(call.channel, call.batches_added);
    EXPECT_EQ(asked, (std::vector<std::pair<Channel, std::size_t>>{
                         {Channel::gas, 1}, {Channel::import_t1, 1}, {Channel::gas, 2}, {Channel::gas, 3}}));
    EXPECT_EQ(store.log.drop_calls[3].first, t(360));
    EXPECT_EQ(store.log.drop_calls[3].last, t(480));
  }
  {
    FakeStore store;  // every batch was stored before (a re-sent overlap): nothing changed, nothing to ask
    store.log.all_duplicates = true;
    store.log.drop_answer = [](const Log::DropCall&) { return DropSearch{std::nullopt, true}; };
    ListFeed feed(two_series(10));
    ASSERT_TRUE(ingest_readings(store, feed, options(6)).ok());
    EXPECT_EQ(store.log.batch_sizes.size(), 4u);
    EXPECT_TRUE(store.log.drop_calls.empty());
  }
}

// A fall the store reports is refused at the line of this upload's reading, naming both readings.
TEST(IngestReadings, ARegisterFallingAcrossUploadsIsRefusedNamingBothReadings) {
  struct Case {
    int line;
    NeighbourReading earlier, later;
    std::string field;
    std::string message;
  };
  const auto stored = [](int minutes, std::string_view value) {
    return NeighbourReading{{"E1", Channel::gas, t(minutes), dec(value)}, 3, false};
  };
  const auto mine = [](int minutes, std::string_view value) {
    return NeighbourReading{{"E1", Channel::gas, t(minutes), dec(value)}, 9, true};
  };
  const std::vector<Case> cases = {
      // Below the stored reading before it.
      {__LINE__, stored(30, "160.000"), mine(60, "101"), "line 4",
       "meter E1 channel gas: register decreases from 160.000 at 2026-03-29T00:30:00Z (stored by upload 3) "
       "to "
       "101 at 2026-03-29T01:00:00Z (line 4); a replaced meter is uploaded under its new meter id"},
      // Above the stored reading after it (inserted between two stored readings).
      {__LINE__, mine(120, "102"), stored(150, "101.5"), "line 6",
       "meter E1 channel gas: register decreases from 102 at 2026-03-29T02:00:00Z (line 6) to 101.5 at "
       "2026-03-29T02:30:00Z (stored by upload 3); a replaced meter is uploaded under its new meter id"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    FakeStore store;
    store.log.drop_answer = [&](const Log::DropCall& call) {
      return call.channel == Channel::gas ? DropSearch{RegisterDrop{c.earlier, c.later}, true} : DropSearch{};
    };
    ListFeed feed(two_series(3));  // gas at 00:00, 01:00, 02:00 on lines 2, 4, 6
    const Result<IngestSummary> refused = ingest_readings(store, feed, options());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);
    EXPECT_EQ(refused.error().field, c.field);
    EXPECT_EQ(refused.error().message, c.message);
    EXPECT_TRUE(store.log.dropped_uncommitted);
    EXPECT_EQ(store.log.committed_rows_read, -1);
  }
}

TEST(IngestReadings, OptionsAreChecked) {
  struct Case {
    int line;
    IngestOptions options;
    std::string field;
  };
  const std::vector<Case> cases = {
      {__LINE__, make_options("", sha, 1000), "contract"},
      {__LINE__, make_options(std::string(65, 'c'), sha, 1000), "contract"},
      {__LINE__, make_options("C", std::string(64, 'A'), 1000), "content_sha256"},
      {__LINE__, make_options("C", std::string(63, 'a'), 1000), "content_sha256"},
      {__LINE__, make_options("C", sha, 0), "batch_size"},
      {__LINE__, make_options("C", sha, 100001), "batch_size"},
      {__LINE__, make_options("C", sha, 1000, 0), "max_readings"},
      {__LINE__, make_options("C", sha, 1000, 1, 0), "max_readings"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    FakeStore store;
    ListFeed feed(rising(1));
    Result<IngestSummary> refused = ingest_readings(store, feed, c.options);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(refused.error().field, c.field);
    EXPECT_EQ(feed.calls, 0);
  }
}

TEST(ReadingChecks, OutcomesAndPositions) {
  ReadingChecks checks(/*max_series=*/2, "telegram");
  const auto item = [](std::string meter, Channel channel, int minutes, std::string_view value,
                       std::int64_t line) {
    return SourcedReading{metering::Reading{std::move(meter), channel, t(minutes), dec(value)}, line};
  };
  EXPECT_EQ(checks.check(item("E1", Channel::gas, 60, "5.000", 1)).value(), ReadingChecks::Outcome::accepted);
  EXPECT_EQ(checks.check(item("E1", Channel::gas, 60, "5.000", 2)).value(), ReadingChecks::Outcome::repeat);
  EXPECT_EQ(checks.check(item("E1", Channel::gas, 120, "5.000", 3)).value(),
            ReadingChecks::Outcome::accepted);
  EXPECT_EQ(checks.check(item("E1", Channel::import_t1, 0, "1", 4)).value(),
            ReadingChecks::Outcome::accepted);
  EXPECT_EQ(checks.series(), 2u);

  const Result<ReadingChecks::Outcome> conflict = checks.check(item("E1", Channel::gas, 120, "5.5", 5));
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::already_exists);
  EXPECT_EQ(conflict.error().field, "telegram 5");
  EXPECT_EQ(conflict.error().message,
            "meter E1 channel gas at 2026-03-29T02:00:00Z: value 5.5 contradicts 5.000 on telegram 3");

  const Result<ReadingChecks::Outcome> decrease = checks.check(item("E1", Channel::gas, 180, "4", 6));
  ASSERT_FALSE(decrease.ok());
  EXPECT_EQ(decrease.error().message,
            "meter E1 channel gas: register decreases from 5.000 (telegram 3) to 4");

  const Result<ReadingChecks::Outcome> earlier = checks.check(item("E1", Channel::gas, 61, "5", 7));
  ASSERT_FALSE(earlier.ok());
  EXPECT_EQ(earlier.error().message,
            "meter E1 channel gas: reading at 2026-03-29T01:01:00Z is not after the previous one at "
            "2026-03-29T02:00:00Z (telegram 3)");

  const Result<ReadingChecks::Outcome> third = checks.check(item("E2", Channel::gas, 0, "1", 8));
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::out_of_range);
  EXPECT_EQ(third.error().field, "telegram 8");

  ReadingChecks unbounded;  // the defaults: no series bound, positions are lines
  const Result<ReadingChecks::Outcome> bad_id = unbounded.check(item("", Channel::gas, 0, "1", 9));
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().field, "line 9");
}

TEST(ReadingChecks, ValueConflictIsOneWording) {
  const metering::Reading r{"M7", Channel::export_t2, t(0), dec("12.300")};
  const Error in_upload = value_conflict(r, dec("12.000"), "earlier in the same upload", "line 4");
  EXPECT_EQ(in_upload.code, ErrorCode::already_exists);
  EXPECT_EQ(in_upload.field, "line 4");
  EXPECT_EQ(
      in_upload.message,
      "meter M7 channel export_t2 at 2026-03-29T00:00:00Z: value 12.300 contradicts 12.000 earlier in the "
      "same upload");
  EXPECT_EQ(describe_value(r), "meter M7 channel export_t2 at 2026-03-29T00:00:00Z: value 12.300");
}

}  // namespace
}  // namespace renofee::app
