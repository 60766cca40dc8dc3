// renofee/adapters/http/auth.hpp
//
// Purpose: API-key authentication and role checks for the router (docs/api.md "Authentication").
// `key_authorizer` returns the Router's Authorizer hook:
//   - public routes (Access::anyone) pass without looking at any Authorization header;
//   - otherwise the request needs `Authorization: Bearer rf_<id>_<secret>` (scheme case-insensitive, RFC
//     9110 §11.1). Missing -> 401 with `WWW-Authenticate: Bearer realm="renofee"`; not a Bearer credential
//     -> 401 with error="invalid_request"; a malformed, unknown, revoked or wrong key -> 401 with
//     error="invalid_token" (RFC 6750 §3). All invalid keys get the same detail: the client learns nothing
//     about which part was wrong; the reason is counted in renofee_auth_refusals_total{reason}.
//   - two Authorization fields -> 400 (RFC 9110 §11.6.2: one credential per request; which one a proxy
//     or server uses is not defined), counted as reason "duplicate";
//   - a valid key whose role the route does not list -> 403 naming the role and the route;
//   - the key store failing (database down) -> 503 with Retry-After, never a 401 that would make clients
//     drop a good key.
//   - on success, `request.principal` holds the key id, role and (residents) contract for the handler.
// Keys are looked up on every request (no cache), so a revocation takes effect on the next request, on
// every instance sharing the database; docs/performance.md measures the cost.
//
// `contract_access` is the per-contract check every handler that names a contract calls after the role check:
// a malformed contract id is a 400; a contract that does not exist or that the principal may not see is the
// one 404 of app::no_contract (app/tenancy.hpp), byte for byte alike but for the request id.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "renofee/adapters/http/metrics.hpp"
#include "renofee/adapters/http/router.hpp"
#include "renofee/app/api_keys.hpp"
#include "renofee/app/contracts.hpp"
#include "renofee/app/tenancy.hpp"

namespace renofee::http {

// Verifies key text (app::authenticate over a key store); must be callable from several threads at once.
using KeyVerifier = std::function<Result<app::Authentication>(std::string_view key_text)>;

Authorizer key_authorizer(KeyVerifier verify, std::shared_ptr<Metrics> metrics);

// nullopt when `contract_id` exists and the request's principal may see it (app::check_contract_visible over
// `contracts`); else the 400, 404 or 503 problem response.
std::optional<Response> contract_access(const Request& request, std::string_view contract_id,
                                        app::ContractStore& contracts);

}  // namespace renofee::http
