// Test plan for quote.hpp's APR dates (rules issue, item 4): offer.hpp's apr_terms maps the drawdown date
// (default one month before the first payment) to whole months before start_date, 0..12, end-of-month clamped
// as the schedule steps, and refuses any other day naming /financing/drawdown_date (offer_problems too); the
// APR arithmetic itself is checked in tests/core/finance/apr_test.cpp against a python fractions reference.
// Test plan for quote.hpp's EPV cap (the quote itself is checked value by value against the independent
// golden files in tests/golden/quotes/): the offer's EPV vocabulary (scheme epv2 with hoogwaardig/basis,
// epv2016 with q30/q40/q50) maps onto the EPV table's, and the cap is rate x floor area, half-up to cents.
// The table here is built from docs/domain.md §4 (EPV 2.0, Stb. 2023, 287; older regime from 1 Jul 2023), not
// read from tariffs/.
#include "renofee/core/quote/quote.hpp"

#include <gtest/gtest.h>

namespace renofee::quote {
namespace {

tariffs::EpvRate rate(const char* regime, const char* epv_class,
                      std::optional<tariffs::DwellingType> dwelling, std::optional<int> built_from,
                      std::optional<int> built_before, const char* eur) {
  return tariffs::EpvRate{.regime = regime,
                          .epv_class = epv_class,
                          .dwelling = dwelling,
                          .built_from = built_from,
                          .built_before = built_before,
                          .valid_from = calendar::make_date(2023, 7, 1),
                          .valid_until = std::nullopt,
                          .rate_per_m2_month = EurPerSquareMetre::parse(eur).value(),
                          .source = "design table"};
}

tariffs::TariffEpv design_table() {
  using tariffs::DwellingType;
  return tariffs::TariffEpv{{
      rate("epv2", "hoogwaardig", DwellingType::single_family, std::nullopt, 2019, "1.65"),
      rate("epv2", "hoogwaardig", DwellingType::multi_family, std::nullopt, 2019, "1.40"),
      rate("epv2", "hoogwaardig", DwellingType::single_family, 2019, std::nullopt, "1.15"),
      rate("epv2", "hoogwaardig", DwellingType::multi_family, 2019, std::nullopt, "0.90"),
      rate("epv2", "basis", std::nullopt, std::nullopt, 2019, "1.25"),
      rate("2016", "heat_demand_le_30", std::nullopt, std::nullopt, std::nullopt, "1.71"),
      rate("2016", "heat_demand_le_40", std::nullopt, std::nullopt, std::nullopt, "1.44"),
      rate("2016", "heat_demand_le_50", std::nullopt, std::nullopt, std::nullopt, "1.22"),
  }};
}

Offer rented(DwellingType type, int area, int built, EpvScheme scheme, const char* epv_class) {
  Offer offer;
  offer.start_date = calendar::make_date(2026, 7, 1);
  offer.dwelling.type = type;
  offer.dwelling.floor_area_m2 = area;
  offer.dwelling.build_year = built;
  offer.dwelling.tenure = Tenure::rented;
  offer.dwelling.epv = Epv{scheme, epv_class};
  return offer;
}

TEST(EpvMonthlyCap, EveryClassOfBothSchemes) {
  using enum EpvScheme;
  struct Row {
    int line;
    DwellingType type;
    int area;
    int built;
    EpvScheme scheme;
    const char* epv_class;
    const char* cap;  // rate x area, hand computed
  };
  const Row rows[] = {
      {__LINE__, DwellingType::multi_family, 68, 1985, epv2, "hoogwaardig", "95.20"},     // 1.40 x 68
      {__LINE__, DwellingType::single_family, 112, 1968, epv2, "hoogwaardig", "184.80"},  // 1.65 x 112
      {__LINE__, DwellingType::single_family, 90, 2021, epv2, "hoogwaardig", "103.50"},   // 1.15 x 90
      {__LINE__, DwellingType::multi_family, 55, 2019, epv2, "hoogwaardig", "49.50"},     // 0.90 x 55
      {__LINE__, DwellingType::multi_family, 75, 1972, epv2, "basis", "93.75"},           // 1.25 x 75
      {__LINE__, DwellingType::single_family, 100, 1960, epv2016, "q30", "171.00"},       // 1.71 x 100
      {__LINE__, DwellingType::single_family, 101, 1960, epv2016, "q40", "145.44"},       // 1.44 x 101
      {__LINE__, DwellingType::multi_family, 80, 1960, epv2016, "q50", "97.60"},          // 1.22 x 80
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const Result<std::optional<Money>> cap =
        epv_monthly_cap(rented(row.type, row.area, row.built, row.scheme, row.epv_class), design_table());
    ASSERT_TRUE(cap.ok()) << cap.error();
    ASSERT_TRUE(cap->has_value());
    EXPECT_EQ((*cap)->to_string(), row.cap);
  }
}

TEST(EpvMonthlyCap, OwnersHaveNoneAndMissingRowsAreNamed) {
  Offer owner = rented(DwellingType::single_family, 100, 1970, EpvScheme::epv2, "hoogwaardig");
  owner.dwelling.tenure = Tenure::owner;
  EXPECT_FALSE(epv_monthly_cap(owner, design_table())->has_value());
  // EPV 2.0 Basis is not available to homes built from 2019 (new build): no table row.
  const Result<std::optional<Money>> none = epv_monthly_cap(
      rented(DwellingType::single_family, 90, 2021, EpvScheme::epv2, "basis"), design_table());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::not_found);
  EXPECT_EQ(none.error().field.rfind("/dwelling/epv", 0), 0u) << none.error();
}

TEST(AprTerms, DrawdownDateToWholeMonthsBeforeTheFirstPayment) {
  struct Row {
    int line;
    const char* start;
    const char* drawdown;  // "" = not given
    int lead;              // -1 = refused
  };
  const Row rows[] = {
      {__LINE__, "2026-03-01", "", 1},
      {__LINE__, "2026-03-01", "2026-03-01", 0},
      {__LINE__, "2026-03-01", "2026-02-01", 1},
      {__LINE__, "2026-03-01", "2025-12-01", 3},
      {__LINE__, "2026-03-01", "2025-03-01", 12},
      {__LINE__, "2026-03-01", "2025-02-01", -1},
      {__LINE__, "2026-03-01", "2026-02-15", -1},
      {__LINE__, "2026-03-01", "2026-03-02", -1},
      {__LINE__, "2026-03-31", "", 1},
      {__LINE__, "2026-03-31", "2026-02-28", 1},
      {__LINE__, "2026-03-31", "2026-02-27", -1},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    Offer offer;
    offer.start_date = calendar::parse_date(row.start).value();
    if (*row.drawdown) offer.financing.drawdown_date = calendar::parse_date(row.drawdown).value();
    offer.financing.service_fee_in_apr = row.line % 2 == 0;
    const Result<finance::AprTerms> terms = apr_terms(offer);
    if (row.lead < 0) {
      ASSERT_FALSE(terms.ok());
      EXPECT_EQ(terms.error().field, "/financing/drawdown_date");
      EXPECT_NE(terms.error().message.find("must fall 0..12 whole months before the first payment"),
                std::string::npos);
      bool named = false;
      for (const Error& e : offer_problems(offer))
        named = named || e.field == "/financing/drawdown_date";
      EXPECT_TRUE(named);
      continue;
    }
    ASSERT_TRUE(terms.ok()) << terms.error();
    EXPECT_EQ(terms->lead_months, row.lead);
    EXPECT_EQ(terms->service_fee, row.line % 2 == 0);
  }
}

}  // namespace
}  // namespace renofee::quote
