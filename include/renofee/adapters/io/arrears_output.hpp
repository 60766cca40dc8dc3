// renofee/adapters/io/arrears_output.hpp
//
// Purpose: the arrears list (app/arrears.hpp) as JSON (`renofee arrears list --format json`, the API's
// `ArrearsList`), CSV (one row per contract, for a financier's spreadsheet) and text (the
// 14-day letter itself: http/arrears_letter.hpp). Amounts are decimal strings with 2 decimals, dates ISO 8601.
#pragma once

#include <Poco/JSON/Object.h>

#include <span>
#include <string>

#include "renofee/app/arrears.hpp"

namespace renofee::io {

Poco::JSON::Object::Ptr arrears_list_json(calendar::Date as_of, std::span<const app::ArrearsLine> lines);
// Header: contract_id,as_of,open_eur,overdue_eur,days_past_due,oldest_due,credit_eur,last_letter,
// letter_received,costs_from,costs_charged_eur
std::string arrears_list_csv(calendar::Date as_of, std::span<const app::ArrearsLine> lines);
std::string arrears_list_text(calendar::Date as_of, std::span<const app::ArrearsLine> lines);

}  // namespace renofee::io
