// renofee/adapters/io/replacement_output.hpp
//
// Purpose: the replacement reserve's statement (app/replacements.hpp) as the JSON of `renofee replacement
// --format json` and as the CLI's text. Amounts are decimal strings with 2 decimals, dates ISO.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "renofee/app/replacements.hpp"

namespace renofee::io {

// {"contract_id", "as_of", "fees_due", "contributions", "replacements": [{"date", "measure", "cost",
//  "reserve_before", "paid_from_reserve", "borne_by_provider", "note"}], "paid_from_reserve",
//  "borne_by_provider", "balance"}
Poco::JSON::Object::Ptr reserve_statement_json(const app::ReserveStatement& statement);
std::string reserve_statement_text(const app::ReserveStatement& statement);

}  // namespace renofee::io
