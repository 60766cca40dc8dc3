// renofee/app/ingest_readings.hpp
//
// Purpose: the use case "import one upload of register readings" (docs/domain.md §6.4): stream readings
// from a source into a ReadingStore, validating as they pass, atomically and idempotently.
//
// Steps:
//   1. The upload log is asked first: the same content (SHA-256) for the same contract was imported before
//      -> `already_imported`, nothing read, nothing changed. The same answer when a concurrent upload of
//      the same content commits between that lookup and opening this upload (the store's already_exists).
//   2. Readings are pulled one by one from the feed, validated, and handed to the store in batches of
//      `batch_size` (default 1,000: SOCI vector binding at that size measured fastest, architecture.md).
//   3. After each batch is stored, `ContinuityChecks` compares its readings with the neighbouring readings
//      of earlier uploads (a register never falls across uploads either).
//   4. An upload without a single reading (an empty body, blank lines, a CSV header alone) is refused with
//      invalid_argument at "line 1": it would log an upload that stored nothing.
//   5. Any error (source, validation, conflict, database) drops the open upload: nothing of it is stored, and
//      the error names the line.
// Validation per reading: `ReadingChecks` below, the one place the upload rules live; across uploads
// `ContinuityChecks`. Memory holds one batch plus the last reading per (meter, channel): flat whatever the
// file size. The store refuses a value that contradicts a stored one at the same instant (`value_conflict`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "renofee/app/reading_store.hpp"
#include "renofee/core/base/result.hpp"

namespace renofee::app {

// A stream of readings, one at a time; std::nullopt at the end; an Error (naming its line) stops the upload.
// The parsers (CSV, NDJSON, DSMR P1; adapters/io/reading_source.hpp) are ReadingFeeds.
class ReadingFeed {
 public:
  virtual ~ReadingFeed() = default;
  virtual Result<std::optional<SourcedReading>> next() = 0;
};

// The checks across the readings of one upload (docs/domain.md §6), written once: `ingest_readings` runs them
// on every upload, `io::ValidatingSource` on a parser's output (fuzzers, benchmarks). Per reading, in order:
//   - meter id 1..64 characters; register value >= 0 with at most 3 decimals
//     (metering::validate_register_value): invalid_argument;
//   - at most `max_series` distinct (meter, channel) pairs: out_of_range on the first one beyond;
//   - per (meter, channel), readings in time order: an earlier instant is invalid_argument;
//   - the same instant again with the same value is a `repeat` (a P1 log repeats the hourly gas reading in
//     every telegram; stored once); with another value it is a conflict (already_exists, `value_conflict`);
//   - a register never decreases ("a decreasing register without a swap is rejected with the row"); a new
//     meter id on a channel is a meter swap and starts its own series.
// Every error's field is "<position> N" (the reading's line or telegram) and its message names the earlier
// reading's position. Memory: the last reading of each (meter, channel), never the readings themselves.
class ReadingChecks {
 public:
  enum class Outcome { accepted, repeat };

  // `position` labels SourcedReading::line in errors: "line" (CSV, NDJSON, and every upload) or "telegram".
  explicit ReadingChecks(std::size_t max_series = std::numeric_limits<std::size_t>::max(),
                         std::string_view position = "line")
      : max_series_(max_series), position_(position) {}

  Result<Outcome> check(const SourcedReading& item);
  // Distinct (meter, channel) pairs seen so far.
  [[nodiscard]] std::size_t series() const noexcept { return last_.size(); }

