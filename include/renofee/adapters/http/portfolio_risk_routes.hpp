// renofee/adapters/http/portfolio_risk_routes.hpp
//
// Purpose: a financier's book over the weather years (app/portfolio_risk.hpp, docs/guarantees.md "Exposure")
// over HTTP:
//   GET /v1/portfolio/risk    the JSON of `renofee portfolio risk --format json` (or `?format=csv`).
//   GET /portfolio/risk       the page: key figures, an exceedance curve and a histogram of the book's annual
//                             compensation (server-rendered SVG, each with a table of the same figures), and
//                             the table per contract. Dutch by default, `?lang=en`.
// Roles: a financier sees its own contracts only; an auditor sees every contract, or one financier's book
// with `?financier=KEY-ID`. Query (all optional, as the command line's flags): seed, from_year, to_year, as_of
// (default today), station, stress_year (a year, coldest or darkest), temperature_shift (degC),
// irradiance_change (%), household_sd, heat_pump_sd, pv_degradation, pv_degradation_sd, discount_rate,
// cost_of_capital, heating_share. A wrong value is a 422 naming the parameter; an empty book or missing
// weather a 409.
#pragma once

#include "renofee/adapters/http/contract_routes.hpp"
#include "renofee/adapters/http/message.hpp"
#include "renofee/app/portfolio_risk.hpp"

namespace renofee::http {

// The request the query describes for the caller, or the error naming the parameter ("/seed").
Result<app::PortfolioRiskRequest> risk_request_from_query(const Request& request, calendar::Date today);

// GET /v1/portfolio/risk with the session's stores.
Response portfolio_risk_api(ContractSession& session, const Request& request, calendar::Date today);

namespace pages {
// GET /portfolio/risk with the session's stores.
Response portfolio_risk_page(ContractSession& session, const Request& request, calendar::Date today);
}  // namespace pages

}  // namespace renofee::http
