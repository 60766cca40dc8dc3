// Tests of core/risk/exposure: the draws, the distribution figures (hand-worked), the lean path against the
// reconciliation's own evaluate() and settle() on many scenarios, and the two weather properties the
// financier relies on: a degree-day normalised home carries no degree-day risk, a non-normalised PV yield
// carries the irradiance's.
#include "renofee/core/risk/exposure.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "renofee/core/guarantee/settlement.hpp"
#include "support/literals.hpp"

namespace renofee::risk {
namespace {

using guarantee::DeadbandMode;
using guarantee::Guarantee;
using guarantee::Kind;

// Weather years made up for the test: degree days and irradiance around a normal of 2,600 and 350,000.
std::vector<WeatherYear> test_years(int count) {
  std::vector<WeatherYear> years;
  for (int i = 0; i < count; ++i) {
    const int wdd = 2600 + ((i * 37) % 41 - 20) * 15;    // 2,300 .. 2,900
    const int q = 350000 + ((i * 53) % 31 - 15) * 2000;  // 320,000 .. 380,000
    years.push_back({1987 + i, DegreeDays(Decimal(wdd)), Irradiance(Decimal(q))});
  }
  return years;
}

Climate test_climate(int count) {
  Climate climate;
  climate.station = 348;
  climate.years = test_years(count);
  const WeatherYear mean = mean_year(climate.years).value();
  climate.normal_weighted_degree_days = mean.weighted_degree_days;
  climate.normal_irradiance = mean.irradiance;
  return climate;
}

quote::Offer base_offer() {
  quote::Offer offer;
  offer.id = "t";
  offer.dwelling.type = tariffs::DwellingType::single_family;
  offer.dwelling.floor_area_m2 = 112;
  offer.expected_use.before = {Kwh(dec("3100")), Kwh(dec("0")), CubicMetres(dec("1450")), std::nullopt};
  offer.expected_use.after = {Kwh(dec("4300")), Kwh(dec("3900")), CubicMetres(dec("0")), Kwh(dec("8640"))};
  return offer;
}

Guarantee net_zero(DeadbandMode mode, const char* percent) {
  Guarantee g;
  g.kind = Kind::net_zero;
  g.term_years = 30;
  g.station = 348;
  g.deadband = {mode, dec(percent), std::nullopt};
  guarantee::NetZeroTerms t;
  t.bundle_per_m2 = KwhPerSquareMetre(dec("25"));
  t.bundle_cap = Kwh(dec("2500"));
  t.normal_weighted_degree_days = DegreeDays(dec("2537"));
  t.price = {dec("0.25"), dec("0.02")};
  g.terms = t;
  return g;
}

Guarantee pv_yield(bool normalised, const char* guaranteed) {
  Guarantee g;
  g.kind = Kind::pv_yield;
  g.term_years = 10;
  g.station = 348;
  guarantee::PvYieldTerms t;
  t.guaranteed = Kwh(dec(guaranteed));
  t.normal_irradiance = Irradiance(dec("350000"));
  t.price = {dec("0.25"), dec("0")};
  t.normalised = normalised;
  g.terms = t;
  return g;
}

Guarantee savings_gas() {
  Guarantee g;
  g.kind = Kind::savings;
  g.term_years = 10;
  g.station = 348;
  g.deadband = {DeadbandMode::threshold, dec("10"), std::nullopt};
  g.yearly_cap = eur("1500.00");
  guarantee::SavingsTerms t;
  t.carrier = guarantee::SavingsCarrier::gas;
  t.guaranteed_savings = dec("1000");
  t.baseline = guarantee::Baseline{dec("0.9"), dec("0.58"), std::nullopt};
  t.price = {dec("1.45"), dec("0.02")};
  t.excess_share_percent = dec("50");
  g.terms = t;
  return g;
}

Guarantee epv() {
  Guarantee g;
  g.kind = Kind::epv_generation;
  g.term_years = 25;
  guarantee::EpvTerms t;
  t.h_min = Kwh(dec("2100"));
  g.terms = t;
  return g;
}

ContractInput input_of(const quote::Offer& offer, const Climate& climate, int next_year) {
  ContractInput c;
  c.id = offer.id;
  c.offer = &offer;
  c.next_year = next_year;
  c.climates.assign(offer.guarantees.size(), &climate);
  c.cbs_price = dec("0.30");
  return c;
}

TEST(RiskDraw, IsReproducibleExactAndStandard) {
  EXPECT_EQ(draw_normal(7, "c-1", 2001, 0), draw_normal(7, "c-1", 2001, 0));
  EXPECT_NE(draw_normal(7, "c-1", 2001, 0), draw_normal(8, "c-1", 2001, 0));
  EXPECT_NE(draw_normal(7, "c-1", 2001, 0), draw_normal(7, "c-1", 2001, 1));
  Decimal sum, squares;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const Decimal z = draw_normal(42, "c-" + std::to_string(i), 1990 + i % 39, i % 3);
    EXPECT_LE(z.scale(), 6);
    ASSERT_GE(z, dec("-6"));
    ASSERT_LE(z, dec("6"));
    sum += z;
    squares += z * z;
  }
  // mean 0 and variance 1 within 4 and 5 standard errors (sd of the mean 1/sqrt(n) = 0.007).
  EXPECT_LT(sum.to_double_for_display() / n, 0.03);
  EXPECT_GT(sum.to_double_for_display() / n, -0.03);
  EXPECT_NEAR(squares.to_double_for_display() / n, 1.0, 0.05);
}

TEST(RiskDistribution, HandWorkedPercentilesMeanAndWorstYear) {
  // Ten years 0, 10, ..., 90 EUR in a shuffled order: mean 45.00; P50 at h = 4.5 -> 45.00; P95 at h = 8.55 ->
  // 80 + 0.55 x 10 = 85.50; P99 at h = 8.91 -> 89.10; worst 90.00 in the year that holds it.
  std::vector<Decimal> values;
  std::vector<WeatherYear> years;
  for (int i = 0; i < 10; ++i) {
    values.push_back(Decimal((i * 7) % 10 * 10));
    years.push_back({2000 + i, DegreeDays(), Irradiance()});
  }
  const Distribution d = distribution(values, years).value();
  EXPECT_EQ(d.expected, eur("45.00"));
  EXPECT_EQ(d.p50, eur("45.00"));
  EXPECT_EQ(d.p95, eur("85.50"));
  EXPECT_EQ(d.p99, eur("89.10"));
  EXPECT_EQ(d.worst, eur("90.00"));
  EXPECT_EQ(d.worst_year, 2007);  // i = 7: 49 % 10 = 9, the 90
}

TEST(RiskDistribution, TiesGoToTheEarliestYearAndOneYearIsItsOwnPercentile) {
  const std::vector<Decimal> values{dec("5.005"), dec("5.005")};
  const std::vector<WeatherYear> years{{1990, {}, {}}, {1991, {}, {}}};
  const Distribution d = distribution(values, years).value();
  EXPECT_EQ(d.worst_year, 1990);
  EXPECT_EQ(d.p99, eur("5.01"));  // half_up
  EXPECT_FALSE(distribution(std::vector<Decimal>{}, std::vector<WeatherYear>{}).ok());
  // (level expected 120.00 + 8 % of (P99 420.00 − expected 100.00)) / 12 = 145.60 / 12 = 12.1333 -> 12.13.
  EXPECT_EQ(premium_monthly(eur("120.00"), {eur("100.00"), {}, {}, eur("420.00"), {}, 0}, dec("0.08"), 1),
            eur("12.13"));
}

TEST(RiskNormalUse, FollowsTheStatedRules) {
  quote::Offer offer = base_offer();
  offer.guarantees = {net_zero(DeadbandMode::none, "0")};
  offer.dwelling.heat_demand_kwh_m2_year = dec("28");
  const NormalUse u = normal_use(offer, default_settings()).value();
  EXPECT_EQ(u.household, dec("3100"));
  EXPECT_EQ(u.pv, dec("8640"));
  EXPECT_EQ(u.building, dec("5940"));         // 4300 − 3900 + 8640 − 3100
  EXPECT_EQ(u.heating_share, dec("0.6512"));  // 28 / 43 half_even to 4 decimals
  offer.expected_use.after.pv_generation.reset();
  const Result<NormalUse> missing = normal_use(offer, default_settings());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "/expected_use/after/pv_generation_kwh");
  offer.guarantees = {pv_yield(true, "6120")};  // the guaranteed yield stands in for the expected one
  EXPECT_EQ(normal_use(offer, default_settings()).value().pv, dec("6120"));
  offer.dwelling.heat_demand_kwh_m2_year = dec("0");  // no heating at all: nothing follows the degree days
  EXPECT_EQ(normal_use(offer, default_settings()).value().heating_share, dec("0"));
}

