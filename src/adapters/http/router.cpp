#include "renofee/adapters/http/router.hpp"

#include <Poco/Exception.h>

#include <algorithm>
#include <array>
#include <exception>
#include <utility>

namespace renofee::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_token_upper(std::string_view method) {
  return !method.empty() && method.size() <= 16 &&
         std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_literal_char(char c) {  // RFC 3986 unreserved characters
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

std::vector<std::string_view> split_path(std::string_view path) {  // path starts with '/'
  std::vector<std::string_view> segments;
  std::size_t start = 1;
  while (true) {
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.push_back(path.substr(start));
      return segments;
    }
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

// Position of a method in Allow lists: the usual order, then anything else alphabetically.
int method_rank(std::string_view method) {
  static constexpr std::array<std::string_view, 7> order = {"GET",   "HEAD",   "POST",   "PUT",
                                                            "PATCH", "DELETE", "OPTIONS"};
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] == method) return static_cast<int>(i);
  }
  return static_cast<int>(order.size());
}

std::string media_type_of(std::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  std::string_view type = content_type.substr(0, semicolon);
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

// Checks one decoded path parameter; returns the reason it is refused, or empty.
std::string param_problem(std::string_view value, std::size_t max_bytes) {
  if (value.empty()) return "is empty";
  if (value.size() > max_bytes) return "is longer than " + std::to_string(max_bytes) + " bytes";
  if (!is_valid_utf8(value)) return "is not valid UTF-8";
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return "contains a control character";
    if (c == '/' || c == '\\') return "contains a path separator";
  }
  if (value.find("..") != std::string_view::npos) return "contains \"..\"";
  return {};
}

// The percent-decoded segments of a request path, or the reason (a 400 detail) it is refused: not absolute,
// longer than max_path_bytes, a bad escape, or a "." or ".." segment.
Result<std::vector<std::string>> request_segments(std::string_view path, std::size_t max_path_bytes) {
  if (path.empty() || path.front() != '/')
    return invalid_argument("the request target must be an absolute path");
  if (path.size() > max_path_bytes) {
    return invalid_argument("the path is longer than " + std::to_string(max_path_bytes) + " bytes");
  }
  std::vector<std::string> segments;
  if (path == "/") return segments;
  for (std::string_view raw : split_path(path)) {
    Result<std::string> decoded = percent_decode(raw, false);
    if (!decoded) return invalid_argument("bad path: " + decoded.error().message);
    if (*decoded == "." || *decoded == "..") {
      return invalid_argument("the path must not contain \".\" or \"..\" segments");
    }
    segments.push_back(std::move(decoded).value());
  }
  return segments;
}

// "a, b, c": the form of Allow and of the accepted media types in a 415.
std::string comma_separated(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items)
    joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

// The Allow list of a path whose routes declare `declared`: HEAD where there is a GET, OPTIONS always, in the
// usual order.
std::vector<std::string> allowed_methods(std::vector<std::string> declared) {
  std::vector<std::string> allow = std::move(declared);
  const bool has_get = std::find(allow.begin(), allow.end(), "GET") != allow.end();
  if (has_get && std::find(allow.begin(), allow.end(), "HEAD") == allow.end()) allow.push_back("HEAD");
  if (std::find(allow.begin(), allow.end(), "OPTIONS") == allow.end()) allow.push_back("OPTIONS");
  std::sort(allow.begin(), allow.end(), [](const std::string& left, const std::string& right) {
    return method_rank(left) != method_rank(right) ? method_rank(left) < method_rank(right) : left < right;
  });
  return allow;
}

// The 415 for a request whose Content-Type the route does not accept (a route without body media types
// accepts anything; a streaming route also refuses a request without Content-Type), or nullopt.
std::optional<Problem> media_type_problem(const Request& request, const Route& route) {
  const std::vector<std::string>& accepted = route.body_media_types;
  const std::optional<std::string> content_type = request.headers.get("Content-Type");
  if (accepted.empty() || (request.body.empty() && !content_type && !route.streams_body)) return std::nullopt;
  const std::string type = media_type_of(content_type.value_or(""));
  if (std::find(accepted.begin(), accepted.end(), type) != accepted.end()) return std::nullopt;
  return make_problem(415,
                      "Content-Type " + json_quote(content_type.value_or("(none)")) +
                          " is not accepted; use " + comma_separated(accepted),
                      request.request_id);
}

