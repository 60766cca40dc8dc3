#include "renofee/adapters/http/auth.hpp"

#include <algorithm>
#include <utility>

namespace renofee::http {
namespace {

constexpr const char* challenge = "Bearer realm=\"renofee\"";

Response unauthorized(const Request& request, const std::string& detail, std::string_view error) {
  Response response = to_response(make_problem(401, detail, request.request_id));
  std::string value = challenge;
  if (!error.empty()) value += ", error=\"" + std::string(error) + "\"";
  response.headers.set("WWW-Authenticate", value);
  return response;
}

// The credentials of "Bearer <token>" (RFC 6750 §2.1), or nullopt when the header is anything else.
std::optional<std::string_view> bearer_token(std::string_view header) {
  constexpr std::string_view scheme = "bearer";
  if (header.size() <= scheme.size() + 1 || !equals_ignore_case(header.substr(0, scheme.size()), scheme) ||
      header[scheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view token = header.substr(scheme.size() + 1);
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ')
    token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace

Authorizer key_authorizer(KeyVerifier verify, std::shared_ptr<Metrics> metrics) {
  return [verify = std::move(verify), metrics = std::move(metrics)](
             Request& request, const Route& route) -> std::optional<Response> {
    if (route.access.is_public()) return std::nullopt;
    const auto refuse = [&](std::string_view reason) {
      if (metrics) {
        metrics
            ->counter("renofee_auth_refusals_total", "Requests refused by authentication or role checks",
                      {{"reason", std::string(reason)}})
            .add();
      }
    };
    // Two credentials in one request (RFC 9110 §11.6.2 defines one): servers and proxies may each pick a
    // different one, so neither is used. The server refuses such a head already (framing.hpp); this covers
    // requests that reach the router by other ways.
    const auto& fields = request.headers.fields();
    if (std::count_if(fields.begin(), fields.end(), [](const auto& field) {
          return equals_ignore_case(field.first, "Authorization");
        }) > 1) {
      refuse("duplicate");
      return to_response(make_problem(400, "two Authorization fields in one request", request.request_id));
    }
    const std::optional<std::string> header = request.headers.get("Authorization");
    if (!header) {
      refuse("missing");
      return unauthorized(request, "this resource needs an API key: Authorization: Bearer rf_...", "");
    }
    const std::optional<std::string_view> token = bearer_token(*header);
    if (!token) {
      refuse("not_bearer");
      return unauthorized(request, "the Authorization header must be \"Bearer <API key>\"",
                          "invalid_request");
    }
    Result<app::Authentication> verified = verify(*token);
    if (!verified) {
      refuse("store_error");
      return to_response(problem_from_error(verified.error(), request.request_id));
    }
    if (!verified->principal) {
      refuse(app::to_string(verified->refusal.value_or(app::KeyRefusal::malformed)));
      return unauthorized(request, "the API key is not valid", "invalid_token");
    }
    const app::Principal& principal = *verified->principal;
    if (!route.access.allows(principal.role)) {
      refuse("role");
      return to_response(make_problem(403,
                                      "role " + std::string(app::to_string(principal.role)) + " may not " +
                                          route.method + " " + route.path_template +
                                          " (allowed: " + route.access.describe() + ")",
                                      request.request_id));
    }
    request.principal = principal;
    return std::nullopt;
  };
}

std::optional<Response> contract_access(const Request& request, std::string_view contract_id,
                                        app::ContractStore& contracts) {
  if (Result<void> valid = app::validate_contract_id(contract_id, "id"); !valid) {
    return to_response(make_problem(400, "path parameter id: " + valid.error().message, request.request_id));
  }
  Result<void> visible = request.principal
                             ? app::check_contract_visible(contracts, *request.principal, contract_id)
                             : Result<void>(app::no_contract(contract_id));
  if (!visible) return to_response(problem_from_error(visible.error(), request.request_id));
  return std::nullopt;
}

}  // namespace renofee::http
