#include "renofee/core/base/error.hpp"

#include <utility>

namespace renofee {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::out_of_range:
      return "out_of_range";
    case ErrorCode::failed_precondition:
      return "failed_precondition";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::already_exists:
      return "already_exists";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

Error Error::at(std::string_view prefix) const {
  Error copy = *this;
  copy.field = std::string(prefix) + field;
  return copy;
}

Error invalid_argument(std::string message, std::string field) {
  return {ErrorCode::invalid_argument, std::move(message), std::move(field)};
}
Error out_of_range(std::string message, std::string field) {
  return {ErrorCode::out_of_range, std::move(message), std::move(field)};
}
Error failed_precondition(std::string message, std::string field) {
  return {ErrorCode::failed_precondition, std::move(message), std::move(field)};
}
Error not_found(std::string message, std::string field) {
  return {ErrorCode::not_found, std::move(message), std::move(field)};
}
Error already_exists(std::string message, std::string field) {
  return {ErrorCode::already_exists, std::move(message), std::move(field)};
}
Error unavailable(std::string message, std::string field) {
  return {ErrorCode::unavailable, std::move(message), std::move(field)};
}
Error internal_error(std::string message, std::string field) {
  return {ErrorCode::internal, std::move(message), std::move(field)};
}

std::string describe(const Error& error) {
  std::string text(to_string(error.code));
  text += ": ";
  text += error.message;
  if (!error.field.empty()) {
    text += " (at ";
    text += error.field;
    text += ')';
  }
  return text;
}

std::ostream& operator<<(std::ostream& os, const Error& error) {
  return os << describe(error);
}

}  // namespace renofee
