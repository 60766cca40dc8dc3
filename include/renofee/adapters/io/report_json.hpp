// renofee/adapters/io/report_json.hpp
//
// Purpose: reads a stored reconciliation report (the canonical JSON of app/reconciliation_report.hpp) back
// into the `app::ReconciliationReport` value, so that the CSV (reconciliation_output.hpp) and the statement
// page render from the value instead of picking fields out of parsed JSON. Writing is app::report_json: the
// stored bytes are what the report's SHA-256 covers, and `app::report_json(*report_from_json(bytes))` gives
// those bytes back (tested on every stored shape: metered, weather with and without a fill station, tariff,
// corrections).
#pragma once

#include <string_view>

#include "renofee/app/reconciliation_report.hpp"
#include "renofee/core/base/result.hpp"

namespace renofee::io {

// invalid_argument naming the JSON pointer of the first member that is missing, of the wrong type or not a
// valid value (a decimal string, a date, an instant, a known kind/status/channel), or when the schema is not
// "renofee.reconciliation/1".
Result<app::ReconciliationReport> report_from_json(std::string_view text);

}  // namespace renofee::io
