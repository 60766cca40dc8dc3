#include "renofee/adapters/io/reading_validation.hpp"

#include <string>

#include "renofee/adapters/io/iso_timestamp.hpp"

namespace renofee::io {

Result<std::optional<ParsedReading>> ValidatingSource::next() {
  for (;;) {
    RENOFEE_TRY(std::optional<ParsedReading> parsed, inner_.next());
    if (!parsed) return parsed;
    const metering::Reading& reading = parsed->reading;
    const auto where = [&] { return std::string(position_name_) + " " + std::to_string(parsed->line); };
    RENOFEE_CHECK(metering::validate_register_value(reading.value));
    const auto [it, inserted] = last_.try_emplace({reading.meter_id, reading.channel});
    Last& last = it->second;
    if (inserted) {
      ++stats_.series;
    } else {
      const auto series = [&] {
        return "meter " + reading.meter_id + " channel " + std::string(metering::to_string(reading.channel));
      };
      const auto earlier = [&] {
        return " (" + std::string(position_name_) + " " + std::to_string(last.line) + ")";
      };
      if (reading.at < last.at) {
        return Error{ErrorCode::invalid_argument,
                     series() + ": reading at " + format_utc(reading.at) + " comes after the one at " +
                         format_utc(last.at) + earlier() +
                         "; readings of a meter and channel must be in time order",
                     where()};
      }
      if (reading.at == last.at) {
        if (reading.value == last.value) {
          ++stats_.exact_duplicates;
          continue;
        }
        return already_exists(series() + " at " + format_utc(reading.at) + ": value " +
                                  reading.value.to_string() + " conflicts with " + last.value.to_string() +
                                  earlier(),
                              where());
      }
      if (reading.value < last.value) {
        return invalid_argument(series() + ": register decreases from " + last.value.to_string() + " at " +
                                    format_utc(last.at) + earlier() + " to " + reading.value.to_string() +
                                    " at " + format_utc(reading.at) +
                                    " without a meter swap (a new meter_id)",
                                where());
      }
    }
    last = Last{reading.at, reading.value, parsed->line};
    ++stats_.readings;
    return parsed;
  }
}

}  // namespace renofee::io
