#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/db/sql_values.hpp"

#include "renofee/adapters/db/event_log.hpp"

#include <algorithm>

#include <date/date.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "renofee/app/ingest_readings.hpp"

namespace renofee::db {
namespace {

using app::BatchOutcome;
using app::SourcedReading;
using app::UploadRecord;

std::string at_line(std::int64_t line) {
  return "line " + std::to_string(line);
}

std::string format_instant(calendar::Instant at) {
  return date::format("%FT%TZ", at);
}

// Milli-units <-> register values (3 decimals, metering::register_scale).
Decimal value_of(long long milli) {
  return Decimal::from_units(milli, metering::register_scale);
}

Result<long long> milli_of(const Decimal& value) {
  Result<std::int64_t> units = value.to_units(metering::register_scale);
  if (!units) return units.error();
  return static_cast<long long>(*units);
}

const char* const upload_columns =
    "id, contract_id, content_sha256, received_at, correction, rows_read, rows_stored, duplicates_skipped,"
    " rows_corrected, actor";

// SQLite reports INTEGER columns as long long, PostgreSQL INTEGER as int and BIGINT as long long: read both.
UploadRecord upload_from_row(const soci::row& row) {
  UploadRecord upload;
  upload.id = row_integer(row, 0);
  upload.contract_id = row.get<std::string>(1);
  upload.content_sha256 = row.get<std::string>(2);
  upload.received_at = instant_from_unix(row_integer(row, 3));
  upload.correction = row_integer(row, 4) != 0;
  upload.rows_read = row_integer(row, 5);
  upload.rows_stored = row_integer(row, 6);
  upload.duplicates_skipped = row_integer(row, 7);
  upload.rows_corrected = row_integer(row, 8);
  upload.actor = row.get<std::string>(9);
  return upload;
}

// The id of the series (contract, meter, channel), or nullopt when it has no readings yet.
std::optional<long long> find_series(soci::session& session, const std::string& contract,
                                     const std::string& meter, const std::string& channel) {
  long long id = 0;
  soci::statement st =
      (session.prepare << "SELECT id FROM reading_series WHERE contract_id = :c AND channel = :ch"
                          " AND meter_id = :m",
       soci::use(contract), soci::use(channel), soci::use(meter), soci::into(id));
  if (!st.execute(true)) return std::nullopt;
  return id;
}

class SqlReadingUpload final : public app::ReadingUpload {
 public:
  SqlReadingUpload(Database& db, UploadRecord record)
      : db_(db),
        record_(std::move(record)),
        lookup_((db.session().prepare << "SELECT value_milli, upload_id FROM readings"
                                         " WHERE series_id = :s AND instant = :t",
                 soci::use(key_series_), soci::use(key_instant_), soci::into(stored_value_),
                 soci::into(stored_upload_))),
        update_((db.session().prepare << "UPDATE readings SET value_milli = :v, upload_id = :u"
                                         " WHERE series_id = :s AND instant = :t",
                 soci::use(key_value_), soci::use(record_.id), soci::use(key_series_),
                 soci::use(key_instant_))),
        record_correction_(
            (db.session().prepare
                 << "INSERT INTO reading_corrections (upload_id, replaced_upload_id, series_id,"
                    " instant, old_value_milli, new_value_milli) VALUES (:u, :r, :s, :t, :o, :n)",
             soci::use(record_.id), soci::use(stored_upload_), soci::use(key_series_),
             soci::use(key_instant_), soci::use(stored_value_), soci::use(key_value_))),
        drop_search_(prepare_drop_search(db.session())) {}

  ~SqlReadingUpload() override {
    if (!committed_) db_.rollback();
  }

  Result<app::DropSearch> find_register_drop(std::string_view meter_id, metering::Channel channel,
                                             calendar::Instant first, calendar::Instant last) override {
    if (failed_ || committed_) return internal_error("upload " + std::to_string(record_.id) + " is closed");
    if (last < first) {
      return invalid_argument("register window [" + format_instant(first) + ", " + format_instant(last) +
                              "] ends before it begins");
    }
    Result<app::DropSearch> found = guard("checking registers against stored readings", [&]() {
      return search_drop(std::string(meter_id), channel, first, last);
    });
    if (!found) failed_ = true;
    return found;
  }

