// Test plan for reading_validation.hpp (ValidatingSource, app::ReadingChecks over a parser): a meter swap
// (new meter_id, register restarting low) passes; gaps of any length pass; equal values over time pass; an
// exact repeat is skipped and counted; a decrease without swap, a conflicting duplicate and an out-of-order
// reading are refused with the line of the reading and of the earlier one, in the words every upload uses
// (the rules' own table is in tests/app/ingest_readings_test.cpp); the old meter coming back is checked
// against its own last value.
#include "renofee/adapters/io/reading_validation.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "io_test_support.hpp"

namespace renofee::io {
namespace {

struct Outcome {
  test::Drained drained;
  UploadStats stats;
};

Outcome validate_csv(const std::string& rows) {
  std::istringstream in("meter_id,channel,timestamp,value\n" + rows);
  const std::unique_ptr<ReadingFeed> parser = open_csv_readings(in);
  ValidatingSource source(*parser);
  Outcome outcome{test::drain(source), {}};
  outcome.stats = source.stats();
  return outcome;
}

TEST(ValidatingSource, MeterSwapGapsAndDuplicates) {
  const Outcome out = validate_csv(
      "OLD,import_t1,2026-01-01T00:00:00Z,15000.000\n"
      "OLD,gas,2026-01-01T00:00:00Z,4000.000\n"
      "OLD,import_t1,2026-01-01T00:00:00Z,15000.000\n"  // exact repeat: skipped
      "OLD,import_t1,2026-02-01T00:00:00Z,15300.000\n"  // a month's gap
      "NEW,import_t1,2026-02-01T12:00:00Z,0.000\n"      // swap: new meter restarts at zero
      "NEW,import_t1,2026-02-02T12:00:00Z,9.500\n"
      "NEW,import_t1,2026-02-03T12:00:00Z,9.500\n"  // no use in a day
      "OLD,gas,2026-06-01T00:00:00Z,4000.000\n"
      "NEW,import_t1,2026-02-02T12:00:00Z,9.500\n");  // repeat of an older reading: not the last one
  ASSERT_TRUE(out.drained.error.has_value());
  EXPECT_EQ(out.drained.error->field, "line 10");
  EXPECT_NE(out.drained.error->message.find("is not after the previous one"), std::string::npos)
      << *out.drained.error;
  EXPECT_EQ(out.drained.readings.size(), 7u);
  EXPECT_EQ(out.stats.readings, 7);
  EXPECT_EQ(out.stats.exact_duplicates, 1);
  EXPECT_EQ(out.stats.series, 3);
}

TEST(ValidatingSource, Refusals) {
  struct Row {
    int line;
    std::string rows;
    ErrorCode code;
    std::string field;
    std::string fragment;
  };
  const Row rows[] = {
      {__LINE__, "E1,gas,2026-01-01T00:00:00Z,10.000\nE1,gas,2026-01-01T01:00:00Z,9.999\n",
       ErrorCode::invalid_argument, "line 3", "register decreases from 10.000 (line 2) to 9.999"},
      {__LINE__, "E1,gas,2026-01-01T00:00:00Z,10.000\nE1,gas,2026-01-01T00:00:00Z,10.001\n",
       ErrorCode::already_exists, "line 3", "value 10.001 contradicts 10.000 on line 2"},
      {__LINE__, "E1,gas,2026-01-01T01:00:00Z,10.000\nE1,gas,2026-01-01T00:00:00Z,9.000\n",
       ErrorCode::invalid_argument, "line 3",
       "reading at 2026-01-01T00:00:00Z is not after the previous one at 2026-01-01T01:00:00Z (line 2)"},
      // The swapped-out meter keeps its own series: going back below its last value is still a decrease.
      {__LINE__,
       "A,import_t2,2026-01-01T00:00:00Z,500.000\nB,import_t2,2026-01-02T00:00:00Z,1.000\n"
       "A,import_t2,2026-01-03T00:00:00Z,499.000\n",
       ErrorCode::invalid_argument, "line 4", "meter A channel import_t2: register decreases"},
      // Same instant written two ways (offset and Z) with different values is a conflict.
      {__LINE__, "E1,gas,2026-07-01T12:00:00+02:00,1.000\nE1,gas,2026-07-01T10:00:00Z,2.000\n",
       ErrorCode::already_exists, "line 3", "contradicts"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const Outcome out = validate_csv(row.rows);
    ASSERT_TRUE(out.drained.error.has_value());
    EXPECT_EQ(out.drained.error->code, row.code);
    EXPECT_EQ(out.drained.error->field, row.field);
    EXPECT_NE(out.drained.error->message.find(row.fragment), std::string::npos) << *out.drained.error;
  }
}

TEST(ValidatingSource, SameInstantTwoWaysSameValueIsADuplicate) {
  const Outcome out =
      validate_csv("E1,gas,2026-07-01T12:00:00+02:00,1.000\nE1,gas,2026-07-01T12:00:00,1.0\n");
  ASSERT_FALSE(out.drained.error.has_value()) << *out.drained.error;
  EXPECT_EQ(out.stats.readings, 1);
  EXPECT_EQ(out.stats.exact_duplicates, 1);
}

}  // namespace
}  // namespace renofee::io
