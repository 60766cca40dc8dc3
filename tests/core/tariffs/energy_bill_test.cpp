// Test plan for energy_bill.hpp (docs/domain.md §5), on the round-figure tariff of test_tariff.hpp so each
// expected amount is checked by hand in the row's comment (the real tariff years are covered by
// tests/golden/bills):
//   - bracket boundaries: exactly 10,000 kWh stays in bracket 1; 10,001 puts 1 kWh in bracket 2;
//   - zero use; netting with export > import; the same use without netting (feed-in price and cost, the
//     cost on every kWh fed in); the ACM floor without netting; feed-in cost tiers by the year's volume;
//   - a low/normal split netted per register and across; gas with and without a connection;
//   - a half-year period: yearly amounts pro-rated by days, brackets on the volume scaled to a year;
//   - VAT once on the taxable lines (the feed-in compensation is outside VAT);
//   - every invalid input is an error naming its field; a tariff whose brackets stop short is refused.
#include "renofee/core/tariffs/energy_bill.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "test_tariff.hpp"

namespace renofee::tariffs {
namespace {

using testing::dec;
using testing::round_tariff;

EnergyUse use(std::string_view import, std::string_view exported, std::string_view gas) {
  return EnergyUse{Kwh(dec(import)), Kwh(dec(exported)), CubicMetres(dec(gas)), std::nullopt,
                   GasConnection::when_used};
}

struct Case {
  int line;
  EnergyUse use;
  BillOptions options;
  std::vector<std::pair<std::string, std::string>> lines;  // code, amount
  std::string vat;
  std::string total;
};

std::vector<std::pair<std::string, std::string>> codes_and_amounts(const Bill& bill) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const BillLine& l : bill.lines)
    out.emplace_back(l.code, l.amount.to_string());
  return out;
}

const calendar::Period first_half{calendar::make_date(2026, 1, 1), calendar::make_date(2026, 7, 2)};  // 182 d

