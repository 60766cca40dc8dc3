#include "renofee/adapters/io/json_reader.hpp"

#include "renofee/adapters/io/json_text.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <functional>
#include <optional>
#include <set>

namespace renofee::io {
namespace {

bool is_object(const Poco::Dynamic::Var& v) {
  return v.type() == typeid(Poco::JSON::Object::Ptr);
}
bool is_array(const Poco::Dynamic::Var& v) {
  return v.type() == typeid(Poco::JSON::Array::Ptr);
}
// Poco reports booleans as integers too; a JSON integer is an integer that is not a boolean.
bool is_integer(const Poco::Dynamic::Var& v) {
  return v.isInteger() && !v.isBoolean();
}

void append_canonical(std::string& out, const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) {
    out += "null";
  } else if (is_object(value)) {
    const auto object = value.extract<Poco::JSON::Object::Ptr>();
    std::vector<std::string> keys;
    object->getNames(keys);
    std::sort(keys.begin(), keys.end());
    out += '{';
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i > 0) out += ',';
      out += json_quote(keys[i]);
      out += ':';
      append_canonical(out, object->get(keys[i]));
    }
    out += '}';
  } else if (is_array(value)) {
    const auto array = value.extract<Poco::JSON::Array::Ptr>();
    out += '[';
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (i > 0) out += ',';
      append_canonical(out, array->get(static_cast<unsigned>(i)));
    }
    out += ']';
  } else if (value.isBoolean()) {
    out += value.extract<bool>() ? "true" : "false";
  } else if (value.isString()) {
    out += json_quote(value.extract<std::string>());
  } else {
    out += value.convert<std::string>();
  }
}

// Why a document is refused while it is parsed (thrown through Poco's parser, which closes its stream on any
// std::exception and rethrows), with the JSON pointer of the member or element.
struct Refusal : std::exception {
  explicit Refusal(Error why) : error(std::move(why)) {}
  [[nodiscard]] const char* what() const noexcept override { return "refused JSON value"; }
  Error error;
};

Error repeated_member(std::string_view name, std::string pointer) {
  return invalid_argument(
      "member " + json_quote(name) + " given twice in one object (JSON readers differ on which one counts)",
      std::move(pointer));
}

Error unreadable_number(std::string pointer) {
  return out_of_range(
      "number out of range (whole numbers -9223372036854775808..18446744073709551615, others within the "
      "range of binary floating point)",
      std::move(pointer));
}

// True when Poco reads the JSON number `token` as the number it is. A whole number beyond the 64-bit range is
// not: Poco refuses some ("floor_area_m2": 10^30 was a SyntaxException, read as malformed JSON) and wraps
// others without a word (18446744073709551616 became 0, -9223372036854775809 became -9223372036854775808);
// nor is a number with a fraction or exponent beyond double (1e400).
bool readable_number(std::string_view token) {
  if (token.find_first_of(".eE") != std::string_view::npos) {
    double value = 0;
    return Poco::NumberParser::tryParseFloat(std::string(token), value) && std::isfinite(value);
  }
  const bool negative = token.starts_with('-');
  const std::string_view digits = token.substr(negative ? 1 : 0);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return true;  // a syntax error
  const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
  return digits.size() < limit.size() || (digits.size() == limit.size() && digits <= limit);
}

// The index, among the document's numbers in document order, of the first that Poco cannot read as itself
// (readable_number), or nullopt. One pass over the text: strings are skipped, a number is a run of
// "-0123456789.eE+" starting with '-' or a digit, so the numbers come in the order the parser hands them over.
std::optional<std::size_t> first_unreadable_number(std::string_view text) {
  std::size_t index = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (in_string) {
      in_string = escaped || c != '"';
      escaped = !escaped && c == '\\';
      ++i;
    } else if (c == '"') {
      in_string = true;
      ++i;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const std::size_t end = std::min(text.find_first_not_of("-0123456789.eE+", i), text.size());
      if (!readable_number(text.substr(i, end - i))) return index;
      ++index;
      i = end;
    } else {
      ++i;
    }
  }
  return std::nullopt;
}

