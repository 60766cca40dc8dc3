// renofee/adapters/db/sql_reading_store.hpp
//
// Purpose: app::ReadingStore on SQLite and PostgreSQL through SOCI (schema: migrations.cpp, docs/storage.md).
//
// Representation: `reading_series` names each (contract_id, meter_id, channel) once; `readings` is keyed
// (series_id, instant) with integers only; `instant` is UTC epoch seconds, `value_milli` the register value
// in milli-units (Wh for kWh channels, dm3 for gas) as a 64-bit integer, so 99999999.999 kWh is 99999999999
// and comes back exactly; `upload_id` names the upload that stored the current value. The view
// `reading_values` shows the flat rows.
//
// Writing: an upload is one transaction. Series ids are looked up (or created) once per meter channel and
// cached for the upload. Each batch is one prepared
//   INSERT INTO readings ... ON CONFLICT (series_id, instant) DO NOTHING
// executed with SOCI vector binding (the whole batch per call; ~1,000 rows measured fastest). When the
// affected-row count is below the batch size, some keys existed: each row of that batch is then looked up to
// tell duplicates (same value: skipped) from conflicts (other value: already_exists naming the line, or, in
// a correction upload, UPDATE plus a row in `reading_corrections`). A key repeated inside one upload with
// another value is always a conflict, also in a correction upload. The slow path costs one indexed SELECT
// per row of the affected batch only.
//
// Registers across uploads: `find_register_drop` is one statement prepared once per upload: the window from
// the nearest reading before `first` to the nearest after `last` (two primary-key probes), LAG over it for
// each reading's predecessor, the first falling pair involving this upload (upload_id), and the first
// instant after `last`. It reads only that window, never the whole series.
#pragma once

#include <memory>

#include "renofee/adapters/db/database.hpp"
#include "renofee/app/reading_store.hpp"

namespace renofee::db {

class SqlReadingStore final : public app::ReadingStore {
 public:
  // `db` must outlive the store and have been migrated.
  explicit SqlReadingStore(Database& db);
  ~SqlReadingStore() override;

  Result<std::optional<app::UploadRecord>> find_upload(std::string_view contract_id,
                                                       std::string_view content_sha256) override;
  Result<std::vector<app::UploadRecord>> uploads(std::string_view contract_id) override;
  Result<std::unique_ptr<app::ReadingUpload>> begin_upload(const app::UploadRequest& request) override;
  Result<app::ReadingRange> readings(std::string_view contract_id, std::string_view meter_id,
                                     metering::Channel channel, calendar::Instant from,
                                     calendar::Instant to) override;
  Result<std::vector<app::MeterSpan>> meters(std::string_view contract_id,
                                             metering::Channel channel) override;
  Result<std::vector<app::CorrectionRecord>> corrections(std::int64_t upload_id) override;
  Result<std::vector<app::LateUpload>> late_uploads(std::string_view contract_id, int year) override;
  // One statement for all meters of the channel (instead of meters() and readings() per meter).
  Result<std::vector<metering::Reading>> channel_readings(std::string_view contract_id,
                                                          metering::Channel channel, calendar::Instant from,
                                                          calendar::Instant to) override;

 private:
  // The channel query, prepared on first use and reused: compiling it cost a fifth of a reconciliation
  // (docs/performance.md). Dropped after any error, so a broken connection's statement is never reused.
  struct ChannelQuery;
  Database& db_;
  std::unique_ptr<ChannelQuery> channel_query_;
};

}  // namespace renofee::db
