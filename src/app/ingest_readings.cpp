#include "renofee/app/ingest_readings.hpp"

#include <date/date.h>
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "renofee/core/base/text.hpp"

namespace renofee::app {
namespace {

constexpr std::size_t max_id_length = 64;

std::string at_line(std::int64_t line) {
  return "line " + std::to_string(line);
}

std::string series_name(const metering::Reading& r) {
  return "meter " + r.meter_id + " channel " + std::string(metering::to_string(r.channel));
}

// "meter\x1fchannel": one (meter, channel) series of an upload.
std::string series_key(const metering::Reading& r) {
  std::string key = r.meter_id;
  key += '\x1f';
  key += metering::to_string(r.channel);
  return key;
}

// The line of this upload's reading of `r`'s series at `r.at` in `batch`, if it is there.
std::optional<std::int64_t> line_in(std::span<const SourcedReading> batch, const metering::Reading& r) {
  for (const SourcedReading& item : batch) {
    if (item.reading.at == r.at && item.reading.channel == r.channel && item.reading.meter_id == r.meter_id) {
      return item.line;
    }
  }
  return std::nullopt;
}

// Where a neighbour came from: "line 7" (this upload) or "stored by upload 3".
std::string origin(const NeighbourReading& n, std::span<const SourcedReading> batch) {
  if (!n.this_upload) return "stored by upload " + std::to_string(n.upload_id);
  const std::optional<std::int64_t> line = line_in(batch, n.reading);
  return line ? at_line(*line) : "this upload";
}

// The refusal of a register that falls across uploads, at the line of this upload's reading (the later
// one when both are this upload's, which ReadingChecks already prevents).
Error register_drop(const RegisterDrop& drop, std::span<const SourcedReading> batch) {
  const NeighbourReading& mine = drop.later.this_upload ? drop.later : drop.earlier;
  const std::optional<std::int64_t> line = line_in(batch, mine.reading);
  const metering::Reading& e = drop.earlier.reading;
  const metering::Reading& l = drop.later.reading;
  return failed_precondition(series_name(l) + ": register decreases from " + e.value.to_string() + " at " +
                                 date::format("%FT%TZ", e.at) + " (" + origin(drop.earlier, batch) + ") to " +
                                 l.value.to_string() + " at " + date::format("%FT%TZ", l.at) + " (" +
                                 origin(drop.later, batch) +
                                 "); a replaced meter is uploaded under its new meter id",
                             line ? at_line(*line) : std::string());
}

Result<void> check_options(const IngestOptions& options) {
  if (options.contract_id.empty() || options.contract_id.size() > max_id_length) {
    return invalid_argument(
        "contract id \"" + options.contract_id.substr(0, 80) + "\" must have 1..64 characters", "contract");
  }
  if (options.content_sha256.size() != 64 || !text::is_lower_hex(options.content_sha256)) {
    return invalid_argument("content hash \"" + options.content_sha256.substr(0, 80) +
                                "\" is not a SHA-256 in 64 lower-case hex digits",
                            "content_sha256");
  }
  if (options.batch_size == 0 || options.batch_size > 100000) {
    return invalid_argument("batch size " + std::to_string(options.batch_size) + " is outside 1..100000",
                            "batch_size");
  }
  if (options.max_readings < 1 || options.max_series < 1) {
    return invalid_argument("the upload bounds must be at least 1", "max_readings");
  }
  return success();
}

}  // namespace

std::string describe_value(const metering::Reading& reading) {
  return series_name(reading) + " at " + date::format("%FT%TZ", reading.at) + ": value " +
         reading.value.to_string();
}

Error value_conflict(const metering::Reading& reading, const Decimal& earlier_value, std::string_view earlier,
                     std::string field) {
  return already_exists(
      describe_value(reading) + " contradicts " + earlier_value.to_string() + " " + std::string(earlier),
      std::move(field));
}

std::string ReadingChecks::at(std::int64_t line) const {
  return std::string(position_) + " " + std::to_string(line);
}

Result<ReadingChecks::Outcome> ReadingChecks::check(const SourcedReading& item) {
  const metering::Reading& r = item.reading;
  if (r.meter_id.empty() || r.meter_id.size() > max_id_length) {
    return invalid_argument("meter id \"" + r.meter_id.substr(0, 80) + "\" must have 1..64 characters",
                            at(item.line));
  }
  Result<Decimal> value = metering::validate_register_value(r.value);
  if (!value) return value.error().at(at(item.line));

  auto [it, inserted] = last_.try_emplace(series_key(r), LastSeen{r.at, r.value, item.line});
  if (inserted) {
    if (last_.size() <= max_series_) return Outcome::accepted;
    return out_of_range("more than " + std::to_string(max_series_) +
                            " meter channels (meter id and channel pairs) in one upload; upload each "
                            "contract's meters separately",
                        at(item.line));
  }
  LastSeen& previous = it->second;
  if (r.at == previous.at) {
    // The same reading twice is stored once (docs/domain.md §6); same key, another value: a conflict.
    if (r.value == previous.value) return Outcome::repeat;
    return value_conflict(r, previous.value, "on " + at(previous.line), at(item.line));
  }
  if (r.at < previous.at) {
    return invalid_argument(series_name(r) + ": reading at " + date::format("%FT%TZ", r.at) +
                                " is not after the previous one at " + date::format("%FT%TZ", previous.at) +
                                " (" + at(previous.line) + ")",
                            at(item.line));
  }
  if (r.value < previous.value) {
    return invalid_argument(series_name(r) + ": register decreases from " + previous.value.to_string() +
                                " (" + at(previous.line) + ") to " + r.value.to_string(),
                            at(item.line));
  }
  previous = LastSeen{r.at, r.value, item.line};
  return Outcome::accepted;
}

Result<void> ContinuityChecks::check(ReadingUpload& upload, std::span<const SourcedReading> batch,
                                     const BatchOutcome& outcome) {
  if (outcome.stored == 0 && outcome.corrected == 0) return success();
  // The earliest and latest instant of each meter channel of the batch not settled yet, in order of first
  // appearance (so the first fall in the file is the one reported).
  struct Span {
    std::string key;
    const metering::Reading* sample;
    calendar::Instant first, last;
  };
  std::vector<Span> spans;
  std::unordered_map<std::string, std::size_t> index;
  for (const SourcedReading& item : batch) {
    const metering::Reading& r = item.reading;
    std::string key = series_key(r);
    if (settled_.contains(key)) continue;
    auto [it, inserted] = index.try_emplace(key, spans.size());
    if (inserted) {
      spans.push_back(Span{std::move(key), &r, r.at, r.at});
      continue;
    }
    Span& span = spans[it->second];
    span.first = std::min(span.first, r.at);
    span.last = std::max(span.last, r.at);
  }
  for (Span& span : spans) {
    RENOFEE_TRY(const DropSearch found, upload.find_register_drop(span.sample->meter_id, span.sample->channel,
                                                                  span.first, span.last));
    if (found.drop) return register_drop(*found.drop, batch);
    // Nothing stored after this batch's readings: the upload's later readings of this meter channel come
    // after them (ReadingChecks' order), so only stored readings of this upload can be their neighbours.
    if (!found.readings_after) settled_.insert(std::move(span.key));
  }
  return success();
}

namespace {

// Marks the open upload against every settled year it changed (readings inside the year's period that it
// stored or corrected), before it commits: the marks are stored with the readings or not at all.
Result<std::vector<LateUpload>> mark_settled_years(ReadingUpload& upload,
                                                   const std::vector<SettledPeriod>& settled) {
  std::vector<LateUpload> late;
  for (const SettledPeriod& period : settled) {
    RENOFEE_TRY(const std::int64_t readings, upload.own_readings_in(period.from, period.to));
    if (readings == 0) continue;
    RENOFEE_CHECK(upload.mark_late(period.year, period.report_version, readings));
    late.push_back(LateUpload{period.year, period.report_version, 0, {}, readings});
  }
  return late;
}

}  // namespace

Result<IngestSummary> ingest_readings(ReadingStore& store, ReadingFeed& feed, const IngestOptions& options) {
  RENOFEE_CHECK(check_options(options));
  RENOFEE_TRY(std::optional<UploadRecord> earlier,
              store.find_upload(options.contract_id, options.content_sha256));
  if (earlier) return IngestSummary{true, std::move(*earlier), {}};

  Result<std::unique_ptr<ReadingUpload>> opened = store.begin_upload(UploadRequest{
      options.contract_id, options.content_sha256, options.received_at, options.correction, options.actor});
  if (!opened && opened.error().code == ErrorCode::already_exists) {
    // A concurrent upload of the same content committed between the lookup above and this one: the
    // content is imported, exactly as if it had been seen first.
    RENOFEE_TRY(std::optional<UploadRecord> winner,
                store.find_upload(options.contract_id, options.content_sha256));
    if (winner) return IngestSummary{true, std::move(*winner), {}};
  }
  RENOFEE_TRY(std::unique_ptr<ReadingUpload> upload, std::move(opened));
  ReadingChecks checks(options.max_series);
  ContinuityChecks continuity;
  std::vector<SourcedReading> batch;
  batch.reserve(options.batch_size);
  const auto store_batch = [&]() -> Result<void> {
    RENOFEE_TRY(const BatchOutcome outcome, upload->add(batch));
    RENOFEE_CHECK(continuity.check(*upload, batch, outcome));
    batch.clear();
    return success();
  };
  std::int64_t rows_read = 0;
  while (true) {
    RENOFEE_TRY(std::optional<SourcedReading> item, feed.next());
    if (!item) break;
    if (++rows_read > options.max_readings) {
      return out_of_range("upload has more than " + std::to_string(options.max_readings) +
                              " readings; split the file into several uploads",
                          at_line(item->line));
    }
    // A repeat is passed on too: the store counts it with the duplicates of stored readings.
    RENOFEE_CHECK(checks.check(*item));
    batch.push_back(std::move(*item));
    if (batch.size() == options.batch_size) RENOFEE_CHECK(store_batch());
  }
  if (rows_read == 0) {
    // Logging it would answer "stored" for an upload that stored nothing (and keep its content hash).
    return invalid_argument(
        "the upload holds no readings (an empty body, only blank lines, or a CSV header without rows); "
        "nothing was stored",
        at_line(1));
  }
  if (!batch.empty()) RENOFEE_CHECK(store_batch());
  RENOFEE_TRY(const std::vector<LateUpload> late, mark_settled_years(*upload, options.settled));
  const auto summary_of = [&](const UploadRecord& record) {
    IngestSummary summary{false, record, late};
    for (LateUpload& mark : summary.late) {
      mark.upload_id = record.id;
      mark.received_at = record.received_at;
    }
    return summary;
  };
  ReadingUpload::BeforeCommit hook = nullptr;
  if (options.before_commit) {
    hook = [&](const UploadRecord& record) { return options.before_commit(summary_of(record)); };
  }
  // The store counts what it stored, skipped and corrected, and writes it to the upload log.
  RENOFEE_TRY(const UploadRecord record, upload->commit(rows_read, hook));
  return summary_of(record);
}

std::string describe(const IngestSummary& summary) {
  const UploadRecord& u = summary.upload;
  if (summary.already_imported) {
    return "already imported as upload " + std::to_string(u.id) + " on " +
           date::format("%FT%TZ", u.received_at) + ", nothing changed";
  }
  std::string text = "upload " + std::to_string(u.id) + ": " + std::to_string(u.rows_read) + " read, " +
                     std::to_string(u.rows_stored) + " stored, " + std::to_string(u.duplicates_skipped) +
                     " duplicates skipped, " + std::to_string(u.rows_corrected) + " corrected";
  for (const LateUpload& mark : summary.late) {
    text += "; changes settled year " + std::to_string(mark.year) + " (report version " +
            std::to_string(mark.report_version) + ") with " + std::to_string(mark.readings) +
            " reading(s): marked for the auditor (settle it with a correction)";
  }
  return text;
}

}  // namespace renofee::app