// Poco's ParseHandler builds the value tree and keeps the last of two members with one name, so a document
// could say two things and be read as one of them. This handler refuses the second name instead, refuses the
// number first_unreadable_number found, and knows where in the document the parser is, as a JSON pointer: per
// open object the names seen so far and the current one, per open array the number of elements begun. Memory:
// one copy of each name of the open objects; O(log n) per member, so a 1 MiB object of short names stays cheap.
class StrictHandler final : public Poco::JSON::ParseHandler {
 public:
  explicit StrictHandler(std::optional<std::size_t> unreadable_number) : unreadable_(unreadable_number) {}

  void reset() override {
    frames_.clear();
    numbers_ = 0;
    ParseHandler::reset();
  }
  void startObject() override {
    begin_element();
    frames_.push_back(Frame{true, {}, {}, 0});
    ParseHandler::startObject();
  }
  void endObject() override {
    frames_.pop_back();
    ParseHandler::endObject();
  }
  void startArray() override {
    begin_element();
    frames_.push_back(Frame{false, {}, {}, 0});
    ParseHandler::startArray();
  }
  void endArray() override {
    frames_.pop_back();
    ParseHandler::endArray();
  }
  void key(const std::string& name) override {
    Frame& object = frames_.back();
    object.current = name;
    if (!object.names.insert(name).second) throw Refusal(repeated_member(name, pointer()));
    ParseHandler::key(name);
  }
  void null() override {
    begin_element();
    ParseHandler::null();
  }
  void value(const std::string& v) override {
    begin_element();
    ParseHandler::value(v);
  }
  void value(bool v) override {
    begin_element();
    ParseHandler::value(v);
  }
  void value(int v) override {
    number([&] { ParseHandler::value(v); });
  }
  void value(unsigned v) override {
    number([&] { ParseHandler::value(v); });
  }
  void value(Poco::Int64 v) override {
    number([&] { ParseHandler::value(v); });
  }
  void value(Poco::UInt64 v) override {
    number([&] { ParseHandler::value(v); });
  }
  void value(double v) override {
    number([&] { ParseHandler::value(v); });
  }

  // The pointer of the value the parser is at ("" for the document). In an array that is the last element
  // begun, or with `pending` the next one (a number Poco failed to convert was never handed over).
  [[nodiscard]] std::string pointer(bool pending = false) const {
    std::string out;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      const bool next = pending && i + 1 == frames_.size();
      out += '/';
      out += frame.object ? escape_pointer_token(frame.current)
                          : std::to_string(next ? frame.elements : frame.elements - 1);
    }
    return out;
  }

 private:
  struct Frame {
    bool object;
    std::set<std::string, std::less<>> names;  // objects: the member names seen so far
    std::string current;                       // objects: the member being read
    std::size_t elements;                      // arrays: elements begun
  };

  void begin_element() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().elements;
  }
  template <typename F>
  void number(F&& hand_over) {
    begin_element();
    if (unreadable_ && numbers_ == *unreadable_) throw Refusal(unreadable_number(pointer()));
    ++numbers_;
    hand_over();
  }

  std::optional<std::size_t> unreadable_;  // index of the number to refuse
  std::size_t numbers_ = 0;                // numbers handed over so far
  std::vector<Frame> frames_;
};

}  // namespace

Result<Poco::Dynamic::Var> parse_json_value(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return out_of_range("JSON document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                        std::to_string(max_bytes) + " bytes");
  }
  auto* strict = new StrictHandler(first_unreadable_number(text));
  const Poco::JSON::Handler::Ptr handler(strict);  // owns `strict`
  try {
    Poco::JSON::Parser parser(handler);
    return parser.parse(std::string(text));
  } catch (const Refusal& refusal) {
    return refusal.error;
  } catch (const Poco::SyntaxException&) {
    // The syntax is Poco::JSON::JSONException; a SyntaxException is Poco's number conversion refusing the
    // number first_unreadable_number found before the handler saw it (10^30): a value out of range in a
    // field, not malformed JSON.
    return unreadable_number(strict->pointer(true));
  } catch (const Poco::Exception& e) {
    return invalid_argument("malformed JSON: " + e.displayText());
  } catch (const std::exception& e) {
    return invalid_argument(std::string("malformed JSON: ") + e.what());
  }
}

