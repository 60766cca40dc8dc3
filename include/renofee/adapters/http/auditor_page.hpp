// renofee/adapters/http/auditor_page.hpp
//
// Purpose: GET /auditor/contracts (docs/pages.md, "Auditor view"): the first 2,000 contracts, each with its
// past years and their status (due, done, corrected, shortfall) from app::reconciliation_overview, with links
// to the report's CSV and the statement page. The list is read in a constant number of queries
// (PageStores::overview). Roles auditor, operator.
#pragma once

#include "renofee/adapters/http/message.hpp"
#include "renofee/adapters/http/page_routes.hpp"

namespace renofee::http::pages {

Response auditor_page(const PageRoutes& routes, const Request& request);

}  // namespace renofee::http::pages
