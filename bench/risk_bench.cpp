// A financier's book at scale (docs/performance.md, "Portfolio risk"): N generated contracts in a SQLite file,
// every one of them evaluated in every weather year of 1987..2025 (39 years, the seeded spread on) through the
// real use case (app::portfolio_risk) and SOCI stores, as `renofee portfolio risk --format csv` does, with the
// CSV rows written to /dev/null. Reports the wall time, how it splits between the stores (reading contracts,
// which includes parsing each stored offer, and weather) and everything else (the exposure core on the
// machine's cores, the output), and the peak resident memory, which must not grow with N.
//
// The contracts: the four sample offers with a guarantee (contracts/), varied per contract: floor area, export,
// guaranteed amounts, normalised or fixed PV yield, start dates 2020-01..2025-12 (so the remaining terms
// differ), all owned by one financier. Weather: stations 348 and 260 from scripts/gen_weather.py (synthetic,
// KNMI's format), passed as files.
//
// usage: renofee_risk_bench CONTRACTS DB W348 W260
//   The database is built when it does not exist (or holds fewer contracts) and reused otherwise.
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
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/adapters/io/knmi_daily.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/risk_output.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/portfolio_risk.hpp"
#include "timed_stores.hpp"

namespace {

using namespace renofee;
using bench::Clock;
using bench::must;
using bench::read_text;
using bench::seconds;
using bench::Stopwatch;
using bench::TimedWeather;

class TimedContracts final : public app::ContractStore {
 public:
  TimedContracts(app::ContractStore& inner, Stopwatch& watch) : inner_(inner), watch_(watch) {}
  Result<void> create_contract(const app::ContractVersion& v) override { return inner_.create_contract(v); }
  Result<void> add_version(const app::ContractVersion& v) override { return inner_.add_version(v); }
  Result<std::vector<app::ContractVersion>> versions(std::string_view id) override {
    return watch_.time([&] { return inner_.versions(id); });
  }
  Result<std::vector<app::ContractSummary>> list_contracts(std::string_view a, int l,
                                                           const std::optional<std::string>& o) override {
    return watch_.time([&] { return inner_.list_contracts(a, l, o); });
  }

