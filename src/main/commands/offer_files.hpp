// Shared by the offer commands (quote, schedule, contract): reading an offer file and reporting its problems.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/core/quote/offer.hpp"

namespace renofee::cli {

// Reads and parses FILE ("-" for standard input). On failure prints every problem (one per line, with its
// JSON pointer) to `err` prefixed by `command` and returns nullopt.
std::optional<io::OfferDocument> read_offer_document(const std::string& path, std::istream& in,
                                                     std::ostream& err, const std::string& command);
// The same for commands that need only the offer.
std::optional<quote::Offer> read_offer_file(const std::string& path, std::istream& in, std::ostream& err,
                                            const std::string& command);

}  // namespace renofee::cli