  Result<std::int64_t> own_readings_in(calendar::Instant from, calendar::Instant to) override {
    if (failed_ || committed_) return internal_error("upload " + std::to_string(record_.id) + " is closed");
    Result<std::int64_t> counted = guard("counting an upload's readings in a settled year", [&]() {
      long long n = 0;
      const long long t0 = from.time_since_epoch().count(), t1 = to.time_since_epoch().count();
      db_.session()
          << "SELECT COUNT(*) FROM reading_series s JOIN readings r ON r.series_id = s.id"
             " WHERE s.contract_id = :c AND r.instant >= :t0 AND r.instant < :t1 AND r.upload_id = :u",
          soci::use(record_.contract_id), soci::use(t0), soci::use(t1), soci::use(record_.id), soci::into(n);
      return Result<std::int64_t>(static_cast<std::int64_t>(n));
    });
    if (!counted) failed_ = true;
    return counted;
  }

  Result<void> mark_late(int year, int report_version, std::int64_t readings) override {
    if (failed_ || committed_) return internal_error("upload " + std::to_string(record_.id) + " is closed");
    Result<void> marked = guard("marking a settled year changed", [&]() {
      const long long n = readings;
      db_.session() << "INSERT INTO late_uploads (contract_id, year, report_version, upload_id, readings)"
                       " VALUES (:c, :y, :v, :u, :n)",
          soci::use(record_.contract_id), soci::use(year), soci::use(report_version), soci::use(record_.id),
          soci::use(n);
      return success();
    });
    if (!marked) failed_ = true;
    return marked;
  }

  Result<BatchOutcome> add(std::span<const SourcedReading> batch) override {
    if (failed_ || committed_) return internal_error("upload " + std::to_string(record_.id) + " is closed");
    if (batch.empty()) return BatchOutcome{};
    Result<BatchOutcome> outcome = guard("storing readings", [&]() { return store(batch); });
    if (!outcome) failed_ = true;
    return outcome;
  }

  Result<UploadRecord> commit(std::int64_t rows_read, const BeforeCommit& before_commit) override {
    if (failed_ || committed_) return internal_error("upload " + std::to_string(record_.id) + " is closed");
    record_.rows_read = rows_read;
    Result<void> counted = guard("closing the upload", [&]() -> Result<void> {
      const long long read = record_.rows_read, stored = record_.rows_stored,
                      dups = record_.duplicates_skipped, corrected = record_.rows_corrected;
      db_.session() << "UPDATE uploads SET rows_read = :r, rows_stored = :s, duplicates_skipped = :d,"
                       " rows_corrected = :c WHERE id = :id",
          soci::use(read), soci::use(stored), soci::use(dups), soci::use(corrected), soci::use(record_.id);
      // Provenance (event_log.hpp): who sent it, when, and a digest of its log row, in this transaction.
      RENOFEE_TRY(const AuditEvent recorded,
                  append_event(db_, AuditEvent{0, record_.received_at, record_.actor, "upload",
                                               record_.contract_id, "upload " + std::to_string(record_.id),
                                               item_of_upload(record_, record_.actor), "", ""}));
      (void)recorded;
      return success();
    });
    if (!counted) {
      failed_ = true;
      return counted.error();
    }
    if (before_commit) {
      // Anything the hook throws is reported like this store's own errors; the destructor rolls back.
      Result<void> hooked = guard("finishing the upload", [&]() { return before_commit(record_); });
      if (!hooked) {
        failed_ = true;
        return hooked.error();
      }
    }
    Result<void> done = db_.commit();
    if (!done) {
      failed_ = true;
      return done.error();
    }
    committed_ = true;
    return record_;
  }

