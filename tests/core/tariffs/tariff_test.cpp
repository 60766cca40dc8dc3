// Test plan for tariff.hpp: validate() accepts a sound tariff and refuses each broken invariant naming its
// JSON pointer (negative price, a price, charge or bound beyond its range or with too many decimals, VAT >=
// 1, empty/unordered/open-in-the-middle brackets, feed-in below 50 % of supply in 2027-2029 without netting);
// the EPV table lookup picks the one matching row (Stb. 2023, 287 / RVO [16] figures) and reports a missing
// or ambiguous row.
#include "renofee/core/tariffs/tariff.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "test_tariff.hpp"

namespace renofee::tariffs {
namespace {

using testing::dec;
using testing::round_tariff;

TEST(Tariff, RoundTariffIsValid) {
  EXPECT_TRUE(validate(round_tariff()).ok());
}

struct BrokenCase {
  int line;
  std::function<void(TariffYear&)> breaks;
  std::string field;
};

TEST(Tariff, EachBrokenInvariantNamesItsField) {
  const std::vector<BrokenCase> cases = {
      {__LINE__, [](TariffYear& t) { t.year = 1899; }, "/year"},
      {__LINE__, [](TariffYear& t) { t.vat_rate = dec("1"); }, "/vat_rate"},
      {__LINE__, [](TariffYear& t) { t.vat_rate = dec("-0.01"); }, "/vat_rate"},
      {__LINE__, [](TariffYear& t) { t.electricity.supply_price = EurPerKwh(dec("-0.01")); },
       "/electricity/supply_price_per_kwh"},
      {__LINE__, [](TariffYear& t) { t.electricity.low_normal->normal = EurPerKwh(dec("-1")); },
       "/electricity/supply_price_normal_per_kwh"},
      {__LINE__, [](TariffYear& t) { t.electricity.network_charge_per_year = Money(dec("-1")); },
       "/electricity/network_charge_per_year"},
      {__LINE__, [](TariffYear& t) { t.electricity.energy_tax.clear(); }, "/electricity/energy_tax"},
      {__LINE__, [](TariffYear& t) { t.electricity.energy_tax[0].up_to.reset(); },
       "/electricity/energy_tax/0/up_to"},
      {__LINE__, [](TariffYear& t) { t.electricity.energy_tax[1].up_to = Kwh(dec("10000")); },
       "/electricity/energy_tax/1/up_to"},
      {__LINE__, [](TariffYear& t) { t.electricity.energy_tax[0].up_to = Kwh(dec("0")); },
       "/electricity/energy_tax/0/up_to"},
      {__LINE__, [](TariffYear& t) { t.electricity.energy_tax[2].rate = EurPerKwh(dec("-0.001")); },
       "/electricity/energy_tax/2/rate"},
      {__LINE__, [](TariffYear& t) { t.gas.fixed_charge_per_month = Money(dec("-5")); },
       "/gas/fixed_charge_per_month"},
      {__LINE__, [](TariffYear& t) { t.tax_reduction_per_year = Money(dec("-1")); },
       "/tax_reduction_per_year"},
      // Ranges (tariff.hpp): found by fuzz/tariff_file, a supply price of 10^75 EUR/kWh passed validate()
      // and the bill then threw DecimalOverflow.
      {__LINE__, [](TariffYear& t) { t.electricity.supply_price = EurPerKwh(dec("1E+75")); },
       "/electricity/supply_price_per_kwh"},
      {__LINE__, [](TariffYear& t) { t.electricity.supply_price = EurPerKwh(dec("1000.01")); },
       "/electricity/supply_price_per_kwh"},
      {__LINE__, [](TariffYear& t) { t.gas.supply_price = EurPerCubicMetre(dec("0.12345678901")); },
       "/gas/supply_price_per_m3"},
      {__LINE__, [](TariffYear& t) { t.electricity.feed_in_cost = EurPerKwh(dec("1E-11")); },
       "/electricity/feed_in_cost_per_kwh"},
      {__LINE__, [](TariffYear& t) { t.gas.network_charge_per_year = Money(dec("1000000.01")); },
       "/gas/network_charge_per_year"},
      {__LINE__, [](TariffYear& t) { t.tax_reduction_per_year = Money(dec("1E+7")); },
       "/tax_reduction_per_year"},
      {__LINE__, [](TariffYear& t) { t.vat_rate = dec("0.21000000001"); }, "/vat_rate"},
      {__LINE__, [](TariffYear& t) { t.electricity.energy_tax[1].rate = EurPerKwh(dec("1001")); },
       "/electricity/energy_tax/1/rate"},
      {__LINE__, [](TariffYear& t) { t.electricity.energy_tax[1].up_to = Kwh(dec("1000000000000.1")); },
       "/electricity/energy_tax/1/up_to"},
      {__LINE__, [](TariffYear& t) { t.gas.energy_tax[0].up_to = CubicMetres(dec("1000.0000001")); },
       "/gas/energy_tax/0/up_to"},
      // 2027 without netting: feed-in 0.08 < 50 % of 0.20 (Grinwis amendment, [86]).
      {__LINE__,
       [](TariffYear& t) {
         t.year = 2027;
         t.netting = false;
       },
       "/electricity/feed_in_price_per_kwh"},
  };
  for (const BrokenCase& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    TariffYear t = round_tariff();
    c.breaks(t);
    const Result<void> r = validate(t);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, c.field) << r.error();
  }
  // Exactly 50 % passes; 2030 has no floor any more.
  TariffYear half = round_tariff();
  half.year = 2027;
  half.netting = false;
  half.electricity.feed_in_price = EurPerKwh(dec("0.10"));
  EXPECT_TRUE(validate(half).ok());
  TariffYear later = round_tariff();
  later.year = 2030;
  later.netting = false;
  EXPECT_TRUE(validate(later).ok());
}

const calendar::Date mid_2026 = calendar::make_date(2026, 7, 1);

TariffEpv epv_table() {
  const auto row = [](std::string regime, std::string cls, std::optional<DwellingType> type,
                      std::optional<int> from, std::optional<int> before, std::string_view rate) {
    return EpvRate{.regime = std::move(regime),
                   .epv_class = std::move(cls),
                   .dwelling = type,
                   .built_from = from,
                   .built_before = before,
                   .valid_from = calendar::make_date(2023, 10, 1),
                   .valid_until = std::nullopt,
                   .rate_per_m2_month = EurPerSquareMetre(dec(rate)),
                   .source = "test"};
  };
  const auto sf = DwellingType::single_family;
  const auto mf = DwellingType::multi_family;
  return TariffEpv{{row("epv2", "hoogwaardig", sf, std::nullopt, 2019, "1.65"),
                    row("epv2", "hoogwaardig", mf, std::nullopt, 2019, "1.40"),
                    row("epv2", "hoogwaardig", sf, 2019, std::nullopt, "1.15"),
                    row("epv2", "hoogwaardig", mf, 2019, std::nullopt, "0.90"),
                    row("epv2", "basis", std::nullopt, std::nullopt, 2019, "1.25"),
                    row("2016", "heat_demand_le_30", std::nullopt, std::nullopt, std::nullopt, "1.71"),
                    row("2016", "heat_demand_le_40", std::nullopt, std::nullopt, std::nullopt, "1.44"),
                    row("2016", "heat_demand_le_50", std::nullopt, std::nullopt, std::nullopt, "1.22")}};
}

TEST(TariffEpv, LookupByRegimeClassTypeAndBuildYear) {
  struct Row {
    int line;
    std::string regime, cls;
    DwellingType type;
    int built;
    std::string rate;
  };
  const std::vector<Row> rows = {
      {__LINE__, "epv2", "hoogwaardig", DwellingType::single_family, 1968, "1.65"},
      {__LINE__, "epv2", "hoogwaardig", DwellingType::multi_family, 2018, "1.40"},
      {__LINE__, "epv2", "hoogwaardig", DwellingType::single_family, 2019, "1.15"},
      {__LINE__, "epv2", "hoogwaardig", DwellingType::multi_family, 2024, "0.90"},
      {__LINE__, "epv2", "basis", DwellingType::multi_family, 1975, "1.25"},
      {__LINE__, "2016", "heat_demand_le_40", DwellingType::single_family, 1960, "1.44"},
  };
  const TariffEpv table = epv_table();
  for (const Row& r : rows) {
    SCOPED_TRACE("row at line " + std::to_string(r.line));
    const Result<EurPerSquareMetre> rate = epv_rate(table, r.regime, r.cls, r.type, r.built, mid_2026);
    ASSERT_TRUE(rate.ok()) << rate.error();
    EXPECT_EQ(rate->to_string(), r.rate);
  }
  // 100 m2 single-family Hoogwaardig: 1.65 x 100 = 165.00 EUR/month (docs/domain.md §4.7).
  const EurPerSquareMetre rate =
      epv_rate(table, "epv2", "hoogwaardig", DwellingType::single_family, 1968, mid_2026).value();
  EXPECT_EQ((rate * SquareMetres(dec("100"))).round(2, Rounding::half_up).to_string(), "165.00");
}

TEST(TariffEpv, MissingOrAmbiguousRowIsAnError) {
  TariffEpv table = epv_table();
  const Result<EurPerSquareMetre> none =
      epv_rate(table, "epv2", "basis", DwellingType::single_family, 2021, mid_2026);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::not_found);
  EXPECT_NE(none.error().message.find("2021"), std::string::npos);
  EXPECT_FALSE(epv_rate(table, "epv3", "basis", DwellingType::single_family, 1970, mid_2026).ok());
  table.rates.push_back(table.rates.front());
  const Result<EurPerSquareMetre> twice =
      epv_rate(table, "epv2", "hoogwaardig", DwellingType::single_family, 1968, mid_2026);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::failed_precondition);
}

