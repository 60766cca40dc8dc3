// Test plan for evaluate.hpp (hand-checked figures; the golden test adds python-computed cases):
//   EPV (docs/domain.md §8.2): O 6,000, W 2,800, G 700 -> H 2,500 >= 2,100: met, surplus 400 kWh
//   worth 42.00 at 0.105; O 5,000 -> H 1,500, shortfall 600 kWh -> 63.00; multi-family default H_min 530;
//   h_min from the contract. Every figure in order with its unit. net_zero (generation covers building use
//   plus household use up to the bundle): a cold winter (3,000 against 2,537 weighted degree days) with a
//   net draw of 200 kWh met; net import inside the bundle a miss; household above the bundle its own; no
//   submeter; inconsistent meters refused; the half_even tie W' = 1 x 2537 / 2000 = 1.2685 -> 1.268; bundle
//   capped and uncapped; zero actual degree days refused. savings: baseline
//   0.9 m3/day and 0.38 m3/K.day over 365 days and 2,400 K.day = 1,240.5 m3; escalated price; excess share
//   with a half_up cents tie; no baseline -> failed_precondition at /guarantees/i/baseline. pv_yield and the
//   deadband edges: shortfall exactly at x% (threshold: nothing, franchise: nothing), just above (threshold:
//   everything, franchise: the part beyond), exactly met, a surplus; the yearly cap; none. Estimated metered
//   values flag the figures built on them and nothing else. Missing inputs name
//   "/inputs/<first>" and list all; term_ended needs no inputs and carries no money; year 0 and a kind that
//   does not match its terms are invalid_argument.
#include "renofee/core/guarantee/evaluate.hpp"

#include <gtest/gtest.h>

#include <map>
#include "support/literals.hpp"

