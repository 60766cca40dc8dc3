#include "renofee/app/canonical_json.hpp"

#include <optional>
#include <stdexcept>

#include "renofee/core/base/text.hpp"

namespace renofee::app {
namespace {

// Canonical string literals are the shared writer's canonical spelling (core/base/text.hpp); the text is
// valid UTF-8 (checked by first_invalid before writing), so every byte is escaped or copied, never replaced.
void quote(std::string_view s, std::string& out) {
  text::append_json_string(out, s, text::JsonSpelling::canonical);
}

// The JSON pointer of the first string or key that is not UTF-8, or nullopt.
std::optional<std::string> first_invalid(const Json& value, const std::string& pointer) {
  if (const std::string* s = value.as_string()) {
    if (!text::is_valid_utf8(*s)) return pointer.empty() ? std::string("/") : pointer;
  } else if (const Json::Array* a = value.as_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (auto bad = first_invalid((*a)[i], pointer + "/" + std::to_string(i))) return bad;
    }
  } else if (const Json::Object* o = value.as_object()) {
    for (const auto& [key, member] : *o) {
      if (!text::is_valid_utf8(key)) return pointer + "/<key>";
      if (auto bad = first_invalid(member, pointer + "/" + key)) return bad;
    }
  }
  return std::nullopt;
}

}  // namespace

Json& Json::set(const std::string& key, Json value) {
  auto* object = std::get_if<std::shared_ptr<Object>>(&value_);
  if (object == nullptr) throw std::logic_error("Json::set on a value that is not an object");
  (**object)[key] = std::move(value);
  return *this;
}

Json& Json::push(Json value) {
  auto* array = std::get_if<std::shared_ptr<Array>>(&value_);
  if (array == nullptr) throw std::logic_error("Json::push on a value that is not an array");
  (*array)->push_back(std::move(value));
  return *this;
}

const Json::Object* Json::as_object() const noexcept {
  const auto* object = std::get_if<std::shared_ptr<Object>>(&value_);
  return object != nullptr ? object->get() : nullptr;
}

const Json::Array* Json::as_array() const noexcept {
  const auto* array = std::get_if<std::shared_ptr<Array>>(&value_);
  return array != nullptr ? array->get() : nullptr;
}

const std::string* Json::as_string() const noexcept {
  return std::get_if<std::string>(&value_);
}

void write_canonical(const Json& value, std::string& out) {
  struct Writer {
    std::string& out;
    void operator()(std::monostate) const { out += "null"; }
    void operator()(bool b) const { out += b ? "true" : "false"; }
    void operator()(std::int64_t n) const { out += std::to_string(n); }
    void operator()(const std::string& s) const { quote(s, out); }
    void operator()(const std::shared_ptr<Json::Array>& a) const {
      out += '[';
      for (std::size_t i = 0; i < a->size(); ++i) {
        if (i > 0) out += ',';
        write_canonical((*a)[i], out);
      }
      out += ']';
    }
    void operator()(const std::shared_ptr<Json::Object>& o) const {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : *o) {
        if (!first) out += ',';
        first = false;
        quote(key, out);
        out += ':';
        write_canonical(member, out);
      }
      out += '}';
    }
  };
  std::visit(Writer{out}, value.value_);
}

Result<std::string> to_canonical_json(const Json& value) {
  if (auto bad = first_invalid(value, "")) {
    return invalid_argument("text that is not valid UTF-8 cannot be written as canonical JSON", *bad);
  }
  std::string out;
  write_canonical(value, out);
  return out;
}

}  // namespace renofee::app