TEST(EnergyBill, HandCheckedTable) {
  const std::vector<Case> cases = {
      // Zero use, no gas: 0 supply; fixed 12 x 5.00; network 300.00; reduction -500.00. VAT base -140.00,
      // VAT -29.40 (the reduction also reduces VAT, as on real bills); total -169.40.
      {__LINE__,
       use("0", "0", "0"),
       {},
       {{"supply_electricity", "0.00"},
        {"fixed_electricity", "60.00"},
        {"network_electricity", "300.00"},
        {"tax_reduction", "-500.00"}},
       "-29.40",
       "-169.40"},
      // Exactly 10,000 kWh: all in bracket 1, 10,000 x 0.10 = 1000.00. Base 2000 + 60 + 300 + 1000 - 500 =
      // 2860.00; VAT 600.60; total 3460.60.
      {__LINE__,
       use("10000", "0", "0"),
       {},
       {{"supply_electricity", "2000.00"},
        {"fixed_electricity", "60.00"},
        {"network_electricity", "300.00"},
        {"energy_tax_electricity_1", "1000.00"},
        {"tax_reduction", "-500.00"}},
       "600.60",
       "3460.60"},
      // 10,001 kWh: 1 kWh x 0.05 in bracket 2. Base 2000.20 + 60 + 300 + 1000 + 0.05 - 500 = 2860.25; VAT
      // 600.6525 -> 600.65; total 3460.90.
      {__LINE__,
       use("10001", "0", "0"),
       {},
       {{"supply_electricity", "2000.20"},
        {"fixed_electricity", "60.00"},
        {"network_electricity", "300.00"},
        {"energy_tax_electricity_1", "1000.00"},
        {"energy_tax_electricity_2", "0.05"},
        {"tax_reduction", "-500.00"}},
       "600.65",
       "3460.90"},
      // 60,000 kWh reaches the open bracket: 10,000 x 0.10 + 40,000 x 0.05 + 10,000 x 0.01. Base 12000 + 60 +
      // 300 + 1000 + 2000 + 100 - 500 = 14960.00; VAT 3141.60; total 18101.60.
      {__LINE__,
       use("60000", "0", "0"),
       {},
       {{"supply_electricity", "12000.00"},
        {"fixed_electricity", "60.00"},
        {"network_electricity", "300.00"},
        {"energy_tax_electricity_1", "1000.00"},
        {"energy_tax_electricity_2", "2000.00"},
        {"energy_tax_electricity_3", "100.00"},
        {"tax_reduction", "-500.00"}},
       "3141.60",
       "18101.60"},
      // Netting, export 4000 > import 3000: nothing billed, 1000 kWh credited at 0.08 (-80.00, outside VAT);
      // the feed-in cost 0.02 falls on all 4000 kWh fed in (80.00). Base 60 + 300 - 500 + 80 = -60.00; VAT
      // -12.60; total -60 - 80 - 12.60.
      {__LINE__,
       use("3000", "4000", "0"),
       {},
       {{"supply_electricity", "0.00"},
        {"fixed_electricity", "60.00"},
        {"network_electricity", "300.00"},
        {"tax_reduction", "-500.00"},
        {"feed_in_compensation", "-80.00"},
        {"feed_in_cost", "80.00"}},
       "-12.60",
       "-152.60"},
      // The same without netting: import 3000 billed (600.00 + tax 300.00), all 4000 kWh credited: -320.00
      // and cost 80.00. Base 600 + 60 + 300 + 300 - 500 + 80 = 840.00; VAT 176.40; total 840 - 320 + 176.40.
      {__LINE__,
       use("3000", "4000", "0"),
       {NettingChoice::no_netting, std::nullopt},
       {{"supply_electricity", "600.00"},
        {"fixed_electricity", "60.00"},
        {"network_electricity", "300.00"},
        {"energy_tax_electricity_1", "300.00"},
        {"tax_reduction", "-500.00"},
        {"feed_in_compensation", "-320.00"},
        {"feed_in_cost", "80.00"}},
       "176.40",
       "696.40"},
      // Netting, import 3000 > export 1000: 2000 kWh billed, nothing credited, yet the 1000 kWh fed in cost
      // 20.00. Base 400 + 60 + 300 + 200 - 500 + 20 = 480.00; VAT 100.80; total 580.80.
      {__LINE__,
       use("3000", "1000", "0"),
       {},
       {{"supply_electricity", "400.00"},
        {"fixed_electricity", "60.00"},
        {"network_electricity", "300.00"},
        {"energy_tax_electricity_1", "200.00"},
        {"tax_reduction", "-500.00"},
        {"feed_in_cost", "20.00"}},
       "100.80",
       "580.80"},
      // Gas 1200 m3: supply 1200.00, fixed 60.00, network 200.00, tax 1000 x 0.50 + 200 x 0.25. Base 0 + 1200
      // + 60 + 60 + 300 + 200 + 500 + 50 - 500 = 1870.00; VAT 392.70; total 2262.70.
      {__LINE__,
       use("0", "0", "1200"),
       {},
       {{"supply_electricity", "0.00"},
        {"supply_gas", "1200.00"},
        {"fixed_electricity", "60.00"},
        {"fixed_gas", "60.00"},
        {"network_electricity", "300.00"},
        {"network_gas", "200.00"},
        {"energy_tax_gas_1", "500.00"},
        {"energy_tax_gas_2", "50.00"},
        {"tax_reduction", "-500.00"}},
       "392.70",
       "2262.70"},
      // Half year [2026-01-01, 2026-07-02) = 182/365 days, 5000 kWh: annualised 10,027.47 kWh crosses the
      // 10,000 bound. Fixed 60 x 182/365 = 29.9178 -> 29.92; network 149.589 -> 149.59; reduction 249.315 ->
      // -249.32; tax bracket 1: 10,000 x 182/365 = 4986.301 kWh x 0.10 = 498.630 -> 498.63; bracket 2: the
      // other 13.699 kWh x 0.05 = 0.685 -> 0.68. Base 1000 + 29.92 + 149.59 + 498.63 + 0.68 - 249.32 =
      // 1429.50; VAT 300.195 -> 300.20 (a tie, half-up); total 1729.70.
      {__LINE__,
       use("5000", "0", "0"),
       {NettingChoice::as_tariff, first_half},
       {{"supply_electricity", "1000.00"},
        {"fixed_electricity", "29.92"},
        {"network_electricity", "149.59"},
        {"energy_tax_electricity_1", "498.63"},
        {"energy_tax_electricity_2", "0.68"},
        {"tax_reduction", "-249.32"}},
       "300.20",
       "1729.70"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    const Result<Bill> bill = compute_energy_bill(c.use, round_tariff(), c.options);
    ASSERT_TRUE(bill.ok()) << bill.error();
    EXPECT_EQ(codes_and_amounts(*bill), c.lines);
    EXPECT_EQ(bill->vat.to_string(), c.vat);
    EXPECT_EQ(bill->total.to_string(), c.total);
  }
}

TEST(EnergyBill, HalfYearStatesItsMethodAndDays) {
  const Bill bill =
      compute_energy_bill(use("5000", "0", "0"), round_tariff(), {NettingChoice::as_tariff, first_half})
          .value();
  EXPECT_EQ(bill.period_days, 182);
  EXPECT_EQ(bill.year_days, 365);
  EXPECT_NE(bill.method.find("182/365"), std::string::npos) << bill.method;
  EXPECT_NE(bill.method.find("scaled to a year"), std::string::npos) << bill.method;
  // The tax line shows the period volume in the bracket: 10,000 x 182/365 = 4986.301 kWh.
  EXPECT_EQ(bill.line("energy_tax_electricity_1")->quantity->to_string(), "4986.301");
  const Bill full = compute_energy_bill(use("5000", "0", "0"), round_tariff()).value();
  EXPECT_NE(full.method.find("full calendar year 2026 (365 days)"), std::string::npos) << full.method;
}

// ACM floor (no netting only): with a feed-in cost of 0.10 above the 0.08 price, 1000 kWh fed in earn 80.00
// and cost 100.00, so 20.00 of the cost is waived; with netting the same 1000 kWh (import 3000) are not
// credited and cost the full 100.00.
TEST(EnergyBill, AcmFloorWaivesFeedInCostsAboveTheCompensationWithoutNetting) {
  TariffYear t = round_tariff();
  t.electricity.feed_in_cost = EurPerKwh(dec("0.10"));
  const Bill floor =
      compute_energy_bill(use("3000", "1000", "0"), t, {NettingChoice::no_netting, {}}).value();
  EXPECT_EQ(floor.line("feed_in_compensation")->amount.to_string(), "-80.00");
  EXPECT_EQ(floor.line("feed_in_cost")->amount.to_string(), "100.00");
  EXPECT_EQ(floor.line("feed_in_cost_acm_floor")->amount.to_string(), "-20.00");
  EXPECT_TRUE(floor.line("feed_in_cost_acm_floor")->taxable);  // it reduces a taxable cost
  const Bill netted = compute_energy_bill(use("3000", "1000", "0"), t).value();
  EXPECT_EQ(netted.line("feed_in_compensation"), nullptr);
  EXPECT_EQ(netted.line("feed_in_cost")->amount.to_string(), "100.00");
  EXPECT_EQ(netted.line("feed_in_cost_acm_floor"), nullptr);
}

// Tiers: 0 up to 500 kWh fed in a year, 5.00 a month above. 1000 kWh over a year: 60.00; 240 kWh over the
// first half year (182 days) scale to 481.3 a year: the free tier, no line; 260 kWh scale to 521.4: 5.00 x 12
// x 182 / 365 = 29.917... -> 29.92. Nothing fed in: no tier cost at all.
TEST(EnergyBill, FeedInCostTiersByTheYearsFedInVolume) {
  TariffYear t = round_tariff();
  t.electricity.feed_in_cost = EurPerKwh(dec("0"));
  t.electricity.feed_in_cost_tiers = {{Kwh(dec("500")), Money(dec("0.00"))},
                                      {std::nullopt, Money(dec("5.00"))}};
  const Bill year = compute_energy_bill(use("3000", "1000", "0"), t).value();
  EXPECT_EQ(year.line("feed_in_cost_tier")->amount.to_string(), "60.00");
  EXPECT_EQ(year.line("feed_in_cost"), nullptr);
  const Bill free =
      compute_energy_bill(use("1500", "240", "0"), t, {NettingChoice::as_tariff, first_half}).value();
  EXPECT_EQ(free.line("feed_in_cost_tier"), nullptr);
  const Bill half =
      compute_energy_bill(use("1500", "260", "0"), t, {NettingChoice::as_tariff, first_half}).value();
  EXPECT_EQ(half.line("feed_in_cost_tier")->amount.to_string(), "29.92");
  // A first tier with an amount is still not charged to a home that feeds nothing in.
  t.electricity.feed_in_cost_tiers.front().per_month = Money(dec("1.00"));
  EXPECT_EQ(compute_energy_bill(use("1500", "0", "0"), t).value().line("feed_in_cost_tier"), nullptr);
  t.electricity.feed_in_cost_tiers.back().up_to = Kwh(dec("100000"));
  const Result<Bill> closed = compute_energy_bill(use("1", "0", "0"), t);
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().field, "/electricity/feed_in_cost_tiers/1/up_to");
}