 private:
  // The series id of a meter channel of this contract, created inside this upload's transaction if new.
  long long series_id(const std::string& meter, metering::Channel channel) {
    std::string key = meter;
    key += '\x1f';
    key += metering::to_string(channel);
    if (auto it = series_.find(key); it != series_.end()) return it->second;
    const std::string ch(metering::to_string(channel));
    std::optional<long long> id = find_series(db_.session(), record_.contract_id, meter, ch);
    if (!id) {
      db_.session() << "INSERT INTO reading_series (contract_id, meter_id, channel) VALUES (:c, :m, :ch)"
                       " ON CONFLICT (contract_id, channel, meter_id) DO NOTHING",
          soci::use(record_.contract_id), soci::use(meter), soci::use(ch);
      id = find_series(db_.session(), record_.contract_id, meter, ch);
      if (!id) throw std::runtime_error("series of meter " + meter + " " + ch + " vanished");
    }
    series_.emplace(std::move(key), *id);
    return *id;
  }

  Result<BatchOutcome> store(std::span<const SourcedReading> batch) {
    const std::size_t rows = batch.size();
    upload_ids_.assign(rows, record_.id);
    series_ids_.resize(rows);
    instants_.resize(rows);
    values_.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
      const metering::Reading& reading = batch[i].reading;
      Result<long long> milli = milli_of(reading.value);
      if (!milli) return milli.error().at(at_line(batch[i].line));
      series_ids_[i] = series_id(reading.meter_id, reading.channel);
      instants_[i] = reading.at.time_since_epoch().count();
      values_[i] = *milli;
    }
    // Prepared per batch: SOCI 4.0.3's PostgreSQL backend crashes when a vector statement prepared once is
    // executed again with vectors of another size (or prepared while they were empty); a prepare per 1,000
    // rows costs nothing measurable on SQLite.
    soci::statement insert =
        (db_.session().prepare << "INSERT INTO readings (series_id, instant, value_milli,"
                                  " upload_id) VALUES (:s, :t, :v, :u)"
                                  " ON CONFLICT (series_id, instant) DO NOTHING",
         soci::use(series_ids_), soci::use(instants_), soci::use(values_), soci::use(upload_ids_));
    insert.execute(true);
    const long long inserted = insert.get_affected_rows();
    BatchOutcome outcome;
    outcome.stored = inserted;
    if (inserted == static_cast<long long>(rows)) {
      record_.rows_stored += inserted;
      return outcome;
    }
    // Some keys existed (in the database or earlier in this batch): find out which, row by row.
    long long not_inserted = static_cast<long long>(rows) - inserted;
    for (std::size_t i = 0; i < rows && not_inserted > 0; ++i) {
      key_series_ = series_ids_[i];
      key_instant_ = instants_[i];
      key_value_ = values_[i];
      if (!lookup_.execute(true)) {
        return internal_error("reading vanished during its upload", at_line(batch[i].line));
      }
      if (stored_value_ == key_value_) continue;  // inserted now, or a duplicate: told apart by the count
      --not_inserted;
      const SourcedReading& item = batch[i];
      if (stored_upload_ == record_.id) {
        // A defence: ingest_readings' ReadingChecks refuses this before it reaches the store.
        return app::value_conflict(item.reading, value_of(stored_value_), "earlier in the same upload",
                                   at_line(item.line));
      }
      if (!record_.correction) {
        return already_exists(app::describe_value(item.reading) + " conflicts with the stored " +
                                  value_of(stored_value_).to_string() + " (upload " +
                                  std::to_string(stored_upload_) + "); send it as a correction to replace it",
                              at_line(item.line));
      }
      update_.execute(true);
      record_correction_.execute(true);
      ++outcome.corrected;
    }
    outcome.duplicates = static_cast<long long>(rows) - inserted - outcome.corrected;
    record_.rows_stored += outcome.stored;
    record_.duplicates_skipped += outcome.duplicates;
    record_.rows_corrected += outcome.corrected;
    return outcome;
  }

