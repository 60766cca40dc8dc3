#include "renofee/adapters/io/data_json.hpp"

#include <Poco/JSON/Array.h>

namespace renofee::io {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr boundary_json(const metering::Boundary& boundary) {
  Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  object->set("at", metering::to_iso(boundary.at));
  object->set("meter_id", boundary.meter_id);
  object->set("register", boundary.register_value.to_string());
  object->set("estimated", boundary.estimated);
  return object;
}

template <typename Q>
Poco::Dynamic::Var decimal_or_null(const std::optional<Q>& value) {
  return value ? Poco::Dynamic::Var(value->to_string()) : Poco::Dynamic::Var();
}

Array::Ptr dates_json(const std::vector<calendar::Date>& days) {
  Array::Ptr list = new Array;
  for (const calendar::Date& day : days)
    list->add(calendar::to_string(day));
  return list;
}

}  // namespace

Object::Ptr usage_json(const app::UsageReport& report) {
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("contract", report.query.contract_id);
  out->set("from", calendar::to_string(report.query.from));
  out->set("to", calendar::to_string(report.query.to));
  out->set("period_utc", metering::to_iso(report.t0) + "/" + metering::to_iso(report.t1));
  out->set("granularity", std::string(app::to_string(report.query.granularity)));
  Array::Ptr channels = new Array;
  for (const app::ChannelUsage& usage : report.channels) {
    Object::Ptr channel = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    channel->set("channel", std::string(metering::to_string(usage.channel)));
    channel->set("unit", std::string(metering::unit_of(usage.channel)));
    if (usage.total) {
      const metering::Use& use = *usage.total;
      channel->set("use", use.value.to_string());
      channel->set("estimated", use.estimated());
      channel->set("meter_swaps", use.meter_swaps);
      channel->set("start", boundary_json(use.start));
      channel->set("end", boundary_json(use.end));
      if (report.query.granularity != app::Granularity::total) {
        Array::Ptr slices = new Array;
        for (const app::UsageSlice& slice : usage.slices) {
          Object::Ptr slice_object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
          slice_object->set("from", calendar::to_string(slice.start));
          slice_object->set("to", calendar::to_string(slice.end));
          slice_object->set("use", slice.use.value.to_string());
          slice_object->set("estimated", slice.use.estimated());
          slice_object->set("meter_swaps", slice.use.meter_swaps);
          slices->add(slice_object);
        }
        channel->set("slices", slices);
      }
    } else if (usage.error) {
      channel->set("error", describe(*usage.error));
    }
    channels->add(channel);
  }
  out->set("channels", channels);
  return out;
}

Object::Ptr degree_days_json(const app::DegreeDayReport& report) {
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("station", report.query.station);
  out->set("from", calendar::to_string(report.period.begin));
  out->set("to", calendar::to_string(report.period.end));
  out->set("days", report.period.days());
  out->set("degree_days", decimal_or_null(report.summary.degree_days));
  out->set("weighted_degree_days", decimal_or_null(report.summary.weighted_degree_days));
  out->set("irradiance_j_cm2", decimal_or_null(report.summary.irradiance));
  out->set("missing_days", dates_json(report.summary.missing_temperature_days));
  out->set("missing_irradiance_days", dates_json(report.summary.missing_radiation_days));
  return out;
}

}  // namespace renofee::io
