// Test plan for affordability.hpp: the woonlastenimpacttoets and PAYS checks at and around their boundaries
// (fee equal to the saving, to exactly 80% of it, one cent over), the cost-weighted life (hand computed), the
// term limit at exactly 80% of the life, and the refusal when there is nothing to weigh.
#include "renofee/core/quote/affordability.hpp"

#include <gtest/gtest.h>
#include "support/literals.hpp"

namespace renofee::quote {
namespace {

TEST(Woonlasten, FeeAtMostSaving) {
  const WoonlastenCheck equal = woonlastenimpacttoets(eur("150.00"), eur("150.00"));
  EXPECT_TRUE(equal.passed);
  EXPECT_EQ(equal.headroom.to_string(), "0.00");
  const WoonlastenCheck over = woonlastenimpacttoets(eur("150.01"), eur("150.00"));
  EXPECT_FALSE(over.passed);
  EXPECT_EQ(over.headroom.to_string(), "-0.01");
  EXPECT_FALSE(
      woonlastenimpacttoets(eur("10.00"), eur("-5.00")).passed);  // the bill rises: nothing to pay from
}

TEST(Pays, FeeAtMostEightyPercentOfSaving) {
  const std::vector<MeasureLife> life{{eur("10000.00"), 25}};
  // 80% of 187.50 = 150.00 exactly.
  EXPECT_TRUE(pays_check(eur("150.00"), eur("187.50"), 240, life)->fee_passed);
  EXPECT_FALSE(pays_check(eur("150.01"), eur("187.50"), 240, life)->fee_passed);
  // 80% of 100.01 = 80.008: a fee of 80.00 passes, 80.01 does not; the shown limit is rounded down to 80.00.
  const PaysCheck odd = pays_check(eur("80.00"), eur("100.01"), 240, life).value();
  EXPECT_TRUE(odd.fee_passed);
  EXPECT_EQ(odd.fee_limit.to_string(), "80.00");
  EXPECT_FALSE(pays_check(eur("80.01"), eur("100.01"), 240, life)->fee_passed);
}

TEST(Pays, TermAtMostEightyPercentOfWeightedLife) {
  // PV with a 25-year life: 0.8 × 25 = 20 years = 240 months (docs/domain.md §5.6: 25 -> 20 years).
  const std::vector<MeasureLife> pv{{eur("7800.00"), 25}};
  const PaysCheck at_limit = pays_check(eur("50.00"), eur("100.00"), 240, pv).value();
  EXPECT_TRUE(at_limit.term_passed);
  EXPECT_EQ(at_limit.term_limit_months.to_string(), "240.00");
  EXPECT_FALSE(pays_check(eur("50.00"), eur("100.00"), 241, pv)->term_passed);
  // Heat pump 16,500.00 × 20 y + PV 7,800.00 × 25 y + facade 12,400.00 × 40 y = 1,021,000.00 EUR·y over
  // 36,700.00 EUR: 27.8201634... years; limit 9.6 × 1,021,000 / 36,700 = 267.0735... months.
  const std::vector<MeasureLife> package{{eur("16500.00"), 20}, {eur("7800.00"), 25}, {eur("12400.00"), 40}};
  const PaysCheck mixed = pays_check(eur("100.00"), eur("200.00"), 267, package).value();
  EXPECT_EQ(mixed.weighted_life_years.to_string(), "27.8202");
  EXPECT_EQ(mixed.term_limit_months.to_string(), "267.07");
  EXPECT_TRUE(mixed.term_passed);
  EXPECT_TRUE(mixed.passed);
  EXPECT_FALSE(pays_check(eur("100.00"), eur("200.00"), 268, package)->term_passed);
}

TEST(Pays, NeedsCostToWeigh) {
  EXPECT_EQ(pays_check(eur("1.00"), eur("2.00"), 12, {}).error().code, ErrorCode::invalid_argument);
  EXPECT_FALSE(pays_check(eur("1.00"), eur("2.00"), 12, {{eur("0.00"), 20}}).ok());
}

}  // namespace
}  // namespace renofee::quote
