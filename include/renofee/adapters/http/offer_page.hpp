// renofee/adapters/http/offer_page.hpp
//
// Purpose: GET /offer/{id} (docs/pages.md, "Offer page"): the contract version in effect today through
// app::quote_offer and app::cumulative_costs, written as the monthly fee and its parts with indexation, the
// energy bills before and after per tariff year with netting and the affordability checks, the cumulative
// cost chart and its table, the guarantees in plain language, the loan facts and the measures. Roles
// financier (own contracts), resident (own contract), auditor, or a share link (page_routes.hpp).
#pragma once

#include "renofee/adapters/http/message.hpp"
#include "renofee/adapters/http/page_routes.hpp"

namespace renofee::http::pages {

Response offer_page(const PageRoutes& routes, const Request& request);

}  // namespace renofee::http::pages
