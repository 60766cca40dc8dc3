// Tests of core/campaign/summary: a group of five homes worked by hand (sums, CO2 with the NTA 8800 factors,
// the spread of the net monthly effect), a group of four that shows its count only, and the total.
#include "renofee/core/campaign/summary.hpp"

#include <gtest/gtest.h>

#include "support/literals.hpp"

namespace renofee::campaign {
namespace {

HomeFigures summary_home(const char* type, const char* effect, bool neutral) {
  HomeFigures h;
  h.house_type = type;
  h.investment = eur("10000.00");
  h.subsidies = eur("1000.00");
  h.principal = eur("9000.00");
  h.before = {Kwh(dec("3000")), Kwh(dec("0")), CubicMetres(dec("1200")), std::nullopt};
  h.after = {Kwh(dec("3500")), Kwh(dec("1000")), CubicMetres(dec("200")), std::nullopt};
  h.woonlastenneutraal = {{"nl-2026", neutral}, {"nl-2027", false}};
  h.net_monthly_effect = eur(effect);
  return h;
}

TEST(CampaignSummary, FiveHomesByHandFourHidden) {
  std::vector<HomeFigures> homes;
  for (const char* e : {"-10.00", "20.00", "5.00", "40.00", "0.00"})
    homes.push_back(summary_home("a", e, e[0] != '-'));
  for (int i = 0; i < 4; ++i)
    homes.push_back(summary_home("b", "1.00", true));
  homes.push_back(summary_home("c", "1.00", true));  // b and c together: 5 hidden homes, so a stays shown
  const std::vector<GroupSummary> s = summarise(homes);
  ASSERT_EQ(s.size(), 4U);
  const GroupSummary& a = s[0];
  EXPECT_EQ(a.group, "a");
  EXPECT_TRUE(a.shown);
  EXPECT_EQ(a.homes, 5);
  EXPECT_EQ(a.investment, eur("50000.00"));
  EXPECT_EQ(a.principal, eur("45000.00"));
  EXPECT_EQ(a.gas_saved_m3, dec("5000"));             // 5 × (1,200 − 200)
  EXPECT_EQ(a.electricity_change_kwh, dec("-2500"));  // 5 × (3,500 − 1,000 − 3,000)
  EXPECT_EQ(a.co2_avoided_kg, dec("9750"));           // 5,000 × 1.780 + 2,500 × 0.34 = 8,900 + 850
  EXPECT_EQ(a.woonlastenneutraal.at("nl-2026"), 4);
  EXPECT_EQ(a.woonlastenneutraal.at("nl-2027"), 0);
  // Sorted -10, 0, 5, 20, 40: P25 at h = 1 -> 0.00, median 5.00, P75 at h = 3 -> 20.00.
  EXPECT_EQ(a.net_monthly_effect.lowest, eur("-10.00"));
  EXPECT_EQ(a.net_monthly_effect.p25, eur("0.00"));
  EXPECT_EQ(a.net_monthly_effect.median, eur("5.00"));
  EXPECT_EQ(a.net_monthly_effect.p75, eur("20.00"));
  EXPECT_EQ(a.net_monthly_effect.highest, eur("40.00"));
  const GroupSummary& b = s[1];
  EXPECT_EQ(b.homes, 4);
  EXPECT_FALSE(b.shown);  // fewer than 5: no figure at all
  EXPECT_EQ(b.investment, eur("0.00"));
  EXPECT_TRUE(b.woonlastenneutraal.empty());
  EXPECT_FALSE(s[2].shown);
  const GroupSummary& total = s[3];
  EXPECT_EQ(total.group, "total");
  EXPECT_EQ(total.homes, 10);
  EXPECT_EQ(total.investment, eur("100000.00"));
  EXPECT_EQ(total.woonlastenneutraal.at("nl-2026"), 9);
}

// Secondary suppression: the total minus the shown groups must not give a group under 5. With a (5), b (6)
// and c (4), hiding c alone would let total - a - b give c's figures: a, the smallest shown, is hidden too.
TEST(CampaignSummary, TheSmallestGroupIsHiddenTooWhenTheHiddenOnesAreUnderFive) {
  std::vector<HomeFigures> homes;
  for (int i = 0; i < 5; ++i)
    homes.push_back(summary_home("a", "1.00", true));
  for (int i = 0; i < 6; ++i)
    homes.push_back(summary_home("b", "2.00", true));
  for (int i = 0; i < 4; ++i)
    homes.push_back(summary_home("c", "3.00", true));
  const std::vector<GroupSummary> s = summarise(homes);
  ASSERT_EQ(s.size(), 4U);
  EXPECT_FALSE(s[0].shown);  // a: 5 homes, hidden with c
  EXPECT_EQ(s[0].homes, 5);
  EXPECT_EQ(s[0].investment, eur("0.00"));
  EXPECT_TRUE(s[1].shown);  // b
  EXPECT_EQ(s[1].investment, eur("60000.00"));
  EXPECT_FALSE(s[2].shown);  // c
  EXPECT_TRUE(s[3].shown);   // the total: minus b it gives a and c together, 9 homes
  EXPECT_EQ(s[3].investment, eur("150000.00"));
}

}  // namespace
}  // namespace renofee::campaign

