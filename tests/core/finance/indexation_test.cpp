// Test plan for indexation.hpp (docs/domain.md §4): the service fee per contract year, compounded and rounded
// to cents at each anniversary, for none / fixed / series; invalid terms name their field. Expected values
// from scripts/gen_schedule_reference.py's fees_by_year (python decimal, ROUND_HALF_UP).
#include "renofee/core/finance/indexation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "finance_test_util.hpp"

namespace renofee::finance {
namespace {

using testing::dec;

std::vector<std::string> texts(const std::vector<Money>& fees) {
  std::vector<std::string> out;
  for (const Money& fee : fees)
    out.push_back(fee.to_string());
  return out;
}

ServiceFeeTerms fee(const char* monthly, IndexationKind kind) {
  ServiceFeeTerms terms;
  terms.monthly = Money(dec(monthly));
  terms.indexation.kind = kind;
  return terms;
}

TEST(Indexation, KindNamesRoundTrip) {
  for (IndexationKind kind : {IndexationKind::none, IndexationKind::fixed, IndexationKind::series})
    EXPECT_EQ(parse_indexation_kind(to_string(kind)).value(), kind);
  const Result<IndexationKind> bad = parse_indexation_kind("cpi");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "/service_fee/indexation/kind");
}

TEST(Indexation, FixedRateCompoundsAndRoundsEachYear) {
  ServiceFeeTerms terms = fee("19.50", IndexationKind::fixed);
  terms.indexation.annual_rate = dec("0.02");
  // 19.50 × 1.02 = 19.89; 19.89 × 1.02 = 20.2878 -> 20.29; 20.6958 -> 20.70; 21.114 -> 21.11.
  EXPECT_EQ(texts(indexed_monthly_fees(terms, 5).value()),
            (std::vector<std::string>{"19.50", "19.89", "20.29", "20.70", "21.11"}));
  const std::vector<Money> twenty = indexed_monthly_fees(terms, 20).value();
  EXPECT_EQ(twenty[9], cents(2331));   // contract year 10
  EXPECT_EQ(twenty[19], cents(2846));  // contract year 20
}

TEST(Indexation, SeriesAppliesOneFactorPerAnniversary) {
  ServiceFeeTerms terms = fee("19.50", IndexationKind::series);
  terms.indexation.factors = {dec("1.031"), dec("0.995"), dec("1.0125")};
  // 19.50 × 1.031 = 20.1045 -> 20.10; × 0.995 = 19.9995 -> 20.00; × 1.0125 = 20.25.
  EXPECT_EQ(texts(indexed_monthly_fees(terms, 4).value()),
            (std::vector<std::string>{"19.50", "20.10", "20.00", "20.25"}));
  // A banker's rounding choice is honoured: 20.1045 is no tie, but 10.05 × 1.5 = 15.075 is.
  ServiceFeeTerms tie = fee("10.05", IndexationKind::series);
  tie.indexation.factors = {dec("1.5")};
  tie.indexation.rounding = Rounding::half_even;
  EXPECT_EQ(indexed_monthly_fees(tie, 2).value()[1], cents(1508));
  tie.indexation.rounding = Rounding::down;
  EXPECT_EQ(indexed_monthly_fees(tie, 2).value()[1], cents(1507));
}

TEST(Indexation, NoneKeepsTheFee) {
  EXPECT_EQ(texts(indexed_monthly_fees(fee("7.5", IndexationKind::none), 3).value()),
            (std::vector<std::string>{"7.50", "7.50", "7.50"}));
  EXPECT_TRUE(indexed_monthly_fees(fee("0", IndexationKind::none), 0).value().empty());
}

TEST(Indexation, InvalidTermsNameTheField) {
  struct Row {
    int line;
    ServiceFeeTerms terms;
    int years;
    const char* field;
  };
  ServiceFeeTerms negative_rate = fee("10.00", IndexationKind::fixed);
  negative_rate.indexation.annual_rate = dec("-0.01");
  ServiceFeeTerms huge_rate = fee("10.00", IndexationKind::fixed);
  huge_rate.indexation.annual_rate = dec("1.5");
  ServiceFeeTerms short_series = fee("10.00", IndexationKind::series);
  short_series.indexation.factors = {dec("1.01")};
  ServiceFeeTerms zero_factor = fee("10.00", IndexationKind::series);
  zero_factor.indexation.factors = {dec("1.01"), dec("0"), dec("1.02")};
  const Row rows[] = {
      {__LINE__, fee("-1.00", IndexationKind::none), 2, "/service_fee/monthly"},
      {__LINE__, fee("1.005", IndexationKind::none), 2, "/service_fee/monthly"},
      {__LINE__, fee("100000.01", IndexationKind::none), 2, "/service_fee/monthly"},
      {__LINE__, negative_rate, 2, "/service_fee/indexation/annual_rate"},
      {__LINE__, huge_rate, 2, "/service_fee/indexation/annual_rate"},
      {__LINE__, short_series, 3, "/service_fee/indexation/factors"},
      {__LINE__, zero_factor, 4, "/service_fee/indexation/factors/1"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const Result<std::vector<Money>> fees = indexed_monthly_fees(row.terms, row.years);
    ASSERT_FALSE(fees.ok());
    EXPECT_EQ(fees.error().field, row.field) << describe(fees.error());
  }
}

}  // namespace
}  // namespace renofee::finance
