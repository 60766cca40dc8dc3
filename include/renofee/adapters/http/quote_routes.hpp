// renofee/adapters/http/quote_routes.hpp
//
// Purpose: the quoting endpoints of the API (issue 6 item 1; formats in docs/offers.md):
//   POST /v1/quotes      offer document (application/json) -> the quote JSON (200)
//   POST /v1/schedules   offer document -> the schedule as JSON, or as CSV with ?format=csv
// Handlers only translate: the offer reader reports every wrong field, which becomes one 422 problem with the
// JSON pointer of each; a body that is not a JSON object is a 400; a tariff year the catalog lacks is a 409
// (failed_precondition). The computation is app::quote_offer / app::schedule_offer. Role: financier.
#pragma once

#include <memory>

#include "renofee/adapters/http/router.hpp"
#include "renofee/app/quoting.hpp"

namespace renofee::http {

// `tariffs` must be safe to use from several threads at once (io::TariffCatalog is).
Result<void> add_quote_routes(Router& router, std::shared_ptr<app::TariffSource> tariffs);

}  // namespace renofee::http
