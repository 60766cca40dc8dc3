// renofee/adapters/http/service_routes.hpp
//
// Purpose: the operations routes every renofee server has, specified in api/openapi.yaml:
//   GET /healthz       {"status":"ok"} (200), or a 503 problem naming the failing check (with Retry-After).
//                      Checks are pluggable (`renofee serve` installs "database": a SELECT 1 on a pooled
//                      connection); a check that throws counts as failing. Public.
//   GET /metrics       Prometheus text (metrics.hpp). Operator role only.
//   GET /openapi.yaml  the OpenAPI document, read once at start-up (application/yaml, RFC 9512). Public.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "renofee/adapters/http/metrics.hpp"
#include "renofee/adapters/http/router.hpp"
#include "renofee/core/base/result.hpp"

namespace renofee::http {

using HealthCheck = std::function<Result<void>()>;

struct NamedHealthCheck {
  std::string name;  // "database"
  HealthCheck check;
};

struct ServiceRoutes {
  std::shared_ptr<Metrics> metrics;
  std::vector<NamedHealthCheck> health_checks;
  std::string openapi_document;  // the text of api/openapi.yaml
};

// Adds /healthz, /metrics and /openapi.yaml to `router`.
Result<void> add_service_routes(Router& router, ServiceRoutes routes);

}  // namespace renofee::http
