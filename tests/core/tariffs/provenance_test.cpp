// Test plan for provenance.hpp: the figure pointers of a tariff in file order (optional low/normal and tiers
// appear only when present); a tariff without sources names its first figure; one entry per group covers a
// whole carrier; a missing group, a figure covered twice, a pointer naming nothing, a validity that misses a
// day of the year, a projected entry without a method and a published one without a source are each refused
// at their own field; projected_sources and source_of find the right entries; the basis names round-trip.
#include "renofee/core/tariffs/provenance.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_tariff.hpp"

namespace renofee::tariffs {
namespace {

using testing::dec;
using testing::round_tariff;

calendar::Date day(std::string_view text) {
  return calendar::parse_date(text).value();
}

FigureSource entry(std::vector<std::string> figures, FigureBasis basis = FigureBasis::published,
                   std::string method = {}) {
  return FigureSource{
      std::move(figures), basis, "a tariff sheet of 2025-12-01", std::move(method), day("2026-01-01"),
      day("2026-12-31")};
}

TariffYear sourced() {
  TariffYear t = round_tariff();
  t.sources = {entry({"/vat_rate", "/netting", "/tax_reduction_per_year"}), entry({"/electricity"}),
               entry({"/gas"}, FigureBasis::projected, "2025 repeated")};
  return t;
}

TEST(Provenance, FigurePointersInFileOrder) {
  TariffYear t = round_tariff();
  const std::vector<std::string> all = figure_pointers(t);
  ASSERT_EQ(all.size(), 24u);  // 2 + 3 el. prices + 2 charges + 3 x 2 brackets + 3 + 3 gas + 2 x 2 + 1
  EXPECT_EQ(all[0], "/vat_rate");
  EXPECT_EQ(all[3], "/electricity/supply_price_low_per_kwh");
  EXPECT_EQ(all[7], "/electricity/energy_tax/0/up_to_kwh");
  EXPECT_EQ(all[8], "/electricity/energy_tax/0/rate_per_kwh");
  EXPECT_EQ(all.back(), "/tax_reduction_per_year");
  t.electricity.low_normal.reset();
  t.electricity.feed_in_cost_tiers = {{Kwh(dec("500")), Money(dec("0"))}, {std::nullopt, Money(dec("5"))}};
  const std::vector<std::string> tiered = figure_pointers(t);
  EXPECT_EQ(tiered.size(), 26u);  // two fewer prices, four tier figures more
  EXPECT_NE(std::find(tiered.begin(), tiered.end(), "/electricity/feed_in_cost_tiers/1/per_month"),
            tiered.end());
}

TEST(Provenance, EveryFigureNeedsASource) {
  const Result<void> none = check_sources(round_tariff());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "/sources/vat_rate");
  EXPECT_NE(none.error().message.find("has no source and validity"), std::string::npos);
  EXPECT_TRUE(check_sources(sourced()));
  TariffYear t = sourced();
  t.sources.pop_back();  // the gas group
  const Result<void> no_gas = check_sources(t);
  ASSERT_FALSE(no_gas);
  EXPECT_EQ(no_gas.error().field, "/sources/gas/supply_price_per_m3");
}

TEST(Provenance, EntriesAreCheckedOneByOne) {
  struct Row {
    int line;
    FigureSource change;
    std::string field;
  };
  FigureSource twice = entry({"/electricity/network_charge_per_year"});
  FigureSource nothing = entry({"/electricity/network"});
  FigureSource short_validity = entry({"/vat_rate"});
  short_validity.valid_until = day("2026-12-30");
  FigureSource late = entry({"/vat_rate"});
  late.valid_from = day("2026-01-02");
  FigureSource no_method = entry({"/vat_rate"}, FigureBasis::projected);
  FigureSource no_source = entry({"/vat_rate"});
  no_source.source.clear();
  const Row rows[] = {{__LINE__, twice, "/sources/electricity/network_charge_per_year"},
                      {__LINE__, nothing, "/sources/3/figures"},
                      {__LINE__, short_validity, "/sources/3/valid_until"},
                      {__LINE__, late, "/sources/3/valid_until"},
                      {__LINE__, no_method, "/sources/3/method"},
                      {__LINE__, no_source, "/sources/3/source"}};
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    TariffYear t = sourced();
    if (row.change.figures[0] == "/vat_rate") t.sources[0].figures.erase(t.sources[0].figures.begin());
    t.sources.push_back(row.change);
    const Result<void> r = check_sources(t);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, row.field) << r.error().message;
  }
  TariffYear sample = sourced();  // a sample may have no source, but needs its method
  sample.sources[0].basis = FigureBasis::sample;
  sample.sources[0].source.clear();
  sample.sources[0].method = "a round figure for the example";
  EXPECT_TRUE(check_sources(sample));
}

TEST(Provenance, ProjectedAndSourceOf) {
  const TariffYear t = sourced();
  const std::vector<const FigureSource*> projected = projected_sources(t);
  ASSERT_EQ(projected.size(), 1u);
  EXPECT_EQ(projected[0]->figures, std::vector<std::string>{"/gas"});
  EXPECT_EQ(source_of(t, "/gas/energy_tax/1/rate_per_m3"), &t.sources[2]);
  EXPECT_EQ(source_of(t, "/electricity/feed_in_cost_per_kwh"), &t.sources[1]);
  EXPECT_EQ(source_of(t, "/gasx"), nullptr);
  EXPECT_EQ(source_of(round_tariff(), "/vat_rate"), nullptr);
}

TEST(Provenance, BasisNames) {
  for (FigureBasis basis :
       {FigureBasis::published, FigureBasis::derived, FigureBasis::projected, FigureBasis::sample})
    EXPECT_EQ(parse_figure_basis(to_string(basis)).value(), basis);
  EXPECT_FALSE(parse_figure_basis("estimated"));
}

}  // namespace
}  // namespace renofee::tariffs
