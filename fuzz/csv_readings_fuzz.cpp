// Fuzz target `csv_readings`: the CSV long format (adapters/io/csv_readings.cpp, docs/readings.md); lines at
// most 4096 bytes.
//
// Properties (readings_check.hpp for the shared ones):
//   - one reading per line, so line numbers strictly increase and there are fewer readings than lines;
//   - written back as CSV (meter_id,channel,UTC timestamp,value), the readings parse to the same readings;
//   - the upload validation agrees with the parser.
#include <sstream>

#include "readings_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renofee;
  using namespace renofee::fuzz;
  const std::string_view text = as_text(data, size);
  const auto open = [](std::istream& in) { return io::open_csv_readings(in); };
  std::istringstream in{std::string(text)};
  const Drained raw = drain(*open(in), true, size / 2 + 1);
  if (raw.error) FUZZ_CHECK(raw.error->field.rfind("line ", 0) == 0, describe(*raw.error));
  check_validation(text, open, raw, "line");

  std::string written = "meter_id,channel,timestamp,value\n";
  for (const io::SourcedReading& r : raw.readings) {
    written += r.reading.meter_id + "," + std::string(metering::to_string(r.reading.channel)) + "," +
               io::format_utc(r.reading.at) + "," + r.reading.value.to_string() + "\n";
  }
  std::istringstream back{written};
  const Drained reparsed = drain(*open(back), true, raw.readings.size() + 1);
  FUZZ_CHECK(!reparsed.error, "written CSV refused: " + (reparsed.error ? describe(*reparsed.error) : ""));
  FUZZ_CHECK(reparsed.readings.size() == raw.readings.size(), "written CSV gave another count");
  for (std::size_t i = 0; i < raw.readings.size(); ++i) {
    FUZZ_CHECK(reparsed.readings[i].reading == raw.readings[i].reading,
               show(raw.readings[i]) + " came back as " + show(reparsed.readings[i]));
  }
  return 0;
}
