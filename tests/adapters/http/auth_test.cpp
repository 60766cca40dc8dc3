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
//  - contract_access (the tenancy rule, app/tenancy.hpp, over a fake contract store): a resident sees only
//    its contract, the auditor every contract, a financier the contracts its key created; a contract that
//    does not exist and one the caller may not see answer byte-identical 404 bodies but for the instance;
//    malformed ids are 400.
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
  if (text == "good-financier") return app::Authentication{app::Principal{"k1", Role::financier, {}, {}}, {}};
  if (text == "good-auditor") return app::Authentication{app::Principal{"k2", Role::auditor, {}, {}}, {}};
  if (text == "good-resident-c7")
    return app::Authentication{app::Principal{"k3", Role::resident, "c7", {}}, {}};
  return app::Authentication{std::nullopt, app::KeyRefusal::malformed};
}

// c7 and c8 were created by the financier key k1, c9 by another financier's key k4; nothing else exists.
class Contracts final : public app::ContractStore {
 public:
  Result<void> create_contract(const app::ContractVersion&) override { return internal_error("not used"); }
  Result<void> add_version(const app::ContractVersion&) override { return internal_error("not used"); }
  Result<std::vector<app::ContractVersion>> versions(std::string_view) override {
    return internal_error("not used");
  }
  Result<std::vector<app::ContractSummary>> list_contracts(std::string_view, int,
                                                           const std::optional<std::string>&) override {
    return internal_error("not used");
  }
  Result<std::optional<std::string>> owner(std::string_view id) override {
    if (id == "c7" || id == "c8") return std::optional<std::string>("key:k1");
    if (id == "c9") return std::optional<std::string>("key:k4");
    return std::optional<std::string>();
  }
};

Contracts contracts;

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
                                 if (auto denied = contract_access(r, r.param("id"), contracts))
                                   return *denied;
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
  EXPECT_EQ(f.get("/c/c8", "Bearer good-auditor").response.status, 200);
  EXPECT_EQ(f.get("/c/c9", "Bearer good-auditor").response.status, 200);
  EXPECT_EQ(f.get("/c/c8", "Bearer good-financier").response.status, 200);  // its own
  EXPECT_EQ(f.get("/c/c9", "Bearer good-financier").response.status, 404);  // another financier's
  EXPECT_EQ(f.get("/c/c10", "Bearer good-auditor").response.status, 404);   // exists for nobody
  EXPECT_EQ(f.get("/c/c%20x", "Bearer good-auditor").response.status, 400);
  EXPECT_EQ(f.get("/c/x'--", "Bearer good-auditor").response.status, 400);
  Request anonymous = test::make_request("GET", "/c/c8");
  EXPECT_EQ(contract_access(anonymous, "c8", contracts)->status, 404);
}

// Another's contract and a missing one: the same bytes but for the instance (the request id), for every
// role that may name a contract.
TEST(KeyAuthorizer, ForeignAndMissingContractsAnswerTheSameBytes) {
  Fixture f;
  const auto body = [&](const std::string& id, const std::string& key) {
    Request r = test::make_request("GET", "/c/" + id);
    r.request_id = "rid";
    r.headers.add("Authorization", "Bearer " + key);
    const Response response = f.router.dispatch(r).response;
    EXPECT_EQ(response.status, 404) << id << " " << key;
    EXPECT_EQ(response.content_type, "application/problem+json");
    return response.body;
  };
  // The detail names the id asked for, so compare each refusal with the missing contract of the same id
  // shape: "c9" exists (another's) and "c0" does not.
  const std::string expected_c9 =
      R"({"type":"https://renofee.example/problems/not-found","title":"Resource not found","status":404,)"
      R"("detail":"no contract \"c9\"","instance":"rid"})";
  EXPECT_EQ(body("c9", "good-financier"), expected_c9);
  EXPECT_EQ(body("c9", "good-resident-c7"), expected_c9);
  EXPECT_EQ(
      body("c0", "good-financier"),
      R"({"type":"https://renofee.example/problems/not-found","title":"Resource not found","status":404,)"
      R"("detail":"no contract \"c0\"","instance":"rid"})");
  EXPECT_EQ(body("c0", "good-auditor"), body("c0", "good-resident-c7"));
}

}  // namespace
}  // namespace renofee::http
