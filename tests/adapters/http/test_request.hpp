// Shared by the HTTP adapter's unit tests: a Request as the server would hand it to the router.
#pragma once

#include <optional>
#include <string>

#include "renofee/adapters/http/message.hpp"

namespace renofee::http::test {

// `target` may carry a query ("/v1/schedules?format=csv"); the request id is fixed so problems can be
// checked.
inline Request make_request(std::string method, std::string target, std::string body = {},
                            std::optional<std::string> content_type = std::nullopt,
                            std::string id = "req-1") {
  Request r;
  r.method = std::move(method);
  const std::size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.raw_query = target.substr(q + 1);
  r.body = std::move(body);
  if (content_type) r.headers.add("Content-Type", *content_type);
  r.request_id = std::move(id);
  return r;
}

}  // namespace renofee::http::test
