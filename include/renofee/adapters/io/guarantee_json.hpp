// renofee/adapters/io/guarantee_json.hpp
//
// Purpose: the guarantees array of an offer or contract (JSON, api/schemas/offer.schema.json "guarantee",
// docs/guarantees.md) to and from `guarantee::Guarantee`. Reading is strict (json_reader.hpp): decimal
// quantities are JSON strings, counts and station numbers JSON integers, unknown keys are refused, and every
// problem carries its JSON pointer ("/guarantees/0/deadband/percent"). Semantic checks
// (guarantee::guarantee_problems) run after the wire checks, so the caller gets all problems at once.
//
// Keys of one guarantee (snake_case):
//   kind, term_years, deadband {mode, percent}, yearly_cap_eur, netted, station, fill_station, and per kind:
//   epv_generation  h_min_kwh?, g_fixed_kwh?
//   net_zero        household_bundle_kwh_m2, household_bundle_cap_kwh?, building_use?
//                   ("heat_pump_submeter" | "total_minus_bundle"), normal_weighted_degree_days,
//                   price_per_unit, price_escalation? (the old household_allowance_kwh_m2 and
//                   allowance_cap_kwh are refused with a problem that names the new fields)
//   savings         carrier, guaranteed_savings, baseline? {per_day, per_weighted_degree_day,
//                   fit? {r_squared, cv_rmse, nmbe, months, meets_ashrae14}}, price_per_unit,
//                   price_escalation?, excess_share_percent?
//   pv_yield        guaranteed_kwh, normal_irradiance_j_cm2, price_per_unit, price_escalation?
// A key of another kind is refused as unknown for this kind. The fit statistics are JSON numbers
// (display only).
#pragma once

#include <Poco/Dynamic/Var.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/guarantee/terms.hpp"

namespace renofee::io {

// Parses a guarantees array given as JSON text on its own ("[...]"; an offer's guarantees are read with the
// offer, offer_json.hpp). Problems are reported with pointers under `pointer`
// ("/guarantees" by default: "/guarantees/0/kind"). On failure the error is the first problem (its message
// says how many there are); `problems`, when given, receives all of them in document order.
Result<std::vector<guarantee::Guarantee>> parse_guarantees(std::string_view array_text,
                                                           std::vector<Error>* problems = nullptr);

// The same from an already parsed JSON value (the offer reader uses it on its "guarantees" member); appends
// every problem to `problems` and returns the guarantees read (meaningful only when no problem was added).
std::vector<guarantee::Guarantee> read_guarantees(const Poco::Dynamic::Var& value, const std::string& pointer,
                                                  std::vector<Error>& problems);

// The guarantees as a JSON array in the same format (keys sorted, no whitespace, decimals as strings,
// optional members only when present); parse_guarantees of the result gives equal guarantees.
std::string guarantees_to_json(std::span<const guarantee::Guarantee> guarantees);
// The same array as a JSON value, for a document that embeds it (offer_to_json).
Poco::Dynamic::Var guarantees_value(std::span<const guarantee::Guarantee> guarantees);

}  // namespace renofee::io
