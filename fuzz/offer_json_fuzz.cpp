// Fuzz target `offer_json`: offer documents (adapters/io/offer_json.hpp), at most 1 MiB (parse_json_object).
//
// Properties:
//   - a refused document has at least one problem, every problem has a message and a JSON pointer ("" only
//     when the document as a whole is refused, and then it is the only problem), and the returned error is
//     the first problem;
//   - an accepted offer passes the semantic checks (offer_problems is empty), and offer_to_json of it parses
//     back to an equal offer whose JSON text is identical (a fixed point after one round);
//   - parse_offer_document gives the same offer, and its canonical text (what a contract stores) parses back
//     to an equal offer whose canonical text is the same (storing a stored offer again changes no byte).
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "renofee/adapters/io/offer_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renofee;
  using namespace renofee::fuzz;
  const std::string_view text = as_text(data, size);
  std::vector<Error> problems;
  const Result<quote::Offer> offer = io::parse_offer_json(text, &problems);
  if (!offer) {
    const Error& error = offer.error();
    FUZZ_CHECK(well_formed(error), describe(error));
    FUZZ_CHECK(!problems.empty(), "refused without problems: " + describe(error));
    FUZZ_CHECK(problems.front().code == error.code && problems.front().field == error.field,
               describe(problems.front()) + " vs " + describe(error));
    for (const Error& problem : problems) {
      FUZZ_CHECK(well_formed(problem), describe(problem));
      FUZZ_CHECK(problem.field.empty() ? problems.size() == 1 : problem.field.front() == '/',
                 "pointer of " + describe(problem));
    }
    return 0;
  }
  FUZZ_CHECK(quote::offer_problems(*offer).empty(), "accepted offer fails the semantic checks");
  const std::string json = io::offer_to_json(*offer);
  std::vector<Error> reparse_problems;
  const Result<quote::Offer> again = io::parse_offer_json(json, &reparse_problems);
  FUZZ_CHECK(again.ok(), "offer_to_json output refused: " +
                             (again ? std::string() : describe(again.error())) + "\n  " + json);
  FUZZ_CHECK(*again == *offer,
             "round trip changed the offer:\n  " + json + "\n  " + io::offer_to_json(*again));
  FUZZ_CHECK(io::offer_to_json(*again) == json, "offer_to_json is not a fixed point:\n  " + json);
  const Result<io::OfferDocument> document = io::parse_offer_document(text);
  FUZZ_CHECK(document.ok() && document->offer == *offer,
             "parse_offer_document disagrees with parse_offer_json");
  const Result<io::OfferDocument> stored = io::parse_offer_document(document->canonical_json);
  FUZZ_CHECK(stored.ok() && stored->offer == *offer && stored->canonical_json == document->canonical_json,
             "the canonical text is not a fixed point:\n  " + document->canonical_json);
  return 0;
}
