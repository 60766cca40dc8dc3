// Test plan for router.hpp (no sockets: Requests are built by hand):
//   Matching table: each row (method, path) -> status, route name and decoded parameters, covering literal
//   over parameter precedence, percent-decoding, empty/trailing segments, "." and ".." segments, bad escapes,
//   long and bad parameters, HEAD via GET, OPTIONS. 405 carries the exact Allow list; 404/405/400 bodies are
//   problem+json with the request id as instance. Query decoding. 415 rules for routes that declare bodies.
//   Catch-all: std::exception, Poco::Exception and a thrown int each become a 500 problem whose body does not
//   contain the exception text, which is returned for the log. Authorizer hook (sets the principal; a
//   throwing authorizer is a 500), Access sets, find(), streaming routes need a Content-Type. add() refuses
//   bad routes.
#include "renofee/adapters/http/router.hpp"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

#include "test_request.hpp"

#include <stdexcept>

namespace renofee::http {
namespace {

Response echo_params(const Request& request) {
  std::string text;
  for (const auto& [name, value] : request.params)
    text += name + "=" + value + ";";
  return Response::text(200, "text/plain", text);
}

Router make_router() {
  Router router;
  const auto add = [&](std::string method, std::string path, std::string name,
                       std::vector<std::string> body_types = {}) {
    Result<void> added = router.add(
        Route{std::move(method), std::move(path), std::move(name), echo_params, std::move(body_types)});
    if (!added) throw std::runtime_error(describe(added.error()));
  };
  add("GET", "/healthz", "healthz");
  add("GET", "/v1/contracts/{id}", "contract_get");
  add("PUT", "/v1/contracts/{id}", "contract_put", {"application/json"});
  add("DELETE", "/v1/contracts/{id}", "contract_delete");
  add("GET", "/v1/contracts/new", "contract_new_form");
  add("GET", "/v1/contracts/{id}/schedule", "contract_schedule");
  add("POST", "/v1/readings", "readings_upload", {"application/json", "text/csv"});
  add("GET", "/v1/a/{x}/b/{y}", "two_params");
  return router;
}

Request request(std::string method, std::string target, std::string body = {},
                std::optional<std::string> content_type = std::nullopt) {
  return test::make_request(std::move(method), std::move(target), std::move(body), std::move(content_type));
}

struct MatchRow {
  int line;
  const char* method;
  const char* target;
  int status;
  const char* route;  // "" when the router answered itself
  const char* body;   // the handler's echo of params, or a substring of the problem detail
};

TEST(Router, MatchingTable) {
  const Router router = make_router();
  const MatchRow rows[] = {
      {__LINE__, "GET", "/healthz", 200, "healthz", ""},
      {__LINE__, "GET", "/v1/contracts/c-17", 200, "contract_get", "id=c-17;"},
      {__LINE__, "GET", "/v1/contracts/new", 200, "contract_new_form", ""},  // literal beats {id}
      {__LINE__, "GET", "/v1/contracts/new/schedule", 200, "contract_schedule", "id=new;"},
      {__LINE__, "GET", "/v1/contracts/c%2D17", 200, "contract_get", "id=c-17;"},
      {__LINE__, "GET", "/v1/contracts/%C3%A9t%C3%A9", 200, "contract_get", "id=\xC3\xA9t\xC3\xA9;"},
      {__LINE__, "GET", "/v1/a/1/b/2", 200, "two_params", "x=1;y=2;"},
      {__LINE__, "DELETE", "/v1/contracts/x", 200, "contract_delete", "id=x;"},
      {__LINE__, "HEAD", "/v1/contracts/x", 200, "contract_get", "id=x;"},
      {__LINE__, "OPTIONS", "/v1/contracts/x", 204, "contract_get", ""},
      {__LINE__, "GET", "/", 404, "", "no resource at"},
      {__LINE__, "GET", "/healthz/", 404, "", "no resource at"},
      {__LINE__, "GET", "//healthz", 404, "", "no resource at"},
      {__LINE__, "GET", "/HEALTHZ", 404, "", "no resource at"},
      {__LINE__, "GET", "/v1/contracts", 404, "", "no resource at"},
      {__LINE__, "GET", "/v1/contracts/a/b/c", 404, "", "no resource at"},
      {__LINE__, "POST", "/healthz", 405, "", "POST is not allowed on /healthz"},
      {__LINE__, "get", "/healthz", 405, "", "get is not allowed"},  // methods are case-sensitive
      {__LINE__, "GET", "/v1/contracts/%2F", 400, "contract_get",
       "path parameter id contains a path separator"},
      {__LINE__, "GET", "/v1/contracts/a%5Cb", 400, "contract_get",
       "path parameter id contains a path separator"},
      {__LINE__, "GET", "/v1/contracts/..", 400, "", "must not contain"},
      {__LINE__, "GET", "/v1/contracts/%2e%2e", 400, "", "must not contain"},
      {__LINE__, "GET", "/v1/../healthz", 400, "", "must not contain"},
      {__LINE__, "GET", "/v1/contracts/./x", 400, "", "must not contain"},
      {__LINE__, "GET", "/v1/contracts/a..b", 400, "contract_get", "path parameter id contains \\\"..\\\""},
      {__LINE__, "GET", "/v1/contracts/a%01b", 400, "contract_get", "control character"},
      {__LINE__, "GET", "/v1/contracts/%FF", 400, "contract_get", "not valid UTF-8"},
      {__LINE__, "GET", "/v1/contracts/%C0%AF", 400, "contract_get", "not valid UTF-8"},  // overlong '/'
      {__LINE__, "GET", "/v1/contracts/%00", 400, "", "encoded NUL"},
      {__LINE__, "GET", "/v1/contracts/%4", 400, "", "truncated percent escape"},
      {__LINE__, "GET", "/v1/contracts/%zz", 400, "", "malformed percent escape"},
      {__LINE__, "GET", "healthz", 400, "", "absolute path"},
  };
  for (const MatchRow& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line) + ": " + row.method + " " + row.target);
    const Dispatch d = router.dispatch(request(row.method, row.target));
    EXPECT_EQ(d.response.status, row.status);
    EXPECT_EQ(d.route == nullptr ? std::string() : d.route->name, std::string(row.route));
    EXPECT_NE(d.response.body.find(row.body), std::string::npos) << d.response.body;
    if (row.status >= 400) {
      EXPECT_EQ(d.response.content_type, "application/problem+json");
      EXPECT_NE(d.response.body.find("\"status\":" + std::to_string(row.status)), std::string::npos);
      EXPECT_NE(d.response.body.find("\"instance\":\"req-1\""), std::string::npos);
    }
  }
}

