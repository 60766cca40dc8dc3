// renofee/core/guarantee/settlement.hpp
//
// Purpose: one guarantee year across all guarantees of a contract (docs/domain.md §8): the compensation the
// provider owes and the excess share it may charge.
//
// Netting (SWK EnergiePrestatieGarantie, docs/domain.md §8.6 [37]: building-related and generation
// shortfalls are netted): among the results with netted = true, the surplus value of one offsets the
// payable amounts of the others, never below zero. A result has either a payable amount (shortfall > 0) or
// a surplus (shortfall < 0), never both, so on totals: netting_offset = min(Σ payable of netted results,
// Σ surplus_value of netted results). Non-netted results add up as they are; term_ended results carry no
// money.
//   gross_compensation = Σ payable (all results)
//   compensation       = gross_compensation − netting_offset   (>= 0)
//   excess_charge      = Σ excess_share (all results)
#pragma once

#include <string>
#include <vector>

#include "renofee/core/guarantee/evaluate.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::guarantee {

struct Settlement {
  std::vector<GuaranteeResult> results{};
  Money gross_compensation{};
  Money netting_offset{};
  Money compensation{};
  Money excess_charge{};
  std::string rule{};  // plain English: the sums and the netting applied
  friend bool operator==(const Settlement&, const Settlement&) = default;
};

Settlement settle(std::vector<GuaranteeResult> results);

}  // namespace renofee::guarantee
