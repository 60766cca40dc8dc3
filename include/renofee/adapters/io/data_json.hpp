// renofee/adapters/io/data_json.hpp
//
// Purpose: the JSON documents of the data queries (app/data_queries.hpp), written by `renofee usage`,
// `renofee degree-days` and the HTTP API alike. Decimals are strings (docs/domain.md §2); an unavailable sum
// is null, never 0; instants are ISO 8601 UTC ("2026-03-29T01:00:00Z").
//
// Usage document: {"contract", "from", "to", "period_utc", "granularity", "channels": [...]}; each channel
// {"channel", "unit", "use", "estimated", "meter_swaps", "start": boundary, "end": boundary} when covered,
// plus "slices": [{"from", "to", "use", "estimated", "meter_swaps"}] per day or month when asked for, or
// {"channel", "unit", "error"} with the reason when the readings do not cover the period. A boundary is
// {"at", "meter_id", "register", "estimated"}.
// Degree-day document: {"station", "from", "to", "days", "degree_days", "weighted_degree_days",
// "irradiance_j_cm2", "missing_days", "missing_irradiance_days"}.
#pragma once

#include <Poco/JSON/Object.h>

#include "renofee/app/data_queries.hpp"

namespace renofee::io {

Poco::JSON::Object::Ptr usage_json(const app::UsageReport& report);
Poco::JSON::Object::Ptr degree_days_json(const app::DegreeDayReport& report);

}  // namespace renofee::io
