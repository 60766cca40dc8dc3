#include "renofee/adapters/io/reading_validation.hpp"

namespace renofee::io {

Result<std::optional<SourcedReading>> ValidatingSource::next() {
  for (;;) {
    RENOFEE_TRY(std::optional<SourcedReading> parsed, inner_.next());
    if (!parsed) return parsed;
    RENOFEE_TRY(const app::ReadingChecks::Outcome outcome, checks_.check(*parsed));
    stats_.series = static_cast<std::int64_t>(checks_.series());
    if (outcome == app::ReadingChecks::Outcome::repeat) {
      ++stats_.exact_duplicates;
      continue;
    }
    ++stats_.readings;
    return parsed;
  }
}

}  // namespace renofee::io
