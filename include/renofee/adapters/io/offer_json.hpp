// renofee/adapters/io/offer_json.hpp
//
// Purpose: offer documents (JSON, api/schemas/offer.schema.json, docs/offers.md) to and from `quote::Offer`.
// Reading is strict (json_reader.hpp): decimal quantities must be JSON strings, counts JSON integers, unknown
// fields are rejected, and every problem carries its JSON pointer. Wire-format checks happen here; semantic
// checks (bounds, grace < term, EPV data for rented homes) come from `quote::offer_problems`, so the caller
// gets all of them at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/quote/offer.hpp"

namespace renofee::io {

// Parses and validates an offer document (at most 1 MiB). On failure the error is the first problem (its
// message says how many there are); `problems`, when given, receives all of them in document order.
Result<quote::Offer> parse_offer_json(std::string_view text, std::vector<Error>* problems = nullptr);

// An offer document parsed once: the typed offer and the canonical text a contract version stores and hashes
// (app/contracts.hpp): keys sorted, no whitespace, the offer's members as offer_to_json writes them and the
// guarantees array as the document gives it (members it leaves out stay out), so stored texts and their
// hashes stay those renofee has always written.
struct OfferDocument {
  quote::Offer offer;
  std::string canonical_json;
};
Result<OfferDocument> parse_offer_document(std::string_view text, std::vector<Error>* problems = nullptr);

// The offer as a JSON document in the same format (keys sorted, decimals as strings, every member of every
// guarantee written); parse_offer_json of the result gives an equal offer.
std::string offer_to_json(const quote::Offer& offer);

}  // namespace renofee::io
