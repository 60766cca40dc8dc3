// Test plan for eemeter_csv.hpp: meter files with offsets, Z and plain dates, empty and "nan" values as
// missing; hourly temperature files with skipped hours and empty values as missing slots; daily temperature
// files expanded to 24 hours per day with skipped days missing; refusals with "<name> line N": wrong header,
// a third column, a bad number, a time not after the previous one, a time off the whole hour, a mix of dates
// and times, an empty file; KNMI days to hours (TG / 10 for 24 hours, blank TG and absent days missing).
#include "renofee/adapters/io/eemeter_csv.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "date/date.h"

namespace renofee::io {
namespace {

using savings::Instant;

Instant at(int y, unsigned m, unsigned d, int h = 0) {
  return Instant{date::sys_days{date::year{y} / m / d}} + std::chrono::hours(h);
}

Result<std::vector<savings::MeterRow>> meter(const std::string& text) {
  std::istringstream in(text);
  return read_eemeter_meter_csv(in, "m.csv");
}

Result<savings::HourlyTemperatures> temps(const std::string& text) {
  std::istringstream in(text);
  return read_eemeter_temperature_csv(in, "t.csv");
}

TEST(EemeterCsv, MeterRows) {
  Result<std::vector<savings::MeterRow>> rows = meter(
      "start,value\r\n2015-11-22T06:00:00+00:00,725.1\r\n2015-12-21T06:00:00Z,\n2016-01-20,nan\n2016-02-"
      "20T01:00:00+01:00,3\n");
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].start, at(2015, 11, 22, 6));
  EXPECT_DOUBLE_EQ((*rows)[0].value, 725.1);
  EXPECT_TRUE(std::isnan((*rows)[1].value));
  EXPECT_EQ((*rows)[2].start, at(2016, 1, 20));
  EXPECT_TRUE(std::isnan((*rows)[2].value));
  EXPECT_EQ((*rows)[3].start, at(2016, 2, 20));
}

TEST(EemeterCsv, HourlyTemperaturesWithGaps) {
  Result<savings::HourlyTemperatures> t = temps(
      "dt,tempF\n2015-11-22T06:00:00+00:00,21.01\n2015-11-22T07:00:00+00:00,\n2015-11-22T09:00:00+00:00,19."
      "5\n");
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->first, at(2015, 11, 22, 6));
  ASSERT_EQ(t->values.size(), 4u);
  EXPECT_DOUBLE_EQ(t->values[0], 21.01);
  EXPECT_TRUE(std::isnan(t->values[1]));
  EXPECT_TRUE(std::isnan(t->values[2]));  // 08:00 skipped
  EXPECT_DOUBLE_EQ(t->values[3], 19.5);
}

TEST(EemeterCsv, DailyTemperaturesExpandToHours) {
  Result<savings::HourlyTemperatures> t = temps("date,TG\n2020-01-01,4.5\n2020-01-03,-1.2\n");
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->first, at(2020, 1, 1));
  ASSERT_EQ(t->values.size(), 72u);
  EXPECT_DOUBLE_EQ(t->values[23], 4.5);
  EXPECT_TRUE(std::isnan(t->values[24]));
  EXPECT_TRUE(std::isnan(t->values[47]));
  EXPECT_DOUBLE_EQ(t->values[48], -1.2);
}

TEST(EemeterCsv, KnmiDaysBecomeHours) {
  const std::vector<weather::WeatherDay> days = {
      {348, date::year{2024} / 1 / 1, 52, std::nullopt},
      {348, date::year{2024} / 1 / 2, std::nullopt, std::nullopt},
      {348, date::year{2024} / 1 / 4, -15, std::nullopt},
  };
  const savings::HourlyTemperatures t = temperatures_from_knmi_days(days);
  EXPECT_EQ(t.first, at(2024, 1, 1));
  ASSERT_EQ(t.values.size(), 96u);
  EXPECT_DOUBLE_EQ(t.values[0], 5.2);
  EXPECT_DOUBLE_EQ(t.values[23], 5.2);
  EXPECT_TRUE(std::isnan(t.values[24]));  // TG blank
  EXPECT_TRUE(std::isnan(t.values[71]));  // day absent
  EXPECT_DOUBLE_EQ(t.values[72], -1.5);
  EXPECT_TRUE(temperatures_from_knmi_days({}).values.empty());
}

TEST(EemeterCsv, RefusalsNameFileAndLine) {
  struct Case {
    bool is_meter;
    std::string text;
    std::string field;
  };
  const Case cases[] = {
      {true, "date,value\n", "m.csv line 1"},
      {true, "start,value\n2020-01-01,1,2\n", "m.csv line 2"},
      {true, "start,value\n2020-01-01,1\n2020-01-02,1e\n", "m.csv line 3"},
      {true, "start,value\n2020-01-02,1\n2020-01-02,2\n", "m.csv line 3"},
      {false, "dt,t\n2020-01-01T00:30:00Z,1\n", "t.csv line 2"},
      {false, "dt,t\n2020-01-01T01:00:00Z,1\n2020-01-01T00:00:00Z,1\n", "t.csv line 3"},
      {false, "dt,t\n2020-01-01,1\n2020-01-02T00:00:00Z,1\n", "t.csv line 3"},
      {false, "temp\n", "t.csv line 1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const Error e = c.is_meter ? meter(c.text).error() : temps(c.text).error();
    EXPECT_EQ(e.code, ErrorCode::invalid_argument);
    EXPECT_EQ(e.field, c.field);
  }
  EXPECT_EQ(meter("").error().field, "m.csv");
  EXPECT_EQ(meter("start,value\n").error().field, "m.csv");
  EXPECT_EQ(temps("").error().field, "t.csv");
}

}  // namespace
}  // namespace renofee::io
