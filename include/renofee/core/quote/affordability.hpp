// renofee/core/quote/affordability.hpp
//
// Purpose: the affordability checks a quote reports (docs/domain.md §5). They are reported with their
// figures, pass or fail, and never silently enforced: the partner and the resident decide.
//
// - Woonlastenimpacttoets (building-bound financing, Kamerbrief 18 Nov 2022, Kst. 32847-980): the monthly fee
//   must not exceed the expected monthly energy-bill saving. Passes when fee <= saving.
// - PAYS (Pay As You Save, docs/domain.md §5.6 [49]-[52]): the fee must not exceed 80% of the expected
//   saving, and the term must not exceed 80% of the estimated useful life of the measures. The useful life
//   of a package is the cost-weighted mean lifetime Σ(cost_i × life_i) / Σ cost_i, in years; the limit in
//   months is 0.8 × 12 × that mean, compared exactly (no rounding of the limit before the comparison).
// Which fee is tested is the caller's choice (the quote uses the highest monthly fee of the first contract
// year after any grace months, see quote.hpp); the saving is per tariff year.
#pragma once

#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::quote {

struct MeasureLife {
  Money cost;
  int lifetime_years = 0;
};

struct WoonlastenCheck {
  Money monthly_fee;
  Money monthly_saving;
  Money headroom;  // saving - fee (negative when failing)
  bool passed = false;
};

struct PaysCheck {
  Money monthly_fee;
  Money fee_limit;  // 80% of the monthly saving, rounded down to cents (the fee must not exceed it)
  bool fee_passed = false;
  Decimal
      weighted_life_years;  // cost-weighted mean lifetime, 4 decimals half_even (display; the test is exact)
  Decimal term_limit_months;  // 0.8 × 12 × weighted life, 2 decimals down (display; the test is exact)
  int term_months = 0;
  bool term_passed = false;
  bool passed = false;  // both
};

WoonlastenCheck woonlastenimpacttoets(const Money& monthly_fee, const Money& monthly_saving);

// invalid_argument when there are no measures or their total cost is zero (no weighted life).
Result<PaysCheck> pays_check(const Money& monthly_fee, const Money& monthly_saving, int term_months,
                             const std::vector<MeasureLife>& measures);

}  // namespace renofee::quote
