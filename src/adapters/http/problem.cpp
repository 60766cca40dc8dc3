#include "renofee/adapters/http/problem.hpp"

#include <utility>

namespace renofee::http {
namespace {

struct Kind {
  int status;
  const char* slug;
  const char* title;
};

// One row per status the service sends; titles are fixed per type (RFC 9457 §3.1.3).
constexpr Kind kinds[] = {
    {400, "bad-request", "Malformed request"},
    {401, "unauthorized", "Authentication required"},
    {403, "forbidden", "Not allowed for this role"},
    {404, "not-found", "Resource not found"},
    {405, "method-not-allowed", "Method not allowed"},
    {408, "request-timeout", "Request timed out"},
    {409, "conflict", "Conflict with the current state"},
    {411, "length-required", "Content-Length required"},
    {413, "payload-too-large", "Request body too large"},
    {415, "unsupported-media-type", "Unsupported media type"},
    {422, "validation", "Validation failed"},
    {500, "internal", "Internal error"},
    {503, "unavailable", "Service unavailable"},
};

const Kind& kind_for(int status) {
  const Kind* internal = nullptr;
  for (const Kind& kind : kinds) {
    if (kind.status == status) return kind;
    if (kind.status == 500) internal = &kind;
  }
  return *internal;
}

// Upload errors name a line or telegram of the body ("line 12", "telegram 3") instead of a JSON pointer.
bool is_location(std::string_view field) {
  return field.starts_with("line ") || field.starts_with("telegram ");
}

FieldProblem field_problem(const Error& error) {
  if (is_location(error.field)) return FieldProblem{{}, error.message, error.field};
  return FieldProblem{error.field, error.message, {}};
}

}  // namespace

Problem make_problem(int status, std::string detail, std::string instance) {
  const Kind& kind = kind_for(status);
  Problem problem;
  problem.status = kind.status;
  problem.slug = kind.slug;
  problem.title = kind.title;
  problem.detail = std::move(detail);
  problem.instance = std::move(instance);
  if (kind.status == 503) problem.retry_after_seconds = default_retry_after_seconds;
  return problem;
}

int http_status(const Error& error) noexcept {
  switch (error.code) {
    case ErrorCode::invalid_argument:
    case ErrorCode::out_of_range:
      return error.field.empty() ? 400 : 422;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::already_exists:
    case ErrorCode::failed_precondition:
      return 409;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

Problem problem_from_error(const Error& error, std::string instance) {
  const int status = http_status(error);
  if (status == 500) {
    Problem problem =
        make_problem(500, "The server failed to answer this request; quote the instance to the operator.",
                     std::move(instance));
    problem.log_cause = error.message;
    return problem;
  }
  if (status == 503) {
    Problem problem = make_problem(503, std::string(unavailable_detail), std::move(instance));
    problem.log_cause = error.message;
    return problem;
  }
  // A 422 carries its field in `errors`; a conflict in an upload (409) carries its line there too, and in
  // the detail as well (clients written before `errors` read it there).
  const bool location = is_location(error.field);
  const bool prefix = status != 422 && location && !error.message.starts_with(error.field);
  Problem problem =
      make_problem(status, prefix ? error.field + ": " + error.message : error.message, std::move(instance));
  if (status == 422 || (status == 409 && location)) problem.errors.push_back(field_problem(error));
  return problem;
}

Problem validation_problem(const std::vector<Error>& errors, std::string instance) {
  if (errors.empty()) return problem_from_error(internal_error("empty validation list"), std::move(instance));
  Problem problem = make_problem(
      422,
      errors.size() == 1 ? errors.front().message : std::to_string(errors.size()) + " fields are invalid",
      std::move(instance));
  for (const Error& error : errors)
    problem.errors.push_back(field_problem(error));
  return problem;
}

Response to_response(const Problem& problem) {
  std::string body =
      "{\"type\":" + json_quote(std::string(problem_type_base) + problem.slug) +
      ",\"title\":" + json_quote(problem.title) + ",\"status\":" + std::to_string(problem.status) +
      ",\"detail\":" + json_quote(problem.detail) + ",\"instance\":" + json_quote(problem.instance);
  if (!problem.errors.empty()) {
    body += ",\"errors\":[";
    for (std::size_t i = 0; i < problem.errors.size(); ++i) {
      if (i > 0) body += ',';
      const FieldProblem& field = problem.errors[i];
      body += field.location.empty() ? "{\"pointer\":" + json_quote(field.pointer)
                                     : "{\"location\":" + json_quote(field.location);
      body += ",\"detail\":" + json_quote(field.detail) + '}';
    }
    body += ']';
  }
  body += '}';
  Response response = Response::text(problem.status, std::string(problem_media_type), std::move(body));
  response.log_cause = problem.log_cause;
  if (problem.retry_after_seconds) {
    response.headers.set("Retry-After", std::to_string(*problem.retry_after_seconds));
  }
  if (!problem.allow.empty()) {
    std::string allow;
    for (const std::string& method : problem.allow)
      allow += (allow.empty() ? "" : ", ") + method;
    response.headers.set("Allow", allow);
  }
  return response;
}

}  // namespace renofee::http
