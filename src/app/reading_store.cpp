#include "renofee/app/reading_store.hpp"

#include <map>

namespace renofee::app {

Result<std::vector<metering::Reading>> ReadingStore::channel_readings(std::string_view contract_id,
                                                                      metering::Channel channel,
                                                                      calendar::Instant from,
                                                                      calendar::Instant to) {
  RENOFEE_TRY(const std::vector<MeterSpan> meter_spans, meters(contract_id, channel));
  std::vector<metering::Reading> result;
  for (const MeterSpan& meter : meter_spans) {
    RENOFEE_TRY(ReadingRange range, readings(contract_id, meter.meter_id, channel, from, to));
    if (range.before) result.push_back(*range.before);
    result.insert(result.end(), range.inside.begin(), range.inside.end());
    if (range.after) result.push_back(*range.after);
  }
  return result;
}

std::vector<metering::Reading> readings_bearing_on(std::vector<metering::Reading> readings,
                                                   calendar::Instant from, calendar::Instant to) {
  struct Sides {
    bool before = false, inside = false, after = false;
  };
  std::map<std::string, Sides> meters;
  for (const metering::Reading& r : readings) {
    Sides& sides = meters[r.meter_id];
    if (r.at < from)
      sides.before = true;
    else if (r.at < to)
      sides.inside = true;
    else
      sides.after = true;
  }
  std::erase_if(readings, [&](const metering::Reading& r) {
    const Sides& sides = meters[r.meter_id];
    return !(sides.inside || (sides.before && sides.after));
  });
  return readings;
}

Result<std::vector<metering::Reading>> channel_readings(ReadingStore& store, const std::string& contract_id,
                                                        metering::Channel channel, calendar::Instant from,
                                                        calendar::Instant to) {
  RENOFEE_TRY(std::vector<metering::Reading> readings,
              store.channel_readings(contract_id, channel, from, to));
  return readings_bearing_on(std::move(readings), from, to);
}

}  // namespace renofee::app
