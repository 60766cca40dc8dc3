// `renofee import readings --contract ID [--format csv|json|p1] [--correction] [--db URL] FILE...`
// `renofee import weather [--db URL] FILE...`
// Readings: each file is one upload, atomic (all rows or none) and idempotent (the same bytes again change
// nothing and say so); the format is sniffed from the first bytes unless given. Weather: KNMI daily files
// (etmgeg_NNN.txt) upserted per station and day. Exit 1 when any file was refused (the others still count).

#include <fstream>
#include <ostream>
#include <vector>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/adapters/io/crypto.hpp"
#include "renofee/adapters/io/knmi_daily.hpp"
#include "renofee/adapters/io/reading_source.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "renofee/app/ingest_readings.hpp"
#include "renofee/app/reconcile.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee import readings --contract ID [--format csv|json|p1] [--correction] [--db URL] FILE...\n"
    "       renofee import weather [--db URL] FILE...\n";

int import_readings(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> files = positional(args, {"--contract", "--format", "--db"});
  const std::string contract = flag_value(args, "--contract");
  const std::string format_name = flag_value(args, "--format");
  if (contract.empty() || files.size() < 2) {
    io.err << usage;
    return 2;
  }
  std::optional<io::ReadingFormat> format;
  if (!format_name.empty()) {
    Result<io::ReadingFormat> parsed = io::parse_reading_format(format_name);
    if (!parsed) {
      io.err << "renofee import: " << parsed.error() << '\n';
      return 2;
    }
    format = *parsed;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "import");
  if (!database) return 1;
  db::SqlReadingStore store(*database);
  db::SqlContractBook book(*database, io::sha256_port());
  int failures = 0;
  for (std::size_t i = 1; i < files.size(); ++i) {
    const std::string& path = files[i];
    Result<std::string> sha = io::file_sha256(path);
    if (!sha) {
      io.err << "renofee import: " << path << ": " << sha.error().message << '\n';
      ++failures;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    io::ReadingFormat chosen = io::ReadingFormat::csv;
    if (format) {
      chosen = *format;
    } else {
      char head[64] = {};
      in.read(head, sizeof head);
      chosen = io::sniff_reading_format(std::string_view(head, static_cast<std::size_t>(in.gcount())));
      in.clear();
      in.seekg(0);
    }
    std::unique_ptr<app::ReadingFeed> feed = io::open_readings(chosen, in);
    app::IngestOptions options;
    options.contract_id = contract;
    options.content_sha256 = *sha;
    options.received_at = now_utc();
    options.correction = has_flag(args, "--correction");
    options.actor = "cli";
    Result<std::vector<app::SettledPeriod>> settled = app::settled_periods(book, book, contract);
    if (!settled) {
      io.err << "renofee import: " << describe(settled.error()) << '\n';
      return 1;
    }
    options.settled = std::move(*settled);
    Result<app::IngestSummary> summary = app::ingest_readings(store, *feed, options);
    if (!summary) {
      io.err << "renofee import: " << path << ": " << describe(summary.error()) << "; nothing stored\n";
      ++failures;
      continue;
    }
    io.out << path << " (" << io::to_string(chosen) << "): " << app::describe(*summary) << '\n';
  }
  return failures == 0 ? 0 : 1;
}

int import_weather(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> files = positional(args, {"--db"});
  if (files.size() < 2) {
    io.err << usage;
    return 2;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "import");
  if (!database) return 1;
  db::SqlWeatherStore store(*database);
  int failures = 0;
  for (std::size_t i = 1; i < files.size(); ++i) {
    Result<std::vector<weather::WeatherDay>> days = io::read_knmi_daily_file(files[i]);
    if (!days) {
      io.err << "renofee import: " << files[i] << ": " << describe(days.error()) << "; nothing stored\n";
      ++failures;
      continue;
    }
    Result<std::int64_t> stored = store.upsert_days(*days);
    if (!stored) {
      io.err << "renofee import: " << files[i] << ": " << describe(stored.error()) << "; nothing stored\n";
      ++failures;
      continue;
    }
    std::size_t missing_tg = 0;
    for (const weather::WeatherDay& day : *days)
      missing_tg += day.mean_temperature_01c ? 0 : 1;
    io.out << files[i] << ": " << days->size() << " station-days";
    if (!days->empty()) {
      io.out << " (station " << days->front().station << ", " << calendar::to_string(days->front().day)
             << " to " << calendar::to_string(days->back().day) << ", " << missing_tg << " without TG)";
    }
    io.out << ", " << *stored << " stored or updated\n";
  }
  return failures == 0 ? 0 : 1;
}

int import_command(const std::vector<std::string>& args, Streams& io) {
  if (args.empty()) {
    io.err << usage;
    return 2;
  }
  if (args[0] == "readings") return import_readings(args, io);
  if (args[0] == "weather") return import_weather(args, io);
  io.err << "renofee import: unknown kind \"" << args[0] << "\"\n" << usage;
  return 2;
}

const CommandRegistration registration{
    "import", "import meter readings (CSV, NDJSON, P1) or KNMI weather files", import_command};

}  // namespace
}  // namespace renofee::cli
