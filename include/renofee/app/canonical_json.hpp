// renofee/app/canonical_json.hpp
//
// Purpose: the canonical JSON form of documents that are hashed and must be reproduced byte for byte years
// later (reconciliation reports, docs/domain.md §8; contract versions). Canonical here means:
//   - object keys sorted by their UTF-8 bytes (std::map order), each key once;
//   - no whitespace outside strings;
//   - strings escaped minimally: `"` and `\` with a backslash, control characters below U+0020 as \b \f \n
//     \r \t or \u00XX (lower-case hex), everything else (all other UTF-8) verbatim; invalid UTF-8 is refused;
//   - numbers only as integers (counts, years); every decimal quantity is a string (docs/domain.md §2), so no
//     floating-point formatting question arises;
//   - literals true, false, null.
// This is the JSON Canonicalization Scheme (RFC 8785) restricted to integer numbers and ASCII keys, for which
// the RFC's UTF-16 key order equals byte order.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/money/decimal.hpp"

namespace renofee::app {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::map<std::string, Json>;

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool value) : value_(value) {}
  Json(int value) : value_(static_cast<std::int64_t>(value)) {}
  Json(std::int64_t value) : value_(value) {}
  Json(std::string value) : value_(std::move(value)) {}
  Json(std::string_view value) : value_(std::string(value)) {}
  Json(const char* value) : value_(std::string(value)) {}
  Json(const Decimal& value) : value_(value.to_string()) {}  // decimals are strings
  Json(Array value) : value_(std::make_shared<Array>(std::move(value))) {}
  Json(Object value) : value_(std::make_shared<Object>(std::move(value))) {}

  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }

  // Object access: inserts or replaces `key` (the value must be an object).
  Json& set(const std::string& key, Json value);
  // Array append (the value must be an array).
  Json& push(Json value);

  [[nodiscard]] bool is_null() const noexcept { return std::holds_alternative<std::monostate>(value_); }
  [[nodiscard]] const Object* as_object() const noexcept;
  [[nodiscard]] const Array* as_array() const noexcept;
  [[nodiscard]] const std::string* as_string() const noexcept;

 private:
  friend Result<std::string> to_canonical_json(const Json& value);
  friend void write_canonical(const Json& value, std::string& out);
  std::variant<std::monostate, bool, std::int64_t, std::string, std::shared_ptr<Array>,
               std::shared_ptr<Object>>
      value_;
};

// The canonical text (rules above); invalid_argument naming the JSON pointer of a string or key that is not
// valid UTF-8.
Result<std::string> to_canonical_json(const Json& value);

}  // namespace renofee::app
