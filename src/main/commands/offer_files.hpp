// Shared by the offer commands (quote, schedule): reading an offer file and reporting its problems.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "renofee/core/quote/offer.hpp"

namespace renofee::cli {

// Reads and parses FILE ("-" for standard input). On failure prints every problem (one per line, with its
// JSON pointer) to `err` prefixed by `command` and returns nullopt.
std::optional<quote::Offer> read_offer_file(const std::string& path, std::istream& in, std::ostream& err,
                                            const std::string& command);

}  // namespace renofee::cli
