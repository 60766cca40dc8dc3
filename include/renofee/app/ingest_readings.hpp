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
//   3. Any error (source, validation, conflict, database) drops the open upload: nothing of it is stored, and
//      the error names the line.
// Validation per reading: meter id 1..64 characters; register value >= 0 with at most 3 decimals
// (metering::validate_register_value); per (meter, channel) the readings come in increasing time and the
// register never decreases (docs/domain.md §6: "a decreasing register without a swap is rejected with the
// row"). A row repeating the previous one of its meter channel exactly is a duplicate (stored once, counted);
// the same instant with another value is a conflict (already_exists naming both lines). Memory holds one
// batch plus the last reading per (meter, channel): flat whatever the file size. Not checked here: continuity
// with readings stored by earlier uploads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "renofee/app/reading_store.hpp"
#include "renofee/core/base/result.hpp"

namespace renofee::app {

// A stream of readings, one at a time; std::nullopt at the end. Any parser (CSV, JSON, DSMR P1) adapts to it.
class ReadingFeed {
 public:
  virtual ~ReadingFeed() = default;
  virtual Result<std::optional<SourcedReading>> next() = 0;
};

struct IngestOptions {
  std::string contract_id;
  std::string content_sha256;  // of the uploaded bytes: the idempotency key
  calendar::Instant received_at;
  bool correction = false;
  std::size_t batch_size = 1000;  // 1..100,000
  // Bounds of one upload (docs/reliability.md "Limits"); beyond either the upload is refused with
  // out_of_range naming the line, and nothing is stored. 20,000,000 readings hold a year of DSMR 5 telegrams
  // every 10 s with four electricity registers and gas (about 15.8 million); larger files are split.
  std::int64_t max_readings = 20'000'000;  // >= 1
  std::size_t max_series = 1000;           // distinct (meter, channel) pairs, >= 1
  // Runs inside the upload's transaction once the counts are final (ReadingUpload::commit): what it writes
  // on the store's connection is stored together with the readings or not at all, and its error drops the
  // upload. Not called when the content was imported before (`already_imported`) or the upload fails.
  ReadingUpload::BeforeCommit before_commit = nullptr;
};

struct IngestSummary {
  bool already_imported = false;  // true: nothing was read or changed; `upload` is the earlier upload
  UploadRecord upload;            // counts of this upload (rows read, stored, duplicates, corrected)
};

Result<IngestSummary> ingest_readings(ReadingStore& store, ReadingFeed& feed, const IngestOptions& options);

// "already imported as upload 7 on 2026-11-23T01:02:03Z, nothing changed" or
// "upload 8: 1000 read, 990 stored, 10 duplicates skipped, 0 corrected".
std::string describe(const IngestSummary& summary);

}  // namespace renofee::app