 private:
  app::ContractStore& inner_;
  Stopwatch& watch_;
};

std::vector<quote::Offer> templates() {
  const std::filesystem::path dir = std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts";
  std::vector<quote::Offer> out;
  for (const char* file : {"nom-tussenwoning.json", "epv-huurappartement.json",
                           "hybride-twee-onder-een-kap.json", "lineair-aflossing.json"}) {
    out.push_back(must(io::parse_offer_json(read_text(dir / file)), file));
  }
  return out;
}

// Contract i: template i % 4, varied so that some years owe and others do not.
quote::Offer contract_offer(const std::vector<quote::Offer>& kinds, int i) {
  quote::Offer offer = kinds[static_cast<std::size_t>(i) % kinds.size()];
  offer.id = "risk-" + std::to_string(1000000 + i);
  offer.start_date = calendar::make_date(2020 + (i / 4) % 6, 1 + (i / 24) % 12, 1);
  offer.dwelling.floor_area_m2 = 80 + (i * 7) % 60;
  auto& after = offer.expected_use.after;
  guarantee::Guarantee& g = offer.guarantees.front();
  if (auto* nz = std::get_if<guarantee::NetZeroTerms>(&g.terms)) {
    after.electricity_export = Kwh(Decimal(3300 + (i * 13) % 700));
    (void)nz;
  } else if (auto* s = std::get_if<guarantee::SavingsTerms>(&g.terms)) {
    s->guaranteed_savings = Decimal(1100 + (i * 17) % 500);
  } else if (auto* pv = std::get_if<guarantee::PvYieldTerms>(&g.terms)) {
    pv->normalised = i % 8 != 3;
    after.pv_generation = Kwh(Decimal(6000 + (i * 11) % 400));
  } else if (auto* epv = std::get_if<guarantee::EpvTerms>(&g.terms)) {
    epv->h_min = Kwh(Decimal(900 + (i * 19) % 400));
  }
  return offer;
}

void build(db::Database& database, int from, int contracts, const std::vector<std::string>& weather_files) {
  db::SqlContractBook book(database, io::sha256_port());
  db::SqlWeatherStore weather(database);
  if (from == 0) {
    for (const std::string& file : weather_files) {
      must(weather.upsert_days(must(io::read_knmi_daily_file(file), "reading weather")), "storing weather");
    }
  }
  const std::vector<quote::Offer> kinds = templates();
  const calendar::Instant now{std::chrono::seconds{1'790'000'000}};
  for (int i = from; i < contracts; ++i) {
    const quote::Offer offer = contract_offer(kinds, i);
    must(app::create_contract(book, io::sha256_port(),
                              app::NewContract{offer, io::offer_to_json(offer), now, "key:benchbank0001"}),
         "creating a contract");
    if ((i + 1) % 10000 == 0) std::cerr << "built " << (i + 1) << " contracts\n";
  }
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  mallopt(M_TRIM_THRESHOLD, 64 << 20);  // as reconcile_bench.cpp: no madvise churn in the worker threads
  if (argc != 5) {
    std::cerr << "usage: renofee_risk_bench CONTRACTS DB W348 W260\n";
    return 2;
  }
  const int contracts = std::stoi(argv[1]);
  const std::string path = argv[2];
  std::unique_ptr<db::Database> database = must(db::Database::open(path), "opening the database");
  must(db::migrate(*database, calendar::Instant{std::chrono::seconds{1'790'000'000}}), "migrating");
  long long stored = 0;
  database->session() << "SELECT COUNT(*) FROM contract_versions", soci::into(stored);
  if (stored < contracts) {
    const auto start = Clock::now();
    std::cerr << "building " << contracts << " contracts in " << path << " ...\n";
    build(*database, static_cast<int>(stored), contracts, {argv[3], argv[4]});
    std::cerr << "built in " << seconds(Clock::now() - start) << " s\n";
  }
  db::SqlContractBook book(*database, io::sha256_port());
  db::SqlWeatherStore weather_store(*database);
  io::TariffDirectory tariffs(std::string(RENOFEE_SOURCE_DIR) + "/tariffs");
  Stopwatch contracts_watch, weather_watch;
  TimedContracts timed_book(book, contracts_watch);
  TimedWeather timed_weather(weather_store, weather_watch);
  app::PortfolioRiskRequest request;
  request.owner = "key:benchbank0001";
  request.from_year = 1987;
  request.to_year = 2025;
  request.as_of = calendar::make_date(2026, 12, 4);
  request.settings.seed = 20261204;
  std::ofstream sink_file("/dev/null");
  io::RiskWriter writer(sink_file, io::RiskFormat::csv, request);
  writer.begin();
  std::int64_t rows = 0;
  const auto start = Clock::now();
  const app::PortfolioRisk risk =
      must(app::portfolio_risk(timed_book, timed_weather, tariffs, request,
                               [&](const app::ContractRiskRow& row) -> Result<void> {
                                 ++rows;
                                 writer.row(row);
                                 return {};
                               }),
           "portfolio risk");
  writer.end(risk);
  const double wall = seconds(Clock::now() - start);
  const double db_contracts = seconds(contracts_watch.total), db_weather = seconds(weather_watch.total);
  std::printf(
      "contracts %lld in the book, %lld rows (%d modelled, %d past term, %d not modelled), %zu weather "
      "years\n",
      static_cast<long long>(risk.contracts + risk.not_modelled), static_cast<long long>(rows), risk.modelled,
      risk.term_ended, risk.not_modelled, risk.book.years.size());
  std::printf(
      "wall %.2f s: contract store (SQL + offer parse, both passes) %.2f s, weather store %.2f s, "
      "rest (exposure on %u threads, output) %.2f s\n",
      wall, db_contracts, db_weather, std::thread::hardware_concurrency(), wall - db_contracts - db_weather);
  std::printf(
      "book: expected %s EUR a year, P99 %s, worst %s (%d), present value %s, premium %s per contract "
      "per month\n",
      risk.book.figures.expected.to_string().c_str(), risk.book.figures.p99.to_string().c_str(),
      risk.book.figures.worst.to_string().c_str(), risk.book.figures.worst_year,
      risk.book.present_value.to_string().c_str(),
      risk.book.premium_monthly_per_contract.to_string().c_str());
  // The SQL part of the contract store's time: the stored offers read once without parsing them (the store
  // reads them twice, once per pass, and parses each).
  const auto sql_start = Clock::now();
  std::size_t bytes = 0;
  {
    std::string text;
    soci::statement all = (database->session().prepare << "SELECT offer_json FROM contract_versions ORDER BY "
                                                          "contract_id, version",
                           soci::into(text));
    all.execute();
    while (all.fetch())
      bytes += text.size();
  }
  std::printf("reading the %lld stored offers once, SQL only (no parsing): %.2f s, %zu bytes\n",
              static_cast<long long>(contracts), seconds(Clock::now() - sql_start), bytes);
  std::printf("peak resident memory %ld KiB\n", peak_rss_kib());
  return 0;
}
