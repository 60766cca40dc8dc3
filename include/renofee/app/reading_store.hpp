// renofee/app/reading_store.hpp
//
// Purpose: the storage port for metered register readings (docs/domain.md §6) and the upload log that makes
// ingestion idempotent. Adapters implement it (src/adapters/db: SOCI on SQLite and PostgreSQL); use cases
// (ingest_readings.hpp, consumption queries) depend only on this header.
//
// Rules every implementation keeps (tests/adapters/db/sql_reading_store_test.cpp runs them on each backend):
// - An upload is atomic: `begin_upload` opens it, `ReadingUpload::add` stores batches, `commit` makes all of
//   it visible at once. Destroying an uncommitted `ReadingUpload` (an error, a crash) leaves nothing of it.
// - A reading key is (contract, meter, channel, instant). The same key with the same value again is a
//   duplicate: skipped and counted. The same key with another value is a conflict: `already_exists` naming
//   the line and both values, unless the upload is a correction, in which case the value is replaced and the
//   old and new value are recorded (`corrections`).
// - Values are exact: register values have at most 3 decimals (Wh, dm3) and are stored as integer
//   milli-units, never as binary floating point.
// - `ReadingUpload::find_register_drop` answers, after a batch is stored, whether a register now falls
//   between neighbouring readings that the upload stored next to readings of earlier uploads; the use case
//   (ingest_readings.hpp) decides and words the refusal.
// - One upload at a time per store (a store wraps one database session).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/metering/readings.hpp"

namespace renofee::app {

// One reading as a source produced it, with the source line (or telegram start line) for error messages.
// Parsers (adapters/io/reading_source.hpp) produce these; `line` is the 1-based line (CSV, NDJSON) or
// telegram number (DSMR P1).
struct SourcedReading {
  metering::Reading reading;
  std::int64_t line = 0;

  friend bool operator==(const SourcedReading&, const SourcedReading&) = default;
};

// What the caller says about an upload before sending its rows.
struct UploadRequest {
  std::string contract_id;     // 1..64 characters
  std::string content_sha256;  // SHA-256 of the uploaded bytes, 64 lower-case hex digits
  calendar::Instant received_at;
  bool correction = false;  // true: conflicting values replace stored ones (recorded), not refused
  std::string actor = "-";  // who sends it (provenance): "key:<id>" for an API key, "cli" at the machine
};

// One line of the upload log.
struct UploadRecord {
  std::int64_t id = 0;
  std::string contract_id;
  std::string content_sha256;
  calendar::Instant received_at;
  bool correction = false;
  std::int64_t rows_read = 0;           // readings the source produced
  std::int64_t rows_stored = 0;         // new keys stored
  std::int64_t duplicates_skipped = 0;  // same key and value already stored (or repeated in the upload)
  std::int64_t rows_corrected = 0;      // stored values replaced (correction uploads only)
  std::string actor = "-";              // who sent it (UploadRequest::actor)

  friend bool operator==(const UploadRecord&, const UploadRecord&) = default;
};

// What one batch did.
struct BatchOutcome {
  std::int64_t stored = 0;
  std::int64_t duplicates = 0;
  std::int64_t corrected = 0;
};

// A replaced value, recorded by a correction upload.
struct CorrectionRecord {
  std::int64_t upload_id = 0;           // the correcting upload
  std::int64_t replaced_upload_id = 0;  // the upload that had stored the old value
  std::string meter_id;
  metering::Channel channel = metering::Channel::import_t1;
  calendar::Instant at;
  Decimal old_value;
  Decimal new_value;

  friend bool operator==(const CorrectionRecord&, const CorrectionRecord&) = default;
};

// A stored reading as the open upload sees it: which upload stored its current value.
struct NeighbourReading {
  metering::Reading reading;
  std::int64_t upload_id = 0;  // the upload that stored (or last corrected) the value
  bool this_upload = false;    // stored or corrected by the open upload itself

  friend bool operator==(const NeighbourReading&, const NeighbourReading&) = default;
};

// Two neighbouring readings of one meter channel (nothing stored between them) whose register falls:
// later.reading.value < earlier.reading.value, earlier.reading.at < later.reading.at.
struct RegisterDrop {
  NeighbourReading earlier;
  NeighbourReading later;

  friend bool operator==(const RegisterDrop&, const RegisterDrop&) = default;
};

// What ReadingUpload::find_register_drop found around one batch's readings of one meter channel.
struct DropSearch {
  std::optional<RegisterDrop> drop;  // the earliest fall that involves the open upload, if any
  bool readings_after = false;       // a reading of this meter channel is stored after `last`
};

// A settled contract-year that an upload changed (trust issue, item 4: data that arrives for a settled year
// is stored and marked): the report version it was settled in, and the upload with the number of its
// readings inside the year's period. The auditor view lists these as "inputs changed since settlement"
// until a correction (a new report version) settles them.
struct LateUpload {
  int year = 0;            // as the report names it
  int report_version = 0;  // the version settled before the upload arrived
  std::int64_t upload_id = 0;
  calendar::Instant received_at;
  std::int64_t readings = 0;  // the upload's readings (stored or corrected by it) inside the period

  friend bool operator==(const LateUpload&, const LateUpload&) = default;
};

// A settled contract-year as an upload sees it: the latest report version and the period's UTC instants
// (local midnights, as the reconciliation reads them). Made by app::settled_periods (reconcile.hpp).
struct SettledPeriod {
  int year = 0;
  int report_version = 0;
  calendar::Instant from;  // inclusive
  calendar::Instant to;    // exclusive

