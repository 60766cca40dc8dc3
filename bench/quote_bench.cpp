// Benchmark of one full quote (issue 3): the NOM sample offer (360 months, two tariff years: four bills, APR,
// affordability), with offer and tariffs parsed once outside the loop, as a quoting service keeps them.
// Run: build/bench/renofee_bench --benchmark_filter=Quote
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/quoting.hpp"

namespace {

using namespace renofee;

quote::Offer load_offer(const std::string& name) {
  std::ifstream in(std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts" / (name + ".json"));
  std::stringstream text;
  text << in.rdbuf();
  return io::parse_offer_json(text.str()).value();
}

void quote_sample(benchmark::State& state, const std::string& name) {
  const quote::Offer offer = load_offer(name);
  io::TariffDirectory tariffs(std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs");
  if (!app::quote_offer(offer, tariffs).ok()) state.SkipWithError("sample does not quote");
  for (auto _ : state)
    benchmark::DoNotOptimize(app::quote_offer(offer, tariffs));
}

// 360 months nominal annuity, fixed indexation, 2 tariff years.
void BM_QuoteNomTussenwoning(benchmark::State& state) {
  quote_sample(state, "nom-tussenwoning");
}
BENCHMARK(BM_QuoteNomTussenwoning);

// 300 months, EPV cap, 2 tariff years.
void BM_QuoteEpvHuurappartement(benchmark::State& state) {
  quote_sample(state, "epv-huurappartement");
}
BENCHMARK(BM_QuoteEpvHuurappartement);

// Parsing the offer document (strict JSON reader) + quoting: what one line of `quote --batch` costs.
void BM_ParseAndQuoteNomTussenwoning(benchmark::State& state) {
  std::ifstream in(std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts" / "nom-tussenwoning.json");
  std::stringstream text;
  text << in.rdbuf();
  const std::string document = text.str();
  io::TariffDirectory tariffs(std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs");
  for (auto _ : state) {
    Result<quote::Offer> offer = io::parse_offer_json(document);
    benchmark::DoNotOptimize(app::quote_offer(*offer, tariffs));
  }
}
BENCHMARK(BM_ParseAndQuoteNomTussenwoning);

}  // namespace
