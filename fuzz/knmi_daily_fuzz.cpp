// Fuzz target `knmi_daily`: KNMI daily weather files (adapters/io/knmi_daily.hpp); lines at most 10,000
// characters.
//
// Properties:
//   - an error's field is "line N" and its message starts with it; the reader stays failed (next() gives the
//     same error again);
//   - the days come from one station in strictly ascending order, with TG in -600..600 and Q in 0..5000
//     when present;
//   - written back in the short KNMI shape ("# STN,YYYYMMDD,TG,Q" and one line per day, blank for missing),
//     the days read back equal.
#include <sstream>
#include <vector>

#include "fuzz_check.hpp"
#include "renofee/adapters/io/knmi_daily.hpp"

namespace {

using renofee::weather::WeatherDay;

std::string show(const WeatherDay& d) {
  return std::to_string(d.station) + " " + renofee::calendar::to_string(d.day) + " TG " +
         (d.mean_temperature_01c ? std::to_string(*d.mean_temperature_01c) : "-") + " Q " +
         (d.global_radiation_j_cm2 ? std::to_string(*d.global_radiation_j_cm2) : "-");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renofee;
  using namespace renofee::fuzz;
  std::istringstream in{std::string(as_text(data, size))};
  io::KnmiDailyReader reader(in);
  std::vector<WeatherDay> days;
  for (;;) {
    Result<std::optional<WeatherDay>> next = reader.next();
    if (!next) {
      const Error& e = next.error();
      FUZZ_CHECK(well_formed(e) && e.field.rfind("line ", 0) == 0 && e.message.rfind(e.field + ": ", 0) == 0,
                 describe(e));
      const Result<std::optional<WeatherDay>> again = reader.next();
      FUZZ_CHECK(!again && again.error() == e, "the reader did not stay failed after " + describe(e));
      return 0;
    }
    if (!next->has_value()) break;
    const WeatherDay& day = **next;
    FUZZ_CHECK(day.station > 0 && day.day.ok(), show(day));
    FUZZ_CHECK(
        !day.mean_temperature_01c || (*day.mean_temperature_01c >= -600 && *day.mean_temperature_01c <= 600),
        show(day));
    FUZZ_CHECK(!day.global_radiation_j_cm2 ||
                   (*day.global_radiation_j_cm2 >= 0 && *day.global_radiation_j_cm2 <= 5000),
               show(day));
    if (!days.empty()) {
      FUZZ_CHECK(day.station == days.back().station && days.back().day < day.day,
                 show(days.back()) + " then " + show(day));
    }
    days.push_back(day);
    FUZZ_CHECK(days.size() <= size, "more days than bytes");
  }

  std::ostringstream written;
  written << "# STN,YYYYMMDD,TG,Q\n";
  for (const WeatherDay& day : days) {
    const std::string ymd = calendar::to_string(day.day);  // YYYY-MM-DD
    written << "  " << day.station << "," << ymd.substr(0, 4) << ymd.substr(5, 2) << ymd.substr(8, 2) << ","
            << (day.mean_temperature_01c ? std::to_string(*day.mean_temperature_01c) : "") << ","
            << (day.global_radiation_j_cm2 ? std::to_string(*day.global_radiation_j_cm2) : "") << "\n";
  }
  std::istringstream back{written.str()};
  const Result<std::vector<WeatherDay>> reread = io::read_knmi_daily(back);
  FUZZ_CHECK(reread.ok(), "written file refused: " + (reread ? std::string() : describe(reread.error())) +
                              "\n" + written.str());
  FUZZ_CHECK(*reread == days, "written file read back other days:\n" + written.str());
  return 0;
}
