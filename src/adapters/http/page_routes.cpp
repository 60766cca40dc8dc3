#include "renofee/adapters/http/page_routes.hpp"

#include "renofee/adapters/http/auditor_page.hpp"
#include "renofee/adapters/http/offer_page.hpp"
#include "renofee/adapters/http/page_frame.hpp"
#include "renofee/adapters/http/portfolio_risk_routes.hpp"
#include "renofee/adapters/http/statement_page.hpp"

namespace renofee::http {

using app::Role;
using pages::for_browser;

bool is_page_route(const Route& route) noexcept {
  return route.name == "offer_page" || route.name == "statement_page" ||
         route.name == "auditor_contracts_page" || route.name == "portfolio_risk_page" ||
         route.name == "campaign_meeting_page" || route.name == "campaign_home_page";
}

Result<void> add_page_routes(Router& router, PageRoutes routes) {
  auto shared = std::make_shared<const PageRoutes>(std::move(routes));
  RENOFEE_CHECK(router.add(
      Route{.method = "GET",
            .path_template = "/offer/{id}",
            .name = "offer_page",
            .handler = [shared](const Request& request) { return pages::offer_page(*shared, request); },
            .body_media_types = {},
            .access = Access::roles({Role::financier, Role::resident, Role::auditor})}));
  RENOFEE_CHECK(router.add(
      Route{.method = "GET",
            .path_template = "/statement/{id}/{year}",
            .name = "statement_page",
            .handler = [shared](const Request& request) { return pages::statement_page(*shared, request); },
            .body_media_types = {},
            .access = Access::roles({Role::financier, Role::resident, Role::auditor})}));
  RENOFEE_CHECK(router.add(
      Route{.method = "GET",
            .path_template = "/auditor/contracts",
            .name = "auditor_contracts_page",
            .handler = [shared](const Request& request) { return pages::auditor_page(*shared, request); },
            .body_media_types = {},
            .access = Access::roles({Role::auditor})}));  // it names contracts and their settlements
  RENOFEE_CHECK(router.add(Route{
      .method = "GET",
      .path_template = "/portfolio/risk",
      .name = "portfolio_risk_page",
      .handler = [shared](const Request& request) -> Response {
        if (auto refused = pages::check_query(
                request,
                {"seed", "from_year", "to_year", "as_of", "station", "stress_year", "temperature_shift",
                 "irradiance_change", "household_sd", "heat_pump_sd", "pv_degradation", "pv_degradation_sd",
                 "discount_rate", "cost_of_capital", "heating_share", "financier", "lang"}))
          return *refused;
        Result<std::unique_ptr<PageStores>> stores = shared->open_stores();
        if (!stores) return pages::problem_response(request, stores.error());
        return pages::portfolio_risk_page(**stores, request, calendar::local_date(shared->clock()));
      },
      .body_media_types = {},
      .access = Access::roles({Role::financier, Role::auditor})}));  // a financier's own book; auditors all
  return success();
}

Authorizer page_authorizer(Authorizer keys, std::optional<ShareSecret> secret,
                           std::function<calendar::Instant()> clock) {
  return [keys = std::move(keys), secret = std::move(secret), clock = std::move(clock)](
             Request& request, const Route& route) -> std::optional<Response> {
    if (route.name == "offer_page") {
      if (std::optional<std::string> token = request.query_value("share")) {
        const std::string id = request.param("id");
        if (!secret) {
          return for_browser(request,
                             to_response(make_problem(403, "share links are not enabled on this server",
                                                      request.request_id)));
        }
        const ShareCheck check = check_share_token(*secret, id, *token, clock());
        if (check != ShareCheck::valid) {
          return for_browser(request,
                             to_response(make_problem(403,
                                                      check == ShareCheck::expired
                                                          ? "this share link has expired"
                                                          : "this share link is not valid for this page",
                                                      request.request_id)));
        }
        request.principal = app::Principal{"share", Role::resident, id, {}};
        return std::nullopt;
      }
    }
    std::optional<Response> refused = keys ? keys(request, route) : std::nullopt;
    if (refused && is_page_route(route)) return for_browser(request, std::move(*refused));
    return refused;
  };
}

}  // namespace renofee::http