TEST(Router, ParameterLengthBounds) {
  const Router router = make_router();
  EXPECT_EQ(router.dispatch(request("GET", "/v1/contracts/" + std::string(128, 'a'))).response.status, 200);
  const Dispatch d = router.dispatch(request("GET", "/v1/contracts/" + std::string(129, 'a')));
  EXPECT_EQ(d.response.status, 400);
  EXPECT_NE(d.response.body.find("longer than 128 bytes"), std::string::npos);
  // 43 escapes decode to 43 bytes: the bound applies after decoding.
  std::string encoded;
  for (int i = 0; i < 43; ++i)
    encoded += "%41";
  EXPECT_EQ(router.dispatch(request("GET", "/v1/contracts/" + encoded)).response.body,
            "id=" + std::string(43, 'A') + ";");
  // The raw path may have 2048 bytes.
  EXPECT_EQ(router.dispatch(request("GET", "/" + std::string(2047, 'a'))).response.status, 404);
  EXPECT_EQ(router.dispatch(request("GET", "/" + std::string(2048, 'a'))).response.status, 400);
}

TEST(Router, MethodNotAllowedListsAllow) {
  const Router router = make_router();
  struct Row {
    int line;
    const char* method;
    const char* path;
    const char* allow;
  };
  const Row rows[] = {
      {__LINE__, "POST", "/healthz", "GET, HEAD, OPTIONS"},
      {__LINE__, "PATCH", "/v1/contracts/7", "GET, HEAD, PUT, DELETE, OPTIONS"},
      {__LINE__, "GET", "/v1/readings", "POST, OPTIONS"},
      {__LINE__, "HEAD", "/v1/readings", "POST, OPTIONS"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    const Dispatch d = router.dispatch(request(row.method, row.path));
    EXPECT_EQ(d.response.status, 405);
    EXPECT_EQ(d.response.headers.get("Allow").value_or("(none)"), row.allow);
    EXPECT_NE(d.response.body.find("https://renofee.example/problems/method-not-allowed"), std::string::npos);
  }
  const Dispatch options = router.dispatch(request("OPTIONS", "/v1/contracts/7"));
  EXPECT_EQ(options.response.status, 204);
  EXPECT_EQ(options.response.headers.get("allow").value_or(""), "GET, HEAD, PUT, DELETE, OPTIONS");
  EXPECT_TRUE(options.response.body.empty());
}

TEST(Router, QueryIsDecoded) {
  Router router;
  ASSERT_TRUE(router
                  .add(Route{"GET",
                             "/q",
                             "q",
                             [](const Request& r) {
                               std::string text;
                               for (const auto& [k, v] : r.query)
                                 text += "[" + k + "=" + v + "]";
                               return Response::text(200, "text/plain", text);
                             },
                             {}})
                  .ok());
  struct Row {
    int line;
    const char* target;
    int status;
    const char* body;
  };
  const Row rows[] = {
      {__LINE__, "/q", 200, ""},
      {__LINE__, "/q?", 200, ""},
      {__LINE__, "/q?a=1&b=&c", 200, "[a=1][b=][c=]"},
      {__LINE__, "/q?name=van+der+Berg&x=%C3%A9", 200, "[name=van der Berg][x=\xC3\xA9]"},
      {__LINE__, "/q?a=1&&a=2", 200, "[a=1][a=2]"},
      {__LINE__, "/q?k%3D=v%26", 200, "[k==v&]"},
      {__LINE__, "/q?a=%G1", 400, "bad query string"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    const Dispatch d = router.dispatch(request("GET", row.target));
    EXPECT_EQ(d.response.status, row.status);
    EXPECT_NE(d.response.body.find(row.body), std::string::npos) << d.response.body;
  }
}

TEST(Router, DeclaredBodyMediaTypes) {
  const Router router = make_router();
  struct Row {
    int line;
    const char* method;
    const char* path;
    const char* body;
    std::optional<std::string> content_type;
    int status;
  };
  const Row rows[] = {
      {__LINE__, "PUT", "/v1/contracts/1", "{}", "application/json", 200},
      {__LINE__, "PUT", "/v1/contracts/1", "{}", "Application/JSON; charset=utf-8", 200},
      {__LINE__, "PUT", "/v1/contracts/1", "{}", " application/json ;charset=UTF-8", 200},
      {__LINE__, "PUT", "/v1/contracts/1", "{}", "text/plain", 415},
      {__LINE__, "PUT", "/v1/contracts/1", "{}", "application/jsonx", 415},
      {__LINE__, "PUT", "/v1/contracts/1", "{}", std::nullopt, 415},
      {__LINE__, "PUT", "/v1/contracts/1", "", std::nullopt, 200},  // no body: nothing to type
      {__LINE__, "PUT", "/v1/contracts/1", "", "text/plain", 415},
      {__LINE__, "POST", "/v1/readings", "a,b", "text/csv", 200},
      {__LINE__, "POST", "/v1/readings", "a,b", "application/xml", 415},
      {__LINE__, "GET", "/healthz", "ignored", "application/xml", 200},  // routes without bodies ignore them
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    const Dispatch d = router.dispatch(request(row.method, row.path, row.body, row.content_type));
    EXPECT_EQ(d.response.status, row.status) << d.response.body;
    if (row.status == 415) {
      EXPECT_NE(d.response.body.find("https://renofee.example/problems/unsupported-media-type"),
                std::string::npos);
    }
  }
}

TEST(Router, CatchAllTurnsEveryExceptionInto500WithoutInternals) {
  Router router;
  ASSERT_TRUE(
      router
          .add(Route{"GET",
                     "/std",
                     "std",
                     [](const Request&) -> Response { throw std::runtime_error("secret: password=hunter2"); },
                     {}})
          .ok());
  ASSERT_TRUE(router
                  .add(Route{"GET",
                             "/poco",
                             "poco",
                             [](const Request&) -> Response {
                               throw Poco::IOException("secret: /var/lib/renofee/db");
                             },
                             {}})
                  .ok());
  ASSERT_TRUE(router.add(Route{"GET", "/int", "int", [](const Request&) -> Response { throw 42; }, {}}).ok());
  struct Row {
    int line;
    const char* path;
    const char* logged;
  };
  const Row rows[] = {
      {__LINE__, "/std", "secret: password=hunter2"},
      {__LINE__, "/poco", "secret: /var/lib/renofee/db"},
      {__LINE__, "/int", "a non-standard exception"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    const Dispatch d = router.dispatch(request("GET", row.path));
    EXPECT_EQ(d.response.status, 500);
    EXPECT_EQ(d.response.content_type, "application/problem+json");
    EXPECT_NE(d.exception.find(row.logged), std::string::npos) << d.exception;
    EXPECT_EQ(d.response.body.find("secret"), std::string::npos) << d.response.body;
    EXPECT_EQ(d.response.body,
              R"({"type":"https://renofee.example/problems/internal","title":"Internal error","status":500,)"
              R"("detail":"the server failed to answer this request","instance":"req-1"})");
    ASSERT_NE(d.route, nullptr);
  }
}

TEST(Router, AuthorizerHookSeesTheRouteAccessAndSetsThePrincipal) {
  Router router = make_router();
  const Access operators = Access::roles({app::Role::operator_});
  ASSERT_TRUE(router.add(Route{"GET", "/metrics", "metrics", echo_params, {}, operators}).ok());
  ASSERT_TRUE(router
                  .add(Route{"GET",
                             "/whoami",
                             "whoami",
                             [](const Request& r) {
                               return Response::json(200, r.principal ? r.principal->key_id : "none");
                             },
                             {},
                             operators})
                  .ok());
  router.set_authorizer([](Request& r, const Route& route) -> std::optional<Response> {
    if (route.access.is_public()) return std::nullopt;
    if (r.headers.get("Authorization") != "Bearer op") {
      return to_response(make_problem(401, "no key", r.request_id));
    }
    r.principal = app::Principal{"k1", app::Role::operator_, std::nullopt, {}};
    return std::nullopt;
  });
  EXPECT_EQ(router.dispatch(request("GET", "/metrics")).response.status, 401);
  Request allowed = request("GET", "/whoami");
  allowed.headers.add("authorization", "Bearer op");
  const Dispatch d = router.dispatch(allowed);
  EXPECT_EQ(d.response.status, 200);
  EXPECT_EQ(d.response.body, "k1");
}

TEST(Router, AccessDescribesItselfAndDefaultsToNobody) {
  EXPECT_EQ(Access().describe(), "none");
  EXPECT_FALSE(Access().is_public());
  EXPECT_FALSE(Access().allows(app::Role::operator_));
  EXPECT_EQ(Access::anyone().describe(), "public");
  EXPECT_TRUE(Access::anyone().allows(app::Role::resident));
  const Access a = Access::roles({app::Role::auditor, app::Role::financier});
  EXPECT_EQ(a.describe(), "financier,auditor");  // app::all_roles order, whatever the declaration order
  EXPECT_TRUE(a.allows(app::Role::auditor));
  EXPECT_TRUE(a.allows(app::Role::financier));
  EXPECT_FALSE(a.allows(app::Role::resident));
  EXPECT_FALSE(a.allows(app::Role::operator_));
  EXPECT_FALSE(a.is_public());
}

TEST(Router, FindAnswersWhichRouteWouldRun) {
  const Router router = make_router();
  const Route* put = router.find("PUT", "/v1/contracts/c%2D1");
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(put->path_template, "/v1/contracts/{id}");
  const Route* head = router.find("HEAD", "/healthz");
  ASSERT_NE(head, nullptr);
  EXPECT_EQ(head->method, "GET");
  EXPECT_EQ(router.find("DELETE", "/healthz"), nullptr);
  EXPECT_EQ(router.find("GET", "/nowhere"), nullptr);
  EXPECT_EQ(router.find("GET", "/bad%G1"), nullptr);
  EXPECT_EQ(router.find("GET", "relative"), nullptr);
}

TEST(Router, StreamingRouteNeedsAContentType) {
  Router router;
  ASSERT_TRUE(router
                  .add(Route{"POST",
                             "/upload",
                             "upload",
                             [](const Request&) { return Response::json(201, "{}"); },
                             {"text/csv"},
                             Access::anyone(),
                             true})
                  .ok());
  EXPECT_EQ(router.dispatch(request("POST", "/upload")).response.status, 415);
  EXPECT_EQ(router.dispatch(request("POST", "/upload", "", "text/csv")).response.status, 201);
}

TEST(Router, AuthorizerThatThrowsAnswers500) {
  Router router = make_router();
  router.set_authorizer([](Request&, const Route&) -> std::optional<Response> {
    throw std::runtime_error("secret connection string");
  });
  const Dispatch d = router.dispatch(request("GET", "/healthz"));
  EXPECT_EQ(d.response.status, 500);
  EXPECT_EQ(d.response.body.find("secret"), std::string::npos);
  EXPECT_NE(d.exception.find("secret connection string"), std::string::npos);
}

TEST(Router, AddRefusesMalformedRoutes) {
  Router router = make_router();
  struct Row {
    int line;
    const char* method;
    const char* path;
    const char* name;
    const char* message;
  };
  const Row rows[] = {
      {__LINE__, "GET", "healthz", "x", "does not start with '/'"},
      {__LINE__, "GET", "/a//b", "x", "bad literal segment"},
      {__LINE__, "GET", "/a/", "x", "bad literal segment"},
      {__LINE__, "GET", "/a b", "x", "bad literal segment"},
      {__LINE__, "GET", "/a/{Id}", "x", "bad parameter name"},
      {__LINE__, "GET", "/a/{x}/{x}", "x", "twice"},
      {__LINE__, "get", "/a", "x", "bad HTTP method"},
      {__LINE__, "GET", "/a", "Bad-Name", "bad route name"},
      {__LINE__, "GET", "/healthz", "again", "duplicate route GET /healthz"},
      {__LINE__, "GET", "/v1/contracts/{other}", "again", "duplicate route"},  // same shape, other name
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    const Result<void> added = router.add(Route{row.method, row.path, row.name, echo_params, {}});
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(added.error().message.find(row.message), std::string::npos) << added.error().message;
  }
  EXPECT_FALSE(router.add(Route{"GET", "/x", "x", nullptr, {}}).ok());
}

TEST(Router, ListsRoutesInDeclarationOrder) {
  const std::vector<RouteInfo> routes = make_router().routes();
  ASSERT_EQ(routes.size(), 8u);
  EXPECT_EQ(routes[0].method, "GET");
  EXPECT_EQ(routes[0].path_template, "/healthz");
  EXPECT_EQ(routes[5].path_template, "/v1/contracts/{id}/schedule");
  EXPECT_EQ(routes[5].name, "contract_schedule");
}

TEST(PercentDecode, Table) {
  struct Row {
    int line;
    const char* text;
    bool plus_as_space;
    const char* decoded;  // nullptr: error
  };
  const Row rows[] = {
      {__LINE__, "", false, ""},
      {__LINE__, "abc", false, "abc"},
      {__LINE__, "a%20b", false, "a b"},
      {__LINE__, "a+b", false, "a+b"},
      {__LINE__, "a+b", true, "a b"},
      {__LINE__, "%2B", true, "+"},
      {__LINE__, "%e2%82%ac", false, "\xE2\x82\xAC"},
      {__LINE__, "%", false, nullptr},
      {__LINE__, "%a", false, nullptr},
      {__LINE__, "%ag", false, nullptr},
      {__LINE__, "%00", false, nullptr},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    const Result<std::string> decoded = percent_decode(row.text, row.plus_as_space);
    if (row.decoded == nullptr) {
      EXPECT_FALSE(decoded.ok());
    } else {
      ASSERT_TRUE(decoded.ok()) << decoded.error();
      EXPECT_EQ(*decoded, row.decoded);
    }
  }
}

}  // namespace
}  // namespace renofee::http