  friend bool operator==(const SettledPeriod&, const SettledPeriod&) = default;
};

// An open upload: a database transaction. Not copyable; destroying it uncommitted rolls everything back.
class ReadingUpload {
 public:
  virtual ~ReadingUpload() = default;
  // Stores a batch (any size; adapters bind ~1,000 rows per statement). Errors: already_exists for a
  // conflict (field "line N"), invalid_argument for a value that cannot be stored exactly, unavailable when
  // the database is busy, internal otherwise. After an error the upload can only be dropped.
  virtual Result<BatchOutcome> add(std::span<const SourcedReading> batch) = 0;
  // Writes the counts to the upload log, runs `before_commit` (when set) with the finished record, and
  // commits. `rows_read` is what the source produced. `before_commit` runs inside the upload's transaction
  // on the store's own connection, so whatever it writes through a store on that connection (the HTTP
  // adapter records the Idempotency-Key answer) commits or rolls back together with the readings: an error
  // from it drops the whole upload and is returned as it is.
  using BeforeCommit = std::function<Result<void>(const UploadRecord&)>;
  virtual Result<UploadRecord> commit(std::int64_t rows_read, const BeforeCommit& before_commit) = 0;
  // After add(): the stored readings of one meter channel of this contract from the nearest one before
  // `first` to the nearest one after `last` (both included when they exist), as this upload's transaction
  // sees them; the earliest pair of neighbours among them whose register falls and of which at least one
  // reading is `this_upload`; and whether any reading lies after `last`. Pairs of two readings of other
  // uploads are not reported (they were stored before this check existed). One query per call, whatever
  // the number of readings; first <= last.
  virtual Result<DropSearch> find_register_drop(std::string_view meter_id, metering::Channel channel,
                                                calendar::Instant first, calendar::Instant last) = 0;
  // After add(): how many readings of this contract in [from, to) hold a value this upload stored or
  // corrected (duplicates of stored values do not count: they changed nothing).
  virtual Result<std::int64_t> own_readings_in(calendar::Instant from, calendar::Instant to) = 0;
  // Records, in this upload's transaction, that it changed settled year `year` (report version
  // `report_version`) with `readings` readings.
  virtual Result<void> mark_late(int year, int report_version, std::int64_t readings) = 0;
};

// Readings of one meter channel in [from, to), ordered by time, with the nearest reading strictly before
// `from` and the nearest at or after `to` (for boundary interpolation, docs/domain.md §6).
struct ReadingRange {
  std::optional<metering::Reading> before;
  std::vector<metering::Reading> inside;
  std::optional<metering::Reading> after;
};

// One meter seen on a channel of a contract (several meters on one channel mean meter swaps).
struct MeterSpan {
  std::string meter_id;
  calendar::Instant first;
  calendar::Instant last;
  std::int64_t readings = 0;

  friend bool operator==(const MeterSpan&, const MeterSpan&) = default;
};

// The upload log: has this content already been imported for this contract?
class UploadLog {
 public:
  virtual ~UploadLog() = default;
  virtual Result<std::optional<UploadRecord>> find_upload(std::string_view contract_id,
                                                          std::string_view content_sha256) = 0;
  // All uploads of a contract in the order they were committed.
  virtual Result<std::vector<UploadRecord>> uploads(std::string_view contract_id) = 0;
};

class ReadingStore : public UploadLog {
 public:
  // Opens an upload. already_exists when this content was already imported for the contract.
  virtual Result<std::unique_ptr<ReadingUpload>> begin_upload(const UploadRequest& request) = 0;

  // See ReadingRange. from <= to, else invalid_argument.
  virtual Result<ReadingRange> readings(std::string_view contract_id, std::string_view meter_id,
                                        metering::Channel channel, calendar::Instant from,
                                        calendar::Instant to) = 0;

  // Meters on a channel of a contract, ordered by their first reading.
  virtual Result<std::vector<MeterSpan>> meters(std::string_view contract_id, metering::Channel channel) = 0;

  // The uploads marked against settled years of a contract (ReadingUpload::mark_late), by year, report
  // version and upload; `year` 0: every year.
  virtual Result<std::vector<LateUpload>> late_uploads(std::string_view contract_id, int year) = 0;

  // Values replaced by a correction upload, in key order.
  virtual Result<std::vector<CorrectionRecord>> corrections(std::int64_t upload_id) = 0;
  // Every reading of one channel of a contract that the period [from, to) needs: those inside it and, for
  // each meter, the nearest before and at-or-after it (boundary interpolation, docs/domain.md §6), in no
  // particular order. The default asks meters() and readings(); a store may answer it in one query (the
  // reconciliation asks it for every channel of every contract-year).
  virtual Result<std::vector<metering::Reading>> channel_readings(std::string_view contract_id,
                                                                  metering::Channel channel,
                                                                  calendar::Instant from,
                                                                  calendar::Instant to);
};

// The readings of one channel that bear on [from, to), for callers that name the function (usage,
// reconciliation): store.channel_readings(...) without the meters that cannot. A meter bears on the period
// when it has a reading inside it, or readings on both sides (it spans the period). A meter with readings on
// one side only (one taken out before the period began, one installed after it ended) adds no use and no
// boundary, so it is left out: a new meter's first reading after a settled year must not change that year's
// inputs or their digest (trust issue, finding 13).
Result<std::vector<metering::Reading>> channel_readings(ReadingStore& store, const std::string& contract_id,
                                                        metering::Channel channel, calendar::Instant from,
                                                        calendar::Instant to);

// The rule above on readings already fetched (pure; order kept).
std::vector<metering::Reading> readings_bearing_on(std::vector<metering::Reading> readings,
                                                   calendar::Instant from, calendar::Instant to);

}  // namespace renofee::app
