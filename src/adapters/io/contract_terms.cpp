#include "renofee/adapters/io/contract_terms.hpp"

#include "renofee/adapters/io/guarantee_json.hpp"
#include "renofee/adapters/io/offer_json.hpp"

namespace renofee::io {

Result<app::ContractTerms> read_contract_terms(std::string_view offer_json) {
  app::ContractTerms terms;
  RENOFEE_TRY(terms.offer, parse_offer_json(offer_json));
  Result<std::vector<guarantee::Guarantee>> guarantees = parse_guarantees(terms.offer.guarantees_json);
  if (!guarantees) return guarantees.error();
  terms.guarantees = std::move(guarantees).value();
  return terms;
}

app::OfferReader contract_terms_reader() {
  return [](std::string_view offer_json) { return read_contract_terms(offer_json); };
}

}  // namespace renofee::io