Result<Poco::JSON::Object::Ptr> parse_json_object(std::string_view text, std::size_t max_bytes) {
  Result<Poco::Dynamic::Var> root = parse_json_value(text, max_bytes);
  if (!root) return root.error();
  if (!is_object(*root))
    return invalid_argument("the document must be a JSON object, got " + json_type_name(*root));
  return root->extract<Poco::JSON::Object::Ptr>();
}

std::string json_type_name(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return "null";
  if (is_object(value)) return "an object";
  if (is_array(value)) return "an array";
  if (value.isBoolean()) return "a boolean";
  if (value.isString()) return "a string";
  if (value.isNumeric()) return "a number";
  return "a value";
}

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string canonical_json(const Poco::Dynamic::Var& value) {
  std::string out;
  append_canonical(out, value);
  return out;
}

JsonObjectReader::JsonObjectReader(Poco::JSON::Object::Ptr object, std::string pointer,
                                   std::vector<Error>& problems)
    : object_(std::move(object)), pointer_(std::move(pointer)), problems_(&problems) {}

std::string JsonObjectReader::pointer_to(std::string_view key) const {
  return pointer_ + "/" + escape_pointer_token(key);
}

const Poco::Dynamic::Var* JsonObjectReader::find(std::string_view key) const {
  // Poco::JSON::Object keeps its members in a std::map ordered by key (Poco 1.11, without
  // preserveInsertionOrder, which parse_json_object does not ask for): stop at the first key not below.
  const Poco::JSON::Object& object = *object_;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const int order = std::string_view(it->first).compare(key);
    if (order == 0) return &it->second;
    if (order > 0) break;
  }
  return nullptr;
}

bool JsonObjectReader::has(std::string_view key) const {
  return find(key) != nullptr;
}

void JsonObjectReader::problem(std::string pointer, std::string message) {
  problems_->push_back(invalid_argument(std::move(message), std::move(pointer)));
}

Poco::Dynamic::Var JsonObjectReader::raw(std::string_view key) const {
  return object_->get(std::string(key));
}

const Poco::Dynamic::Var* JsonObjectReader::member(std::string_view key, Presence presence,
                                                   const char* expected) {
  const Poco::Dynamic::Var* value = find(key);
  if (value == nullptr) {
    if (presence == Presence::required)
      problem(pointer_to(key), "missing required field (" + std::string(expected) + ")");
    return nullptr;
  }
  if (value->isEmpty() && presence == Presence::optional) return nullptr;  // null means absent
  return value;
}

std::optional<std::string> JsonObjectReader::as_string(const std::string& pointer,
                                                       const Poco::Dynamic::Var& value,
                                                       std::size_t max_length) {
  if (!value.isString()) {
    problem(pointer, "must be a string, got " + json_type_name(value));
    return std::nullopt;
  }
  const std::string& text = value.extract<std::string>();
  if (text.size() > max_length) {
    problems_->push_back(out_of_range(
        "text of " + std::to_string(text.size()) + " characters exceeds " + std::to_string(max_length),
        pointer));
    return std::nullopt;
  }
  return text;
}

std::optional<Decimal> JsonObjectReader::as_decimal(const std::string& pointer,
                                                    const Poco::Dynamic::Var& value) {
  if (!value.isString()) {
    if (value.isNumeric() && !value.isBoolean()) {
      problem(pointer, "decimal quantities must be JSON strings (write \"" + value.convert<std::string>() +
                           "\" in quotes): JSON numbers lose precision in common parsers");
    } else {
      problem(pointer, "must be a decimal string such as \"12.50\", got " + json_type_name(value));
    }
    return std::nullopt;
  }
  Result<Decimal> parsed = Decimal::parse_plain(value.extract<std::string>());
  if (!parsed) {
    Error error = parsed.error();
    error.field = pointer;
    problems_->push_back(std::move(error));
    return std::nullopt;
  }
  return *parsed;
}

std::optional<JsonObjectReader> JsonObjectReader::as_object(const std::string& pointer,
                                                            const Poco::Dynamic::Var& value) {
  if (!is_object(value)) {
    problem(pointer, "must be an object, got " + json_type_name(value));
    return std::nullopt;
  }
  return JsonObjectReader(value.extract<Poco::JSON::Object::Ptr>(), pointer, *problems_);
}

