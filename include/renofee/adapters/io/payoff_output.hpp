// renofee/adapters/io/payoff_output.hpp
//
// Purpose: the early-repayment quote (app/payoff.hpp) as the JSON of the API and `renofee payoff --format
// json` (api/openapi.yaml `Payoff`), and as the CLI's text. Amounts are decimal strings with 2 decimals.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "renofee/app/payoff.hpp"

namespace renofee::io {

Poco::JSON::Object::Ptr payoff_json(const std::string& contract_id, const app::PayoffOutcome& outcome);
std::string payoff_text(const std::string& contract_id, const app::PayoffOutcome& outcome);

}  // namespace renofee::io