TEST(EnergyBill, LowNormalSplitNetsPerRegisterThenAcross) {
  // Import low 1800 / normal 2500, export low 2600 / normal 1300 (totals 4300 / 3900). Netting: low -800,
  // normal +1200 -> the low surplus offsets normal: billed low 0, normal 400 (= 4300 - 3900) x 0.22 = 88.00.
  EnergyUse u = use("4300", "3900", "0");
  u.low_normal = LowNormalUse{Kwh(dec("1800")), Kwh(dec("2500")), Kwh(dec("2600")), Kwh(dec("1300"))};
  const Bill netted = compute_energy_bill(u, round_tariff()).value();
  EXPECT_EQ(netted.line("supply_electricity_low")->amount.to_string(), "0.00");
  EXPECT_EQ(netted.line("supply_electricity_normal")->amount.to_string(), "88.00");
  EXPECT_EQ(netted.line("supply_electricity"), nullptr);
  EXPECT_EQ(netted.billed_import.to_string(), "400");
  // Without netting each register is billed in full: 1800 x 0.18 = 324.00, 2500 x 0.22 = 550.00.
  const Bill gross =
      compute_energy_bill(u, round_tariff(), {NettingChoice::no_netting, std::nullopt}).value();
  EXPECT_EQ(gross.line("supply_electricity_low")->amount.to_string(), "324.00");
  EXPECT_EQ(gross.line("supply_electricity_normal")->amount.to_string(), "550.00");
  // A tariff without low/normal prices bills the split use at the single price: 400 x 0.20.
  TariffYear single = round_tariff();
  single.electricity.low_normal.reset();
  EXPECT_EQ(compute_energy_bill(u, single).value().line("supply_electricity")->amount.to_string(), "80.00");
}