namespace renofee::campaign {
namespace {

// Energy poverty (HEQ: energy cost above 10 % of income) by hand: incomes 20,000 (threshold 2,000 a year).
TEST(CampaignSummary, EnergyPovertyCountsByHand) {
  EXPECT_FALSE(high_energy_quote(eur("2000.00"), dec("20000")));  // exactly 10 %: not more than
  EXPECT_TRUE(high_energy_quote(eur("2000.01"), dec("20000")));
  EXPECT_TRUE(high_energy_quote(eur("0.01"), dec("0")));
  std::vector<HomeFigures> homes;
  // before, after: (2,400, 1,900) leaves; (2,400, 2,100) stays; (1,500, 2,100) enters; (1,500, 1,800) never;
  // (2,100, 1,999.99) leaves; and one home without a band (not counted).
  for (const auto& [before, after] :
       std::vector<std::pair<const char*, const char*>>{{"2400.00", "1900.00"},
                                                        {"2400.00", "2100.00"},
                                                        {"1500.00", "2100.00"},
                                                        {"1500.00", "1800.00"},
                                                        {"2100.00", "1999.99"},
                                                        {"9000.00", "9000.00"}}) {
    HomeFigures h = summary_home("a", "1.00", true);
    h.energy_cost_before = eur(before);
    h.energy_cost_after = eur(after);
    if (homes.size() < 5) h.income_eur = dec("20000");
    h.monthly_costs = {{"nl-2026", dec("150"), dec("140.005")}, {"nl-2027", dec("160"), dec("139")}};
    homes.push_back(h);
  }
  const std::vector<GroupSummary> s = summarise(homes);
  const GroupSummary& a = s.front();
  EXPECT_EQ(a.with_income, 5);
  EXPECT_TRUE(a.poverty_shown);
  EXPECT_EQ(a.energy_poor_before, 3);
  EXPECT_EQ(a.energy_poor_after, 2);
  EXPECT_EQ(a.leaving_energy_poverty, 2);
  EXPECT_EQ(a.entering_energy_poverty, 1);
  // Averages over the 6 homes, half up to cents: 140.005 -> 140.01.
  EXPECT_EQ(a.average_monthly_cost.at("nl-2026").first, dec("150.00"));
  EXPECT_EQ(a.average_monthly_cost.at("nl-2026").second, dec("140.01"));
  EXPECT_EQ(a.average_monthly_cost.at("nl-2027").second, dec("139.00"));
  // Four households with a band: the counts are hidden, the number that gave one is not.
  homes.resize(4);
  homes.push_back(summary_home("a", "1.00", true));
  const GroupSummary few = summarise(homes).front();
  EXPECT_EQ(few.with_income, 4);
  EXPECT_FALSE(few.poverty_shown);
  EXPECT_EQ(few.energy_poor_before, 0);
  EXPECT_EQ(few.leaving_energy_poverty, 0);
}

TEST(CampaignSummary, IncomeBandMidpointIsExact) {
  EXPECT_EQ((IncomeBand{20000, 25001}.midpoint()), dec("22500.5"));
  EXPECT_EQ((IncomeBand{0, 1}.midpoint()), dec("0.5"));
  EXPECT_EQ((IncomeBand{15000, 20000}.to_string()), "15000-20000");
}

}  // namespace
}  // namespace renofee::campaign