// Caps by date (rules issue, item 3): the 2016-regime q30 row of 1.71 from 1 Jul 2023 to 30 Jun 2025, then
// 1.83. A contract from 1 Jan 2025 gets 1.71, then 1.83 from 1 Jul 2025; one from 2026 only 1.83; a date
// before the table is not_found; a month no row covers is a gap.
TEST(TariffEpv, RatesByValidityDate) {
  TariffEpv table;
  const auto row = [](const char* from, std::optional<const char*> until, const char* rate) {
    return EpvRate{.regime = "2016",
                   .epv_class = "heat_demand_le_30",
                   .dwelling = std::nullopt,
                   .built_from = std::nullopt,
                   .built_before = std::nullopt,
                   .valid_from = calendar::parse_date(from).value(),
                   .valid_until = until ? std::optional(calendar::parse_date(*until).value()) : std::nullopt,
                   .rate_per_m2_month = EurPerSquareMetre(dec(rate)),
                   .source = std::string("row from ") + from};
  };
  table.rates = {row("2025-07-01", std::nullopt, "1.83"), row("2023-07-01", "2025-06-30", "1.71")};
  const auto sf = DwellingType::single_family;
  EXPECT_EQ(
      epv_rate(table, "2016", "heat_demand_le_30", sf, 1960, calendar::make_date(2025, 6, 30))->to_string(),
      "1.71");
  EXPECT_EQ(
      epv_rate(table, "2016", "heat_demand_le_30", sf, 1960, calendar::make_date(2025, 7, 1))->to_string(),
      "1.83");
  const std::vector<EpvRateStep> steps =
      epv_rate_steps(table, "2016", "heat_demand_le_30", sf, 1960, calendar::make_date(2025, 1, 1)).value();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].from, calendar::make_date(2025, 1, 1));
  EXPECT_EQ(steps[0].rate_per_m2_month.to_string(), "1.71");
  EXPECT_EQ(steps[1].from, calendar::make_date(2025, 7, 1));
  EXPECT_EQ(steps[1].rate_per_m2_month.to_string(), "1.83");
  EXPECT_EQ(steps[1].source, "row from 2025-07-01");
  const std::vector<EpvRateStep> later =
      epv_rate_steps(table, "2016", "heat_demand_le_30", sf, 1960, calendar::make_date(2026, 3, 1)).value();
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].rate_per_m2_month.to_string(), "1.83");
  const Result<std::vector<EpvRateStep>> early =
      epv_rate_steps(table, "2016", "heat_demand_le_30", sf, 1960, calendar::make_date(2023, 6, 30));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::not_found);
  EXPECT_NE(early.error().message.find("2023-06-30"), std::string::npos);
  table.rates[0].valid_from = calendar::make_date(2025, 8, 1);  // July 2025 uncovered
  const Result<std::vector<EpvRateStep>> gap =
      epv_rate_steps(table, "2016", "heat_demand_le_30", sf, 1960, calendar::make_date(2025, 1, 1));
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().code, ErrorCode::failed_precondition);
}

