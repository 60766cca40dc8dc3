// Test plan for baseline_fit.hpp's period rule (trust issue, finding 11): a baseline describes the home
// before the renovation, so its period [begin, end) must end on or before the completion of the works
// (works_completed_date, default the start date). Table: periods that end the day before, on the day
// (end is exclusive), one day and one year past it; with and without an explicit completion date. A refusal
// names both dates and the field they came from. (fit_contract_baseline itself runs end to end in
// tests/e2e/reconcile_e2e_test.sh, which also shows a refused fit stores nothing.)
#include "renofee/app/baseline_fit.hpp"

#include <gtest/gtest.h>

namespace renofee::app {
namespace {

calendar::Date day(const char* text) {
  return calendar::parse_date(text).value();
}

TEST(BaselinePeriod, MustEndBeforeTheWorksWereCompleted) {
  quote::Offer starts_2025;
  starts_2025.start_date = day("2025-01-01");
  quote::Offer completed_mid_march = starts_2025;
  completed_mid_march.works_completed_date = day("2025-03-15");
  struct Row {
    int line;
    const quote::Offer* terms;
    const char* begin;
    const char* end;      // exclusive
    const char* refusal;  // empty: accepted
  };
  const Row rows[] = {
      {__LINE__, &starts_2025, "2023-01-01", "2025-01-01", ""},
      {__LINE__, &starts_2025, "2023-01-01", "2024-12-01", ""},
      {__LINE__, &starts_2025, "2023-01-01", "2025-01-02",
       "the baseline period 2023-01-01..2025-01-01 reaches past the completion of the works on 2025-01-01 "
       "(the "
       "start date, as no works_completed_date is given)"},
      {__LINE__, &starts_2025, "2025-01-01", "2026-01-01",
       "the baseline period 2025-01-01..2025-12-31 reaches past the completion of the works on 2025-01-01"},
      {__LINE__, &completed_mid_march, "2024-03-01", "2025-03-01", ""},
      {__LINE__, &completed_mid_march, "2024-03-01", "2025-03-15", ""},
      {__LINE__, &completed_mid_march, "2024-04-01", "2025-04-01",
       "the baseline period 2024-04-01..2025-03-31 reaches past the completion of the works on 2025-03-15 "
       "(works_completed_date)"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    const Result<void> checked = check_baseline_period(*row.terms, day(row.begin), day(row.end));
    if (std::string(row.refusal).empty()) {
      EXPECT_TRUE(checked.ok()) << checked.error();
      continue;
    }
    ASSERT_FALSE(checked.ok());
    EXPECT_EQ(checked.error().code, ErrorCode::failed_precondition);
    EXPECT_NE(checked.error().message.find(row.refusal), std::string::npos) << checked.error().message;
    EXPECT_NE(checked.error().message.find("a baseline must end before the works were completed"),
              std::string::npos);
    EXPECT_EQ(checked.error().field, "/months");
  }
}

}  // namespace
}  // namespace renofee::app