TEST(EnergyBill, GasConnectionDecidesGasCharges) {
  EnergyUse connected = use("0", "0", "0");
  connected.gas_connection = GasConnection::connected;
  const Bill bill = compute_energy_bill(connected, round_tariff()).value();
  EXPECT_EQ(bill.line("supply_gas")->amount.to_string(), "0.00");
  EXPECT_EQ(bill.line("fixed_gas")->amount.to_string(), "60.00");
  EXPECT_EQ(bill.line("network_gas")->amount.to_string(), "200.00");
  EXPECT_EQ(compute_energy_bill(use("0", "0", "0"), round_tariff()).value().line("fixed_gas"), nullptr);
}

TEST(EnergyBill, NettingFollowsTheTariffUnlessForced) {
  TariffYear t = round_tariff();
  t.netting = false;
  t.electricity.feed_in_price = EurPerKwh(dec("0.10"));  // >= 50 % of 0.20, as 2027-2029 require
  t.year = 2027;
  t.id = "test-2027";
  EXPECT_FALSE(compute_energy_bill(use("1", "0", "0"), t).value().netting);
  EXPECT_TRUE(
      compute_energy_bill(use("1", "0", "0"), t, {NettingChoice::netting, std::nullopt}).value().netting);
  EXPECT_TRUE(compute_energy_bill(use("1", "0", "0"), round_tariff()).value().netting);
}

struct ErrorCase {
  int line;
  EnergyUse use;
  BillOptions options;
  ErrorCode code;
  std::string field;
  std::string message_part;
};

