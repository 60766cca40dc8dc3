#include "renofee/app/tenancy.hpp"

namespace renofee::app {

Error no_contract(std::string_view contract_id) {
  return not_found("no contract \"" + std::string(contract_id) + "\"");
}

Result<void> contract_visible(const Principal& principal, std::string_view contract_id,
                              const std::optional<std::string>& owner) {
  if (!owner) return no_contract(contract_id);
  if (!may_see_contract(principal, contract_id, owns_contract(principal, *owner))) {
    return no_contract(contract_id);
  }
  return success();
}

Result<void> check_contract_visible(ContractStore& store, const Principal& principal,
                                    std::string_view contract_id) {
  // The role alone refuses the operator and a resident naming another contract, whatever the store holds.
  if (!may_see_contract(principal, contract_id, true)) return no_contract(contract_id);
  RENOFEE_TRY(const std::optional<std::string> owner, store.owner(contract_id));
  return contract_visible(principal, contract_id, owner);
}

}  // namespace renofee::app
