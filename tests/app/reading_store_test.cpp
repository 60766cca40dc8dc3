// Test plan for reading_store.hpp's readings_bearing_on (trust issue, finding 13): which meters' readings a
// period [t0, t1) needs. Table over one period: a meter with a reading inside is kept with its neighbours; a
// meter spanning the period (readings before and at-or-after, none inside) is kept; a meter with readings
// after the period only (installed later), or before it only (removed earlier), is dropped; a reading exactly
// at t1 counts as after, one exactly at t0 as inside. The order of the readings kept is the order given.
#include "renofee/app/reading_store.hpp"

#include <gtest/gtest.h>

namespace renofee::app {
namespace {

calendar::Instant hour(int h) {
  return calendar::Instant(std::chrono::hours(h));
}

metering::Reading reading_at(const char* meter, int h) {
  return metering::Reading{meter, metering::Channel::import_t1, hour(h), Decimal(h)};
}

std::vector<std::string> kept(const std::vector<metering::Reading>& readings) {
  std::vector<std::string> out;
  for (const metering::Reading& r : readings)
    out.push_back(r.meter_id + "@" + std::to_string(r.at.time_since_epoch().count() / 3600));
  return out;
}

TEST(ReadingsBearingOn, OnlyMetersWithAReadingInsideOrOnBothSides) {
  const calendar::Instant t0 = hour(10), t1 = hour(20);
  struct Row {
    int line;
    std::vector<metering::Reading> given;
    std::vector<std::string> want;
  };
  const Row rows[] = {
      {__LINE__, {reading_at("A", 5), reading_at("A", 12), reading_at("A", 25)}, {"A@5", "A@12", "A@25"}},
      {__LINE__, {reading_at("A", 5), reading_at("A", 25)}, {"A@5", "A@25"}},  // spans the period
      {__LINE__,
       {reading_at("A", 5), reading_at("A", 12), reading_at("A", 25), reading_at("N", 30)},
       {"A@5", "A@12", "A@25"}},  // installed later
      {__LINE__,
       {reading_at("O", 2), reading_at("A", 12), reading_at("A", 25)},
       {"A@12", "A@25"}},                                                      // removed earlier
      {__LINE__, {reading_at("A", 5), reading_at("A", 20)}, {"A@5", "A@20"}},  // t1 is "after"
      {__LINE__, {reading_at("N", 20)}, {}},                                   // only at t1: after only
      {__LINE__, {reading_at("N", 10)}, {"N@10"}},                             // at t0: inside
      {__LINE__,
       {reading_at("A", 5), reading_at("A", 15), reading_at("B", 15), reading_at("B", 25)},
       {"A@5", "A@15", "B@15", "B@25"}},  // a swap
      {__LINE__, {}, {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    EXPECT_EQ(kept(readings_bearing_on(row.given, t0, t1)), row.want);
  }
}

}  // namespace
}  // namespace renofee::app