namespace renofee::guarantee {
namespace {

calendar::Period year_period(int year) {
  return calendar::calendar_year(year);
}

// Figure values by name, for readable checks.
std::map<std::string, Figure> by_name(const GuaranteeResult& r) {
  std::map<std::string, Figure> out;
  for (const Figure& f : r.figures)
    out[f.name] = f;
  return out;
}

std::vector<std::string> names(const GuaranteeResult& r) {
  std::vector<std::string> out;
  for (const Figure& f : r.figures)
    out.push_back(f.name);
  return out;
}

// EpvTerms is built in place: from a temporary, GCC 12 at -O1 (the sanitizer build) warns that its optional
// may be used uninitialized (a false positive that -Werror turns into an error).
Guarantee epv(std::optional<Kwh> h_min = std::nullopt) {
  Guarantee g{.kind = Kind::epv_generation, .term_years = 25};
  g.terms.emplace<EpvTerms>().h_min = std::move(h_min);
  return g;
}

YearInputs epv_inputs(std::string_view o, std::string_view w) {
  YearInputs in;
  in.year_index = 1;
  in.period = year_period(2026);
  in.floor_area_m2 = 110;
  in.pv_generation = MeasuredKwh{Kwh(dec(o))};
  in.heat_pump = MeasuredKwh{Kwh(dec(w))};
  in.cbs_average_price = EurPerKwh(dec("0.10500"));
  return in;
}

TEST(Evaluate, EpvPasses) {
  const GuaranteeResult r = evaluate(epv(), 0, epv_inputs("6000", "2800")).value();
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(names(r),
            (std::vector<std::string>{"O", "W", "G", "H", "H_min", "shortfall", "price", "payable_quantity",
                                      "shortfall_value", "surplus_value", "after_deadband", "payable"}));
  auto f = by_name(r);
  EXPECT_EQ(f["H"].value, Decimal(2500));
  EXPECT_EQ(f["H"].unit, "kWh");
  EXPECT_EQ(f["H"].formula, "O - W - G");
  EXPECT_EQ(f["H_min"].value, Decimal(2100));
  EXPECT_EQ(f["price"].unit, "EUR/kWh");
  EXPECT_EQ(r.guaranteed, Decimal(2100));
  EXPECT_EQ(r.shortfall, Decimal(-400));
  EXPECT_EQ(r.surplus_value, eur("42.00"));  // 400 x 0.105
  EXPECT_EQ(r.shortfall_value, eur("0"));
  EXPECT_EQ(r.payable, eur("0"));
  EXPECT_EQ(r.unit, "kWh");
  EXPECT_FALSE(r.estimated);
  EXPECT_EQ(r.rule,
            "epv_generation guarantee year 1: H = O - W - G = 6,000 - 2,800 - 700 = 2,500 kWh against H_min "
            "2,100 kWh; "
            "met with 400 kWh to spare (worth 42.00 EUR at 0.10500 EUR/kWh).");
}

TEST(Evaluate, EpvFailsBy600) {
  const GuaranteeResult r = evaluate(epv(), 3, epv_inputs("5000", "2800")).value();
  EXPECT_EQ(r.index, 3);
  EXPECT_EQ(r.status, Status::shortfall);
  EXPECT_EQ(r.shortfall, Decimal(600));
  EXPECT_EQ(r.shortfall_value, eur("63.00"));  // docs/domain.md §8.2: 600 x 0.105 = 63
  EXPECT_EQ(r.after_deadband, eur("63.00"));
  EXPECT_EQ(r.payable, eur("63.00"));
  EXPECT_NE(r.rule.find("no deadband: 600 kWh short of 2,100, 600 kWh x 0.10500 EUR/kWh = 63.00 EUR"),
            std::string::npos);
}

TEST(Evaluate, EpvHminFromDwellingOrContract) {
  YearInputs in = epv_inputs("3000", "1800");  // H = 500
  in.dwelling_type = tariffs::DwellingType::multi_family;
  GuaranteeResult r = evaluate(epv(), 0, in).value();
  EXPECT_EQ(r.guaranteed, Decimal(530));
  EXPECT_EQ(r.shortfall, Decimal(30));
  EXPECT_EQ(r.payable, eur("3.15"));
  r = evaluate(epv(Kwh(dec("400"))), 0, in).value();
  EXPECT_EQ(r.guaranteed, Decimal(400));
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(by_name(r)["H_min"].formula, "contract");
}

Guarantee net_zero(std::optional<Kwh> cap = Kwh(Decimal(2500)),
                   BuildingUse method = BuildingUse::heat_pump_submeter) {
  return Guarantee{.kind = Kind::net_zero,
                   .term_years = 30,
                   .station = 348,
                   .terms = NetZeroTerms{KwhPerSquareMetre(dec("25")), cap, DegreeDays(dec("2537")),
                                         Price{dec("0.25"), dec("0.02")}, method}};
}

YearInputs nz_inputs(std::string_view imp, std::string_view exp, std::string_view o, std::string_view w,
                     std::string_view wdd) {
  YearInputs in;
  in.year_index = 1;
  in.period = year_period(2027);
  in.floor_area_m2 = 112;
  in.electricity_import = MeasuredKwh{Kwh(dec(imp))};
  in.electricity_export = MeasuredKwh{Kwh(dec(exp))};
  in.pv_generation = MeasuredKwh{Kwh(dec(o))};
  if (!w.empty()) in.heat_pump = MeasuredKwh{Kwh(dec(w))};
  in.weighted_degree_days = DegreeDays(dec(wdd));
  return in;
}

// O 5,000; W 3,000 in a cold year (3,000 wdd) -> W' 2,537; household 2,200 inside its 2,500 bundle; the home
// draws N = 200 kWh net, yet required = 2,537 + 2,200 = 4,737 <= 5,000: met, 263 kWh surplus.
TEST(Evaluate, NetZeroColdWinterPassesAfterNormalisation) {
  const GuaranteeResult r =
      evaluate(net_zero(), 0, nz_inputs("4100", "3900", "5000", "3000", "3000")).value();
  auto f = by_name(r);
  EXPECT_EQ(f["N"].value, Decimal(200));  // drawn net from the grid
  EXPECT_EQ(f["T"].value, Decimal(5200));
  EXPECT_EQ(f["H"].value, Decimal(2200));
  EXPECT_EQ(f["W_normalised"].value, dec("2537.000"));
  EXPECT_EQ(f["W_normalised"].value.scale(), 3);
  EXPECT_EQ(f["bundle_uncapped"].value, Decimal(2800));  // 25 x 112
  EXPECT_EQ(f["bundle"].value, Decimal(2500));
  EXPECT_EQ(f["H_in_bundle"].value, Decimal(2200));
  EXPECT_EQ(f["H_above_bundle"].value, Decimal(0));
  EXPECT_EQ(f["required"].value, Decimal(4737));
  EXPECT_EQ(r.guaranteed, Decimal(4737));
  EXPECT_EQ(r.shortfall, Decimal(-263));
  EXPECT_EQ(r.status, Status::met);
  EXPECT_EQ(r.surplus_value, eur("65.75"));  // 263 x 0.25
  EXPECT_EQ(names(r), (std::vector<std::string>{"import",
                                                "export",
                                                "O",
                                                "N",
                                                "T",
                                                "floor_area",
                                                "bundle_per_m2",
                                                "bundle_uncapped",
                                                "bundle_cap",
                                                "bundle",
                                                "W",
                                                "H",
                                                "normal_weighted_degree_days",
                                                "actual_weighted_degree_days",
                                                "W_normalised",
                                                "H_in_bundle",
                                                "H_above_bundle",
                                                "required",
                                                "shortfall",
                                                "price",
                                                "payable_quantity",
                                                "shortfall_value",
                                                "surplus_value",
                                                "after_deadband",
                                                "payable"}));
}

// A household inside its bundle that draws from the grid in a normal year has missed: the old allowance rule
// (net import <= 2,500) passed this home. W 2,537 at 2,537 wdd, H 2,000, O 4,000 -> N 537, 537 short.
TEST(Evaluate, NetZeroNetImportInsideTheBundleIsAMiss) {
  const GuaranteeResult r =
      evaluate(net_zero(), 0, nz_inputs("3537", "3000", "4000", "2537", "2537")).value();
  EXPECT_EQ(by_name(r)["N"].value, Decimal(537));
  EXPECT_EQ(r.shortfall, Decimal(537));
  EXPECT_EQ(r.status, Status::shortfall);
}

// Household use above the bundle is the resident's own: H 3,400 = 900 above; N 937 net import; required
// 2,537 + 2,500 = 5,037 against O 5,000: 37 short = N' - 900.
TEST(Evaluate, NetZeroHouseholdAboveTheBundleIsTheResidents) {
  const GuaranteeResult r =
      evaluate(net_zero(), 0, nz_inputs("4337", "3400", "5000", "2537", "2537")).value();
  auto f = by_name(r);
  EXPECT_EQ(f["H"].value, Decimal(3400));
  EXPECT_EQ(f["H_above_bundle"].value, Decimal(900));
  EXPECT_EQ(f["N"].value, Decimal(937));
  EXPECT_EQ(r.shortfall, Decimal(37));
}

// Without a submeter the household is taken to use its whole bundle: T 5,400 -> H 2,500, W 2,900; and a total
// below the bundle is all household.
TEST(Evaluate, NetZeroWithoutSubmeterTakesTheWholeBundle) {
  const Guarantee g = net_zero(Kwh(Decimal(2500)), BuildingUse::total_minus_bundle);
  GuaranteeResult r = evaluate(g, 0, nz_inputs("4000", "3400", "4800", "", "2537")).value();
  auto f = by_name(r);
  EXPECT_EQ(f["H"].value, Decimal(2500));
  EXPECT_EQ(f["W"].value, Decimal(2900));
  EXPECT_EQ(r.shortfall, Decimal(600));
  EXPECT_NE(r.rule.find("total_minus_bundle"), std::string::npos);
  r = evaluate(g, 0, nz_inputs("1000", "900", "1000", "", "2537")).value();
  EXPECT_EQ(by_name(r)["H"].value, Decimal(1100));
  EXPECT_EQ(by_name(r)["W"].value, Decimal(0));
  EXPECT_EQ(r.shortfall, Decimal(100));
}

TEST(Evaluate, NetZeroInconsistentMetersRefused) {
  Result<GuaranteeResult> r = evaluate(net_zero(), 0, nz_inputs("1000", "900", "1000", "1200", "2537"));
  ASSERT_FALSE(r);  // heat pump 1,200 > total 1,100
  EXPECT_EQ(r.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(r.error().field, "/inputs/heat_pump");
  r = evaluate(net_zero(), 0, nz_inputs("100", "900", "500", "10", "2537"));
  ASSERT_FALSE(r);  // export beyond import + generation
  EXPECT_EQ(r.error().field, "/inputs/pv_generation");
}

TEST(Evaluate, NetZeroNormalisationRoundsHalfEvenToThreeDecimals) {
  GuaranteeResult r = evaluate(net_zero(std::nullopt), 0, nz_inputs("2000", "0", "0", "1", "2000")).value();
  auto f = by_name(r);
  EXPECT_EQ(f["W_normalised"].value.to_string(), "1.268");  // 1.2685 exactly: the tie goes to the even 8
  EXPECT_EQ(f["required"].value, dec("2000.268"));          // 1.268 + H 1,999
  EXPECT_EQ(f.count("bundle_cap"), 0u);
  EXPECT_EQ(f["bundle"].value, Decimal(2800));
  r = evaluate(net_zero(), 0, nz_inputs("4000", "0", "0", "2000", "2900")).value();
  EXPECT_EQ(by_name(r)["W_normalised"].value.to_string(), "1749.655");  // 1749.6551724...
}

TEST(Evaluate, NetZeroShortfallEscalatedPrice) {
  // W' = W = 1,000, H 2,000: required 3,000 against O 2,500 -> 500 short
  YearInputs in = nz_inputs("2500", "2000", "2500", "1000", "2537");
  in.year_index = 3;  // 0.25 x 1.02^2 = 0.2601
  const GuaranteeResult r = evaluate(net_zero(), 0, in).value();
  EXPECT_EQ(r.shortfall, Decimal(500));
  EXPECT_EQ(r.price, dec("0.26010"));
  EXPECT_EQ(r.payable, eur("130.05"));
}

TEST(Evaluate, NetZeroZeroDegreeDaysRefused) {
  const Result<GuaranteeResult> r = evaluate(net_zero(), 0, nz_inputs("1", "0", "1", "1", "0"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(r.error().field, "/inputs/weighted_degree_days");
}

Guarantee savings(std::optional<Baseline> baseline = Baseline{dec("0.9"), dec("0.38"), std::nullopt}) {
  return Guarantee{.kind = Kind::savings,
                   .term_years = 10,
                   .station = 348,
                   .terms = SavingsTerms{SavingsCarrier::gas, dec("500"), baseline,
                                         Price{dec("1.45"), dec("0.02")}, dec("25")}};
}

TEST(Evaluate, SavingsSurplusSharesExcess) {
  YearInputs in;
  in.year_index = 2;
  in.period = year_period(2027);  // 365 days
  in.gas = MeasuredGas{CubicMetres(dec("700"))};
  in.weighted_degree_days = DegreeDays(dec("2400"));
  const GuaranteeResult r = evaluate(savings(), 1, in).value();
  auto f = by_name(r);
  EXPECT_EQ(f["days"].value, Decimal(365));
  EXPECT_EQ(f["baseline_adjusted"].value, dec("1240.5"));  // 0.9 x 365 + 0.38 x 2400 = 328.5 + 912
  EXPECT_EQ(f["baseline_adjusted"].unit, "m3");
  EXPECT_EQ(f["baseline_per_weighted_degree_day"].unit, "m3/K.day");
  EXPECT_EQ(f["avoided"].value, dec("540.5"));
  EXPECT_EQ(r.unit, "m3");
  EXPECT_EQ(r.shortfall, dec("-40.5"));
  EXPECT_EQ(r.price, dec("1.47900"));
  EXPECT_EQ(r.surplus_value, eur("59.90"));  // 40.5 x 1.479 = 59.8995
  EXPECT_EQ(r.excess_share, eur("14.98"));   // 25% of 59.90 = 14.975, half_up
  EXPECT_EQ(f["excess_share"].value, dec("14.98"));
  EXPECT_EQ(r.payable, eur("0"));
  EXPECT_NE(r.rule.find("excess share 25% of 59.90 EUR = 14.98 EUR charged to the resident"),
            std::string::npos);
}

TEST(Evaluate, SavingsWithoutBaselineRefused) {
  YearInputs in;
  in.period = year_period(2027);
  const Result<GuaranteeResult> r = evaluate(savings(std::nullopt), 2, in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(r.error().field, "/guarantees/2/baseline");
}

Guarantee pv(DeadbandMode mode, std::string_view percent, std::optional<Money> cap = std::nullopt) {
  return Guarantee{
      .kind = Kind::pv_yield,
      .term_years = 10,
      .deadband = {mode, dec(percent)},
      .yearly_cap = cap,
      .station = 348,
      .terms = PvYieldTerms{Kwh(dec("1000")), Irradiance(dec("350000")), Price{dec("0.25"), dec("0")}}};
}

YearInputs pv_inputs(std::string_view generated, std::string_view irradiance = "350000",
                     bool estimated = false) {
  YearInputs in;
  in.period = year_period(2026);
  in.pv_generation = MeasuredKwh{Kwh(dec(generated)), estimated};
  in.irradiance = Irradiance(dec(irradiance));
  return in;
}

TEST(Evaluate, DeadbandEdges) {
  struct Row {
    int line;
    DeadbandMode mode;
    const char* generated;  // expected generation is 1,000.000 kWh, deadband 10% = 100 kWh
    Status status;
    const char* payable_quantity;
    const char* payable;
  };
  const Row rows[] = {
      {__LINE__, DeadbandMode::threshold, "1000", Status::met, "0", "0.00"},
      {__LINE__, DeadbandMode::threshold, "1000.5", Status::met, "0", "0.00"},
      {__LINE__, DeadbandMode::threshold, "950", Status::within_deadband, "0", "0.00"},
      {__LINE__, DeadbandMode::threshold, "900", Status::within_deadband, "0",
       "0.00"},  // exactly 10%: not above
      {__LINE__, DeadbandMode::threshold, "899.999", Status::shortfall, "100.001", "25.00"},  // all of it
      {__LINE__, DeadbandMode::threshold, "800", Status::shortfall, "200.000", "50.00"},
      {__LINE__, DeadbandMode::franchise, "900", Status::within_deadband, "0", "0.00"},  // exactly 10%: free
      {__LINE__, DeadbandMode::franchise, "899.999", Status::shortfall, "0.001", "0.00"},  // beyond by 1 Wh
      {__LINE__, DeadbandMode::franchise, "898", Status::shortfall, "2.000", "0.50"},
      {__LINE__, DeadbandMode::franchise, "800", Status::shortfall, "100.000", "25.00"},
      {__LINE__, DeadbandMode::none, "999.999", Status::shortfall, "0.001", "0.00"},
      {__LINE__, DeadbandMode::none, "900", Status::shortfall, "100.000", "25.00"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const GuaranteeResult r =
        evaluate(pv(row.mode, row.mode == DeadbandMode::none ? "0" : "10"), 0, pv_inputs(row.generated))
            .value();
    EXPECT_EQ(r.status, row.status);
    EXPECT_EQ(by_name(r)["payable_quantity"].value, dec(row.payable_quantity));
    EXPECT_EQ(r.payable, eur(row.payable));
    EXPECT_EQ(r.after_deadband, eur(row.payable));
    EXPECT_EQ(by_name(r).count("deadband_quantity"), row.mode == DeadbandMode::none ? 0u : 1u);
  }
}

TEST(Evaluate, FranchiseRuleText) {
  const GuaranteeResult r = evaluate(pv(DeadbandMode::franchise, "10"), 0, pv_inputs("800")).value();
  EXPECT_EQ(
      r.rule,
      "pv_yield guarantee year 1: expected generation = 1,000 kWh x 350,000 / 350,000 J/cm2 = 1,000.000 kWh "
      "against 800 kWh generated; franchise 10%: 200.000 kWh short of 1,000.000, 100.000 kWh free, "
      "100.000 kWh x 0.25000 EUR/kWh = 25.00 EUR.");
}

TEST(Evaluate, PvExpectedScalesWithIrradiance) {
  // 1,000 x 330,000 / 350,000 = 942.857142... -> 942.857 (half_even to 3 decimals)
  const GuaranteeResult r = evaluate(pv(DeadbandMode::none, "0"), 0, pv_inputs("900", "330000")).value();
  EXPECT_EQ(r.guaranteed, dec("942.857"));
  EXPECT_EQ(r.shortfall, dec("42.857"));
  EXPECT_EQ(r.shortfall_value, eur("10.71"));  // 10.71425
}

TEST(Evaluate, YearlyCap) {
  const GuaranteeResult r =
      evaluate(pv(DeadbandMode::none, "0", eur("20.00")), 0, pv_inputs("900")).value();  // 25.00 uncapped
  EXPECT_EQ(r.after_deadband, eur("25.00"));
  EXPECT_EQ(r.payable, eur("20.00"));
  EXPECT_EQ(r.shortfall_value, eur("25.00"));
  EXPECT_NE(r.rule.find(", capped at 20.00 EUR."), std::string::npos);
  const GuaranteeResult at_cap =
      evaluate(pv(DeadbandMode::none, "0", eur("25.00")), 0, pv_inputs("900")).value();
  EXPECT_EQ(at_cap.payable, eur("25.00"));
  EXPECT_EQ(at_cap.rule.find("capped"), std::string::npos);
  const GuaranteeResult zero_cap =
      evaluate(pv(DeadbandMode::none, "0", eur("0")), 0, pv_inputs("900")).value();
  EXPECT_EQ(zero_cap.payable, eur("0"));
  EXPECT_EQ(zero_cap.status, Status::shortfall);
}

TEST(Evaluate, EstimatedFlagsFollowTheMeteredValue) {
  const GuaranteeResult r =
      evaluate(pv(DeadbandMode::none, "0"), 0, pv_inputs("900", "350000", true)).value();
  EXPECT_TRUE(r.estimated);
  for (const Figure& f : r.figures) {
    SCOPED_TRACE(f.name);
    const bool from_meter = f.name != "guaranteed_kwh" && f.name != "actual_irradiance" &&
                            f.name != "normal_irradiance" && f.name != "expected" && f.name != "price";
    EXPECT_EQ(f.estimated, from_meter);
  }
  YearInputs in = nz_inputs("4100", "3900", "5000", "3000", "3000");
  in.heat_pump->estimated = true;
  auto f = by_name(evaluate(net_zero(), 0, in).value());
  EXPECT_FALSE(f["N"].estimated);
  EXPECT_FALSE(f["T"].estimated);
  EXPECT_TRUE(f["W"].estimated);
  EXPECT_TRUE(f["H"].estimated);
  EXPECT_TRUE(f["W_normalised"].estimated);
  EXPECT_TRUE(f["required"].estimated);
  EXPECT_FALSE(f["bundle"].estimated);
  EXPECT_TRUE(f["shortfall"].estimated);
}

TEST(Evaluate, MissingInputsAreNamed) {
  YearInputs in = nz_inputs("1", "1", "1", "1", "1");
  in.heat_pump.reset();
  in.weighted_degree_days.reset();
  const Result<GuaranteeResult> r = evaluate(net_zero(), 4, in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(r.error().field, "/inputs/heat_pump");
  EXPECT_NE(r.error().message.find("heat_pump, weighted_degree_days"), std::string::npos);
  const Result<GuaranteeResult> epv_missing = evaluate(epv(), 0, YearInputs{});
  ASSERT_FALSE(epv_missing);
  EXPECT_EQ(epv_missing.error().field, "/inputs/heat_pump");
  EXPECT_NE(epv_missing.error().message.find("heat_pump, pv_generation, cbs_average_price"),
            std::string::npos);
}

TEST(Evaluate, RequiredInputs) {
  EXPECT_EQ(required_inputs(epv()),
            (std::vector<Input>{Input::heat_pump, Input::pv_generation, Input::cbs_average_price}));
  EXPECT_EQ(required_inputs(net_zero()),
            (std::vector<Input>{Input::electricity_import, Input::electricity_export, Input::heat_pump,
                                Input::pv_generation, Input::weighted_degree_days}));
  EXPECT_EQ(required_inputs(net_zero(std::nullopt, BuildingUse::total_minus_bundle)),
            (std::vector<Input>{Input::electricity_import, Input::electricity_export, Input::pv_generation,
                                Input::weighted_degree_days}));
  Guarantee g = savings();
  EXPECT_EQ(required_inputs(g), (std::vector<Input>{Input::gas, Input::weighted_degree_days}));
  std::get<SavingsTerms>(g.terms).carrier = SavingsCarrier::electricity;
  EXPECT_EQ(required_inputs(g), (std::vector<Input>{Input::electricity_import, Input::weighted_degree_days}));
  EXPECT_EQ(required_inputs(pv(DeadbandMode::none, "0")),
            (std::vector<Input>{Input::pv_generation, Input::irradiance}));
  EXPECT_EQ(to_string(Input::cbs_average_price), "cbs_average_price");
}

TEST(Evaluate, TermEndedNeedsNoInputs) {
  YearInputs in;
  in.year_index = 11;
  const GuaranteeResult r = evaluate(savings(std::nullopt), 0, in).value();  // even without a baseline
  EXPECT_EQ(r.status, Status::term_ended);
  EXPECT_TRUE(r.figures.empty());
  EXPECT_EQ(r.payable, eur("0"));
  EXPECT_EQ(r.surplus_value, eur("0"));
  EXPECT_EQ(r.rule, "savings guarantee year 11 is after the 10-year term: no compensation due.");
  in.year_index = 10;  // the last year of the term still counts
  EXPECT_FALSE(evaluate(savings(std::nullopt), 0, in));
}

TEST(Evaluate, BadCallsAreInvalid) {
  YearInputs in = epv_inputs("1", "1");
  in.year_index = 0;
  Result<GuaranteeResult> r = evaluate(epv(), 0, in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "/inputs/year_index");
  Guarantee g = epv();
  g.kind = Kind::net_zero;
  r = evaluate(g, 5, epv_inputs("1", "1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().field, "/guarantees/5/kind");
}

TEST(Evaluate, NettedIsCopied) {
  Guarantee g = epv();
  g.netted = true;
  EXPECT_TRUE(evaluate(g, 0, epv_inputs("6000", "2800")).value().netted);
}

// set_metered types each metered input in its unit (m3 for gas, kWh for the rest) and leaves everything else.
TEST(Evaluate, SetMeteredTypesEachMeteredInput) {
  YearInputs in;
  EXPECT_TRUE(set_metered(in, Input::electricity_import, dec("2000.500"), true));
  EXPECT_TRUE(set_metered(in, Input::electricity_export, dec("800.000"), false));
  EXPECT_TRUE(set_metered(in, Input::gas, dec("900.125"), false));
  EXPECT_TRUE(set_metered(in, Input::heat_pump, dec("2800"), false));
  EXPECT_TRUE(set_metered(in, Input::pv_generation, dec("6000"), true));
  EXPECT_EQ(in.electricity_import, (MeasuredKwh{Kwh(dec("2000.500")), true}));
  EXPECT_EQ(in.electricity_export, (MeasuredKwh{Kwh(dec("800.000")), false}));
  EXPECT_EQ(in.gas, (MeasuredGas{CubicMetres(dec("900.125")), false}));
  EXPECT_EQ(in.heat_pump, (MeasuredKwh{Kwh(dec("2800")), false}));
  EXPECT_EQ(in.pv_generation, (MeasuredKwh{Kwh(dec("6000")), true}));
  EXPECT_EQ(in.electricity_import->quantity.to_string(), "2000.500");  // the scale is kept
  for (const Input other : {Input::weighted_degree_days, Input::irradiance, Input::cbs_average_price}) {
    EXPECT_FALSE(set_metered(in, other, dec("1"), false)) << to_string(other);
  }
  EXPECT_FALSE(in.weighted_degree_days);
  EXPECT_FALSE(in.irradiance);
  EXPECT_FALSE(in.cbs_average_price);
}

}  // namespace
}  // namespace renofee::guarantee
