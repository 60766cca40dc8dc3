// renofee_ingest_bench: imports a long-format reading CSV (meter_id,channel,timestamp,value) into a SQLite
// database through renofee's store path: content hash (SHA-256, the idempotency key) -> ingest_readings
// (validation: channel names, exact register values, time order and monotonic registers per meter channel)
// -> SqlReadingStore (bulk INSERT ... ON CONFLICT in batches of 1,000, one transaction).
//
// The CSV is read by a small local splitter, NOT by the io adapter's parser (a parallel branch, not
// available here): it accepts exactly `meter,channel,YYYY-MM-DDThh:mm:ss(Z|+hh:mm|-hh:mm),decimal` lines
// after a header, streaming through a 1 MiB buffer, and names the line of anything else.
// Usage: renofee_ingest_bench --db PATH [--contract ID] FILE.csv ; prints one JSON line of results.
// bench/ingest_bench.sh runs it next to the sqlite3 shell's .import (docs/performance.md, "Ingest").
#include <Poco/Crypto/DigestEngine.h>
#include <date/date.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/adapters/db/database.hpp"
#include "renofee/adapters/db/migrations.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/app/ingest_readings.hpp"

namespace {

using namespace renofee;

Result<std::string> sha256_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot open " + path);
  Poco::Crypto::DigestEngine engine("SHA256");
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    engine.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  return Poco::Crypto::DigestEngine::digestToHex(engine.digest());
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// "2026-01-01T00:15:00Z" or with "+01:00" / "-05:30".
Result<calendar::Instant> parse_timestamp(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  const bool shape = s.size() >= 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
                     s[16] == ':' && digits(s, 0, 4, y) && digits(s, 5, 2, mo) && digits(s, 8, 2, d) &&
                     digits(s, 11, 2, h) && digits(s, 14, 2, mi) && digits(s, 17, 2, se);
  int offset = 0;
  bool zone = false;
  if (shape && s.size() == 20 && s[19] == 'Z') {
    zone = true;
  } else if (shape && s.size() == 25 && (s[19] == '+' || s[19] == '-') && s[22] == ':') {
    int oh = 0, om = 0;
    zone = digits(s, 20, 2, oh) && digits(s, 23, 2, om) && oh < 24 && om < 60;
    offset = (s[19] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const date::year_month_day day{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!zone || !day.ok() || h > 23 || mi > 59 || se > 59) {
    return invalid_argument("bad timestamp \"" + std::string(s.substr(0, 40)) + "\"");
  }
  return calendar::Instant(date::sys_days(day)) + std::chrono::seconds(h * 3600 + mi * 60 + se - offset);
}

// Streams a CSV file through a fixed buffer: memory stays flat whatever the file size.
class CsvFeed final : public app::ReadingFeed {
 public:
  explicit CsvFeed(const std::string& path) : file_(std::fopen(path.c_str(), "rb")), buffer_(1 << 20) {}
  ~CsvFeed() override {
    if (file_ != nullptr) std::fclose(file_);
  }
  CsvFeed(const CsvFeed&) = delete;
  CsvFeed& operator=(const CsvFeed&) = delete;

  Result<std::optional<app::SourcedReading>> next() override {
    if (file_ == nullptr) return not_found("cannot open the CSV file");
    std::string_view line;
    do {
      if (!next_line(line)) return std::optional<app::SourcedReading>();
    } while (line_ == 1 || line.empty());  // header
    std::string_view fields[4];
    std::size_t start = 0;
    for (int i = 0; i < 4; ++i) {
      const std::size_t comma = i < 3 ? line.find(',', start) : line.size();
      if (comma == std::string_view::npos || (i == 3 && line.find(',', start) != std::string_view::npos)) {
        return invalid_argument("expected 4 fields: meter_id,channel,timestamp,value", at());
      }
      fields[i] = line.substr(start, comma - start);
      start = comma + 1;
    }
    Result<metering::Channel> channel = metering::parse_channel(fields[1]);
    if (!channel) return channel.error().at(at());
    Result<calendar::Instant> instant = parse_timestamp(fields[2]);
    if (!instant) return instant.error().at(at());
    Result<Decimal> value = Decimal::parse(fields[3]);
    if (!value) return value.error().at(at());
    return std::optional<app::SourcedReading>(app::SourcedReading{
        metering::Reading{std::string(fields[0]), *channel, *instant, std::move(value).value()}, line_});
  }

 private:
  std::string at() const { return "line " + std::to_string(line_); }

  bool next_line(std::string_view& line) {
    while (true) {
      const char* begin = buffer_.data() + pos_;
      const void* nl = std::memchr(begin, '\n', end_ - pos_);
      if (nl != nullptr) {
        const std::size_t len = static_cast<const char*>(nl) - begin;
        line = std::string_view(begin, len > 0 && begin[len - 1] == '\r' ? len - 1 : len);
        pos_ += len + 1;
        ++line_;
        return true;
      }
      if (eof_) {
        if (pos_ == end_) return false;
        line = std::string_view(begin, end_ - pos_);
        pos_ = end_;
        ++line_;
        return true;
      }
      std::memmove(buffer_.data(), begin, end_ - pos_);  // keep the partial line, refill behind it
      end_ -= pos_;
      pos_ = 0;
      if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // a line longer than the buffer
      const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
      end_ += got;
      if (got == 0) eof_ = true;
    }
  }

  std::FILE* file_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  std::int64_t line_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string db_url, contract = "BENCH-1", file;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_url = argv[++i];
    } else if (arg == "--contract" && i + 1 < argc) {
      contract = argv[++i];
    } else {
      file = arg;
    }
  }
  if (db_url.empty() || file.empty()) {
    std::cerr << "usage: renofee_ingest_bench --db PATH [--contract ID] FILE.csv\n";
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  Result<std::string> sha = sha256_of_file(file);
  if (!sha) {
    std::cerr << describe(sha.error()) << '\n';
    return 1;
  }
  const auto hashed = std::chrono::steady_clock::now();
  Result<std::unique_ptr<db::Database>> database = db::Database::open(db_url);
  if (!database) {
    std::cerr << describe(database.error()) << '\n';
    return 1;
  }
  const calendar::Instant now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  if (Result<db::MigrationReport> migrated = db::migrate(**database, now); !migrated) {
    std::cerr << describe(migrated.error()) << '\n';
    return 1;
  }
  db::SqlReadingStore store(**database);
  CsvFeed feed(file);
  Result<app::IngestSummary> summary =
      app::ingest_readings(store, feed, app::IngestOptions{contract, *sha, now, false, 1000});
  const auto done = std::chrono::steady_clock::now();
  if (!summary) {
    std::cerr << describe(summary.error()) << '\n';
    return 1;
  }
  const double seconds = std::chrono::duration<double>(done - started).count();  // statistics only
  const double hash_seconds = std::chrono::duration<double>(hashed - started).count();
  std::cout << "{\"rows_read\": " << summary->upload.rows_read
            << ", \"rows_stored\": " << summary->upload.rows_stored
            << ", \"already_imported\": " << (summary->already_imported ? "true" : "false")
            << ", \"seconds\": " << seconds << ", \"hash_seconds\": " << hash_seconds
            << ", \"readings_per_second\": " << static_cast<long long>(summary->upload.rows_read / seconds)
            << "}\n";
  return 0;
}
