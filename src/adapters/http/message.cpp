#include "renofee/adapters/http/message.hpp"

#include <algorithm>

namespace renofee::http {

bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

void Headers::add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::set(std::string name, std::string value) {
  std::erase_if(fields_, [&](const auto& field) { return equals_ignore_case(field.first, name); });
  fields_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (equals_ignore_case(key, name)) return value;
  }
  return std::nullopt;
}

std::string Request::param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> Request::query_value(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Response Response::json(int status, std::string body) {
  return Response{status, "application/json", std::move(body), {}, {}};
}

Response Response::streamed(int status) {
  Response response{status, {}, {}, {}, {}};
  response.sent_as_stream = true;
  return response;
}

Response Response::text(int status, std::string content_type, std::string body) {
  return Response{status, std::move(content_type), std::move(body), {}, {}};
}

std::string media_type_of(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t'))
    type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t'))
    type.remove_suffix(1);
  std::string lower(type);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

Result<std::map<std::string, std::string>> query_parameters(const Request& request,
                                                            std::initializer_list<std::string_view> allowed) {
  std::map<std::string, std::string> values;
  for (const auto& [name, value] : request.query) {
    const std::string pointer = "/" + name.substr(0, 40);
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string list;
      for (std::string_view a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
      return invalid_argument(list.empty() ? "unknown query parameter (this resource takes none)"
                                           : "unknown query parameter (this resource takes " + list + ")",
                              pointer);
    }
    if (value.size() > max_query_value_bytes) {
      return invalid_argument("is longer than " + std::to_string(max_query_value_bytes) + " bytes", pointer);
    }
    if (!values.emplace(name, value).second) return invalid_argument("is given more than once", pointer);
  }
  return values;
}

}  // namespace renofee::http