// Network charges per operator region: the default operator's are in electricity/gas, the others in
// network_regions; an unknown operator names those the year has.
TEST(Tariff, NetworkChargesOfTheHomesOperator) {
  TariffYear t = testing::round_tariff();
  t.network_operator = "liander";
  t.network_regions = {{"stedin", Money(dec("320.00")), Money(dec("210.00"))}};
  EXPECT_EQ(for_network_operator(t, "liander").value(), t);
  const TariffYear stedin = for_network_operator(t, "stedin").value();
  EXPECT_EQ(stedin.electricity.network_charge_per_year, Money(dec("320.00")));
  EXPECT_EQ(stedin.gas.network_charge_per_year, Money(dec("210.00")));
  EXPECT_EQ(stedin.network_operator, "stedin");
  EXPECT_EQ(stedin.id, t.id);
  const Result<TariffYear> enexis = for_network_operator(t, "enexis");
  ASSERT_FALSE(enexis.ok());
  EXPECT_EQ(enexis.error().code, ErrorCode::not_found);
  EXPECT_NE(enexis.error().message.find("(it has: liander, stedin)"), std::string::npos) << enexis.error();
  t.network_regions[0].gas_per_year = Money(dec("-1.00"));
  EXPECT_EQ(validate(t).error().field, "/network_regions/stedin/gas_per_year");
}

TEST(DwellingTypeNames, RoundTrip) {
  for (DwellingType t : {DwellingType::single_family, DwellingType::multi_family})
    EXPECT_EQ(parse_dwelling_type(to_string(t)).value(), t);
  EXPECT_FALSE(parse_dwelling_type("villa").ok());
}

}  // namespace
}  // namespace renofee::tariffs
