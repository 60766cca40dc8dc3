// Test plan for terms.hpp:
//   Names: every kind, deadband mode and carrier round-trips through to_string/parse; unknown names are
//   invalid_argument listing the accepted ones. Category (SWK [37]): net_zero and savings are
//   building-related, pv_yield and epv_generation generation. kind_of follows the variant, needs_weather all
//   but EPV, the unit is m3 only for gas savings. price_in_year: hand table (python decimal, prec 500)
//   including a half_up tie (0.255025 -> 0.25503, half_even would give 0.25502), a tie at the 5th decimal of
//   a tiny price, negative escalation, a 30-year power far beyond Decimal's 50 decimals, and year 0 refused.
//   guarantee_problems: a valid set of all four kinds gives nothing; every rule gives its JSON pointer.
#include "renofee/core/guarantee/terms.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include "support/literals.hpp"

namespace renofee::guarantee {
namespace {

TEST(GuaranteeTerms, NamesRoundTrip) {
  for (Kind k : {Kind::epv_generation, Kind::net_zero, Kind::savings, Kind::pv_yield})
    EXPECT_EQ(parse_kind(to_string(k)).value(), k);
  for (DeadbandMode m : {DeadbandMode::none, DeadbandMode::threshold, DeadbandMode::franchise})
    EXPECT_EQ(parse_deadband_mode(to_string(m)).value(), m);
  for (SavingsCarrier c : {SavingsCarrier::gas, SavingsCarrier::electricity})
    EXPECT_EQ(parse_savings_carrier(to_string(c)).value(), c);
  EXPECT_EQ(to_string(Kind::net_zero), "net_zero");
  EXPECT_EQ(to_string(Category::generation), "generation");
  const Result<Kind> bad = parse_kind("nul_op_de_meter");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(bad.error().message.find("epv_generation, net_zero, savings, pv_yield"), std::string::npos);
  EXPECT_FALSE(parse_deadband_mode("Threshold"));
  EXPECT_FALSE(parse_savings_carrier(""));
}

TEST(GuaranteeTerms, CategoryWeatherAndUnit) {
  EXPECT_EQ(category_of(Kind::net_zero), Category::building);
  EXPECT_EQ(category_of(Kind::savings), Category::building);
  EXPECT_EQ(category_of(Kind::pv_yield), Category::generation);
  EXPECT_EQ(category_of(Kind::epv_generation), Category::generation);
  EXPECT_FALSE(needs_weather(Kind::epv_generation));
  EXPECT_TRUE(needs_weather(Kind::net_zero));
  EXPECT_TRUE(needs_weather(Kind::savings));
  EXPECT_TRUE(needs_weather(Kind::pv_yield));
  EXPECT_EQ(kind_of(Terms(PvYieldTerms{})), Kind::pv_yield);
  EXPECT_EQ(kind_of(Terms(SavingsTerms{})), Kind::savings);
  Guarantee g{.kind = Kind::savings, .terms = SavingsTerms{.carrier = SavingsCarrier::gas}};
  EXPECT_EQ(quantity_unit(g), "m3");
  g.terms = SavingsTerms{.carrier = SavingsCarrier::electricity};
  EXPECT_EQ(quantity_unit(g), "kWh");
  g.terms.emplace<EpvTerms>();  // in place: see valid_epv()
  EXPECT_EQ(quantity_unit(g), "kWh");
  const EpvTerms defaults;
  EXPECT_EQ(defaults.g_fixed.value(), Decimal(700));  // docs/domain.md §8: G fixed 700 kWh unless measured
}

TEST(GuaranteeTerms, PriceInYear) {
  struct Row {
    int line;
    const char* per_unit;
    const char* escalation;
    int year;
    const char* expected;
  };
  // Expected values: python decimal (prec 500) per_unit * (1 + e) ** (n - 1), quantize 0.00001 ROUND_HALF_UP.
  const Row rows[] = {
      {__LINE__, "0.25", "0.02", 1, "0.25000"},  // year 1: the base price, at 5 decimals
      {__LINE__, "0.25", "0.02", 2, "0.25500"},      {__LINE__, "0.25", "0.02", 3, "0.26010"},
      {__LINE__, "0.25", "0.02", 10, "0.29877"},      // 0.298773142155577728
      {__LINE__, "0.25", "0.01", 3, "0.25503"},       // 0.255025: a tie, half_up goes away from zero
      {__LINE__, "0.000005", "0", 1, "0.00001"},      // a tie at the 5th decimal
      {__LINE__, "0.000004", "0", 7, "0.00000"},      // below the tie
      {__LINE__, "1.45", "0.02", 2, "1.47900"},       // hybride sample gas price, year 2
      {__LINE__, "1.45", "-0.5", 2, "0.72500"},       // falling price
      {__LINE__, "0.12345", "0.035", 30, "0.33478"},  // exact value has 152 decimals
      {__LINE__, "0", "0.02", 60, "0.00000"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const Decimal price = price_in_year(Price{dec(row.per_unit), dec(row.escalation)}, row.year);
    EXPECT_EQ(price.to_string(), row.expected);
  }
  EXPECT_THROW((void)price_in_year(Price{dec("1"), dec("0")}, 0), std::invalid_argument);
}

// EpvTerms is built in place: from a temporary, GCC 12 at -O1 (the sanitizer build) warns that its optional
// may be used uninitialized (a false positive that -Werror turns into an error).
Guarantee valid_epv() {
  Guarantee g{.kind = Kind::epv_generation, .term_years = 25};
  g.terms.emplace<EpvTerms>();
  return g;
}
Guarantee valid_net_zero() {
  return Guarantee{.kind = Kind::net_zero,
                   .term_years = 30,
                   .deadband = {DeadbandMode::franchise, dec("10")},
                   .netted = true,
                   .station = 348,
                   .terms = NetZeroTerms{KwhPerSquareMetre(dec("25")), Kwh(dec("2500")),
                                         DegreeDays(dec("2537")), Price{dec("0.25"), dec("0.02")}}};
}
Guarantee valid_savings() {
  return Guarantee{
      .kind = Kind::savings,
      .term_years = 10,
      .deadband = {DeadbandMode::threshold, dec("10")},
      .yearly_cap = Money(dec("1000.00")),
      .station = 348,
      .fill_station = 260,
      .terms = SavingsTerms{SavingsCarrier::gas, dec("500"), Baseline{dec("0.9"), dec("0.38"), std::nullopt},
                            Price{dec("1.45"), dec("0.02")}, dec("50")}};
}
Guarantee valid_pv() {
  return Guarantee{
      .kind = Kind::pv_yield,
      .term_years = 10,
      .deadband = {DeadbandMode::threshold, dec("15")},
      .station = 348,
      .terms = PvYieldTerms{Kwh(dec("6120")), Irradiance(dec("364000")), Price{dec("0.25"), dec("0")}}};
}

std::vector<std::string> fields(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors)
    out.push_back(e.field);
  return out;
}

TEST(GuaranteeTerms, ValidSetHasNoProblems) {
  const std::vector<Guarantee> all = {valid_epv(), valid_net_zero(), valid_savings(), valid_pv()};
  EXPECT_TRUE(guarantee_problems(all).empty());
  EXPECT_TRUE(guarantee_problems({}).empty());
}

TEST(GuaranteeTerms, EachProblemNamesItsField) {
  struct Row {
    int line;
    std::function<void(Guarantee&)> spoil;
    Guarantee (*make)();
    const char* field;
  };
  const Row rows[] = {
      {__LINE__, [](Guarantee& g) { g.term_years = 0; }, valid_epv, "/guarantees/0/term_years"},
      {__LINE__, [](Guarantee& g) { g.term_years = 61; }, valid_epv, "/guarantees/0/term_years"},
      {__LINE__, [](Guarantee& g) { g.kind = Kind::pv_yield; }, valid_epv, "/guarantees/0/kind"},
      {__LINE__, [](Guarantee& g) { g.deadband.percent = dec("100.001"); }, valid_pv,
       "/guarantees/0/deadband/percent"},
      {__LINE__, [](Guarantee& g) { g.deadband.percent = dec("-1"); }, valid_pv,
       "/guarantees/0/deadband/percent"},
      {__LINE__, [](Guarantee& g) { g.deadband.percent = dec("10.0001"); }, valid_pv,
       "/guarantees/0/deadband/percent"},
      {__LINE__,
       [](Guarantee& g) {
         g.deadband = {DeadbandMode::none, dec("5")};
       },
       valid_pv, "/guarantees/0/deadband/percent"},
      {__LINE__, [](Guarantee& g) { g.yearly_cap = Money(dec("10.001")); }, valid_pv,
       "/guarantees/0/yearly_cap_eur"},
      {__LINE__, [](Guarantee& g) { g.yearly_cap = Money(dec("-1")); }, valid_pv,
       "/guarantees/0/yearly_cap_eur"},
      {__LINE__, [](Guarantee& g) { g.station.reset(); }, valid_pv, "/guarantees/0/station"},
      {__LINE__, [](Guarantee& g) { g.station = 0; }, valid_pv, "/guarantees/0/station"},
      {__LINE__, [](Guarantee& g) { g.fill_station = 348; }, valid_pv, "/guarantees/0/fill_station"},
      {__LINE__, [](Guarantee& g) { g.fill_station = 260; }, valid_epv, "/guarantees/0/fill_station"},
      {__LINE__, [](Guarantee& g) { std::get<EpvTerms>(g.terms).h_min = Kwh(dec("-1")); }, valid_epv,
       "/guarantees/0/h_min_kwh"},
      {__LINE__, [](Guarantee& g) { std::get<EpvTerms>(g.terms).g_fixed = Kwh(dec("0.0001")); }, valid_epv,
       "/guarantees/0/g_fixed_kwh"},
      {__LINE__,
       [](Guarantee& g) { std::get<NetZeroTerms>(g.terms).bundle_per_m2 = KwhPerSquareMetre(dec("1001")); },
       valid_net_zero, "/guarantees/0/household_bundle_kwh_m2"},
      {__LINE__, [](Guarantee& g) { std::get<NetZeroTerms>(g.terms).bundle_cap = Kwh(dec("1000000.001")); },
       valid_net_zero, "/guarantees/0/household_bundle_cap_kwh"},
      {__LINE__,
       [](Guarantee& g) { std::get<NetZeroTerms>(g.terms).normal_weighted_degree_days = DegreeDays(); },
       valid_net_zero, "/guarantees/0/normal_weighted_degree_days"},
      {__LINE__, [](Guarantee& g) { std::get<NetZeroTerms>(g.terms).price.per_unit = dec("0.123456"); },
       valid_net_zero, "/guarantees/0/price_per_unit"},
      {__LINE__, [](Guarantee& g) { std::get<NetZeroTerms>(g.terms).price.annual_escalation = dec("-0.51"); },
       valid_net_zero, "/guarantees/0/price_escalation"},
      {__LINE__, [](Guarantee& g) { std::get<SavingsTerms>(g.terms).guaranteed_savings = dec("-5"); },
       valid_savings, "/guarantees/0/guaranteed_savings"},
      {__LINE__, [](Guarantee& g) { std::get<SavingsTerms>(g.terms).baseline->per_day = dec("-0.1"); },
       valid_savings, "/guarantees/0/baseline/per_day"},
      {__LINE__,
       [](Guarantee& g) {
         std::get<SavingsTerms>(g.terms).baseline->per_weighted_degree_day = dec("0.123456789");
       },
       valid_savings, "/guarantees/0/baseline/per_weighted_degree_day"},
      {__LINE__, [](Guarantee& g) { std::get<SavingsTerms>(g.terms).excess_share_percent = dec("101"); },
       valid_savings, "/guarantees/0/excess_share_percent"},
      {__LINE__, [](Guarantee& g) { std::get<PvYieldTerms>(g.terms).guaranteed = Kwh(dec("-1")); }, valid_pv,
       "/guarantees/0/guaranteed_kwh"},
      {__LINE__,
       [](Guarantee& g) { std::get<PvYieldTerms>(g.terms).normal_irradiance = Irradiance(dec("-3")); },
       valid_pv, "/guarantees/0/normal_irradiance_j_cm2"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    Guarantee g = row.make();
    row.spoil(g);
    const std::vector<Guarantee> list = {g};
    EXPECT_EQ(fields(guarantee_problems(list)), std::vector<std::string>{row.field});
  }
}

TEST(GuaranteeTerms, ProblemsInDocumentOrderWithIndex) {
  Guarantee bad_pv = valid_pv();
  bad_pv.term_years = 0;
  bad_pv.station.reset();
  const std::vector<Guarantee> list = {valid_epv(), bad_pv};
  EXPECT_EQ(fields(guarantee_problems(list)),
            (std::vector<std::string>{"/guarantees/1/term_years", "/guarantees/1/station"}));
  const std::vector<Guarantee> many(21, valid_epv());
  EXPECT_EQ(fields(guarantee_problems(many)), std::vector<std::string>{"/guarantees"});
}

}  // namespace
}  // namespace renofee::guarantee
