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
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/app/cost_comparison.hpp"

namespace renofee::http::pages {

Response offer_page(const PageRoutes& routes, const Request& request);

// The sections of an offer page below its heading (fee, energy, chart, guarantees, loan or tenant rights,
// measures, replacement), for the offer page and a campaign home's page (campaign_routes.hpp).
std::string offer_sections(const Request& request, const quote::Offer& offer, const quote::Quote& q,
                           const app::CostComparison& costs, Language language);

}  // namespace renofee::http::pages
