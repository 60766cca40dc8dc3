// renofee/app/cost_comparison.hpp
//
// Purpose: the cumulative cost of a dwelling with and without the renovation over the contract term, for the
// offer page's chart and table (docs/pages.md). Built from a computed quote only:
//   without(k) = yearly bill before × m(k) / 12
//   with(k)    = Σ fees of schedule months 1..m(k) (financing + indexed service fee, after any EPV cap)
//                + yearly bill after × m(k) / 12
// at the end of contract year k = 0 .. ceil(term / 12), with m(k) = min(12 k, term months). The bills are
// those of one tariff year of the quote under that year's own netting rule (the page takes the last tariff
// year: from 2027 without netting, the lasting situation), held constant over the term: energy prices are
// not forecast. Each energy product is rounded half-up to cents once (docs/domain.md §2); fee sums are exact.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/quote/quote.hpp"

namespace renofee::app {

struct CumulativeCost {
  int contract_year = 0;  // 0 = the start
  int months = 0;         // m(k)
  Money without_renovation;
  Money with_renovation;
  Money fees;          // Σ fees through month m(k) (part of with_renovation)
  Money energy_after;  // bill after × m(k) / 12 (the other part)
};

struct CostComparison {
  std::string tariff_id;
  int tariff_year = 0;
  bool netting = false;
  Money yearly_bill_before;
  Money yearly_bill_after;
  std::vector<CumulativeCost> points;  // contract years 0 .. ceil(term / 12)
};

// out_of_range when `tariff_index` names no tariff year of the quote.
Result<CostComparison> cumulative_costs(const quote::Quote& quote, std::size_t tariff_index);

}  // namespace renofee::app
