// renofee/adapters/io/contract_terms.hpp
//
// Purpose: reading a stored contract version back into typed terms for the use cases (app/reconcile.hpp's
// `OfferReader` port): the offer document (offer_json.hpp) and its guarantees array (guarantee_json.hpp).
#pragma once

#include <string_view>

#include "renofee/app/reconcile.hpp"
#include "renofee/core/base/result.hpp"

namespace renofee::io {

Result<app::ContractTerms> read_contract_terms(std::string_view offer_json);

// The port implementation.
app::OfferReader contract_terms_reader();

}  // namespace renofee::io
