// renofee/adapters/http/contract_routes.hpp
//
// Purpose: the contract, reconciliation, report, statement and ledger endpoints (docs/api.md,
// docs/reconciliation.md; api/openapi.yaml). Handlers parse and check the request, call the app use cases
// (app/contracts.hpp, app/reconcile.hpp, app/ledger.hpp) and shape the answer (io/reconciliation_output.hpp);
// nothing is computed here.
//   POST /v1/contracts                              financier: an accepted offer becomes version 1 (201)
//   GET  /v1/contracts?after=&limit=                financier (own contracts), auditor (all): cursor paging
//   GET  /v1/contracts/{id}                         financier (own), resident (own), auditor:
//                                                   versions + offer
//   POST /v1/contracts/{id}/amendments              financier (own): {"offer", "reason", "effective_date"}
//   POST /v1/contracts/{id}/reconciliations         auditor: {"year", "dry_run"?, "correction_reason"?}
//   GET  /v1/contracts/{id}/reconciliations         readers of the contract: every stored report version
//   GET  /v1/contracts/{id}/reports/{year}          readers: ?version=&format=json|csv;
//                                                   JSON is the stored bytes
//   GET  /v1/contracts/{id}/statements/{year}       readers: fees due are posted first (idempotent)
//   GET  /v1/contracts/{id}/payoff?date=            readers: the early-repayment quote on that day (default
//                                                   today); writes nothing
//   GET  /v1/ledger/verify                          auditor, operator: every contract's hash chain
// Ownership: a financier owns the contracts its key created (version 1's `created_by` = "key:<id>"); any
// contract a caller may not see answers 404 like a missing one (auth.hpp contract_access).
#pragma once

#include <functional>
#include <memory>

#include "renofee/adapters/http/metrics.hpp"
#include "renofee/adapters/http/router.hpp"
#include "renofee/app/occupants.hpp"
#include "renofee/app/provenance.hpp"
#include "renofee/app/reconcile.hpp"

namespace renofee::http {

// The use cases' ports for one request (one database connection behind them): the contract API's, and the
// pages' too (page_routes.hpp's PageStores extends it with the auditor view's list).
class ContractSession {
 public:
  virtual ~ContractSession() = default;
  virtual app::ReconcileDeps& deps() = 0;
  // Provenance: the event log (GET /v1/contracts/{id}/events).
  virtual app::EventLog& events() = 0;
  // Occupant changes (POST /v1/contracts/{id}/occupant-changes): the store and the keys' randomness. A session
  // without them (nullptr) answers those routes with a 500.
  virtual app::OccupantStore* occupants() { return nullptr; }
  virtual app::KeyCrypto* key_crypto() { return nullptr; }
};

struct ContractRoutes {
  // Opens the ports for one request; unavailable (-> 503) when no connection can be had.
  std::function<Result<std::unique_ptr<ContractSession>>()> open_session;
  std::function<calendar::Instant()> clock;  // UTC now, whole seconds
  std::shared_ptr<Metrics> metrics;
};

Result<void> add_contract_routes(Router& router, ContractRoutes routes);

}  // namespace renofee::http