TEST(EnergyBill, InvalidInputNamesTheField) {
  EnergyUse bad_split = use("4300", "3900", "0");
  bad_split.low_normal = LowNormalUse{Kwh(dec("1800")), Kwh(dec("2400")), Kwh(dec("2600")), Kwh(dec("1300"))};
  EnergyUse negative_split = use("4300", "3900", "0");
  negative_split.low_normal =
      LowNormalUse{Kwh(dec("-1")), Kwh(dec("4301")), Kwh(dec("2600")), Kwh(dec("1300"))};
  EnergyUse gas_without_connection = use("0", "0", "5");
  gas_without_connection.gas_connection = GasConnection::none;
  const calendar::Period outside{calendar::make_date(2025, 12, 1), calendar::make_date(2026, 2, 1)};
  const calendar::Period empty{calendar::make_date(2026, 5, 1), calendar::make_date(2026, 5, 1)};
  const calendar::Period invalid_date{date::year(2026) / 2 / 30, calendar::make_date(2026, 3, 1)};
  // clang-format off
  const std::vector<ErrorCase> cases = {
      {__LINE__, use("-1", "0", "0"), {}, ErrorCode::invalid_argument, "/electricity_import_kwh", "-1"},
      {__LINE__, use("0", "-0.001", "0"), {}, ErrorCode::invalid_argument, "/electricity_export_kwh", "-0.001"},
      {__LINE__, use("0", "0", "-3"), {}, ErrorCode::invalid_argument, "/gas_m3", "-3"},
      {__LINE__, use("1000000000.001", "0", "0"), {}, ErrorCode::out_of_range, "/electricity_import_kwh",
       "exceeds 1000000000"},
      {__LINE__, use("0", "0", "1E-21"), {}, ErrorCode::out_of_range, "/gas_m3", "more than 20 decimals"},
      {__LINE__, bad_split, {}, ErrorCode::invalid_argument, "/low_normal", "4200"},
      {__LINE__, negative_split, {}, ErrorCode::invalid_argument, "/low_normal/import_low_kwh", "-1"},
      {__LINE__, gas_without_connection, {}, ErrorCode::invalid_argument, "/gas_m3", "without a gas connection"},
      {__LINE__, use("1", "0", "0"), {NettingChoice::as_tariff, outside}, ErrorCode::invalid_argument, "/period",
       "2025-12-01"},
      {__LINE__, use("1", "0", "0"), {NettingChoice::as_tariff, invalid_date}, ErrorCode::invalid_argument,
       "/period", "invalid date"},
      {__LINE__, use("1", "0", "0"), {NettingChoice::as_tariff, empty}, ErrorCode::invalid_argument, "/period",
       "empty"},
  };
  // clang-format on
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    const Result<Bill> bill = compute_energy_bill(c.use, round_tariff(), c.options);
    ASSERT_FALSE(bill.ok());
    EXPECT_EQ(bill.error().code, c.code);
    EXPECT_EQ(bill.error().field, c.field);
    EXPECT_NE(bill.error().message.find(c.message_part), std::string::npos) << bill.error();
  }
}

