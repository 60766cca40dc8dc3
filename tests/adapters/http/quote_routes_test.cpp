// Test plan for quote_routes.hpp, through Router::dispatch (no sockets): a sample offer is quoted (200, the
// figures of the golden file); the schedule comes as JSON and CSV; every refusal is the right problem: a
// number in a decimal field and a term given as a string together give one 422 listing both pointers, a body
// that is no JSON object a 400, an unknown tariff year a 409, a wrong media type a 415, a wrong method a 405,
// an unknown format a 422.
#include "renofee/adapters/http/quote_routes.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "renofee/adapters/io/tariff_directory.hpp"
#include "test_request.hpp"

namespace renofee::http {
namespace {

std::string sample(const std::string& name) {
  std::ifstream in(std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts" / (name + ".json"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("no " + from);
  return text.replace(at, from.size(), to);
}

class QuoteRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::shared_ptr<io::TariffCatalog>> tariffs =
        io::TariffCatalog::load(std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs");
    ASSERT_TRUE(tariffs.ok()) << tariffs.error();
    ASSERT_TRUE(add_quote_routes(router_, *tariffs).ok());
  }

  Response call(std::string method, std::string target, std::string body,
                std::string content_type = "application/json") {
    const Request r =
        test::make_request(std::move(method), std::move(target), std::move(body), content_type, "req-7");
    return router_.dispatch(r).response;
  }

  Router router_;
};

TEST_F(QuoteRoutes, QuotesASampleOffer) {
  const Response response = call("POST", "/v1/quotes", sample("warmtefonds-nul-procent"));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_NE(response.body.find("\"offer_id\":\"warmtefonds-nul-procent\""), std::string::npos);
  // tests/golden/quotes/warmtefonds-nul-procent.json: 10,000.00 over 120 months at 0% is 83.33 a month.
  EXPECT_NE(response.body.find("\"regular_payment\":\"83.33\""), std::string::npos);
}

TEST_F(QuoteRoutes, ScheduleAsJsonAndCsv) {
  const Response json = call("POST", "/v1/schedules", sample("warmtefonds-nul-procent"));
  ASSERT_EQ(json.status, 200) << json.body;
  EXPECT_NE(json.body.find("\"closing_balance\":\"9916.67\""), std::string::npos);
  const Response csv = call("POST", "/v1/schedules?format=csv", sample("warmtefonds-nul-procent"));
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type.rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')),
            "month,due_date,opening_balance,interest,principal,financing_payment,service_fee,total,closing_"
            "balance");
  EXPECT_NE(csv.body.find("\n120,2036-04-01,83.73,0.00,83.73,83.73,0.00,83.73,0.00\n"), std::string::npos);
  const Response bad_format = call("POST", "/v1/schedules?format=xml", sample("warmtefonds-nul-procent"));
  EXPECT_EQ(bad_format.status, 422);
  EXPECT_NE(bad_format.body.find("\"/format\""), std::string::npos);
}

TEST_F(QuoteRoutes, EveryWrongFieldInOneValidationProblem) {
  std::string offer =
      replaced(sample("warmtefonds-nul-procent"), "\"annual_rate\": \"0\"", "\"annual_rate\": 0");
  offer = replaced(offer, "\"term_months\": 120", "\"term_months\": \"120\"");
  const Response response = call("POST", "/v1/quotes", offer);
  ASSERT_EQ(response.status, 422) << response.body;
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_NE(response.body.find("\"pointer\":\"/financing/annual_rate\""), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("\"pointer\":\"/financing/term_months\""), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("\"instance\":\"req-7\""), std::string::npos);
}

TEST_F(QuoteRoutes, OtherRefusals) {
  EXPECT_EQ(call("POST", "/v1/quotes", "{").status, 400);
  EXPECT_EQ(call("POST", "/v1/quotes", "[1]").status, 400);
  EXPECT_EQ(call("POST", "/v1/quotes", sample("warmtefonds-nul-procent"), "text/plain").status, 415);
  EXPECT_EQ(call("GET", "/v1/quotes", "").status, 405);
  const Response unknown_tariff =
      call("POST", "/v1/quotes", replaced(sample("warmtefonds-nul-procent"), "\"nl-2027\"", "\"nl-2031\""));
  EXPECT_EQ(unknown_tariff.status, 409) << unknown_tariff.body;
  EXPECT_NE(unknown_tariff.body.find("nl-2031"), std::string::npos);
}

}  // namespace
}  // namespace renofee::http
