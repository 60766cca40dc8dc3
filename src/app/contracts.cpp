#include "renofee/app/contracts.hpp"

#include <algorithm>

namespace renofee::app {

Result<std::vector<std::string>> contract_ids(ContractStore& store, const std::optional<std::string>& owner) {
  constexpr int page_size = 500;
  std::vector<std::string> ids;
  std::string after;
  for (;;) {
    RENOFEE_TRY(const std::vector<ContractSummary> page, store.list_contracts(after, page_size, owner));
    for (const ContractSummary& c : page)
      ids.push_back(c.contract_id);
    if (page.size() < static_cast<std::size_t>(page_size)) return ids;
    after = ids.back();
  }
}

Result<ContractVersion> version_in_effect(std::span<const ContractVersion> versions, calendar::Date day) {
  const ContractVersion* best = nullptr;
  for (const ContractVersion& v : versions) {
    if (day < v.effective_date) continue;
    if (best == nullptr || best->effective_date < v.effective_date ||
        (best->effective_date == v.effective_date && best->version < v.version)) {
      best = &v;
    }
  }
  if (best == nullptr) {
    return failed_precondition("no version of contract " +
                               (versions.empty() ? std::string("?") : versions.front().contract_id) +
                               " is in effect on " + calendar::to_string(day));
  }
  return *best;
}

Result<ContractVersion> create_contract(ContractStore& store, const Sha256& sha256,
                                        const NewContract& request) {
  ContractVersion first;
  first.contract_id = request.offer.id;
  first.version = 1;
  first.offer_json = request.offer_json;
  first.offer = request.offer;
  first.sha256 = sha256(request.offer_json);
  first.effective_date = request.offer.start_date;
  first.reason = "created";
  first.created_at = request.now;
  first.created_by = request.actor;
  Result<void> stored = store.create_contract(first);
  if (!stored) {
    Error e = stored.error();
    if (e.code == ErrorCode::already_exists) {
      e.message = "contract " + request.offer.id + " exists; change it with an amendment (a new version)";
      e.field = "/id";
    }
    return e;
  }
  return first;
}

Result<ContractVersion> amend_contract(ContractStore& store, const Sha256& sha256, const Amendment& request) {
  if (request.reason.empty() || request.reason.size() > 500) {
    return invalid_argument("an amendment needs a reason of 1..500 characters", "/reason");
  }
  RENOFEE_TRY(std::vector<ContractVersion> versions, store.versions(request.contract_id));
  const ContractVersion& first = versions.front();
  const ContractVersion& last = versions.back();
  if (request.effective_date < first.effective_date) {
    return failed_precondition(
        "an amendment cannot take effect on " + calendar::to_string(request.effective_date) +
            ", before the contract starts (" + calendar::to_string(first.effective_date) + ")",
        "/effective_date");
  }
  if (request.offer_json == last.offer_json) {
    return already_exists("the amended offer equals version " + std::to_string(last.version) +
                          " of contract " + request.contract_id + ": nothing changed");
  }
  ContractVersion next;
  next.contract_id = request.contract_id;
  next.version = last.version + 1;
  next.offer_json = request.offer_json;
  next.offer = request.offer;
  next.sha256 = sha256(request.offer_json);
  next.effective_date = request.effective_date;
  next.reason = request.reason;
  next.created_at = request.now;
  next.created_by = request.actor;
  Result<void> stored = store.add_version(next);
  if (!stored) {
    Error e = stored.error();
    if (e.code == ErrorCode::already_exists) {
      e.message = "contract " + request.contract_id + " was amended by someone else meanwhile (version " +
                  std::to_string(next.version) + " exists): read it and amend again";
    }
    return e;
  }
  return next;
}

Result<std::optional<std::string>> ContractStore::owner(std::string_view contract_id) {
  Result<std::vector<ContractVersion>> found = versions(contract_id);
  if (!found) {
    if (found.error().code == ErrorCode::not_found) return std::optional<std::string>();
    return found.error();
  }
  if (found->empty()) return std::optional<std::string>();
  return std::optional<std::string>(found->front().created_by);
}

Result<std::vector<finance::OccupantChange>> ContractStore::occupant_changes(std::string_view) {
  return std::vector<finance::OccupantChange>{};
}

}  // namespace renofee::app
