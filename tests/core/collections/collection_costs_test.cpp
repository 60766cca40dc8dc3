// Tests of core/collections/collection_costs.hpp: hand-checked tiers, the minimum and maximum, VAT, and 832
// claims against scripts/gen_payoff_reference.py (python decimal) to the cent.
#include "renofee/core/collections/collection_costs.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include "support/literals.hpp"

namespace renofee::collections {
namespace {

TEST(CollectionCosts, TiersByHand) {
  // 15 % of 2,500 = 375; + 10 % of 2,500 = 250; + 5 % of 1,000 = 50: 675.00 on 6,000.00.
  EXPECT_EQ(collection_costs(eur("6000.00")).value().costs, eur("675.00"));
  // 15 % of 1,000.00 = 150.00.
  EXPECT_EQ(collection_costs(eur("1000.00")).value().costs, eur("150.00"));
  // 15 % of 100.03 = 15.0045 -> below the minimum: 40.00.
  const CollectionCosts small = collection_costs(eur("100.03")).value();
  EXPECT_EQ(small.before_limits, eur("15.00"));
  EXPECT_EQ(small.costs, eur("40.00"));
  // 0.5 % beyond 200,000: 375 + 250 + 250 + 1,900 + 0.5 % × 700,000 = 6,275.00; 1,200,000 hits the maximum.
  EXPECT_EQ(collection_costs(eur("900000.00")).value().costs, eur("6275.00"));
  EXPECT_EQ(collection_costs(eur("1200000.00")).value().costs, eur("6775.00"));
  // 15 % of 333.33 = 49.9995 -> 50.00 (half_up once on the sum).
  EXPECT_EQ(collection_costs(eur("333.33")).value().costs, eur("50.00"));
  // VAT when the creditor cannot deduct it: 675.00 × 1.21 = 816.75.
  const CollectionCosts vat = collection_costs(eur("6000.00"), false).value();
  EXPECT_EQ(vat.vat, eur("141.75"));
  EXPECT_EQ(vat.total, eur("816.75"));
}

TEST(CollectionCosts, RefusesWhatIsNotAClaim) {
  EXPECT_EQ(collection_costs(eur("0.00")).error().field, "/principal");
  EXPECT_EQ(collection_costs(eur("-5.00")).error().field, "/principal");
  EXPECT_EQ(collection_costs(eur("10.005")).error().field, "/principal");
}

TEST(CollectionCosts, FourteenDayLetter) {
  // Received Monday 2 March 2026: the 14 days run 3..16 March, costs from 17 March.
  EXPECT_EQ(collection_costs_from(calendar::parse_date("2026-03-02").value()),
            calendar::parse_date("2026-03-17").value());
}

TEST(CollectionCosts, MatchesThePythonReferenceToTheCent) {
  std::ifstream in(std::string(RENOFEE_TEST_DATA_DIR) + "/finance/collection_costs_reference.tsv");
  ASSERT_TRUE(in.is_open());
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string principal, vat, expected;
    std::getline(fields, principal, '\t');
    std::getline(fields, vat, '\t');
    std::getline(fields, expected, '\t');
    const CollectionCosts c = collection_costs(eur(principal), vat == "no").value();
    EXPECT_EQ(c.total, eur(expected)) << principal << " vat " << vat;
    ++cases;
  }
  EXPECT_EQ(cases, 832);
}

}  // namespace
}  // namespace renofee::collections