  // The statement behind find_register_drop (one per upload, bound to the members below). Over the window
  // from the nearest reading before t0 to the nearest after t1 (both found through the primary key
  // (series_id, instant)), LAG pairs each reading with the one before it; the first pair whose value falls
  // and that involves this upload is returned. The LEFT JOIN on one row always yields a row: the instant of
  // the first reading after t1 (NULL: none), then the pair (NULL: no fall).
  soci::statement prepare_drop_search(soci::session& session) {
    return (session.prepare
                << "SELECT (SELECT MIN(instant) FROM readings WHERE series_id = :s1 AND instant > :t1a),"
                   " d.p_instant, d.p_value, d.p_upload, d.instant, d.value_milli, d.upload_id"
                   " FROM (SELECT 1 AS one) AS o LEFT JOIN ("
                   "SELECT p_instant, p_value, p_upload, instant, value_milli, upload_id FROM ("
                   "SELECT instant, value_milli, upload_id,"
                   " LAG(instant) OVER (ORDER BY instant) AS p_instant,"
                   " LAG(value_milli) OVER (ORDER BY instant) AS p_value,"
                   " LAG(upload_id) OVER (ORDER BY instant) AS p_upload"
                   " FROM readings WHERE series_id = :s2"
                   " AND instant >= COALESCE((SELECT MAX(instant) FROM readings WHERE series_id = :s3"
                   " AND instant < :t0a), :t0b)"
                   " AND instant <= COALESCE((SELECT MIN(instant) FROM readings WHERE series_id = :s4"
                   " AND instant > :t1b), :t1c)) AS w"
                   " WHERE value_milli < p_value AND (upload_id = :u1 OR p_upload = :u2)"
                   " ORDER BY instant LIMIT 1) AS d ON 1 = 1",
            soci::use(drop_.series), soci::use(drop_.t1), soci::use(drop_.series), soci::use(drop_.series),
            soci::use(drop_.t0), soci::use(drop_.t0), soci::use(drop_.series), soci::use(drop_.t1),
            soci::use(drop_.t1), soci::use(record_.id), soci::use(record_.id),
            soci::into(drop_.after, drop_.after_ind), soci::into(drop_.row[0], drop_.row_ind[0]),
            soci::into(drop_.row[1], drop_.row_ind[1]), soci::into(drop_.row[2], drop_.row_ind[2]),
            soci::into(drop_.row[3], drop_.row_ind[3]), soci::into(drop_.row[4], drop_.row_ind[4]),
            soci::into(drop_.row[5], drop_.row_ind[5]));
  }

  Result<app::DropSearch> search_drop(const std::string& meter, metering::Channel channel,
                                      calendar::Instant first, calendar::Instant last) {
    std::string key = meter;
    key += '\x1f';
    key += metering::to_string(channel);
    std::optional<long long> series;
    if (auto it = series_.find(key); it != series_.end()) {
      series = it->second;
    } else {
      series =
          find_series(db_.session(), record_.contract_id, meter, std::string(metering::to_string(channel)));
    }
    if (!series) return app::DropSearch{};  // nothing stored for this meter channel
    drop_.series = *series;
    drop_.t0 = first.time_since_epoch().count();
    drop_.t1 = last.time_since_epoch().count();
    if (!drop_search_.execute(true)) return internal_error("the register check returned no row");
    app::DropSearch found;
    found.readings_after = drop_.after_ind == soci::i_ok;
    if (drop_.row_ind[3] != soci::i_ok) return found;
    const auto neighbour = [&](long long instant, long long milli, long long upload) {
      return app::NeighbourReading{
          metering::Reading{meter, channel, instant_from_unix(instant), value_of(milli)}, upload,
          upload == record_.id};
    };
    found.drop = app::RegisterDrop{neighbour(drop_.row[0], drop_.row[1], drop_.row[2]),
                                   neighbour(drop_.row[3], drop_.row[4], drop_.row[5])};
    return found;
  }

  Database& db_;
  UploadRecord record_;
  bool committed_ = false;
  bool failed_ = false;
  std::unordered_map<std::string, long long> series_;  // "meter\x1fchannel" -> reading_series.id

