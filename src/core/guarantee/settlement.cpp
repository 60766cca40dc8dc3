#include "renofee/core/guarantee/settlement.hpp"

#include <algorithm>
#include <utility>

namespace renofee::guarantee {

Settlement settle(std::vector<GuaranteeResult> results) {
  Settlement settlement;
  settlement.gross_compensation = settlement.excess_charge = cents(0);
  Money netted_payable = cents(0);
  Money netted_surplus = cents(0);
  std::string parts;
  for (const GuaranteeResult& result : results) {
    settlement.gross_compensation += result.payable;
    settlement.excess_charge += result.excess_share;
    if (result.netted && result.status != Status::term_ended) {
      netted_payable += result.payable;
      netted_surplus += result.surplus_value;
    }
    parts += (parts.empty() ? "" : ", ") + std::string("guarantee ") + std::to_string(result.index) + " (" +
             std::string(to_string(result.kind)) + ", " + std::string(to_string(result.status)) +
             (result.netted ? ", netted" : "") + ") " + result.payable.to_string() + " EUR";
  }
  settlement.netting_offset = std::min(netted_payable, netted_surplus);
  settlement.compensation = settlement.gross_compensation - settlement.netting_offset;
  settlement.rule = "gross compensation " + settlement.gross_compensation.to_string() + " EUR" +
                    (parts.empty() ? std::string(" (no guarantees)") : " (" + parts + ")");
  if (!settlement.netting_offset.is_zero()) {
    settlement.rule += "; netting: the netted guarantees' surplus of " + netted_surplus.to_string() +
                       " EUR offsets " + settlement.netting_offset.to_string() + " EUR of their " +
                       netted_payable.to_string() + " EUR payable";
  }
  settlement.rule += "; compensation " + settlement.compensation.to_string() + " EUR";
  if (!settlement.excess_charge.is_zero())
    settlement.rule += "; excess share charged " + settlement.excess_charge.to_string() + " EUR";
  settlement.rule += ".";
  settlement.results = std::move(results);
  return settlement;
}

}  // namespace renofee::guarantee
