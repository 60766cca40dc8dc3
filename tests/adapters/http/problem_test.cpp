// Test plan for problem.hpp:
//   The ErrorCode -> status table (both sides of the field rule for invalid_argument / out_of_range); exact
//   problem+json bodies for a validation problem with pointers, a 404 and a 503 (with Retry-After); 500 hides
//   the message; several validation errors are all listed in order; a place in an uploaded file is a
//   `location` in `errors` of a 422 and of a 409. (JSON string escaping is tested with
//   its rule, tests/core/base/text_test.cpp.)
#include "renofee/adapters/http/problem.hpp"

#include <gtest/gtest.h>

namespace renofee::http {
namespace {

TEST(Problem, StatusMapping) {
  struct Row {
    int line;
    Error error;
    int status;
    const char* slug;
  };
  const Row rows[] = {
      {__LINE__, invalid_argument("not a decimal: \"1,5\"", "/financing/principal"), 422, "validation"},
      {__LINE__, invalid_argument("not JSON: unexpected '}' at 17"), 400, "bad-request"},
      {__LINE__, out_of_range("term 0 outside 1..600", "/financing/term_months"), 422, "validation"},
      {__LINE__, out_of_range("document larger than 1 MiB"), 400, "bad-request"},
      {__LINE__, not_found("no contract c-9"), 404, "not-found"},
      {__LINE__, already_exists("contract c-9 exists"), 409, "conflict"},
      {__LINE__, failed_precondition("no readings cover 2027"), 409, "conflict"},
      {__LINE__, unavailable("database is locked"), 503, "unavailable"},
      {__LINE__, internal_error("ledger hash mismatch at row 7"), 500, "internal"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    EXPECT_EQ(http_status(row.error), row.status);
    const Problem problem = problem_from_error(row.error, "id-1");
    EXPECT_EQ(problem.status, row.status);
    EXPECT_EQ(problem.slug, row.slug);
    EXPECT_EQ(problem.instance, "id-1");
    if (row.status == 500 || row.status == 503) {
      // The error's message goes to the access log, not to the client.
      EXPECT_EQ(problem.detail.find(row.error.message), std::string::npos) << problem.detail;
      EXPECT_EQ(problem.log_cause, row.error.message);
    } else {
      EXPECT_EQ(problem.detail, row.error.message);
    }
    EXPECT_EQ(problem.errors.size(), row.status == 422 ? 1u : 0u);
    EXPECT_EQ(problem.retry_after_seconds.has_value(), row.status == 503);
  }
}

TEST(Problem, ExactBodies) {
  const Response validation =
      to_response(problem_from_error(out_of_range("240000 is above 600", "/financing/term_months"), "r-1"));
  EXPECT_EQ(validation.status, 422);
  EXPECT_EQ(validation.content_type, "application/problem+json");
  EXPECT_EQ(
      validation.body,
      R"({"type":"https://renofee.example/problems/validation","title":"Validation failed","status":422,)"
      R"("detail":"240000 is above 600","instance":"r-1","errors":[{"pointer":"/financing/term_months",)"
      R"("detail":"240000 is above 600"}]})");

  const Response unavailable_response = to_response(problem_from_error(
      unavailable("storing readings: terminating connection due to administrator command (SQLSTATE 57P01)"),
      "r-2"));
  EXPECT_EQ(unavailable_response.headers.get("Retry-After").value_or(""), "1");
  EXPECT_EQ(unavailable_response.body,
            R"({"type":"https://renofee.example/problems/unavailable","title":"Service unavailable",)"
            R"("status":503,"detail":"The service is temporarily unavailable (its database is unreachable, )"
            R"(busy or full); retry after the number of seconds in Retry-After.","instance":"r-2"})");
  EXPECT_EQ(unavailable_response.log_cause,
            "storing readings: terminating connection due to administrator command (SQLSTATE 57P01)");

  Problem not_allowed = make_problem(405, "POST is not allowed on /healthz", "r-3");
  not_allowed.allow = {"GET", "HEAD", "OPTIONS"};
  EXPECT_EQ(to_response(not_allowed).headers.get("Allow").value_or(""), "GET, HEAD, OPTIONS");
}

TEST(Problem, ValidationListsEveryError) {
  const Problem problem =
      validation_problem({invalid_argument("a number in a decimal field", "/financing/principal"),
                          out_of_range("0 is below 1", "/financing/term_months"),
                          invalid_argument("unknown key", "/anual_rate")},
                         "r-4");
  EXPECT_EQ(problem.status, 422);
  EXPECT_EQ(problem.detail, "3 fields are invalid");
  ASSERT_EQ(problem.errors.size(), 3u);
  EXPECT_EQ(problem.errors[0].pointer, "/financing/principal");
  EXPECT_EQ(problem.errors[1].pointer, "/financing/term_months");
  EXPECT_EQ(problem.errors[2].detail, "unknown key");
  EXPECT_EQ(validation_problem({}, "r-5").status, 500);
}

TEST(Problem, UnknownStatusFallsBackTo500) {
  EXPECT_EQ(make_problem(418, "teapot").status, 500);
}

}  // namespace
}  // namespace renofee::http