  // Bound to the statements: vectors for the bulk insert, scalars for the per-row slow path.
  std::vector<long long> series_ids_, instants_, values_, upload_ids_;
  long long key_series_ = 0, key_instant_ = 0, key_value_ = 0, stored_value_ = 0, stored_upload_ = 0;
  // Bound to drop_search_: the series and window in, the first instant after it and the falling pair
  // (earlier instant, value, upload; later instant, value, upload) out.
  struct DropBinding {
    long long series = 0, t0 = 0, t1 = 0, after = 0;
    long long row[6] = {};
    soci::indicator after_ind = soci::i_null;
    soci::indicator row_ind[6] = {soci::i_null, soci::i_null, soci::i_null,
                                  soci::i_null, soci::i_null, soci::i_null};
  } drop_;
  soci::statement lookup_, update_, record_correction_, drop_search_;
};

}  // namespace

Result<std::optional<UploadRecord>> SqlReadingStore::find_upload(std::string_view contract_id,
                                                                 std::string_view content_sha256) {
  return guard("looking up an upload", [&]() -> Result<std::optional<UploadRecord>> {
    const std::string contract(contract_id), sha(content_sha256);
    soci::rowset<soci::row> rows = (db_.session().prepare << "SELECT " << upload_columns
                                                          << " FROM uploads WHERE contract_id = :c"
                                                             " AND content_sha256 = :h",
                                    soci::use(contract), soci::use(sha));
    for (const soci::row& row : rows)
      return std::optional<UploadRecord>(upload_from_row(row));
    return std::optional<UploadRecord>();
  });
}

Result<std::vector<UploadRecord>> SqlReadingStore::uploads(std::string_view contract_id) {
  return guard("listing uploads", [&]() -> Result<std::vector<UploadRecord>> {
    const std::string contract(contract_id);
    std::vector<UploadRecord> result;
    soci::rowset<soci::row> rows =
        (db_.session().prepare << "SELECT " << upload_columns
                               << " FROM uploads WHERE contract_id = :c ORDER BY id",
         soci::use(contract));
    for (const soci::row& row : rows)
      result.push_back(upload_from_row(row));
    return result;
  });
}

Result<std::unique_ptr<app::ReadingUpload>> SqlReadingStore::begin_upload(const app::UploadRequest& request) {
  RENOFEE_CHECK(db_.begin());
  Result<std::unique_ptr<app::ReadingUpload>> upload =
      guard("opening an upload", [&]() -> Result<std::unique_ptr<app::ReadingUpload>> {
        UploadRecord record;
        record.contract_id = request.contract_id;
        record.content_sha256 = request.content_sha256;
        record.received_at = request.received_at;
        record.correction = request.correction;
        record.actor = request.actor;
        const long long received = request.received_at.time_since_epoch().count();
        const int correction = request.correction ? 1 : 0;
        long long id = 0;
        db_.session() << "INSERT INTO uploads (contract_id, content_sha256, received_at, correction, actor)"
                         " VALUES (:c, :h, :t, :k, :a) RETURNING id",
            soci::use(record.contract_id), soci::use(record.content_sha256), soci::use(received),
            soci::use(correction), soci::use(record.actor), soci::into(id);
        record.id = id;
        return std::unique_ptr<app::ReadingUpload>(new SqlReadingUpload(db_, std::move(record)));
      });
  if (!upload) {
    db_.rollback();
    Error error = upload.error();
    if (error.code == ErrorCode::already_exists) {
      error.message = "content " + request.content_sha256 + " was already imported for contract " +
                      request.contract_id + " (" + error.message + ")";
    }
    return error;
  }
  return upload;
}

