#include "renofee/app/reading_store.hpp"

namespace renofee::app {

Result<std::vector<metering::Reading>> channel_readings(ReadingStore& store, const std::string& contract_id,
                                                        metering::Channel channel, calendar::Instant from,
                                                        calendar::Instant to) {
  RENOFEE_TRY(const std::vector<MeterSpan> meters, store.meters(contract_id, channel));
  std::vector<metering::Reading> readings;
  for (const MeterSpan& meter : meters) {
    RENOFEE_TRY(ReadingRange range, store.readings(contract_id, meter.meter_id, channel, from, to));
    if (range.before) readings.push_back(*range.before);
    readings.insert(readings.end(), range.inside.begin(), range.inside.end());
    if (range.after) readings.push_back(*range.after);
  }
  return readings;
}

}  // namespace renofee::app