std::optional<std::string> JsonObjectReader::string(std::string_view key, Presence presence,
                                                    std::size_t max_length) {
  const auto value = member(key, presence, "a string");
  if (!value) return std::nullopt;
  return as_string(pointer_to(key), *value, max_length);
}

std::optional<Decimal> JsonObjectReader::decimal(std::string_view key, Presence presence) {
  const auto value = member(key, presence, "a decimal string");
  if (!value) return std::nullopt;
  return as_decimal(pointer_to(key), *value);
}

std::optional<long long> JsonObjectReader::integer(std::string_view key, Presence presence, long long min,
                                                   long long max) {
  const auto value = member(key, presence, "an integer");
  if (!value) return std::nullopt;
  if (!is_integer(*value)) {
    problem(pointer_to(key), "must be a whole number, got " + json_type_name(*value) +
                                 (value->isString() ? " (counts are JSON numbers, not strings)" : ""));
    return std::nullopt;
  }
  // Poco keeps a whole number above 2^63 - 1 as UInt64 (and one beyond UInt64 as a double, not an integer):
  // converting it to long long throws RangeException, so it is refused here as out of range, like any other
  // count beyond `max` (found by the http_quote fuzz target: "term_months": 12077777777777777777 was a 500).
  long long number = 0;
  try {
    number = value->convert<long long>();
  } catch (const Poco::RangeException&) {
    problems_->push_back(out_of_range(
        value->toString() + " outside " + std::to_string(min) + ".." + std::to_string(max), pointer_to(key)));
    return std::nullopt;
  }
  if (number < min || number > max) {
    problems_->push_back(
        out_of_range(std::to_string(number) + " outside " + std::to_string(min) + ".." + std::to_string(max),
                     pointer_to(key)));
    return std::nullopt;
  }
  return number;
}

std::optional<bool> JsonObjectReader::boolean(std::string_view key, Presence presence) {
  const auto value = member(key, presence, "true or false");
  if (!value) return std::nullopt;
  if (!value->isBoolean()) {
    problem(pointer_to(key), "must be true or false, got " + json_type_name(*value));
    return std::nullopt;
  }
  return value->extract<bool>();
}

std::optional<JsonObjectReader> JsonObjectReader::object(std::string_view key, Presence presence) {
  const auto value = member(key, presence, "an object");
  if (!value) return std::nullopt;
  return as_object(pointer_to(key), *value);
}

std::optional<std::size_t> JsonObjectReader::array(
    std::string_view key, Presence presence, std::size_t max_items,
    const std::function<void(const std::string& pointer, const Poco::Dynamic::Var&)>& each) {
  const auto value = member(key, presence, "an array");
  if (!value) return std::nullopt;
  if (!is_array(*value)) {
    problem(pointer_to(key), "must be an array, got " + json_type_name(*value));
    return std::nullopt;
  }
  const Poco::JSON::Array& items = *value->extract<Poco::JSON::Array::Ptr>();
  const std::string pointer = pointer_to(key);
  if (items.size() > max_items) {
    problems_->push_back(out_of_range(
        "array of " + std::to_string(items.size()) + " elements exceeds " + std::to_string(max_items),
        pointer));
    return std::nullopt;
  }
  std::size_t i = 0;
  for (auto it = items.begin(); it != items.end(); ++it, ++i)  // the elements themselves, not copies
    each(pointer + "/" + std::to_string(i), *it);
  return items.size();
}

void JsonObjectReader::reject_unknown(std::initializer_list<std::string_view> known) {
  reject_unknown(std::span<const std::string_view>(known.begin(), known.size()));
}

void JsonObjectReader::reject_unknown(std::span<const std::string_view> known) {
  // The members in key order (the object's map is ordered), without copying the names.
  const Poco::JSON::Object& object = *object_;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& name = it->first;
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string expected;
      for (std::string_view k : known)
        expected += (expected.empty() ? "" : ", ") + std::string(k);
      problem(pointer_to(name), "unknown field (expected: " + expected + ")");
    }
  }
}

}  // namespace renofee::io
