// Reconciliation throughput: N contract-years with daily register readings, stored in a SQLite
// file, reconciled one after the other through the real use case (app::reconcile) and SOCI stores, as
// `renofee reconcile` does. Reports contract-years per second and how the time splits between the database
// (time spent inside the store ports, measured by timing decorators) and everything else (gathering, the
// guarantee core, canonical JSON, hashing).
//
// The contracts mix the four guarantee kinds in equal parts, built from the samples in contracts/:
//   net_zero (nom-tussenwoning): import T1/T2, export T1/T2 and heat pump = 5 channels
//   epv_generation (epv-huurappartement, calendar year 2025): pv_generation and heat_pump = 2 channels
//   savings (hybride-twee-onder-een-kap): gas = 1 channel
//   pv_yield (lineair-aflossing): pv_generation = 1 channel
// each with one reading per channel at every local midnight of 2025 and 2026-01-01 (366 per channel), all
// contracts starting 2025-01-01, and synthetic weather of station 348 for 2025 (tests/data/knmi, made by
// scripts/gen_weather.py in KNMI's daily-file format).
//
// usage: renofee_reconcile_bench [CONTRACTS=10000] [DB=/tmp/renofee_reconcile_bench.db] [THREADS=2]
//   The database is built when it does not exist (or holds fewer contracts) and reused otherwise, so the
//   reconciliation can be timed repeatedly; the reports of earlier runs are found unchanged, so every run
//   after the first times the "unchanged" path too: the first run's figures are the ones to quote (delete the
//   file).
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "renofee/adapters/db/database.hpp"
#include "renofee/adapters/db/migrations.hpp"
#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/adapters/io/knmi_daily.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/reconcile.hpp"
#include "timed_stores.hpp"

namespace {

using namespace renofee;
using bench::Clock;
using bench::must;
using bench::read_text;
using bench::seconds;
using bench::Stopwatch;
using bench::TimedWeather;

class TimedReadings final : public app::ReadingStore {
 public:
  TimedReadings(app::ReadingStore& inner, Stopwatch& watch) : inner_(inner), watch_(watch) {}
  Result<std::optional<app::UploadRecord>> find_upload(std::string_view c, std::string_view s) override {
    return watch_.time([&] { return inner_.find_upload(c, s); });
  }
  Result<std::vector<app::UploadRecord>> uploads(std::string_view c) override {
    return watch_.time([&] { return inner_.uploads(c); });
  }
  Result<std::unique_ptr<app::ReadingUpload>> begin_upload(const app::UploadRequest& r) override {
    return inner_.begin_upload(r);
  }
  Result<app::ReadingRange> readings(std::string_view c, std::string_view m, metering::Channel ch,
                                     calendar::Instant from, calendar::Instant to) override {
    return watch_.time([&] { return inner_.readings(c, m, ch, from, to); });
  }
  Result<std::vector<app::MeterSpan>> meters(std::string_view c, metering::Channel ch) override {
    return watch_.time([&] { return inner_.meters(c, ch); });
  }
  Result<std::vector<app::CorrectionRecord>> corrections(std::int64_t id) override {
    return watch_.time([&] { return inner_.corrections(id); });
  }
  Result<std::vector<app::LateUpload>> late_uploads(std::string_view c, int year) override {
    return watch_.time([&] { return inner_.late_uploads(c, year); });
  }
  Result<std::vector<metering::Reading>> channel_readings(std::string_view c, metering::Channel ch,
                                                          calendar::Instant from,
                                                          calendar::Instant to) override {
    return watch_.time([&] { return inner_.channel_readings(c, ch, from, to); });
  }

 private:
  app::ReadingStore& inner_;
  Stopwatch& watch_;
};

class TimedBook final : public app::ContractStore, public app::ReportStore, public app::LedgerStore {
 public:
  TimedBook(db::SqlContractBook& inner, Stopwatch& watch) : inner_(inner), watch_(watch) {}
  Result<void> create_contract(const app::ContractVersion& v) override { return inner_.create_contract(v); }
  Result<void> add_version(const app::ContractVersion& v) override { return inner_.add_version(v); }
  Result<std::vector<app::ContractVersion>> versions(std::string_view id) override {
    return watch_.time([&] { return inner_.versions(id); });
  }
  Result<std::vector<app::ContractSummary>> list_contracts(std::string_view a, int l,
                                                           const std::optional<std::string>& o) override {
    return inner_.list_contracts(a, l, o);
  }
  Result<std::vector<app::StoredReport>> report_versions(std::string_view id, int year) override {
    return watch_.time([&] { return inner_.report_versions(id, year); });
  }
  Result<std::vector<app::StoredReport>> contract_reports(std::string_view id) override {
    return inner_.contract_reports(id);
  }
  Result<app::AppendOutcome> store_report(const app::StoredReport& r,
                                          std::span<const app::NewEntry> p) override {
    return watch_.time([&] { return inner_.store_report(r, p); });
  }
  Result<app::AppendOutcome> append(std::string_view id, std::span<const app::NewEntry> e,
                                    calendar::Instant t) override {
    return watch_.time([&] { return inner_.append(id, e, t); });
  }
  Result<std::vector<app::LedgerEntry>> entries(std::string_view id) override { return inner_.entries(id); }
  Result<std::vector<app::LedgerHead>> heads() override { return inner_.heads(); }
  Result<std::vector<std::string>> contract_ids_with_entries() override {
    return inner_.contract_ids_with_entries();
  }