 private:
  struct LastSeen {
    calendar::Instant at;
    Decimal value;
    std::int64_t line = 0;
  };
  std::string at(std::int64_t line) const;
  std::size_t max_series_;
  std::string_view position_;
  std::unordered_map<std::string, LastSeen> last_;  // "meter\x1fchannel" -> its last reading
};

// The register rule across uploads (docs/readings.md, "Across uploads"): a register must not fall below the
// stored reading just before one of the upload's readings, nor the stored reading just after it fall below
// it; a reading stored between two earlier ones is checked against both. A new meter id is a meter swap: its
// own series, never compared with the old meter. Run after `ReadingUpload::add` stored the batch, so the
// store's query (find_register_drop, one per meter channel and batch) sees the readings in place, corrected
// values included. Once a meter channel's batch reaches past every stored reading of it, its later batches
// need no query (their order among themselves is ReadingChecks'): an upload that appends costs one query
// per meter channel. Memory: the set of those meter channels.
class ContinuityChecks {
 public:
  // `batch` has just been stored by `upload.add`, which answered `outcome`. A fall is failed_precondition
  // (409) with field "line N" of this upload's reading, naming both readings and the upload that stored the
  // other one. A batch that stored and corrected nothing (all duplicates, a re-sent overlap) changed no
  // neighbours and asks nothing: a fall needs a reading of this upload, and earlier batches' were checked.
  Result<void> check(ReadingUpload& upload, std::span<const SourcedReading> batch,
                     const BatchOutcome& outcome);

 private:
  std::unordered_set<std::string>
      settled_;  // "meter\x1fchannel": nothing stored after this upload's readings
};

// The one wording of "this key has two values": already_exists "meter M channel C at T: value V contradicts
// E <earlier>" with `field`, where `earlier` says where E came from ("on line 2", "earlier in the same
// upload"). ReadingChecks uses it, and the store's own check (a defence for callers that skip
// ReadingChecks) too.
Error value_conflict(const metering::Reading& reading, const Decimal& earlier_value, std::string_view earlier,
                     std::string field);
// "meter M channel C at T: value V", how every message about one reading's value starts.
std::string describe_value(const metering::Reading& reading);

struct IngestSummary {
  bool already_imported = false;  // true: nothing was read or changed; `upload` is the earlier upload
  UploadRecord upload;            // counts of this upload (rows read, stored, duplicates, corrected)
  std::vector<LateUpload> late;   // the settled years this upload changed (marked), by year
};

struct IngestOptions {
  std::string contract_id;
  std::string content_sha256;  // of the uploaded bytes: the idempotency key
  calendar::Instant received_at;
  bool correction = false;
  std::size_t batch_size = 1000;  // 1..100,000
  std::string actor = "-";        // who sends it: "key:<id>" (HTTP), "cli" (renofee import); provenance
  // Bounds of one upload (docs/reliability.md "Limits"); beyond either the upload is refused with
  // out_of_range naming the line, and nothing is stored. 20,000,000 readings hold a year of DSMR 5 telegrams
  // every 10 s with four electricity registers and gas (about 15.8 million); larger files are split.
  std::int64_t max_readings = 20'000'000;  // >= 1
  std::size_t max_series = 1000;           // distinct (meter, channel) pairs, >= 1
  // Runs inside the upload's transaction once the counts and the marks are final (ReadingUpload::commit),
  // with the summary ingest_readings will return: what it writes on the store's connection is stored
  // together with the readings or not at all, and its error drops the upload. Not called when the content
  // was imported before (`already_imported`) or the upload fails.
  std::function<Result<void>(const IngestSummary&)> before_commit = nullptr;
  // The contract's settled years (settled_periods, reconcile.hpp): an upload whose readings change one is
  // stored and marked against it (ReadingUpload::mark_late) in the same transaction. Empty: nothing settled.
  std::vector<SettledPeriod> settled = {};
};

Result<IngestSummary> ingest_readings(ReadingStore& store, ReadingFeed& feed, const IngestOptions& options);

// "already imported as upload 7 on 2026-11-23T01:02:03Z, nothing changed" or
// "upload 8: 1000 read, 990 stored, 10 duplicates skipped, 0 corrected", then for each settled year it
// changed "; changes settled year 2025 (report version 1) with 24 readings: marked for the auditor".
std::string describe(const IngestSummary& summary);

}  // namespace renofee::app
