// renofee/adapters/http/quote_routes.hpp
//
// Purpose: the quoting endpoints of the API (formats in docs/offers.md):
//   POST /v1/quotes      offer document (application/json) -> the quote JSON (200)
//   POST /v1/schedules   offer document -> the schedule as JSON, or as CSV with ?format=csv
//   POST /v1/quotes/batch  NDJSON, one offer per line (application/x-ndjson, streamed in) -> 200 NDJSON,
//                        streamed out: one line per offer line, {"line":N,"quote":{...}} or
//                        {"line":N,"error":{...}} (a bad line does not stop the batch), then one
//                        {"summary":{...}} line; an answer without that last line was cut off. Lines of at
//                        most max_batch_line_bytes; blank lines are skipped. Memory holds one line.
// Handlers only translate: the offer reader reports every wrong field, which becomes one 422 problem with the
// JSON pointer of each; a body that is not a JSON object is a 400; a tariff year the catalog lacks is a 409
// (failed_precondition). The computation is app::quote_offer / app::schedule_offer. Role: financier.
#pragma once

#include <cstddef>
#include <memory>

#include "renofee/adapters/http/router.hpp"
#include "renofee/app/quoting.hpp"

namespace renofee::http {

// The longest offer line of a batch (the single-offer route's body limit is the server's max_body_bytes).
inline constexpr std::size_t max_batch_line_bytes = 1 << 20;

// `tariffs` must be safe to use from several threads at once (io::TariffCatalog is).
Result<void> add_quote_routes(Router& router, std::shared_ptr<app::TariffSource> tariffs);

}  // namespace renofee::http