// Runs the authorizer, if any: false when it answered instead of the handler (its answer, or a 500 when it
// threw, is then in out.response); on success notes the accepted key in out.key_id.
bool authorized(const Authorizer& authorizer, Request& request, const Route& route, Dispatch& out) {
  if (!authorizer) return true;
  std::optional<Response> denied;
  try {
    denied = authorizer(request, route);
  } catch (const std::exception& e) {
    out.exception = e.what();
    denied = to_response(make_problem(500, "the server failed to answer this request", request.request_id));
  }
  if (denied) {
    out.response = std::move(*denied);
    return false;
  }
  if (request.principal) out.key_id = request.principal->key_id;
  return true;
}

// Runs the handler inside a catch-all: an exception becomes a 500 with a fixed detail, its text goes to
// out.exception (the access log) only.
void run_handler(const Route& route, const Request& request, Dispatch& out) {
  const auto internal_error = [&] {
    return to_response(make_problem(500, "the server failed to answer this request", request.request_id));
  };
  try {
    out.response = route.handler(request);
  } catch (const Poco::Exception& e) {  // what() is only the class name ("I/O error")
    out.exception = e.displayText();
    out.response = internal_error();
  } catch (const std::exception& e) {
    out.exception = e.what();
    out.response = internal_error();
  } catch (...) {
    out.exception = "a non-standard exception";
    out.response = internal_error();
  }
}

}  // namespace

Result<std::string> percent_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return invalid_argument("truncated percent escape in \"" + std::string(text) + "\"");
      }
      const int h = hex_value(text[i + 1]);
      const int l = hex_value(text[i + 2]);
      if (h < 0 || l < 0) {
        return invalid_argument("malformed percent escape \"" + std::string(text.substr(i, 3)) + "\"");
      }
      const char decoded = static_cast<char>(h * 16 + l);
      if (decoded == '\0') return invalid_argument("encoded NUL (%00) is not allowed");
      out += decoded;
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    std::size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view pair = raw_query.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t equals = pair.find('=');
      RENOFEE_TRY(std::string key, percent_decode(pair.substr(0, equals), true));
      std::string value;
      if (equals != std::string_view::npos) {
        RENOFEE_TRY(value, percent_decode(pair.substr(equals + 1), true));
      }
      pairs.emplace_back(std::move(key), std::move(value));
    }
    start = end + 1;
  }
  return pairs;
}

std::string Access::describe() const {
  if (public_) return "public";
  std::string text;
  for (app::Role role : app::all_roles) {
    if ((mask_ & bit(role)) == 0) continue;
    if (!text.empty()) text += ',';
    text += app::to_string(role);
  }
  return text.empty() ? "none" : text;
}

Router::Router(RouterLimits limits) : limits_(limits) {}

const Router::Entry* Router::best_match(const std::vector<std::string>& segments) const {
  // The most specific matching shape: at the first differing segment a literal beats a parameter.
  const Entry* best = nullptr;
  for (const Entry& entry : entries_) {
    if (entry.segments.size() != segments.size()) continue;
    bool matches = true;
    for (std::size_t i = 0; i < segments.size() && matches; ++i) {
      matches = entry.segments[i].is_param || entry.segments[i].text == segments[i];
    }
    if (!matches) continue;
    if (best == nullptr) {
      best = &entry;
      continue;
    }
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (entry.segments[i].is_param != best->segments[i].is_param) {
        if (!entry.segments[i].is_param) best = &entry;
        break;
      }
    }
  }
  return best;
}

const Route* Router::find(std::string_view method, std::string_view path) const {
  if (path.empty() || path.front() != '/' || path.size() > limits_.max_path_bytes) return nullptr;
  std::vector<std::string> segments;
  if (path != "/") {
    for (std::string_view raw : split_path(path)) {
      Result<std::string> decoded = percent_decode(raw, false);
      if (!decoded) return nullptr;
      segments.push_back(std::move(decoded).value());
    }
  }
  const Entry* best = best_match(segments);
  if (best == nullptr) return nullptr;
  const Route* get_route = nullptr;
  for (const Entry& entry : entries_) {
    if (entry.shape != best->shape) continue;
    if (entry.route.method == method) return &entry.route;
    if (entry.route.method == "GET") get_route = &entry.route;
  }
  return method == "HEAD" ? get_route : nullptr;
}

