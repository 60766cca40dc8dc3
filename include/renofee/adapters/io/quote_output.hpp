// renofee/adapters/io/quote_output.hpp
//
// Purpose: the wire and print formats of schedules and quotes (docs/offers.md "Quote output").
// - Schedule CSV: header
// `month,due_date,opening_balance,interest,principal,financing_payment,service_fee,total,
//   closing_balance`, one row per month, `month` from 1, ISO dates, amounts with two decimals.
// - Schedule JSON: {"offer_id", "rows": [{the same fields, amounts as strings}], "totals": {...}}.
// - Quote JSON: every figure as a decimal string, bills with all their lines (docs/offers.md shows an
// example).
// - Quote text: a short readable summary in English or Dutch (labels only; figures identical to the JSON).
// Problem lists (several errors with JSON pointers) have a JSON form shared with the HTTP problem details.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "renofee/core/base/error.hpp"
#include "renofee/core/finance/schedule.hpp"
#include "renofee/core/quote/quote.hpp"

namespace renofee::io {

void write_schedule_csv(const finance::Schedule& schedule, std::ostream& out);
Poco::JSON::Object::Ptr schedule_json(const std::string& offer_id, const finance::Schedule& schedule);
Poco::JSON::Object::Ptr quote_json(const quote::Quote& quote);
// The compact text of quote_json(quote) (to_json_text), written directly without building the object tree:
// the HTTP quote route's writer. quote_json and quote_json_text write one field list (quote_output.cpp) into
// two writers; byte-identical (tests/adapters/io/json_text_test.cpp).
std::string quote_json_text(const quote::Quote& quote);

// Lines of a batch quote (`renofee quote --batch`, POST /v1/quotes/batch; docs/offers.md "Batch"), compact
// JSON without the newline; `line` is the 1-based line number of the offer in the input:
//   {"line":N,"quote":{...quote_json_text...}}
//   {"line":N,"error":{"title":"<the one problem, or 'K problems'>","problems":[...problems_json...]}}
std::string batch_quote_line(std::int64_t line, const quote::Quote& quote);
std::string batch_error_line(std::int64_t line, const std::vector<Error>& problems);

enum class Language { en, nl };
void write_quote_text(const quote::Quote& quote, Language language, std::ostream& out);

// [{"pointer": "/financing/term_months", "code": "out_of_range", "detail": "..."}, ...]
Poco::JSON::Array::Ptr problems_json(const std::vector<Error>& problems);

// Compact JSON text of an object (key order as inserted), no trailing newline.
std::string to_json_text(const Poco::JSON::Object::Ptr& object, unsigned indent = 0);

}  // namespace renofee::io
