#include "renofee/adapters/http/service_routes.hpp"

#include <exception>
#include <utility>

namespace renofee::http {

Result<void> add_service_routes(Router& router, ServiceRoutes routes) {
  auto checks = std::make_shared<std::vector<NamedHealthCheck>>(std::move(routes.health_checks));
  RENOFEE_CHECK(router.add(Route{.method = "GET",
                                 .path_template = "/healthz",
                                 .name = "healthz",
                                 .handler =
                                     [checks](const Request& request) {
                                       for (const NamedHealthCheck& named : *checks) {
                                         Result<void> result = internal_error("the check threw");
                                         try {
                                           result = named.check();
                                         } catch (const std::exception&) {
                                           // counts as failing; the detail stays inside
                                         }
                                         if (!result.ok()) {
                                           return to_response(
                                               make_problem(503, "health check \"" + named.name + "\" failed",
                                                            request.request_id));
                                         }
                                       }
                                       return Response::json(200, R"({"status":"ok"})");
                                     },
                                 .body_media_types = {},
                                 .access = Access::anyone()}));

  std::shared_ptr<Metrics> metrics = std::move(routes.metrics);
  RENOFEE_CHECK(router.add(Route{.method = "GET",
                                 .path_template = "/metrics",
                                 .name = "metrics",
                                 .handler =
                                     [metrics](const Request&) {
                                       return Response::text(200, "text/plain; version=0.0.4; charset=utf-8",
                                                             metrics->exposition());
                                     },
                                 .body_media_types = {},
                                 .access = Access::roles({app::Role::operator_})}));

  auto document = std::make_shared<const std::string>(std::move(routes.openapi_document));
  RENOFEE_CHECK(router.add(Route{
      .method = "GET",
      .path_template = "/openapi.yaml",
      .name = "openapi",
      .handler = [document](const Request&) { return Response::text(200, "application/yaml", *document); },
      .body_media_types = {},
      .access = Access::anyone()}));
  return success();
}

}  // namespace renofee::http
