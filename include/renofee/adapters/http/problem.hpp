// renofee/adapters/http/problem.hpp
//
// Purpose: every 4xx/5xx answer of the service is an RFC 9457 "Problem Details" document, media type
// `application/problem+json`:
//   {"type": "https://renofee.example/problems/validation", "title": "Validation failed", "status": 422,
//    "detail": "...", "instance": "<request id>", "errors": [{"pointer": "/financing/term_months",
//    "detail": "..."}]}
// `type` is a stable URI per kind of problem (problem_type_base + slug), `instance` is the request id (so an
// operator can find the access-log line), `errors` is present for validation problems and carries the
// RFC 6901 JSON pointer of each wrong field, or, for an uploaded file, its `location` ("line 12"); a 409
// about a place in an uploaded file carries that `location` in `errors` too.
// 401 (unauthorized) and 403 (forbidden) come from the API-key authorizer (auth.hpp).
//
// Mapping from renofee::ErrorCode (docs/architecture.md, "HTTP adapter"):
//   invalid_argument, out_of_range  field set   -> 422 validation (the request parsed, a value is wrong;
//                                                  a field "line N"/"telegram N" becomes a `location`)
//                                   field empty -> 400 bad-request (the request as a whole is malformed:
//                                                  JSON syntax, not an object, a bad query string)
//   not_found                                   -> 404 not-found
//   already_exists                              -> 409 conflict
//   failed_precondition                         -> 409 conflict (valid request, the state does not allow it)
//                                                  (a field "line N"/"telegram N" becomes a `location` in
//                                                  `errors` and prefixes the detail)
//   unavailable                                 -> 503 unavailable, with `Retry-After` (seconds) and a fixed
//                                                  detail (the database's message names hosts, tables and
//                                                  SQLSTATEs; it goes to the log only)
//   internal                                    -> 500 internal, a fixed detail: internals never leave the
//                                                  process (the message goes to the log only)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/adapters/http/message.hpp"
#include "renofee/core/base/error.hpp"

namespace renofee::http {

inline constexpr std::string_view problem_type_base = "https://renofee.example/problems/";
inline constexpr std::string_view problem_media_type = "application/problem+json";
// Retry-After sent with 503 answers, in seconds.
inline constexpr int default_retry_after_seconds = 1;
// The detail of a 503 made from an `unavailable` error.
inline constexpr std::string_view unavailable_detail =
    "The service is temporarily unavailable (its database is unreachable, busy or full); retry after the "
    "number of seconds in Retry-After.";

struct FieldProblem {
  std::string pointer;  // RFC 6901 JSON pointer of the wrong field ("/financing/term_months")
  std::string detail;
  // Instead of a pointer, for uploads: where in the body ("line 12", "telegram 3"); sent as "location".
  std::string location;
};

struct Problem {
  int status = 500;
  std::string slug;  // last segment of the type URI: "validation", "not-found", ...
  std::string title;
  std::string detail;
  std::string instance;  // the request id
  std::vector<FieldProblem> errors;
  std::optional<int> retry_after_seconds;  // sent as Retry-After
  std::vector<std::string> allow;          // sent as Allow (405)
  std::string log_cause;                   // never sent: Response::log_cause, for the access log
};

// The problem for a status that the pipeline itself produces (400, 401, 403, 404, 405, 408, 411, 413, 415,
// 500, 503).
Problem make_problem(int status, std::string detail, std::string instance = {});

// The mapping above, for one error of a use case.
Problem problem_from_error(const Error& error, std::string instance = {});
// A 422 validation problem listing every error with its pointer (the JSON reader collects all problems).
// An empty list is a programming error and yields a 500.
Problem validation_problem(const std::vector<Error>& errors, std::string instance = {});

int http_status(const Error& error) noexcept;

// The problem as an application/problem+json Response (with Allow / Retry-After headers when set).
Response to_response(const Problem& problem);

// JSON string literals (adapters/io/json_text.hpp).
using io::json_quote;

}  // namespace renofee::http