TEST(RiskSettings, ProblemsNameTheField) {
  Settings s = default_settings();
  EXPECT_TRUE(settings_problems(s).empty());
  s.spread.household_sd = dec("0.2");
  s.discount_rate = dec("-0.01");
  s.seed = 0x8000000000000000ULL;
  const std::vector<Error> problems = settings_problems(s);
  std::set<std::string> fields;
  for (const Error& e : problems)
    fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"/spread/household_sd", "/discount_rate", "/seed"}));
}

// The lean path gives the reconciliation's money: for every kind, deadband, cap and netting, every weather
// year, the next year and a later one, with and without the spread.
TEST(RiskExposure, AnnualCompensationEqualsEvaluateAndSettle) {
  const Climate climate = test_climate(39);
  std::vector<quote::Offer> offers;
  for (const char* percent : {"0", "10", "25"}) {
    for (DeadbandMode mode : {DeadbandMode::none, DeadbandMode::threshold, DeadbandMode::franchise}) {
      quote::Offer o = base_offer();
      o.id = std::string("nz-") + percent + std::to_string(static_cast<int>(mode));
      o.guarantees = {net_zero(mode, mode == DeadbandMode::none ? "0" : percent)};
      offers.push_back(o);
    }
  }
  quote::Offer bundle = base_offer();
  bundle.id = "no-submeter";
  bundle.guarantees = {net_zero(DeadbandMode::none, "0")};
  std::get<guarantee::NetZeroTerms>(bundle.guarantees[0].terms).building_use =
      guarantee::BuildingUse::total_minus_bundle;
  offers.push_back(bundle);
  quote::Offer mixed = base_offer();
  mixed.id = "netted";
  mixed.guarantees = {savings_gas(), pv_yield(false, "8800"), pv_yield(true, "8000")};
  mixed.guarantees[1].netted = mixed.guarantees[2].netted = true;
  mixed.expected_use.after.gas = CubicMetres(dec("450"));
  offers.push_back(mixed);
  quote::Offer rental = base_offer();
  rental.id = "epv";
  rental.guarantees = {epv()};
  offers.push_back(rental);
  Settings settings = default_settings();
  settings.spread.household_sd = dec("0.15");  // wide, to cross every deadband edge
  int compared = 0;
  for (const quote::Offer& offer : offers) {
    for (int next : {1, 4}) {
      const ContractInput c = input_of(offer, climate, next);
      const ContractExposure e = contract_exposure(c, settings).value();
      for (std::size_t w = 0; w < climate.years.size(); ++w) {
        for (bool spread : {true, false}) {
          std::vector<guarantee::GuaranteeResult> results;
          for (std::size_t i = 0; i < offer.guarantees.size(); ++i) {
            const guarantee::YearInputs in = scenario_inputs(c, settings, i, next, w, spread).value();
            results.push_back(guarantee::evaluate(offer.guarantees[i], static_cast<int>(i), in).value());
          }
          const guarantee::Settlement s = guarantee::settle(results);
          EXPECT_EQ(s.compensation.value(), spread ? e.annual[w] : e.annual_weather[w])
              << offer.id << " year " << next << " weather " << climate.years[w].year;
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(compared, 12 * 2 * 39 * 2);
}

TEST(RiskExposure, DegreeDayNormalisationLeavesNoDegreeDayRisk) {
  // All heating follows the weather (s = 1) and every year has the normal irradiance: the normalisation
  // removes the degree days entirely, so the weather-only compensation is the same in every year.
  Climate climate = test_climate(39);
  for (WeatherYear& y : climate.years)
    y.irradiance = climate.normal_irradiance;
  quote::Offer offer = base_offer();
  offer.expected_use.after.electricity_export = Kwh(dec("3000"));  // net 1,300 kWh: owes 700 kWh a year
  offer.guarantees = {net_zero(DeadbandMode::none, "0")};
  Settings settings = default_settings();
  settings.heating_share = dec("1");
  const ContractExposure e = contract_exposure(input_of(offer, climate, 1), settings).value();
  const std::set<Decimal> distinct(e.annual_weather.begin(), e.annual_weather.end());
  ASSERT_EQ(distinct.size(), 1U);
  EXPECT_GT(*distinct.begin(), Decimal(0));
  // With a heating share below 1 the normalisation over-corrects the part that does not follow the weather:
  // some degree-day risk is left, and it shows.
  settings.heating_share = dec("0.6");
  const ContractExposure partial = contract_exposure(input_of(offer, climate, 1), settings).value();
  EXPECT_GT(std::set<Decimal>(partial.annual_weather.begin(), partial.annual_weather.end()).size(), 1U);
}

TEST(RiskExposure, PvYieldNormalisedHasNoWeatherRiskAndFixedYieldHasTheIrradiancesSpread) {
  const Climate climate = test_climate(39);
  quote::Offer offer = base_offer();
  offer.expected_use.after.pv_generation = Kwh(dec("6000"));
  offer.guarantees = {pv_yield(true, "6000")};
  Settings settings = default_settings();
  settings.spread.pv_degradation_mean = Decimal(0);
  const ContractExposure normalised = contract_exposure(input_of(offer, climate, 1), settings).value();
  for (const Decimal& v : normalised.annual_weather)
    EXPECT_EQ(v, Decimal(0));
  offer.guarantees = {pv_yield(false, "6000")};
  const ContractExposure fixed = contract_exposure(input_of(offer, climate, 1), settings).value();
  // Weather only, no deadband: the shortfall is 6,000 × (1 − q/350,000) in the years darker than normal.
  for (std::size_t w = 0; w < climate.years.size(); ++w) {
    const Decimal r =
        Decimal::divide(climate.years[w].irradiance.value(), dec("350000"), 6, Rounding::half_even).value();
    const Decimal generated = (dec("6000") * r).round(3, Rounding::half_even);
    const Decimal owed = generated < dec("6000")
                             ? ((dec("6000") - generated) * dec("0.25")).round(2, Rounding::half_up)
                             : Decimal(0);
    EXPECT_EQ(fixed.annual_weather[w], owed) << climate.years[w].year;
  }
  EXPECT_GT(fixed.figures.p99, fixed.figures.expected);
}

TEST(RiskExposure, TwoSavingsCarriersEachUseTheirOwnExpectedUse) {
  // A gas guarantee that never falls short next to an electricity one: each reads its own carrier's use (gas
  // 450 m3, import 4,300 kWh), never the other's (the review found 4,300 read as m3).
  const Climate climate = test_climate(10);
  quote::Offer offer = base_offer();
  offer.expected_use.after.gas = CubicMetres(dec("450"));
  Guarantee gas = savings_gas();
  std::get<guarantee::SavingsTerms>(gas.terms).guaranteed_savings = dec("0");
  Guarantee electricity = savings_gas();
  auto& e = std::get<guarantee::SavingsTerms>(electricity.terms);
  e.carrier = guarantee::SavingsCarrier::electricity;
  e.guaranteed_savings = dec("0");
  e.baseline = guarantee::Baseline{dec("20"), dec("0"), std::nullopt};
  for (const auto& order :
       {std::vector<Guarantee>{gas, electricity}, std::vector<Guarantee>{electricity, gas}}) {
    offer.guarantees = order;
    const ContractExposure x = contract_exposure(input_of(offer, climate, 1), default_settings()).value();
    EXPECT_EQ(x.figures.worst, eur("0.00"));
  }
}

TEST(RiskExposure, AYearWithoutDegreeDaysIsRefusedNotDividedBy) {
  Climate climate = test_climate(5);
  climate.years[2].weighted_degree_days = DegreeDays(Decimal(0));
  quote::Offer offer = base_offer();
  offer.guarantees = {net_zero(DeadbandMode::none, "0")};
  const Result<ContractExposure> x = contract_exposure(input_of(offer, climate, 1), default_settings());
  ASSERT_FALSE(x.ok());
  EXPECT_EQ(x.error().code, ErrorCode::failed_precondition);
}

TEST(RiskExposure, SameSeedSameFiguresAndEndedContractsOweNothing) {
  const Climate climate = test_climate(20);
  quote::Offer offer = base_offer();
  offer.guarantees = {net_zero(DeadbandMode::franchise, "10"), pv_yield(false, "8640")};
  const ContractExposure a = contract_exposure(input_of(offer, climate, 2), default_settings()).value();
  const ContractExposure b = contract_exposure(input_of(offer, climate, 2), default_settings()).value();
  EXPECT_EQ(a.annual, b.annual);
  EXPECT_EQ(a.present_value, b.present_value);
  Settings other = default_settings();
  other.seed = 2;
  EXPECT_NE(contract_exposure(input_of(offer, climate, 2), other).value().annual, a.annual);
  const ContractExposure ended = contract_exposure(input_of(offer, climate, 31), default_settings()).value();
  EXPECT_TRUE(ended.ended);
  EXPECT_EQ(ended.present_value, eur("0.00"));
  EXPECT_EQ(ended.figures.p99, eur("0.00"));
}

TEST(RiskBook, SumsPerWeatherYearAndRefusesAnEmptyBook) {
  const Climate climate = test_climate(39);
  Book empty(climate.years);
  EXPECT_FALSE(empty.figures(default_settings()).ok());
  quote::Offer offer = base_offer();
  offer.guarantees = {pv_yield(false, "9000")};
  Book book(climate.years);
  const ContractExposure e = contract_exposure(input_of(offer, climate, 1), default_settings()).value();
  book.add(e);
  book.add(e);
  const Book::Figures f = book.figures(default_settings()).value();
  EXPECT_EQ(f.contracts, 2);
  EXPECT_EQ(f.annual[5], e.annual[5] * Decimal(2));
  EXPECT_EQ(f.present_value.value(), e.present_value.value() * Decimal(2));
  ASSERT_TRUE(f.common_weather_share.has_value());
  EXPECT_GT(*f.common_weather_share, dec("0.5"));  // a fixed yield's tail is mostly the common irradiance
  EXPECT_LE(*f.common_weather_share, Decimal(1));
}

// ---- The independent reference (scripts/gen_risk_reference.py, tests/data/risk_reference.txt): the same
// book, built here from the same offers, gives every figure to the cent.
std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> parts;
  std::stringstream stream(line);
  std::string part;
  while (std::getline(stream, part, sep))
    parts.push_back(part);
  return parts;
}

quote::Offer reference_offer(const std::string& id) {
  quote::Offer o = base_offer();
  o.id = id;
  auto& after = o.expected_use.after;
  if (id == "ref-nom") {
    o.dwelling.heat_demand_kwh_m2_year = dec("28");
    after.electricity_export = Kwh(dec("3400"));
    o.guarantees = {net_zero(DeadbandMode::franchise, "10")};
  } else if (id == "ref-nom-bundle") {
    after.electricity_export = Kwh(dec("3500"));
    o.guarantees = {net_zero(DeadbandMode::none, "0")};
    std::get<guarantee::NetZeroTerms>(o.guarantees[0].terms).building_use =
        guarantee::BuildingUse::total_minus_bundle;
  } else if (id == "ref-gas") {
    o.expected_use.before.electricity_import = Kwh(dec("3400"));
    after = {Kwh(dec("4600")), Kwh(dec("0")), CubicMetres(dec("450")), std::nullopt};
    o.guarantees = {savings_gas()};
    std::get<guarantee::SavingsTerms>(o.guarantees[0].terms).guaranteed_savings = dec("1550");
    o.guarantees[0].yearly_cap = eur("150.00");
  } else if (id == "ref-pv-normalised" || id == "ref-pv-fixed") {
    const bool fixed = id == "ref-pv-fixed";
    after.pv_generation = fixed ? std::optional<Kwh>(Kwh(dec("6300"))) : std::nullopt;
    o.guarantees = {pv_yield(!fixed, "6120")};
    std::get<guarantee::PvYieldTerms>(o.guarantees[0].terms).normal_irradiance = Irradiance(dec("354788.4"));
  } else if (id == "ref-epv") {
    o.dwelling.type = tariffs::DwellingType::multi_family;
    o.dwelling.floor_area_m2 = 70;
    o.expected_use.before.electricity_import = Kwh(dec("2200"));
    after = {Kwh(dec("2900")), Kwh(dec("1800")), CubicMetres(dec("0")), Kwh(dec("3000"))};
    o.guarantees = {epv()};
    std::get<guarantee::EpvTerms>(o.guarantees[0].terms).h_min = Kwh(dec("1200"));
  } else if (id == "ref-netted") {
    after.gas = CubicMetres(dec("450"));
    after.pv_generation = Kwh(dec("8000"));
    o.guarantees = {savings_gas(), pv_yield(false, "8200")};
    auto& savings = o.guarantees[0];
    savings.deadband = {};
    savings.yearly_cap.reset();
    std::get<guarantee::SavingsTerms>(savings.terms).guaranteed_savings = dec("1500");
    auto& pv = o.guarantees[1];
    pv.term_years = 12;
    auto& pv_terms = std::get<guarantee::PvYieldTerms>(pv.terms);
    pv_terms.normal_irradiance = Irradiance(dec("354788.4"));
    pv_terms.price.annual_escalation = dec("0.01");
    savings.netted = pv.netted = true;
  }
  return o;
}

std::string joined(const std::vector<Decimal>& values) {
  std::string out;
  for (const Decimal& v : values)
    out += (out.empty() ? "" : ",") + v.round(2, Rounding::half_up).to_string();
  return out;
}

std::string figures_text(const Distribution& d) {
  return d.expected.to_string() + "|" + d.p50.to_string() + "|" + d.p95.to_string() + "|" +
         d.p99.to_string() + "|" + d.worst.to_string() + "|" + std::to_string(d.worst_year);
}

TEST(RiskReference, TheIndependentReferenceBookToTheCent) {
  std::ifstream file(std::string(RENOFEE_TEST_DATA_DIR) + "/risk_reference.txt");
  ASSERT_TRUE(file.good());
  Climate climate;
  climate.station = 348;
  std::map<std::string, std::map<std::string, std::string>> expected;  // record -> field -> rest
  std::vector<std::string> contract_ids;
  for (std::string line; std::getline(file, line);) {
    const std::vector<std::string> parts = split(line, '|');
    if (parts[0] == "year") {
      climate.years.push_back({std::stoi(parts[1]), DegreeDays(dec(parts[2])), Irradiance(dec(parts[3]))});
    } else if (parts[0] == "contract") {
      if (parts[2] == "annual") contract_ids.push_back(parts[1]);
      expected[parts[1]][parts[2]] = line.substr(parts[0].size() + parts[1].size() + parts[2].size() + 3);
    } else {
      expected["book"][parts[1]] = line.substr(parts[0].size() + parts[1].size() + 2);
    }
  }
  ASSERT_EQ(climate.years.size(), 39U);
  ASSERT_EQ(contract_ids.size(), 7U);
  const WeatherYear normal = mean_year(climate.years).value();
  climate.normal_weighted_degree_days = normal.weighted_degree_days;
  climate.normal_irradiance = normal.irradiance;
  Settings settings = default_settings();
  settings.seed = 20261204;
  const std::map<std::string, int> next_year{{"ref-nom", 2}, {"ref-gas", 3}, {"ref-pv-normalised", 5}};
  Book book(climate.years);
  for (const std::string& id : contract_ids) {
    const quote::Offer offer = reference_offer(id);
    const int next = next_year.count(id) ? next_year.at(id) : 1;
    const ContractExposure e = contract_exposure(input_of(offer, climate, next), settings).value();
    EXPECT_EQ(joined(e.annual), expected[id]["annual"]) << id;
    EXPECT_EQ(joined(e.annual_weather), expected[id]["weather"]) << id;
    EXPECT_EQ(figures_text(e.figures) + "|" + e.present_value.to_string() + "|" +
                  e.level_expected.to_string() + "|" + e.premium_monthly.to_string(),
              expected[id]["figures"])
        << id;
    book.add(e);
  }
  const Book::Figures f = book.figures(settings).value();
  EXPECT_EQ(joined(f.annual), expected["book"]["annual"]);
  EXPECT_EQ(joined(f.annual_weather), expected["book"]["weather"]);
  EXPECT_EQ(figures_text(f.figures) + "|" + f.present_value.to_string() + "|" + f.level_expected.to_string(),
            expected["book"]["figures"]);
  EXPECT_EQ(figures_text(f.weather_only), expected["book"]["weather_figures"]);
  ASSERT_TRUE(f.common_weather_share.has_value());
  EXPECT_EQ(*f.common_weather_share, dec(expected["book"]["share"]));
  EXPECT_EQ(f.premium_monthly_per_contract.to_string(), expected["book"]["premium"]);
}

}  // namespace
}  // namespace renofee::risk