 private:
  db::SqlContractBook& inner_;
  Stopwatch& watch_;
};

struct Template {
  quote::Offer offer;
  std::vector<metering::Channel> channels;
};

std::vector<Template> templates() {
  using metering::Channel;
  const std::filesystem::path dir = std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts";
  const std::vector<std::pair<const char*, std::vector<Channel>>> kinds = {
      {"nom-tussenwoning.json",
       {Channel::import_t1, Channel::import_t2, Channel::export_t1, Channel::export_t2, Channel::heat_pump}},
      {"epv-huurappartement.json", {Channel::pv_generation, Channel::heat_pump}},
      {"hybride-twee-onder-een-kap.json", {Channel::gas}},
      {"lineair-aflossing.json", {Channel::pv_generation}},
  };
  std::vector<Template> out;
  for (const auto& [file, channels] : kinds) {
    quote::Offer offer = must(io::parse_offer_json(read_text(dir / file)), file);
    offer.start_date = calendar::make_date(2025, 1, 1);
    offer.tariffs = {"nl-2025"};
    out.push_back(Template{std::move(offer), channels});
  }
  return out;
}

// Daily register increments per channel, kWh or m3 (3 decimals), varied a little per contract and day.
Decimal increment(metering::Channel channel, int contract, int day) {
  const int base = channel == metering::Channel::gas ? 2500 : 6000;
  return Decimal::from_units(base + (contract * 37 + day * 101) % 4000, 3);
}

void build(db::Database& database, int contracts, const std::vector<Template>& kinds) {
  db::SqlContractBook book(database, io::sha256_port());
  db::SqlReadingStore readings(database);
  db::SqlWeatherStore weather(database);
  const std::vector<weather::WeatherDay> all_days =
      must(io::read_knmi_daily_file(std::string(RENOFEE_SOURCE_DIR) +
                                    "/tests/data/knmi/synthetic_348_2023_2026.txt"),
           "reading the weather file");
  std::vector<weather::WeatherDay> year;
  for (const weather::WeatherDay& d : all_days) {
    if (d.day.year() == date::year{2025}) year.push_back(d);
  }
  must(weather.upsert_days(year), "storing weather");
  const calendar::Instant now{std::chrono::seconds{1'790'000'000}};
  for (int i = 0; i < contracts; ++i) {
    const Template& t = kinds[static_cast<std::size_t>(i) % kinds.size()];
    quote::Offer offer = t.offer;
    offer.id = "bench-" + std::to_string(i);
    must(app::create_contract(book, io::sha256_port(),
                              app::NewContract{offer, io::offer_to_json(offer), now, "bench"}),
         "creating a contract");
    std::unique_ptr<app::ReadingUpload> upload = must(
        readings.begin_upload(app::UploadRequest{offer.id, io::sha256_hex(offer.id), now, false}), "upload");
    std::vector<app::SourcedReading> batch;
    std::int64_t line = 0;
    for (metering::Channel channel : t.channels) {
      Decimal value = Decimal::from_units(1'000'000, 3);
      for (int day = 0; day <= 365; ++day) {
        const calendar::Date d = calendar::add_days(calendar::make_date(2025, 1, 1), day);
        batch.push_back(
            app::SourcedReading{metering::Reading{std::string(metering::to_string(channel)) + "-M", channel,
                                                  calendar::local_day(d).begin, value},
                                ++line});
        value += increment(channel, i, day);
      }
    }
    must(upload->add(batch), "storing readings");
    must(upload->commit(line, {}), "committing readings");
    if ((i + 1) % 1000 == 0) std::cerr << "built " << (i + 1) << " contracts\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  // glibc returns freed memory at the top of a thread's heap to the kernel (madvise) once it exceeds the trim
  // threshold, and a worker thread's arena does so after almost every request: a quarter of a
  // reconciliation's time went to madvise and TLB flushes (docs/performance.md). Keep up to 64 MiB per arena
  // instead.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  const int contracts = argc > 1 ? std::stoi(argv[1]) : 10'000;
  const std::string path = argc > 2 ? argv[2] : "/tmp/renofee_reconcile_bench.db";
  const int threads = argc > 3 ? std::stoi(argv[3]) : 2;
  const std::vector<Template> kinds = templates();
  std::unique_ptr<db::Database> database = must(db::Database::open(path), "opening the database");
  must(db::migrate(*database, calendar::Instant{std::chrono::seconds{1'790'000'000}}), "migrating");
  long long stored = 0;
  database->session() << "SELECT COUNT(*) FROM contract_versions", soci::into(stored);
  if (stored < contracts) {
    const auto start = Clock::now();
    std::cerr << "building " << contracts << " contracts in " << path << " ...\n";
    build(*database, contracts, kinds);
    std::cerr << "built in " << seconds(Clock::now() - start) << " s\n";
  }
  if (std::getenv("RENOFEE_BENCH_BUILD_ONLY") != nullptr) return 0;  // keep a copy of the fresh database

  // Each worker thread has its own connection and stores (SQLite WAL: readers run in parallel; writers take
  // turns on the process's writer mutex of the file, database.hpp) and reconciles the contracts i with
  // i % threads == its index.
  struct Worker {
    Stopwatch db_time;
    int stored = 0, unchanged = 0, with_compensation = 0;
  };
  std::vector<Worker> workers(static_cast<std::size_t>(threads));
  auto work = [&](int w) {
    Worker& me = workers[static_cast<std::size_t>(w)];
    std::unique_ptr<db::Database> connection = must(db::Database::open(path), "opening the database");
    db::SqlContractBook sql_book(*connection, io::sha256_port());
    db::SqlReadingStore sql_readings(*connection);
    db::SqlWeatherStore sql_weather(*connection);
    TimedBook book(sql_book, me.db_time);
    TimedReadings readings(sql_readings, me.db_time);
    TimedWeather weather(sql_weather, me.db_time);
    io::TariffDirectory tariffs(std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs");
    app::ReconcileDeps deps{book, book, book, readings, weather, tariffs, io::sha256_port()};
    for (int i = w; i < contracts; i += threads) {
      app::ReconcileRequest request;
      request.contract_id = "bench-" + std::to_string(i);
      request.year = i % 4 == 1 ? 2025 : 1;  // the EPV contracts settle per calendar year
      request.today = calendar::make_date(2026, 11, 23);
      request.now = calendar::Instant{std::chrono::seconds{1'795'000'000}};
      request.actor = "bench";
      app::ReconcileOutcome outcome = must(app::reconcile(deps, request), request.contract_id.c_str());
      if (outcome.stored == app::ReconcileOutcome::Stored::stored) ++me.stored;
      if (outcome.stored == app::ReconcileOutcome::Stored::unchanged) ++me.unchanged;
      if (!outcome.report.compensation.is_zero()) ++me.with_compensation;
    }
  };
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  const double cpu_before = before.ru_utime.tv_sec + before.ru_utime.tv_usec / 1e6 + before.ru_stime.tv_sec +
                            before.ru_stime.tv_usec / 1e6;
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int w = 0; w < threads; ++w)
    pool.emplace_back(work, w);
  for (std::thread& t : pool)
    t.join();
  int stored_now = 0, unchanged = 0, with_compensation = 0;
  Clock::duration db_total{};
  for (const Worker& w : workers) {
    stored_now += w.stored;
    unchanged += w.unchanged;
    with_compensation += w.with_compensation;
    db_total += w.db_time.total;
  }
  const double total = seconds(Clock::now() - start);
  // CPU seconds of the reconciliation (user + system, all threads): on a machine shared with other work the
  // wall time stretches, the CPU time does not.
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  const double cpu = after.ru_utime.tv_sec + after.ru_utime.tv_usec / 1e6 + after.ru_stime.tv_sec +
                     after.ru_stime.tv_usec / 1e6 - cpu_before;
  const double busy = total * threads;  // thread-seconds
  const double in_db = seconds(db_total);
  std::printf(
      "weather: synthetic station 348, 2025 (tests/data/knmi, scripts/gen_weather.py; not KNMI data)\n");
  std::printf("contract-years: %d (%d stored, %d unchanged, %d with compensation)\n", contracts, stored_now,
              unchanged, with_compensation);
  std::printf("total: %.2f s with %d thread(s), %.0f contract-years/s; CPU time %.2f s\n", total, threads,
              contracts / total, cpu);
  std::printf("of %.2f thread-seconds: database %.2f s (%.0f%%), computation and the rest %.2f s (%.0f%%)\n",
              busy, in_db, 100 * in_db / busy, busy - in_db, 100 * (busy - in_db) / busy);
  return 0;
}
