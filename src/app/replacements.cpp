#include "renofee/app/replacements.hpp"

#include <algorithm>
#include <utility>

namespace renofee::app {
namespace {

Result<void> check_replacement(const std::vector<ContractVersion>& versions, const Replacement& r,
                               calendar::Date today) {
  const quote::Offer& offer = versions.back().offer;
  const bool known = std::any_of(offer.measures.begin(), offer.measures.end(), [&](const quote::Measure& m) {
    return quote::to_string(m.kind) == r.measure;
  });
  if (!known) {
    std::string names;
    for (const quote::Measure& m : offer.measures)
      names += (names.empty() ? "" : ", ") + std::string(quote::to_string(m.kind));
    return invalid_argument(
        "\"" + r.measure.substr(0, 40) + "\" is not a measure of this contract (" + names + ")", "/measure");
  }
  if (!r.cost.value().to_units(2) || !(Money{} < r.cost))
    return invalid_argument("the cost must be a positive amount in cents, not " + r.cost.to_string(),
                            "/cost");
  if (r.on < versions.front().offer.start_date || today < r.on)
    return invalid_argument("a replacement on " + calendar::to_string(r.on) +
                                " is before the contract's start (" +
                                calendar::to_string(versions.front().offer.start_date) + ") or after today",
                            "/date");
  if (r.note.size() > 500) return invalid_argument("the note has at most 500 characters", "/note");
  return success();
}

}  // namespace

Result<ReserveStatement> reserve_statement(ReconcileDeps& deps, ReplacementStore& store,
                                           std::string_view contract_id, calendar::Date as_of) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(contract_id));
  RENOFEE_TRY(const std::vector<DueFee> due, due_fees(deps, contract_id, as_of));
  ReserveStatement out;
  out.contract_id = std::string(contract_id);
  out.as_of = as_of;
  out.contributions = cents(0);
  std::vector<std::pair<calendar::Date, Money>> set_aside;  // by due date: the reserve held after each fee
  for (const DueFee& fee : due) {
    RENOFEE_TRY(const ContractVersion v, version_in_effect(versions, fee.due_date));
    out.contributions += v.offer.service_fee.replacement_reserve;
    set_aside.emplace_back(fee.due_date, out.contributions);
    ++out.fees_due;
  }
  RENOFEE_TRY(std::vector<Replacement> recorded, store.replacements(contract_id));
  std::stable_sort(recorded.begin(), recorded.end(),
                   [](const Replacement& a, const Replacement& b) { return a.on < b.on; });
  out.paid_from_reserve = cents(0);
  out.borne_by_provider = cents(0);
  std::size_t next = 0;  // the first fee not yet counted; replacements come in date order
  Money contributed = cents(0);
  for (const Replacement& r : recorded) {
    if (as_of < r.on) break;
    for (; next < set_aside.size() && !(r.on < set_aside[next].first); ++next)
      contributed = set_aside[next].second;
    const Money held = contributed - out.paid_from_reserve;  // never negative: only what was held is paid out
    const Money paid = r.cost < held ? r.cost : held;
    out.lines.push_back(ReserveLine{r, held, paid, r.cost - paid});
    out.paid_from_reserve += paid;
    out.borne_by_provider += r.cost - paid;
  }
  out.balance = out.contributions - out.paid_from_reserve;
  return out;
}

Result<ReserveStatement> record_replacement(ReconcileDeps& deps, ReplacementStore& store,
                                            std::string_view contract_id, const Replacement& replacement,
                                            calendar::Date today, calendar::Instant now,
                                            const std::string& actor) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(contract_id));
  RENOFEE_CHECK(check_replacement(versions, replacement, today));
  RENOFEE_CHECK(store.record_replacement(contract_id, replacement, now, actor));
  return reserve_statement(deps, store, contract_id, replacement.on);
}

}  // namespace renofee::app
