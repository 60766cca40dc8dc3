// Test plan for settlement.hpp:
//   Sums: gross = Σ payable, excess charge = Σ excess share. Netting (SWK [37]): a netted building guarantee
//   owing 180.00 and a netted generation guarantee with a 50.00 surplus -> offset 50.00, compensation 130.00;
//   a surplus larger than what is owed stops at zero; a non-netted surplus offsets nothing and a non-netted
//   payable is never reduced; term_ended results take no part. No results: all zero. The results are kept in
//   order.
#include "renofee/core/guarantee/settlement.hpp"

#include <gtest/gtest.h>
#include "support/literals.hpp"

namespace renofee::guarantee {
namespace {

GuaranteeResult result(int index, Kind kind, bool netted, std::string_view payable, std::string_view surplus,
                       std::string_view excess = "0") {
  GuaranteeResult r;
  r.index = index;
  r.kind = kind;
  r.netted = netted;
  r.status = eur(payable).is_zero() ? Status::met : Status::shortfall;
  r.payable = eur(payable);
  r.after_deadband = eur(payable);
  r.surplus_value = eur(surplus);
  r.excess_share = eur(excess);
  return r;
}

TEST(Settle, NettingBuildingAgainstGeneration) {
  const Settlement s = settle(
      {result(0, Kind::net_zero, true, "180.00", "0.00"), result(1, Kind::pv_yield, true, "0.00", "50.00")});
  EXPECT_EQ(s.gross_compensation, eur("180.00"));
  EXPECT_EQ(s.netting_offset, eur("50.00"));
  EXPECT_EQ(s.compensation, eur("130.00"));
  EXPECT_EQ(s.excess_charge, eur("0"));
  ASSERT_EQ(s.results.size(), 2u);
  EXPECT_EQ(s.results[1].index, 1);
  EXPECT_EQ(
      s.rule,
      "gross compensation 180.00 EUR (guarantee 0 (net_zero, shortfall, netted) 180.00 EUR, guarantee 1 "
      "(pv_yield, met, netted) 0.00 EUR); netting: the netted guarantees' surplus of 50.00 EUR offsets 50.00 "
      "EUR of their 180.00 EUR payable; compensation 130.00 EUR.");
}

TEST(Settle, NettingNeverBelowZero) {
  const Settlement s =
      settle({result(0, Kind::savings, true, "40.00", "0"), result(1, Kind::pv_yield, true, "0", "75.10")});
  EXPECT_EQ(s.netting_offset, eur("40.00"));
  EXPECT_EQ(s.compensation, eur("0.00"));
}

TEST(Settle, OnlyNettedResultsNet) {
  const Settlement s = settle(
      {result(0, Kind::net_zero, false, "100.00", "0"), result(1, Kind::pv_yield, false, "0", "60.00"),
       result(2, Kind::savings, true, "30.00", "0"), result(3, Kind::epv_generation, true, "0", "10.00")});
  EXPECT_EQ(s.gross_compensation, eur("130.00"));
  EXPECT_EQ(s.netting_offset, eur("10.00"));  // only guarantee 3's surplus, only against guarantee 2
  EXPECT_EQ(s.compensation, eur("120.00"));
}

TEST(Settle, TermEndedTakesNoPart) {
  GuaranteeResult ended = result(1, Kind::pv_yield, true, "0", "0");
  ended.status = Status::term_ended;
  const Settlement s = settle({result(0, Kind::net_zero, true, "20.00", "0"), ended});
  EXPECT_EQ(s.compensation, eur("20.00"));
  EXPECT_EQ(s.netting_offset, eur("0"));
}

TEST(Settle, ExcessChargeSums) {
  const Settlement s = settle({result(0, Kind::savings, false, "0", "59.90", "14.98"),
                               result(1, Kind::savings, false, "0", "10.00", "5.00")});
  EXPECT_EQ(s.excess_charge, eur("19.98"));
  EXPECT_EQ(s.compensation, eur("0"));
  EXPECT_NE(s.rule.find("; excess share charged 19.98 EUR."), std::string::npos);
}

TEST(Settle, Empty) {
  const Settlement s = settle({});
  EXPECT_EQ(s.compensation, eur("0"));
  EXPECT_EQ(s.rule, "gross compensation 0.00 EUR (no guarantees); compensation 0.00 EUR.");
}

}  // namespace
}  // namespace renofee::guarantee
