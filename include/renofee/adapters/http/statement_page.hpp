// renofee/adapters/http/statement_page.hpp
//
// Purpose: GET /statement/{id}/{year} (docs/pages.md, "Statement page"): app::yearly_statement (fees due are
// posted first) written as the year's amounts and balances, then the settlement of the guarantees from the
// latest stored report (status per guarantee, report version and SHA-256; links to the full report for
// financiers and auditors), or that the year is not settled yet or still running. `year` is the contract
// year or, for calendar settlement, the calendar year: one to four digits, else 400 (a year the contract
// does not settle is the app's error). Roles financier (own), resident (own), auditor.
#pragma once

#include "renofee/adapters/http/message.hpp"
#include "renofee/adapters/http/page_routes.hpp"

namespace renofee::http::pages {

Response statement_page(const PageRoutes& routes, const Request& request);

}  // namespace renofee::http::pages