Result<void> Router::add(Route route) {
  if (!is_token_upper(route.method))
    return invalid_argument("bad HTTP method \"" + route.method + "\"", "method");
  if (route.name.empty() || !std::all_of(route.name.begin(), route.name.end(), is_name_char)) {
    return invalid_argument("bad route name \"" + route.name + "\" (want [a-z0-9_]+)", "name");
  }
  if (!route.handler) return invalid_argument("route " + route.name + " has no handler", "handler");
  const std::string& path = route.path_template;
  if (path.empty() || path.front() != '/') {
    return invalid_argument("path template \"" + path + "\" does not start with '/'", "path_template");
  }
  Entry entry;
  for (std::string_view segment : split_path(path)) {
    if (path == "/") break;
    if (segment.size() >= 3 && segment.front() == '{' && segment.back() == '}') {
      const std::string_view name = segment.substr(1, segment.size() - 2);
      if (!std::all_of(name.begin(), name.end(), is_name_char)) {
        return invalid_argument("bad parameter name in \"" + path + "\"", "path_template");
      }
      for (const Segment& seen : entry.segments) {
        if (seen.is_param && seen.text == name) {
          return invalid_argument("parameter {" + std::string(name) + "} twice in \"" + path + "\"",
                                  "path_template");
        }
      }
      entry.segments.push_back(Segment{std::string(name), true});
      entry.shape += "/{}";
    } else {
      if (segment.empty() || !std::all_of(segment.begin(), segment.end(), is_literal_char) ||
          segment == "." || segment == "..") {
        return invalid_argument("bad literal segment \"" + std::string(segment) + "\" in \"" + path + "\"",
                                "path_template");
      }
      entry.segments.push_back(Segment{std::string(segment), false});
      entry.shape += '/';
      entry.shape += segment;
    }
  }
  if (entry.shape.empty()) entry.shape = "/";
  for (const Entry& other : entries_) {
    if (other.shape == entry.shape && other.route.method == route.method) {
      return invalid_argument("duplicate route " + route.method + " " + path, "path_template");
    }
  }
  entry.route = std::move(route);
  entries_.push_back(std::move(entry));
  return success();
}

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> list;
  for (const Entry& entry : entries_) {
    list.push_back(
        RouteInfo{entry.route.method, entry.route.path_template, entry.route.name, entry.route.access});
  }
  return list;
}

Dispatch Router::dispatch(Request request) const {
  Dispatch out;
  const std::string& id = request.request_id;
  const auto fail = [&](Problem problem) {
    out.response = to_response(problem);
    return out;
  };

  Result<std::vector<std::string>> segments = request_segments(request.path, limits_.max_path_bytes);
  if (!segments) return fail(make_problem(400, segments.error().message, id));
  const Entry* best = best_match(*segments);
  if (best == nullptr) return fail(make_problem(404, "no resource at " + json_quote(request.path), id));

  std::vector<std::string> declared;
  const Entry* chosen = nullptr;
  const Entry* get_entry = nullptr;
  for (const Entry& entry : entries_) {
    if (entry.shape != best->shape) continue;
    declared.push_back(entry.route.method);
    if (entry.route.method == request.method) chosen = &entry;
    if (entry.route.method == "GET") get_entry = &entry;
  }
  if (chosen == nullptr && request.method == "HEAD") chosen = get_entry;
  if (chosen == nullptr) {
    const std::vector<std::string> allow = allowed_methods(std::move(declared));
    if (request.method == "OPTIONS") {
      out.route = &best->route;
      out.response = Response{204, {}, {}, {}, {}};
      out.response.headers.set("Allow", comma_separated(allow));
      return out;
    }
    Problem problem =
        make_problem(405, request.method + " is not allowed on " + best->route.path_template, id);
    problem.allow = allow;
    return fail(std::move(problem));
  }
  out.route = &chosen->route;

  for (std::size_t i = 0; i < segments->size(); ++i) {
    if (!chosen->segments[i].is_param) continue;
    const std::string& name = chosen->segments[i].text;
    const std::string reason = param_problem((*segments)[i], limits_.max_param_bytes);
    if (!reason.empty()) return fail(make_problem(400, "path parameter " + name + " " + reason, id));
    request.params.emplace_back(name, std::move((*segments)[i]));
  }
  Result<std::vector<std::pair<std::string, std::string>>> query = parse_query(request.raw_query);
  if (!query) return fail(make_problem(400, "bad query string: " + query.error().message, id));
  request.query = std::move(query).value();
  if (std::optional<Problem> refused = media_type_problem(request, chosen->route)) {
    return fail(std::move(*refused));
  }

  if (!authorized(authorizer_, request, chosen->route, out)) return out;
  run_handler(chosen->route, request, out);
  return out;
}

}  // namespace renofee::http
