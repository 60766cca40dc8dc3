#include "renofee/core/guarantee/settlement.hpp"

#include <algorithm>
#include <utility>

namespace renofee::guarantee {

Settlement settle(std::vector<GuaranteeResult> results) {
  Settlement s;
  s.gross_compensation = s.excess_charge = cents(0);
  Money netted_payable = cents(0);
  Money netted_surplus = cents(0);
  std::string parts;
  for (const GuaranteeResult& r : results) {
    s.gross_compensation += r.payable;
    s.excess_charge += r.excess_share;
    if (r.netted && r.status != Status::term_ended) {
      netted_payable += r.payable;
      netted_surplus += r.surplus_value;
    }
    parts += (parts.empty() ? "" : ", ") + std::string("guarantee ") + std::to_string(r.index) + " (" +
             std::string(to_string(r.kind)) + ", " + std::string(to_string(r.status)) +
             (r.netted ? ", netted" : "") + ") " + r.payable.to_string() + " EUR";
  }
  s.netting_offset = std::min(netted_payable, netted_surplus);
  s.compensation = s.gross_compensation - s.netting_offset;
  s.rule = "gross compensation " + s.gross_compensation.to_string() + " EUR" +
           (parts.empty() ? std::string(" (no guarantees)") : " (" + parts + ")");
  if (!s.netting_offset.is_zero()) {
    s.rule += "; netting: the netted guarantees' surplus of " + netted_surplus.to_string() + " EUR offsets " +
              s.netting_offset.to_string() + " EUR of their " + netted_payable.to_string() + " EUR payable";
  }
  s.rule += "; compensation " + s.compensation.to_string() + " EUR";
  if (!s.excess_charge.is_zero()) s.rule += "; excess share charged " + s.excess_charge.to_string() + " EUR";
  s.rule += ".";
  s.results = std::move(results);
  return s;
}

}  // namespace renofee::guarantee
