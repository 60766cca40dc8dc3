// renofee/core/base/error.hpp
//
// Purpose: the error vocabulary of renofee. Every expected failure (bad input, missing data, a conflict) is
// an `Error` carried in a `Result<T>`; exceptions are reserved for broken invariants (programming errors).
//
// Codes follow Abseil's canonical set; pick the first that fits:
//   invalid_argument     the input itself is wrong whatever the state of the system ("1,5" as a decimal,
//                        term 0)
//   out_of_range         the input is well-formed but outside a documented bound (a decimal with 200 digits)
//   failed_precondition  the system is not in a state where the request can work (no readings cover the
//                        period)
//   not_found            a named entity does not exist (or must look as if it does not: no existence leak)
//   already_exists       creating something that exists, or a conflicting duplicate (HTTP 409)
//   unavailable          a transient failure that may succeed on retry (database busy or down; HTTP 503)
//   internal             a bug or corrupted state; never shown to users in detail
// `field` names the offending input (a JSON pointer such as "/financing/term_months", a CSV line, a flag)
// when there is one, so adapters can point at it.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace renofee {

enum class ErrorCode {
  invalid_argument,
  out_of_range,
  failed_precondition,
  not_found,
  already_exists,
  unavailable,
  internal,
};

// Stable lower-case name of a code ("invalid_argument"), used in logs, problem types and tests.
std::string_view to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;  // human-readable, names the offending value
  std::string field;    // where the bad input is, or empty

  // Returns a copy whose field is `prefix` + field (prefixes compose: "/financing" + "/rate").
  [[nodiscard]] Error at(std::string_view prefix) const;

  friend bool operator==(const Error&, const Error&) = default;
};

// Constructors named after the codes, so call sites read as the guidance above.
Error invalid_argument(std::string message, std::string field = {});
Error out_of_range(std::string message, std::string field = {});
Error failed_precondition(std::string message, std::string field = {});
Error not_found(std::string message, std::string field = {});
Error already_exists(std::string message, std::string field = {});
Error unavailable(std::string message, std::string field = {});
Error internal_error(std::string message, std::string field = {});

// "invalid_argument: not a decimal number: \"1,5\" (at /financing/rate)"
std::string describe(const Error& error);
std::ostream& operator<<(std::ostream& os, const Error& error);

}  // namespace renofee