// The ranges of tariff.hpp and of the use are enough to keep the bill inside Decimal's range
// (fuzz/tariff_file found a validated 10^75 EUR/kWh price that made it throw DecimalOverflow; tariff_test
// refuses that price now): the largest prices, charges, bounds and VAT rate with the most decimals, billed
// for the largest use with the most decimals, pro-rated, with and without netting, compute without throwing,
// and add up.
TEST(EnergyBill, ExtremesOfTheRangesStayInRange) {
  const EurPerKwh price(dec("999.9999999999"));
  const Money charge(dec("999999.9999999999"));
  TariffYear t = round_tariff();
  t.vat_rate = dec("0.9999999999");
  t.electricity.supply_price = price;
  t.electricity.low_normal = LowNormalPrices{price, price};
  t.electricity.fixed_charge_per_month = charge;
  t.electricity.network_charge_per_year = charge;
  t.electricity.energy_tax = {{Kwh(dec("0.000001")), price}, {Kwh(dec("1000000000000")), price}};
  t.electricity.feed_in_price = price;
  t.electricity.feed_in_cost = price;
  t.gas.supply_price = EurPerCubicMetre(price.value());
  t.gas.fixed_charge_per_month = charge;
  t.gas.network_charge_per_year = charge;
  t.gas.energy_tax = {{CubicMetres(dec("999999999999.999999")), EurPerCubicMetre(price.value())},
                      {std::nullopt, EurPerCubicMetre(price.value())}};
  t.tax_reduction_per_year = charge;
  ASSERT_TRUE(validate(t).ok()) << validate(t).error();
  const std::string most = "999999999.99999999999999999999";  // 10^9 - 10^-20
  EnergyUse extreme = use(most, "1000000000", most);
  extreme.low_normal = LowNormalUse{Kwh(dec(most)), Kwh(dec("0")), Kwh(dec("0")), Kwh(dec("1000000000"))};
  for (NettingChoice netting : {NettingChoice::netting, NettingChoice::no_netting}) {
    for (const std::optional<calendar::Period>& period :
         {std::optional<calendar::Period>{}, std::optional<calendar::Period>{first_half}}) {
      const Result<Bill> bill = compute_energy_bill(extreme, t, {netting, period});
      ASSERT_TRUE(bill.ok()) << bill.error();
      Decimal sum;
      for (const BillLine& line : bill->lines)
        sum += line.amount.value();
      EXPECT_EQ(sum, bill->subtotal.value());
      EXPECT_EQ(bill->total.value(), bill->subtotal.value() + bill->vat.value());
    }
  }
}

TEST(EnergyBill, BracketsThatStopShortAreRefused) {
  TariffYear t = round_tariff();
  t.electricity.energy_tax.pop_back();  // now ends at 50,000 kWh
  EXPECT_TRUE(compute_energy_bill(use("50000", "0", "0"), t).ok());
  const Result<Bill> over = compute_energy_bill(use("50000.001", "0", "0"), t);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(over.error().field, "/electricity/energy_tax");
  EXPECT_NE(over.error().message.find("50000"), std::string::npos) << over.error();
  // Pro-rated: 25,000 kWh in the half year is 50,137 kWh a year, beyond the last bound.
  EXPECT_FALSE(compute_energy_bill(use("25000", "0", "0"), t, {NettingChoice::as_tariff, first_half}).ok());
}

TEST(EnergyBill, InvalidTariffIsRefused) {
  TariffYear t = round_tariff();
  t.gas.energy_tax[1].up_to = CubicMetres(dec("900"));  // below the previous bound and not last-open
  const Result<Bill> bill = compute_energy_bill(use("1", "0", "0"), t);
  ASSERT_FALSE(bill.ok());
  EXPECT_EQ(bill.error().field, "/gas/energy_tax/1/up_to");
}

TEST(EnergyBill, CheckedTariffGivesTheSameBillsAndRefusesWhatValidateRefuses) {
  const TariffYear t = round_tariff();
  const Result<CheckedTariff> checked = CheckedTariff::check(t);
  ASSERT_TRUE(checked.ok()) << checked.error();
  EXPECT_EQ(&checked->get(), &t);
  for (const auto& [import, exported, gas] :
       {std::tuple{"3000", "0", "1200"}, std::tuple{"2200", "2400", "750"}, std::tuple{"0", "5000", "0"}}) {
    for (const NettingChoice netting : {NettingChoice::netting, NettingChoice::no_netting}) {
      BillOptions options;
      options.netting = netting;
      const Result<Bill> direct = compute_energy_bill(use(import, exported, gas), t, options);
      const Result<Bill> via_check = compute_energy_bill(use(import, exported, gas), *checked, options);
      ASSERT_TRUE(direct.ok() && via_check.ok());
      EXPECT_EQ(direct->total, via_check->total);
      EXPECT_EQ(direct->lines.size(), via_check->lines.size());
    }
  }
  TariffYear bad = round_tariff();
  bad.gas.energy_tax[1].up_to = CubicMetres(dec("900"));
  const Result<CheckedTariff> refused = CheckedTariff::check(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error(), validate(bad).error());
}

}  // namespace
}  // namespace renofee::tariffs
