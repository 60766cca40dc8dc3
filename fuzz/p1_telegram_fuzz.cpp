// Fuzz target `p1_telegram`: logs of DSMR P1 telegrams (adapters/io/p1_telegram.hpp); lines at most 4096
// bytes, telegrams at most 64 KiB.
//
// Properties (readings_check.hpp for the shared ones):
//   - readings carry their telegram number, which never goes back;
//   - the CRC check treats a bare "\n" as the meter's "\r\n": a log with CRLF line ends that parses gives
//     the same readings with LF line ends (what an editor makes of a meter's log);
//   - the upload validation agrees with the parser (P1 logs repeat the hourly gas reading: exact
//     duplicates are skipped, never refused).
#include <sstream>

#include "readings_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renofee;
  using namespace renofee::fuzz;
  const std::string_view text = as_text(data, size);
  const auto open = [](std::istream& in) { return io::open_p1_telegrams(in); };
  std::istringstream in{std::string(text)};
  const Drained raw = drain(*open(in), false, size + 8);
  check_validation(text, open, raw, "telegram");
  if (raw.error) return 0;

  // Only for a log whose line ends are all "\r\n" (as a meter sends them): the same log with "\n" line ends
  // (what an editor makes of it) gives the same readings. A log with bare "\n" may carry CRCs over either
  // form, so it has no single converted twin.
  std::string lf;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool cr_lf = text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if (text[i] == '\r' && !cr_lf) return 0;
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) return 0;
    if (!cr_lf) lf += text[i];
  }
  std::istringstream converted{lf};
  const Drained again = drain(*open(converted), false, size + 8);
  FUZZ_CHECK(!again.error, "the LF form of a CRLF log that parses is refused: " +
                               (again.error ? describe(*again.error) : std::string()));
  FUZZ_CHECK(again.readings == raw.readings, "the LF form gives other readings");
  return 0;
}
