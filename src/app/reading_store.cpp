#include "renofee/app/reading_store.hpp"

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

}  // namespace renofee::app
