// renofee/adapters/io/json_reader.hpp
//
// Purpose: strict, typed reading of JSON documents on top of Poco::JSON, shared by every JSON input (offers,
// tariff files, API bodies). It collects every problem in document order, each with the JSON pointer (RFC
// 6901) of the wrong field, instead of stopping at the first:
//   - decimal quantities must be JSON strings in plain notation (Decimal::parse_plain: "35000.00", "-0.02";
//     no '+' or exponent, the grammar of meter readings too); a JSON number there is rejected naming the
//     field, because Poco (like most JSON parsers) reads numbers as binary floating point (docs/domain.md §2);
//   - counts (months, years, m2) must be JSON integers; booleans and fractions are not integers;
//   - unknown keys are rejected (a typo such as "anual_rate" must not silently fall back to a default);
//   - missing required keys and wrong types are reported with what was expected.
// Parse errors of the JSON text itself become one invalid_argument at pointer "" (the document). Two checks
// run while the text is parsed, for every JSON input at once (offers, API bodies, tariff files, NDJSON
// readings): a member given twice in one object is an invalid_argument at its pointer ("/financing/rate"),
// because Poco keeps the last one silently; a whole number beyond the 64-bit range, which Poco cannot convert,
// is an out_of_range at its pointer ("/dwelling/floor_area_m2") instead of "malformed JSON".
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/money/decimal.hpp"

namespace renofee::io {

// Parses `text` (at most `max_bytes`) into an object; anything else (an array, a syntax error, too large) is
// an invalid_argument / out_of_range error for the whole document; a repeated member or a number out of range
// is an error at its pointer (above).
Result<Poco::JSON::Object::Ptr> parse_json_object(std::string_view text, std::size_t max_bytes = 1 << 20);
// Parses `text` (at most `max_bytes`) as one JSON value of any type; a syntax error (including text after
// the value) or too large a text is an invalid_argument / out_of_range error for the whole document, a
// repeated member or a number out of range one at its pointer. The one entry of JSON text into renofee. For
// documents whose top level is not an object (a guarantees array, guarantee_json.hpp): the caller checks
// the type and reports it at its own pointer.
Result<Poco::Dynamic::Var> parse_json_value(std::string_view text, std::size_t max_bytes = 1 << 20);

enum class Presence { required, optional };

class JsonObjectReader {
 public:
  JsonObjectReader(Poco::JSON::Object::Ptr object, std::string pointer, std::vector<Error>& problems);

  // The JSON pointer of this object ("" for the document, "/financing") and of a member of it.
  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }
  [[nodiscard]] std::string pointer_to(std::string_view key) const;
  [[nodiscard]] bool has(std::string_view key) const;

  std::optional<std::string> string(std::string_view key, Presence presence, std::size_t max_length = 1000);
  std::optional<Decimal> decimal(std::string_view key, Presence presence);
  std::optional<long long> integer(std::string_view key, Presence presence, long long min, long long max);
  std::optional<bool> boolean(std::string_view key, Presence presence);
  std::optional<JsonObjectReader> object(std::string_view key, Presence presence);
  // Calls `each` with the pointer and value of every element; returns the element count, or nullopt when
  // absent or not an array (reported). More than `max_items` elements is out_of_range.
  std::optional<std::size_t> array(
      std::string_view key, Presence presence, std::size_t max_items,
      const std::function<void(const std::string& pointer, const Poco::Dynamic::Var&)>& each);
  // Elements of an array as objects / strings / decimals, with problems reported per element.
  std::optional<JsonObjectReader> as_object(const std::string& pointer, const Poco::Dynamic::Var& value);
  std::optional<std::string> as_string(const std::string& pointer, const Poco::Dynamic::Var& value,
                                       std::size_t max_length = 1000);
  std::optional<Decimal> as_decimal(const std::string& pointer, const Poco::Dynamic::Var& value);

  // Reports every key not in `known`.
  void reject_unknown(std::initializer_list<std::string_view> known);
  void reject_unknown(std::span<const std::string_view> known);

  // Adds a problem at `pointer` (for checks the caller makes on values it read).
  void problem(std::string pointer, std::string message);

  // The raw member (for data kept as JSON, such as an offer's guarantees).
  [[nodiscard]] Poco::Dynamic::Var raw(std::string_view key) const;

 private:
  // The member `key` inside this reader's object (no copy; valid while the reader lives), or null when it
  // is absent, or null and optional; a required absent member is also reported.
  const Poco::Dynamic::Var* member(std::string_view key, Presence presence, const char* expected);
  // The member `key`, or null: one ordered lookup in the object's map without copying the value (Poco's
  // `has` + `get` built two key strings, looked up twice and cloned the value).
  [[nodiscard]] const Poco::Dynamic::Var* find(std::string_view key) const;

  Poco::JSON::Object::Ptr object_;
  std::string pointer_;
  std::vector<Error>* problems_;
};

// Reads a named enum value (at most 100 characters) through its parse function, reporting an unknown name at the
// field; nullopt when absent or refused.
template <typename E>
std::optional<E> read_enum(JsonObjectReader& reader, std::string_view key, Presence presence,
                           Result<E> (*parse)(std::string_view)) {
  const std::optional<std::string> text = reader.string(key, presence, 100);
  if (!text) return std::nullopt;
  Result<E> value = parse(*text);
  if (!value) {
    reader.problem(reader.pointer_to(key), value.error().message);
    return std::nullopt;
  }
  return *value;
}

// Sets `target` from a field that was read, leaving it untouched when the field was absent or refused.
template <typename T, typename U>
void assign_if_read(T& target, const std::optional<U>& value) {
  if (value) target = T(*value);
}

// A short name of a JSON value's type for messages: "a number", "a string", "an object", ...
std::string json_type_name(const Poco::Dynamic::Var& value);

// Escapes a key for a JSON pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string escape_pointer_token(std::string_view key);

// Canonical JSON text of a value: keys sorted, no insignificant whitespace (for values kept as data).
std::string canonical_json(const Poco::Dynamic::Var& value);

}  // namespace renofee::io