Result<app::ReadingRange> SqlReadingStore::readings(std::string_view contract_id, std::string_view meter_id,
                                                    metering::Channel channel, calendar::Instant from,
                                                    calendar::Instant to) {
  if (to < from) {
    return invalid_argument("reading range [" + format_instant(from) + ", " + format_instant(to) +
                            ") ends before it begins");
  }
  return guard("querying readings", [&]() -> Result<app::ReadingRange> {
    const std::string contract(contract_id), meter(meter_id), ch(metering::to_string(channel));
    app::ReadingRange range;
    const long long t0 = from.time_since_epoch().count(), t1 = to.time_since_epoch().count();
    // One statement for the nearest reading before, the readings inside and the nearest at or after the range
    // (each part uses the (series_id, instant) primary key): a reconciliation asks this per channel and
    // meter, and preparing one statement instead of four halves its database time (docs/performance.md).
    long long instant = 0, milli = 0;
    soci::statement st =
        (db_.session().prepare
             << "WITH s AS (SELECT id FROM reading_series WHERE contract_id = :c AND channel = :ch AND "
                "meter_id = :m)"
                " SELECT * FROM (SELECT instant, value_milli FROM readings WHERE series_id = (SELECT id FROM "
                "s)"
                " AND instant < :t0 ORDER BY instant DESC LIMIT 1) AS before_range"
                " UNION ALL SELECT instant, value_milli FROM readings WHERE series_id = (SELECT id FROM s)"
                " AND instant >= :t0b AND instant < :t1"
                " UNION ALL SELECT * FROM (SELECT instant, value_milli FROM readings WHERE series_id = "
                "(SELECT id FROM s)"
                " AND instant >= :t1b ORDER BY instant LIMIT 1) AS after_range",
         soci::use(contract), soci::use(ch), soci::use(meter), soci::use(t0), soci::use(t0), soci::use(t1),
         soci::use(t1), soci::into(instant), soci::into(milli));
    st.execute();
    while (st.fetch()) {
      metering::Reading reading{meter, channel, instant_from_unix(instant), value_of(milli)};
      if (instant < t0) {
        range.before = std::move(reading);
      } else if (instant >= t1) {
        range.after = std::move(reading);
      } else {
        range.inside.push_back(std::move(reading));
      }
    }
    std::sort(
        range.inside.begin(), range.inside.end(),
        [](const metering::Reading& left, const metering::Reading& right) { return left.at < right.at; });
    return range;
  });
}

// Bound variables live here, at fixed addresses, for the statement's lifetime. The statement always runs to
// its last row (fetch() returning false), which on SQLite ends the statement's implicit read transaction, so
// reuse never pins an old snapshot.
struct SqlReadingStore::ChannelQuery {
  std::string contract, channel, meter;
  long long t0 = 0, t1 = 0, instant = 0, milli = 0;
  soci::statement statement;
  explicit ChannelQuery(soci::session& session)
      : statement((
            session.prepare
                << "WITH s AS (SELECT id, meter_id FROM reading_series WHERE contract_id = :c AND channel = "
                   ":ch)"
                   " SELECT s.meter_id, r.instant, r.value_milli FROM s JOIN readings r ON r.series_id = s.id"
                   " AND r.instant = (SELECT MAX(instant) FROM readings WHERE series_id = s.id AND instant < "
                   ":t0)"
                   " UNION ALL SELECT s.meter_id, r.instant, r.value_milli FROM s JOIN readings r"
                   " ON r.series_id = s.id AND r.instant >= :t0b AND r.instant < :t1"
                   " UNION ALL SELECT s.meter_id, r.instant, r.value_milli FROM s JOIN readings r"
                   " ON r.series_id = s.id AND r.instant = (SELECT MIN(instant) FROM readings"
                   " WHERE series_id = s.id AND instant >= :t1b)",
            soci::use(contract), soci::use(channel), soci::use(t0), soci::use(t0), soci::use(t1),
            soci::use(t1), soci::into(meter), soci::into(instant), soci::into(milli))) {}
};

SqlReadingStore::SqlReadingStore(Database& db) : db_(db) {}
SqlReadingStore::~SqlReadingStore() = default;

Result<std::vector<metering::Reading>> SqlReadingStore::channel_readings(std::string_view contract_id,
                                                                         metering::Channel channel,
                                                                         calendar::Instant from,
                                                                         calendar::Instant to) {
  if (to < from) {
    return invalid_argument("reading range [" + format_instant(from) + ", " + format_instant(to) +
                            ") ends before it begins");
  }
  Result<std::vector<metering::Reading>> result =
      guard("querying readings", [&]() -> Result<std::vector<metering::Reading>> {
        if (!channel_query_) channel_query_ = std::make_unique<ChannelQuery>(db_.session());
        ChannelQuery& bound = *channel_query_;
        bound.contract.assign(contract_id);
        bound.channel.assign(metering::to_string(channel));
        bound.t0 = from.time_since_epoch().count();
        bound.t1 = to.time_since_epoch().count();
        std::vector<metering::Reading> readings;
        bound.statement.execute();
        while (bound.statement.fetch()) {
          readings.push_back(metering::Reading{bound.meter, channel, instant_from_unix(bound.instant),
                                               value_of(bound.milli)});
        }
        return readings;
      });
  if (!result) channel_query_.reset();
  return result;
}

