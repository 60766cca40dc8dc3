// renofee/core/finance/indexation.hpp
//
// Purpose: the monthly service fee (maintenance, monitoring, insurance) per contract year, indexed on each
// contract anniversary (docs/domain.md §4). Indexation never touches the financing part of the fee.
//
// Rule (one for both kinds, so a fixed rate is a series of equal factors):
//   fee(year 1)     = the offer's monthly fee
//   fee(year k + 1) = round(fee(year k) × factor_k, 2 decimals, `rounding`)    k = 1, 2, ...
// i.e. compounded, and each indexed amount is rounded to cents before the next step (docs/domain.md §4: "each
// indexed amount is rounded to cents"). Kinds:
//   none    factor_k = 1
//   fixed   factor_k = 1 + annual_rate, 0 <= annual_rate <= 1 (e.g. 0.02: 19.50 -> 19.89 -> 20.29 half_up)
//   series  factor_k = factors[k - 1], one factor per anniversary, 0 < factor <= 2 (e.g. CPI year-on-year:
//           1.031 for +3.1%); the series must cover every anniversary inside the term (more entries are
//           ignored), so an index that is not known yet is never guessed.
// Amounts: EUR with at most 2 decimals, 0 .. 100,000.00 a month.
#pragma once

#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/money/rounding.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::finance {

enum class IndexationKind { none, fixed, series };

std::string_view to_string(IndexationKind kind) noexcept;
Result<IndexationKind> parse_indexation_kind(std::string_view text);

struct Indexation {
  IndexationKind kind = IndexationKind::none;
  Decimal annual_rate;           // kind == fixed
  std::vector<Decimal> factors;  // kind == series: factors[k - 1] applies on anniversary k
  Rounding rounding = Rounding::half_up;
};

struct ServiceFeeTerms {
  Money monthly;  // fee in contract year 1
  Indexation indexation;
};

// The monthly service fee of contract years 1..years (element 0 is year 1). Errors name the field relative
// to the offer: "/service_fee/monthly", "/service_fee/indexation/annual_rate",
// "/service_fee/indexation/factors" (too short) or "/service_fee/indexation/factors/3" (a bad factor).
Result<std::vector<Money>> indexed_monthly_fees(const ServiceFeeTerms& terms, int years);

}  // namespace renofee::finance
