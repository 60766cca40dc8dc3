// Benchmark of one full quote: the NOM sample offer (360 months, two tariff years: four bills, APR,
// affordability), with offer and tariffs parsed once outside the loop, as a quoting service keeps them.
// Run: build/bench/renofee_bench --benchmark_filter=Quote
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "renofee/adapters/io/json_reader.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/quoting.hpp"

namespace {

using namespace renofee;

std::string offer_text(const std::string& name) {
  std::ifstream in(std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts" / (name + ".json"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

quote::Offer load_offer(const std::string& name) {
  return io::parse_offer_json(offer_text(name)).value();
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

// The three steps of POST /v1/quotes apart from HTTP and the key check (docs/performance.md "The quote route
// stage by stage"), on the NOM sample. Poco's JSON parser alone (the stack's JSON library), building its
// document tree of the 2.6 kB offer:
void BM_OfferPocoJsonParse(benchmark::State& state) {
  const std::string document = offer_text("nom-tussenwoning");
  for (auto _ : state)
    benchmark::DoNotOptimize(io::parse_json_object(document));
}
BENCHMARK(BM_OfferPocoJsonParse);

// The whole offer reader: Poco's parse plus the strict reader (types, ranges, JSON pointers, unknown fields).
void BM_OfferRead(benchmark::State& state) {
  const std::string document = offer_text("nom-tussenwoning");
  for (auto _ : state)
    benchmark::DoNotOptimize(io::parse_offer_json(document));
}
BENCHMARK(BM_OfferRead);

// The quote's JSON answer (about 13 kB: financing, fee by year, totals, eight bills with their lines).
void BM_QuoteJsonText(benchmark::State& state) {
  const quote::Offer offer = load_offer("nom-tussenwoning");
  io::TariffDirectory tariffs(std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs");
  const Result<quote::Quote> quoted = app::quote_offer(offer, tariffs);
  if (!quoted.ok()) {
    state.SkipWithError("sample does not quote");
    return;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(io::quote_json_text(*quoted));
}
BENCHMARK(BM_QuoteJsonText);

// Read, quote and write each of the five sample offers in turn: the route's own work per request, on one
// core with nothing else running, as bench/wrk_renofee.lua rotates them.
void BM_RouteWorkFiveSamples(benchmark::State& state) {
  std::vector<std::string> documents;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts")) {
    if (entry.path().extension() == ".json") documents.push_back(offer_text(entry.path().stem().string()));
  }
  io::TariffDirectory tariffs(std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs");
  std::size_t next = 0;
  for (auto _ : state) {
    Result<quote::Offer> offer = io::parse_offer_json(documents[next++ % documents.size()]);
    Result<quote::Quote> quoted = app::quote_offer(*offer, tariffs);
    benchmark::DoNotOptimize(io::quote_json_text(*quoted));
  }
}
BENCHMARK(BM_RouteWorkFiveSamples);

}  // namespace
