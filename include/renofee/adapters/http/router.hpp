// renofee/adapters/http/router.hpp
//
// Purpose: maps (method, path) to a handler. Routes are declared as (method, path template, route name,
// handler), e.g. ("GET", "/v1/contracts/{id}/schedule", "contract_schedule", fn); the route name labels
// metrics and access-log lines so that ids in paths never become metric labels.
//
// Matching (docs/architecture.md, "HTTP adapter"):
//   - The raw path is split at '/' first and each segment percent-decoded afterwards (RFC 3986 §2.1), so an
//     encoded "%2F" stays inside one segment and then fails parameter validation. Malformed percent escapes,
//     a segment that decodes to "." or "..", or a path over `max_path_bytes` -> 400 bad-request.
//   - Among templates whose shape matches, the most specific wins: at the first differing segment a literal
//     beats a parameter ("/v1/contracts/new" before "/v1/contracts/{id}").
//   - No template matches -> 404. A template matches but not the method -> 405 with `Allow`.
//     HEAD is answered by the GET handler (the server sends the headers only); OPTIONS answers 204 with
//     `Allow`; both appear in every `Allow` list of a template with GET.
//   - Path parameters: 1..`max_param_bytes` bytes after decoding, valid UTF-8, no '/', '\\', control
//     characters or "..". A bad parameter -> 400 naming the parameter.
//   - Query: '&'-separated pairs, '+' as space, percent-decoded; a malformed escape -> 400.
//   - A route that declares body media types requires a matching Content-Type (type/subtype, parameters
//     such as charset ignored, case-insensitive) whenever the request has a body -> else 415. Routes that
//     declare none ignore any body (RFC 9110 §9.3.1: content in GET has no defined semantics).
//   - The authorizer hook (if set) runs after matching and before the handler and may answer instead (401,
//     403, 503); it may also fill `Request::principal` for the handler. Each route declares its `Access`:
//     public, or the roles that may call it (auth.hpp builds the API-key authorizer over that). A route
//     that declares nothing is closed to everyone (a forgotten declaration fails safe).
//   - A route with `streams_body` gets its body as a stream (Request::body_stream, supplied by the server
//     under the upload limit) instead of `Request::body`; it must declare its media types, and a request
//     to it without a Content-Type is a 415.
//   - The handler runs inside a catch-all: any exception (std::exception, Poco::Exception, anything else)
//     becomes a 500 problem with no internals in the body; its text is returned for the log.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/adapters/http/message.hpp"
#include "renofee/adapters/http/problem.hpp"
#include "renofee/app/api_keys.hpp"
#include "renofee/core/base/result.hpp"

namespace renofee::http {

using Handler = std::function<Response(const Request&)>;

// Who may call a route (docs/api.md, "Roles"): everyone without a key (/healthz, /openapi.yaml), or the
// holders of a valid key with one of the listed roles. Default-constructed: nobody.
class Access {
 public:
  Access() = default;
  static Access anyone() noexcept {
    Access a;
    a.public_ = true;
    return a;
  }
  static Access roles(std::initializer_list<app::Role> roles) noexcept {
    Access a;
    for (app::Role role : roles)
      a.mask_ |= bit(role);
    return a;
  }
  [[nodiscard]] bool is_public() const noexcept { return public_; }
  [[nodiscard]] bool allows(app::Role role) const noexcept { return public_ || (mask_ & bit(role)) != 0; }
  // "public", or the roles joined by ',' in app::all_roles order ("financier,auditor"), or "none".
  [[nodiscard]] std::string describe() const;
  friend bool operator==(const Access&, const Access&) = default;

 private:
  static constexpr unsigned bit(app::Role role) noexcept { return 1u << static_cast<unsigned>(role); }
  bool public_ = false;
  unsigned mask_ = 0;
};

struct Route {
  std::string method;         // "GET", "POST", ...
  std::string path_template;  // "/v1/contracts/{id}/schedule"
  std::string name;           // metrics/log label, [a-z0-9_]+
  Handler handler;
  std::vector<std::string> body_media_types =
      {};  // e.g. {"application/json"}; empty: the route takes no body
  Access access = {};
  bool streams_body = false;  // the handler reads Request::body_stream (uploads)
};

struct RouteInfo {
  std::string method;
  std::string path_template;
  std::string name;
  Access access;
};

struct RouterLimits {
  std::size_t max_path_bytes = 2048;
  std::size_t max_param_bytes = 128;
};

// The outcome of dispatching one request: the response and which route answered (null: the router itself,
// e.g. 404), plus the text of an exception a handler threw (for the log; never sent).
struct Dispatch {
  Response response;
  const Route* route = nullptr;
  std::string exception;
  std::string key_id;  // the API key the authorizer accepted (for the access log; never the secret)
};

// Answers instead of the handler when it returns a response (e.g. 401); nullopt lets the request through,
// after setting `request.principal` for routes that need one.
using Authorizer = std::function<std::optional<Response>(Request&, const Route&)>;

class Router {
 public:
  explicit Router(RouterLimits limits = {});

  // Adds a route. A malformed template, method or name, or a duplicate (method, template shape), is an
  // invalid_argument naming it.
  Result<void> add(Route route);
  void set_authorizer(Authorizer authorizer) { authorizer_ = std::move(authorizer); }

  // Matches, validates and runs the handler; fills request.params and request.query on the way.
  [[nodiscard]] Dispatch dispatch(Request request) const;

  // The route that `dispatch` would run for this method and raw path (HEAD finds the GET route), or null;
  // no validation and no handler. The server asks before reading a body, to learn whether it streams.
  [[nodiscard]] const Route* find(std::string_view method, std::string_view path) const;

  // Every declared route (method, template, name), in declaration order; HEAD and OPTIONS are implicit.
  [[nodiscard]] std::vector<RouteInfo> routes() const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool is_param = false;
  };
  struct Entry {
    Route route;
    std::vector<Segment> segments;
    std::string shape;  // template with parameter names erased: "/v1/contracts/{}/schedule"
  };

  // The most specific entry whose shape matches the decoded segments, or null.
  [[nodiscard]] const Entry* best_match(const std::vector<std::string>& segments) const;

  RouterLimits limits_;
  std::vector<Entry> entries_;
  Authorizer authorizer_;
};

// Percent-decodes `text` (RFC 3986 §2.1); with `plus_as_space`, '+' decodes to ' ' (HTML form encoding, used
// in query strings). A '%' not followed by two hex digits, or an encoded NUL, is an invalid_argument.
Result<std::string> percent_decode(std::string_view text, bool plus_as_space);

// Decodes a raw query string into pairs ("a=1&b=&c" -> (a,1) (b,"") (c,"")).
Result<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view raw_query);

}  // namespace renofee::http
