// Test plan for auth.hpp (no sockets, a fake key verifier):
//  - public routes pass without a key and ignore any Authorization header;
//  - missing header -> 401 + WWW-Authenticate: Bearer realm="renofee" (no error attribute); a header that
//    is not "Bearer <token>" -> 401 error="invalid_request"; every refused key (malformed, unknown,
//    revoked, wrong secret) -> the same 401 body with error="invalid_token", its reason only in
//    renofee_auth_refusals_total{reason};
//  - the scheme is case-insensitive and spaces around the token are ignored;
//  - two Authorization fields (even the same key twice) -> 400, the handler not reached;
//  - a verifier error (database down) -> 503 with Retry-After, never 401;
//  - a valid key whose role the route does not list -> 403 naming role and route; an allowed one reaches
//    the handler with request.principal set;
//  - contract_access: a resident sees only its contract (others and malformed ids are 404 / 400), the
//    auditor every contract, a financier every contract until contracts are stored, or per the ownership
//    seam when given.
#include "renofee/adapters/http/auth.hpp"

#include <gtest/gtest.h>

#include "test_request.hpp"

namespace renofee::http {
namespace {

using app::Role;

// Keys "good-<role>[-<contract>]" are valid; "revoked", "unknown", "down" behave as named.
Result<app::Authentication> fake_verify(std::string_view text) {
  if (text == "down") return unavailable("database is locked");
  if (text == "revoked") return app::Authentication{std::nullopt, app::KeyRefusal::revoked};
  if (text == "unknown") return app::Authentication{std::nullopt, app::KeyRefusal::unknown};
  if (text == "good-financier") return app::Authentication{app::Principal{"k1", Role::financier, {}}, {}};
  if (text == "good-auditor") return app::Authentication{app::Principal{"k2", Role::auditor, {}}, {}};
  if (text == "good-resident-c7") return app::Authentication{app::Principal{"k3", Role::resident, "c7"}, {}};
  return app::Authentication{std::nullopt, app::KeyRefusal::malformed};
}

struct Fixture {
  std::shared_ptr<Metrics> metrics = std::make_shared<Metrics>();
  Router router;
  Fixture() {
    const auto whoami = [](const Request& r) {
      return Response::json(200, r.principal ? std::string(app::to_string(r.principal->role)) : "anonymous");
    };
    EXPECT_TRUE(router.add(Route{"GET", "/public", "public", whoami, {}, Access::anyone()}).ok());
    EXPECT_TRUE(router.add(Route{"GET", "/fin", "fin", whoami, {}, Access::roles({Role::financier})}).ok());
    EXPECT_TRUE(router
                    .add(Route{"GET",
                               "/c/{id}",
                               "contract",
                               [](const Request& r) {
                                 if (auto denied = contract_access(r, r.param("id"))) return *denied;
                                 return Response::json(200, "seen");
                               },
                               {},
                               Access::roles({Role::resident, Role::auditor, Role::financier})})
                    .ok());
    router.set_authorizer(key_authorizer(fake_verify, metrics));
  }
  Dispatch get(const std::string& path, std::optional<std::string> authorization = std::nullopt) {
    Request r = test::make_request("GET", path);
    if (authorization) r.headers.add("Authorization", *authorization);
    return router.dispatch(r);
  }
  std::string refusals(const std::string& reason) {
    const std::string text = metrics->exposition();
    const std::string series = "renofee_auth_refusals_total{reason=\"" + reason + "\"} ";
    const std::size_t at = text.find(series);
    return at == std::string::npos
               ? "0"
               : text.substr(at + series.size(), text.find('\n', at) - at - series.size());
  }
};

TEST(KeyAuthorizer, PublicRoutesNeedNoKey) {
  Fixture f;
  EXPECT_EQ(f.get("/public").response.body, "anonymous");
  EXPECT_EQ(f.get("/public", "Bearer unknown").response.status, 200);
  EXPECT_EQ(f.get("/public", "Basic Zm9v").response.status, 200);
}

TEST(KeyAuthorizer, MissingOrMalformedCredentialsAre401WithAChallenge) {
  Fixture f;
  const Dispatch missing = f.get("/fin");
  EXPECT_EQ(missing.response.status, 401);
  EXPECT_EQ(missing.response.content_type, "application/problem+json");
  EXPECT_EQ(missing.response.headers.get("WWW-Authenticate"), "Bearer realm=\"renofee\"");
  EXPECT_NE(missing.response.body.find("https://renofee.example/problems/unauthorized"), std::string::npos);
  for (const char* header :
       {"Basic Zm9vOmJhcg==", "Bearer", "Bearer ", "Bearertoken", "Token good-financier"}) {
    SCOPED_TRACE(header);
    const Dispatch d = f.get("/fin", std::string(header));
    EXPECT_EQ(d.response.status, 401);
    EXPECT_EQ(d.response.headers.get("WWW-Authenticate"),
              "Bearer realm=\"renofee\", error=\"invalid_request\"");
  }
  EXPECT_EQ(f.refusals("missing"), "1");
  EXPECT_EQ(f.refusals("not_bearer"), "5");
}

TEST(KeyAuthorizer, EveryRefusedKeyGetsTheSameAnswer) {
  Fixture f;
  std::optional<std::string> first_body;
  for (const char* key : {"unknown", "revoked", "rf_garbage", "' OR 1=1 --"}) {
    SCOPED_TRACE(key);
    const Dispatch d = f.get("/fin", "Bearer " + std::string(key));
    EXPECT_EQ(d.response.status, 401);
    EXPECT_EQ(d.response.headers.get("WWW-Authenticate"),
              "Bearer realm=\"renofee\", error=\"invalid_token\"");
    EXPECT_NE(d.response.body.find("\"detail\":\"the API key is not valid\""), std::string::npos)
        << d.response.body;
    EXPECT_EQ(d.response.body.find(key), std::string::npos);  // the key is never echoed
  }
  EXPECT_EQ(f.refusals("unknown"), "1");
  EXPECT_EQ(f.refusals("revoked"), "1");
  EXPECT_EQ(f.refusals("malformed"), "2");
}

TEST(KeyAuthorizer, SchemeIsCaseInsensitive) {
  Fixture f;
  const Dispatch accepted = f.get("/fin", "Bearer good-financier");
  EXPECT_EQ(accepted.response.body, "financier");
  EXPECT_EQ(accepted.key_id, "k1");  // for the access log
  EXPECT_EQ(f.get("/fin", "Bearer unknown").key_id, "");
  EXPECT_EQ(f.get("/fin", "bearer good-financier").response.body, "financier");
  EXPECT_EQ(f.get("/fin", "BEARER   good-financier  ").response.body, "financier");
}

TEST(KeyAuthorizer, TwoAuthorizationFieldsAre400) {
  Fixture f;
  for (const auto& second : {"Bearer good-financier", "Bearer unknown"}) {
    SCOPED_TRACE(second);
    Request r = test::make_request("GET", "/fin");
    r.headers.add("Authorization", "Bearer good-financier");
    r.headers.add("authorization", second);
    const Dispatch d = f.router.dispatch(r);
    EXPECT_EQ(d.response.status, 400);
    EXPECT_NE(d.response.body.find("two Authorization fields"), std::string::npos) << d.response.body;
    EXPECT_EQ(d.key_id, "");
  }
  EXPECT_EQ(f.refusals("duplicate"), "2");
}

TEST(KeyAuthorizer, StoreDownIs503NotA401) {
  Fixture f;
  const Dispatch d = f.get("/fin", "Bearer down");
  EXPECT_EQ(d.response.status, 503);
  EXPECT_EQ(d.response.headers.get("Retry-After"), "1");
  EXPECT_FALSE(d.response.headers.get("WWW-Authenticate").has_value());
}

TEST(KeyAuthorizer, WrongRoleIs403) {
  Fixture f;
  const Dispatch d = f.get("/fin", "Bearer good-auditor");
  EXPECT_EQ(d.response.status, 403);
  EXPECT_NE(d.response.body.find("role auditor may not GET /fin (allowed: financier)"), std::string::npos)
      << d.response.body;
  EXPECT_NE(d.response.body.find("https://renofee.example/problems/forbidden"), std::string::npos);
  EXPECT_EQ(f.refusals("role"), "1");
}

TEST(KeyAuthorizer, ContractAccess) {
  Fixture f;
  EXPECT_EQ(f.get("/c/c7", "Bearer good-resident-c7").response.status, 200);
  const Dispatch other = f.get("/c/c8", "Bearer good-resident-c7");
  EXPECT_EQ(other.response.status, 404);
  EXPECT_NE(other.response.body.find("no contract \\\"c8\\\""), std::string::npos) << other.response.body;
  // The answer for another resident's contract is the answer for a contract that does not exist.
  const std::string nowhere = f.get("/c/does-not-exist", "Bearer good-resident-c7").response.body;
  EXPECT_EQ(other.response.body.substr(0, other.response.body.find("\"detail\"")),
            nowhere.substr(0, nowhere.find("\"detail\"")));
  EXPECT_EQ(f.get("/c/c8", "Bearer good-auditor").response.status, 200);
  EXPECT_EQ(f.get("/c/c8", "Bearer good-financier").response.status, 200);
  EXPECT_EQ(f.get("/c/c%20x", "Bearer good-auditor").response.status, 400);
  EXPECT_EQ(f.get("/c/x'--", "Bearer good-auditor").response.status, 400);

  Request financier = test::make_request("GET", "/c/c8");
  financier.principal = app::Principal{"k1", Role::financier, {}};
  EXPECT_FALSE(contract_access(financier, "c8", true).has_value());
  EXPECT_EQ(contract_access(financier, "c8", false)->status, 404);
  Request anonymous = test::make_request("GET", "/c/c8");
  EXPECT_EQ(contract_access(anonymous, "c8")->status, 404);
}

}  // namespace
}  // namespace renofee::http
