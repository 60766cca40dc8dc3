// Test plan for quote_routes.hpp, through Router::dispatch (no sockets): a sample offer is quoted (200, the
// figures of the golden file); the schedule comes as JSON and CSV; every refusal is the right problem: a
// number in a decimal field and a term given as a string together give one 422 listing both pointers, a body
// that is no JSON object a 400, an unknown tariff year a 409, a wrong media type a 415, a wrong method a 405,
// an unknown format a 422. Batches (POST /v1/quotes/batch, through StringBodyStream / StringResponseStream):
// every line answered in order with the single route's quote or its problems, blank lines skipped, CRLF
// accepted, then the exact summary; a body failing before the first answer is its own problem, after it an
// "aborted" summary; an overlong line stops the batch (413 in the summary); a client that goes away stops it;
// an empty body is a summary alone; application/json is a 415.
#include "renofee/adapters/http/quote_routes.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "renofee/adapters/http/body_stream.hpp"
#include "renofee/adapters/http/response_stream.hpp"
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

  // Runs a batch; the streamed answer lands in `answer`.
  Response batch(const std::string& body, StringResponseStream& answer,
                 std::optional<Problem> failure_at_end = std::nullopt,
                 std::string content_type = "application/x-ndjson") {
    Request r = test::make_request("POST", "/v1/quotes/batch", "", content_type, "req-8");
    StringBodyStream stream(body, std::move(failure_at_end));
    r.body_stream = &stream;
    r.response_stream = &answer;
    return router_.dispatch(r).response;
  }

  Router router_;
};

// A sample offer on one line (the files are pretty-printed; no string in them holds a newline).
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n') c = ' ';
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

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

