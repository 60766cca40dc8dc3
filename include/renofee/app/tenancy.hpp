// renofee/app/tenancy.hpp
//
// Purpose: the one tenancy rule (docs/api.md "Tenancy"): every request that names a contract asks, here, two
// things at once: does the contract exist, and may the caller see it. Who sees what (docs/domain.md §1):
//   financier  the contracts its key created (version 1's created_by = key_actor(principal), owns_contract)
//   resident   the one contract its key names
//   auditor    every contract
//   operator   none (it runs the service and sees no personal data)
//   meter_data the contracts its key is scoped to (and its routes allow uploads only)
// Both refusals are the same Error, `no_contract(id)`: not_found with the message `no contract "<id>"` and
// no field, so an adapter renders a missing contract and one the caller may not see byte for byte alike
// (apart from the request id) and nobody learns whether someone else's contract exists.
//
// The command line is the operator's tool at the machine (actor "cli") and is not a principal: it does not
// pass through this rule.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "renofee/app/api_keys.hpp"
#include "renofee/app/contracts.hpp"
#include "renofee/core/base/result.hpp"

namespace renofee::app {

// The refusal for a contract that does not exist or that the caller may not see.
Error no_contract(std::string_view contract_id);

// The decision, pure: `owner` is version 1's created_by of the contract, nullopt when there is no contract
// with this id. Success when it exists and `principal` may see it; otherwise no_contract(contract_id).
Result<void> contract_visible(const Principal& principal, std::string_view contract_id,
                              const std::optional<std::string>& owner);

// The same decision with the owner read from `store` (ContractStore::owner). The operator, and a resident
// naming another contract, are refused without reading the store. Store failures are returned as they are
// (503 / 500, never a 404).
Result<void> check_contract_visible(ContractStore& store, const Principal& principal,
                                    std::string_view contract_id);

}  // namespace renofee::app
