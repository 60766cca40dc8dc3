// renofee/adapters/io/occupant_output.hpp
//
// Purpose: an occupant change (app/occupants.hpp) as the JSON of `renofee occupant change --format json` and of
// the API (api/openapi.yaml `OccupantChange`), and as the CLI's text; and a contract's occupants as JSON.
// Amounts are decimal strings with 2 decimals, dates ISO. Key texts appear here once, when they are made.
#pragma once

#include <Poco/JSON/Object.h>

#include <span>
#include <string>

#include "renofee/app/occupants.hpp"

namespace renofee::io {

// {"contract_id", "change", "date", "event", "outgoing_occupant", "incoming_occupant", "posted": [...],
//  "payoff": {...}|null, "revoked_keys": [...], "incoming_key"|null, "outgoing_key"|null,
//  "final_statement": {"occupant", "begin", "end", "opening_balance_eur", ..., "closing_balance_eur",
//  "open_eur", "overdue_eur", "days_past_due", "open_guarantee_year": {"year", "begin", "end", "days_lived",
//  "days"}|null, "entries": [...]}}
Poco::JSON::Object::Ptr occupant_change_json(const std::string& contract_id,
                                             const app::OccupantChangeOutcome& out);
std::string occupant_change_text(const std::string& contract_id, const app::OccupantChangeOutcome& out);
// {"contract_id", "occupants": [{"occupant", "begin", "end"|null}]}
Poco::JSON::Object::Ptr occupants_json(const std::string& contract_id,
                                       std::span<const finance::OccupantPeriod> periods);

}  // namespace renofee::io