TEST_F(QuoteRoutes, BatchAnswersEveryLineInOrderThenASummary) {
  const std::string wrong_field =
      replaced(sample("warmtefonds-nul-procent"), "\"annual_rate\": \"0\"", "\"annual_rate\": 0");
  const std::string unknown_tariff =
      replaced(sample("warmtefonds-nul-procent"), "\"nl-2027\"", "\"nl-2031\"");
  const std::string body = one_line(sample("nom-tussenwoning")) + "\r\n" +  // 1: quoted (CRLF)
                           "\n" +                                           // 2: blank, skipped
                           "   \t\n" +                                      // 3: blank, skipped
                           "{\"id\": \n" +                                  // 4: malformed JSON
                           one_line(wrong_field) + "\n" +                   // 5: a number in a decimal
                           one_line(unknown_tariff) + "\n" +                // 6: no tariff nl-2031
                           one_line(sample("warmtefonds-nul-procent"));     // 7: quoted, no newline
  StringResponseStream answer;
  const Response response = batch(body, answer);
  EXPECT_TRUE(response.sent_as_stream);
  EXPECT_EQ(response.status, 200);
  ASSERT_TRUE(answer.begun());
  EXPECT_EQ(answer.status(), 200);
  EXPECT_EQ(answer.content_type(), "application/x-ndjson");
  EXPECT_EQ(answer.writes(), 6u) << "one write per answer line, as it is computed";
  const std::vector<std::string> lines = split_lines(answer.body());
  ASSERT_EQ(lines.size(), 6u) << answer.body();
  // Quote lines wrap exactly what POST /v1/quotes answers for the same offer.
  EXPECT_EQ(lines[0],
            "{\"line\":1,\"quote\":" + call("POST", "/v1/quotes", sample("nom-tussenwoning")).body + "}");
  EXPECT_EQ(lines[1].rfind("{\"line\":4,\"error\":{\"title\":\"malformed JSON", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("{\"line\":5,\"error\":", 0), 0u) << lines[2];
  EXPECT_NE(lines[2].find("{\"pointer\":\"/financing/annual_rate\",\"code\":\"invalid_argument\""),
            std::string::npos)
      << lines[2];
  EXPECT_EQ(lines[3].rfind("{\"line\":6,\"error\":", 0), 0u) << lines[3];
  EXPECT_NE(lines[3].find("nl-2031"), std::string::npos) << lines[3];
  EXPECT_EQ(lines[4], "{\"line\":7,\"quote\":" +
                          call("POST", "/v1/quotes", sample("warmtefonds-nul-procent")).body + "}");
  EXPECT_EQ(lines[5], "{\"summary\":{\"lines\":7,\"quoted\":2,\"failed\":3}}");
}

TEST_F(QuoteRoutes, BatchOfNothingIsASummaryAlone) {
  StringResponseStream answer;
  EXPECT_TRUE(batch("", answer).sent_as_stream);
  EXPECT_EQ(answer.body(), "{\"summary\":{\"lines\":0,\"quoted\":0,\"failed\":0}}\n");
  StringResponseStream blank;
  EXPECT_TRUE(batch("\n\n", blank).sent_as_stream);
  EXPECT_EQ(blank.body(), "{\"summary\":{\"lines\":2,\"quoted\":0,\"failed\":0}}\n");
}

TEST_F(QuoteRoutes, BatchBodyThatFailsBeforeTheFirstAnswerIsAProblem) {
  StringResponseStream answer;
  const Response response = batch(
      "", answer, make_problem(408, "the client sent nothing for too long while sending the body", "req-8"));
  EXPECT_FALSE(answer.begun());
  EXPECT_FALSE(response.sent_as_stream);
  EXPECT_EQ(response.status, 408);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_NE(response.body.find("for too long"), std::string::npos) << response.body;
}

TEST_F(QuoteRoutes, BatchBodyThatFailsAfterTheFirstAnswerEndsWithAnAbortedSummary) {
  StringResponseStream answer;
  const Response response = batch(one_line(sample("warmtefonds-nul-procent")) + "\n{\"id\":", answer,
                                  make_problem(400, "the request body ended after 9 of 99 bytes", "req-8"));
  EXPECT_TRUE(response.sent_as_stream);
  const std::vector<std::string> lines = split_lines(answer.body());
  ASSERT_EQ(lines.size(), 3u) << answer.body();
  EXPECT_EQ(lines[0].rfind("{\"line\":1,\"quote\":", 0), 0u);
  // The cut-off last line is still answered (it is malformed), and the summary says why the batch ended.
  EXPECT_EQ(lines[1].rfind("{\"line\":2,\"error\":", 0), 0u);
  EXPECT_EQ(lines[2],
            "{\"summary\":{\"lines\":2,\"quoted\":1,\"failed\":1,\"aborted\":{\"status\":400,"
            "\"detail\":\"the request body ended after 9 of 99 bytes\"}}}");
}

// One byte over the limit is enough (io::LineReader keeps no slack beyond a CRLF's '\r').
TEST_F(QuoteRoutes, BatchStopsAtALineOverTheLimit) {
  const std::string body = one_line(sample("warmtefonds-nul-procent")) + "\n" +
                           std::string(max_batch_line_bytes + 1, 'x') + "\n" +
                           one_line(sample("warmtefonds-nul-procent")) + "\n";
  StringResponseStream answer;
  EXPECT_TRUE(batch(body, answer).sent_as_stream);
  const std::vector<std::string> lines = split_lines(answer.body());
  ASSERT_EQ(lines.size(), 3u) << answer.body().substr(0, 300);
  EXPECT_EQ(lines[1],
            "{\"line\":2,\"error\":{\"title\":\"line longer than 1048576 bytes; the batch stops here\","
            "\"problems\":[{\"pointer\":\"\",\"code\":\"invalid_argument\",\"detail\":\"line longer than "
            "1048576 bytes; the batch stops here\"}]}}");
  EXPECT_EQ(lines[2],
            "{\"summary\":{\"lines\":2,\"quoted\":1,\"failed\":1,\"aborted\":{\"status\":413,"
            "\"detail\":\"line 2 is longer than 1048576 bytes\"}}}");
}

TEST_F(QuoteRoutes, BatchStopsWhenTheClientIsGone) {
  const std::string line = one_line(sample("warmtefonds-nul-procent")) + "\n";
  StringResponseStream answer(1);  // the first write arrives, then the client is gone
  EXPECT_TRUE(batch(line + line + line, answer).sent_as_stream);
  EXPECT_EQ(answer.writes(), 1u);
  EXPECT_EQ(split_lines(answer.body()).size(), 1u);
}

TEST_F(QuoteRoutes, BatchTakesNdjsonOnly) {
  StringResponseStream answer;
  const Response response =
      batch(one_line(sample("warmtefonds-nul-procent")), answer, std::nullopt, "application/json");
  EXPECT_EQ(response.status, 415);
  EXPECT_FALSE(answer.begun());
}

}  // namespace
}  // namespace renofee::http