namespace renofee::http {
namespace {

TEST(Problem, UploadLinesBecomeLocations) {
  const Response invalid =
      to_response(problem_from_error(invalid_argument("line 12: bad timestamp", "line 12"), "r"));
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find(R"("errors":[{"location":"line 12","detail":"line 12: bad timestamp"}])"),
            std::string::npos)
      << invalid.body;
  const Response telegram = to_response(problem_from_error(invalid_argument("bad CRC", "telegram 3"), "r"));
  EXPECT_NE(telegram.body.find(R"({"location":"telegram 3","detail":"bad CRC"})"), std::string::npos);
  const Response conflict =
      to_response(problem_from_error(already_exists("value 2 conflicts", "line 7"), "r"));
  EXPECT_EQ(conflict.status, 409);
  // The conflict's line is in `errors` as well (not only in the detail text), whatever its code.
  EXPECT_EQ(
      conflict.body,
      R"({"type":"https://renofee.example/problems/conflict","title":"Conflict with the current state",)"
      R"("status":409,"detail":"line 7: value 2 conflicts","instance":"r","errors":[{"location":"line 7",)"
      R"("detail":"value 2 conflicts"}]})");
  const Problem fall = problem_from_error(failed_precondition("register decreases", "telegram 4"), "r");
  EXPECT_EQ(fall.status, 409);
  ASSERT_EQ(fall.errors.size(), 1u);
  EXPECT_EQ(fall.errors[0].location, "telegram 4");
  EXPECT_EQ(fall.errors[0].pointer, "");
  // A 409 that is about no place in a file has no `errors`.
  EXPECT_TRUE(problem_from_error(already_exists("contract c-9 exists", "/id"), "r").errors.empty());
  const Response pointer = to_response(problem_from_error(invalid_argument("too big", "/a/0"), "r"));
  EXPECT_NE(pointer.body.find(R"({"pointer":"/a/0","detail":"too big"})"), std::string::npos);
}

TEST(Problem, AuthenticationStatuses) {
  const Response unauthorized = to_response(make_problem(401, "no key", "r"));
  EXPECT_NE(
      unauthorized.body.find(
          R"("type":"https://renofee.example/problems/unauthorized","title":"Authentication required")"),
      std::string::npos);
  const Response forbidden = to_response(make_problem(403, "role", "r"));
  EXPECT_NE(forbidden.body.find(
                R"("type":"https://renofee.example/problems/forbidden","title":"Not allowed for this role")"),
            std::string::npos);
  EXPECT_EQ(to_response(make_problem(418, "unknown status", "r")).status, 500);
}

}  // namespace
}  // namespace renofee::http