Result<std::vector<app::MeterSpan>> SqlReadingStore::meters(std::string_view contract_id,
                                                            metering::Channel channel) {
  return guard("listing meters", [&]() -> Result<std::vector<app::MeterSpan>> {
    const std::string contract(contract_id), ch(metering::to_string(channel));
    std::vector<app::MeterSpan> result;
    std::string meter;
    long long first = 0, last = 0, count = 0;
    soci::statement st =
        (db_.session().prepare << "SELECT s.meter_id, MIN(r.instant), MAX(r.instant), COUNT(*)"
                                  " FROM reading_series s JOIN readings r ON r.series_id = s.id"
                                  " WHERE s.contract_id = :c AND s.channel = :ch"
                                  " GROUP BY s.meter_id ORDER BY MIN(r.instant), s.meter_id",
         soci::use(contract), soci::use(ch), soci::into(meter), soci::into(first), soci::into(last),
         soci::into(count));
    st.execute();
    while (st.fetch())
      result.push_back(app::MeterSpan{meter, instant_from_unix(first), instant_from_unix(last), count});
    return result;
  });
}

Result<std::vector<app::LateUpload>> SqlReadingStore::late_uploads(std::string_view contract_id, int year) {
  return guard("listing uploads that changed settled years", [&]() -> Result<std::vector<app::LateUpload>> {
    const std::string contract(contract_id);
    std::vector<app::LateUpload> out;
    app::LateUpload row;
    long long upload = 0, received = 0, readings = 0;
    soci::statement st =
        (db_.session().prepare << "SELECT l.year, l.report_version, l.upload_id, u.received_at, l.readings"
                                  " FROM late_uploads l JOIN uploads u ON u.id = l.upload_id"
                                  " WHERE l.contract_id = :c AND (:y = 0 OR l.year = :y2)"
                                  " ORDER BY l.year, l.report_version, l.upload_id",
         soci::use(contract), soci::use(year), soci::use(year), soci::into(row.year),
         soci::into(row.report_version), soci::into(upload), soci::into(received), soci::into(readings));
    st.execute();
    while (st.fetch()) {
      row.upload_id = upload;
      row.received_at = instant_from_unix(received);
      row.readings = readings;
      out.push_back(row);
    }
    return out;
  });
}

Result<std::vector<app::CorrectionRecord>> SqlReadingStore::corrections(std::int64_t upload_id) {
  return guard("listing corrections", [&]() -> Result<std::vector<app::CorrectionRecord>> {
    const long long id = upload_id;
    std::vector<app::CorrectionRecord> result;
    std::string meter, ch;
    long long replaced = 0, instant = 0, old_milli = 0, new_milli = 0;
    soci::statement st =
        (db_.session().prepare << "SELECT c.replaced_upload_id, s.meter_id, s.channel, c.instant,"
                                  " c.old_value_milli, c.new_value_milli FROM reading_corrections c"
                                  " JOIN reading_series s ON s.id = c.series_id"
                                  " WHERE c.upload_id = :u ORDER BY s.meter_id, s.channel, c.instant",
         soci::use(id), soci::into(replaced), soci::into(meter), soci::into(ch), soci::into(instant),
         soci::into(old_milli), soci::into(new_milli));
    st.execute();
    while (st.fetch()) {
      Result<metering::Channel> channel = metering::parse_channel(ch);
      if (!channel) return internal_error("stored correction has " + channel.error().message);
      result.push_back(app::CorrectionRecord{upload_id, replaced, meter, *channel, instant_from_unix(instant),
                                             value_of(old_milli), value_of(new_milli)});
    }
    return result;
  });
}

}  // namespace renofee::db
