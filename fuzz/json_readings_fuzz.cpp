// Fuzz target `json_readings`: NDJSON readings (adapters/io/json_readings.cpp, docs/readings.md); one flat
// object per line of at most 64 KiB.
//
// Properties (readings_check.hpp for the shared ones):
//   - one reading per line, so line numbers strictly increase;
//   - written back as NDJSON with UTC timestamps, the readings parse to the same readings;
//   - the upload validation agrees with the parser.
#include <sstream>

#include "readings_check.hpp"
#include "renofee/adapters/io/json_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renofee;
  using namespace renofee::fuzz;
  const std::string_view text = as_text(data, size);
  const auto open = [](std::istream& in) { return io::open_json_readings(in); };
  std::istringstream in{std::string(text)};
  const Drained raw = drain(*open(in), true, size / 2 + 1);
  if (raw.error) FUZZ_CHECK(raw.error->field.rfind("line ", 0) == 0, describe(*raw.error));
  check_validation(text, open, raw, "line");

  std::string written;
  for (const io::SourcedReading& r : raw.readings) {
    written += "{\"meter_id\":" + io::json_quote(r.reading.meter_id) + ",\"channel\":\"" +
               std::string(metering::to_string(r.reading.channel)) + "\",\"timestamp\":\"" +
               io::format_utc(r.reading.at) + "\",\"value\":\"" + r.reading.value.to_string() + "\"}\n";
  }
  std::istringstream back{written};
  const Drained reparsed = drain(*open(back), true, raw.readings.size() + 1);
  FUZZ_CHECK(!reparsed.error, "written NDJSON refused: " + (reparsed.error ? describe(*reparsed.error) : ""));
  FUZZ_CHECK(reparsed.readings.size() == raw.readings.size(), "written NDJSON gave another count");
  for (std::size_t i = 0; i < raw.readings.size(); ++i) {
    FUZZ_CHECK(reparsed.readings[i].reading == raw.readings[i].reading,
               show(raw.readings[i]) + " came back as " + show(reparsed.readings[i]));
  }
  return 0;
}
