// Fuzz target `http_quote`: API requests through the router to the quoting routes (adapters/http/router.hpp,
// quote_routes.hpp), in memory as the server hands them over (no sockets; the server bounds the body to
// max_body_bytes, 1 MiB by default, before the router sees it).
//
// Input: "METHOD TARGET\nCONTENT-TYPE\nBODY" (a missing line means POST /v1/quotes, application/json).
// The tariffs are the repository's tariffs/ directory.
//
// Properties:
//   - the router always answers, and never with a 500 (no handler throws);
//   - every 4xx is an application/problem+json object with the status, a detail, the request id as instance,
//     and for 422 a non-empty `errors` list whose pointers are JSON pointers;
//   - a 200 from /v1/quotes is a JSON object naming the offer id of the body; a 200 schedule is JSON or CSV
//     as asked, the CSV starting with its header;
//   - POST /v1/quotes/batch (the body streamed in and the answer streamed out, as the server does): either an
//     ordinary problem before anything was sent, or a 200 NDJSON answer whose lines are JSON objects, one per
//     non-blank body line in increasing line order, ending with exactly one summary whose counts add up.
#include <Poco/JSON/Parser.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "renofee/adapters/http/body_stream.hpp"
#include "renofee/adapters/http/quote_routes.hpp"
#include "renofee/adapters/http/response_stream.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"

namespace renofee::fuzz {
namespace {

const http::Router& router() {
  static const std::unique_ptr<http::Router> instance = [] {
    auto r = std::make_unique<http::Router>();
    Result<std::shared_ptr<io::TariffCatalog>> tariffs =
        io::TariffCatalog::load(std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs");
    if (!tariffs || !http::add_quote_routes(*r, *tariffs)) {
      std::fprintf(stderr, "cannot set up the quote routes\n");
      std::abort();
    }
    return r;
  }();
  return *instance;
}

std::string_view next_line(std::string_view& text) {
  const std::size_t end = text.find('\n');
  const std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  return line;
}

Poco::JSON::Object::Ptr json_object(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var value = parser.parse(body);
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) return value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
  }
  return nullptr;
}

void check_problem(const http::Response& response, const std::string& request_id) {
  FUZZ_CHECK(response.content_type == "application/problem+json", response.content_type);
  const Poco::JSON::Object::Ptr problem = json_object(response.body);
  FUZZ_CHECK(!problem.isNull(), "problem body is not a JSON object: " + response.body);
  FUZZ_CHECK(problem->optValue<int>("status", 0) == response.status, response.body);
  FUZZ_CHECK(!problem->optValue<std::string>("detail", "").empty(), response.body);
  FUZZ_CHECK(problem->optValue<std::string>("instance", "") == request_id, response.body);
  if (response.status != 422) return;
  const Poco::JSON::Array::Ptr errors = problem->getArray("errors");
  FUZZ_CHECK(!errors.isNull() && errors->size() > 0, "422 without errors: " + response.body);
  for (std::size_t i = 0; i < errors->size(); ++i) {
    const Poco::JSON::Object::Ptr item = errors->getObject(static_cast<unsigned>(i));
    FUZZ_CHECK(!item.isNull(), response.body);
    const std::string pointer = item->optValue<std::string>("pointer", "?");
    FUZZ_CHECK(pointer.empty() || pointer.front() == '/', "pointer " + pointer);
    FUZZ_CHECK(!item->optValue<std::string>("detail", "").empty(), response.body);
  }
}

// The properties of a batch answer (see the top of the file).
void check_batch(const http::Response& response, const http::StringResponseStream& answer,
                 const std::string& body) {
  if (!answer.begun()) {
    FUZZ_CHECK(!response.sent_as_stream && response.status >= 400, "batch answered nothing");
    check_problem(response, "fuzz-1");
    return;
  }
  FUZZ_CHECK(response.sent_as_stream && answer.status() == 200, "batch status");
  FUZZ_CHECK(answer.content_type() == "application/x-ndjson", answer.content_type());
  FUZZ_CHECK(!answer.body().empty() && answer.body().back() == '\n', "batch answer not newline-terminated");
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < answer.body().size();) {
    const std::size_t end = answer.body().find('\n', at);
    lines.push_back(answer.body().substr(at, end - at));
    at = end + 1;
  }
  long long last_number = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const Poco::JSON::Object::Ptr line = json_object(lines[i]);
    FUZZ_CHECK(!line.isNull(), "batch line is not a JSON object: " + lines[i].substr(0, 200));
    const long long number = line->optValue<long long>("line", 0);
    FUZZ_CHECK(number > last_number, "batch line numbers do not increase: " + lines[i].substr(0, 80));
    FUZZ_CHECK(line->has("quote") != line->has("error"), "batch line is neither quote nor error");
    last_number = number;
  }
  const Poco::JSON::Object::Ptr last = json_object(lines.back());
  FUZZ_CHECK(!last.isNull() && last->has("summary"), "batch answer without its summary: " + lines.back());
  const Poco::JSON::Object::Ptr summary = last->getObject("summary");
  const long long quoted = summary->optValue<long long>("quoted", -1);
  const long long failed = summary->optValue<long long>("failed", -1);
  FUZZ_CHECK(quoted + failed == static_cast<long long>(lines.size()) - 1, "summary counts: " + lines.back());
  if (!summary->has("aborted")) {
    // Complete: one answer per non-blank line of the body.
    long long non_blank = 0;
    for (std::size_t at = 0; at <= body.size();) {
      std::size_t end = body.find('\n', at);
      if (end == std::string::npos) end = body.size();
      if (body.substr(at, end - at).find_first_not_of(" \t\r") != std::string::npos) ++non_blank;
      at = end + 1;
    }
    FUZZ_CHECK(quoted + failed == non_blank, "answers " + std::to_string(quoted + failed) + " for " +
                                                 std::to_string(non_blank) + " non-blank lines");
  }
}

}  // namespace
}  // namespace renofee::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renofee;
  using namespace renofee::fuzz;
  std::string_view text = as_text(data, size);
  const std::string_view request_line = next_line(text);
  const std::string_view content_type = next_line(text);
  http::Request request;
  const std::size_t space = request_line.find(' ');
  request.method = space == std::string_view::npos ? "POST" : std::string(request_line.substr(0, space));
  const std::string_view target =
      space == std::string_view::npos ? std::string_view("/v1/quotes") : request_line.substr(space + 1);
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.raw_query = std::string(target.substr(question + 1));
  request.headers.add("Content-Type", content_type.empty() ? "application/json" : std::string(content_type));
  request.body = std::string(text);
  request.request_id = "fuzz-1";
  const bool is_quote = request.method == "POST" && request.path == "/v1/quotes";
  const std::string body = request.body;
  // The batch route streams: the server hands it the body as a stream and a stream for the answer.
  http::StringBodyStream body_stream(body);
  http::StringResponseStream answer;
  request.body_stream = &body_stream;
  request.response_stream = &answer;

  const http::Dispatch dispatch = router().dispatch(std::move(request));
  const http::Response& response = dispatch.response;
  FUZZ_CHECK(dispatch.exception.empty(), "a handler threw: " + dispatch.exception);
  if (dispatch.route != nullptr && dispatch.route->name == "quotes_batch") {
    check_batch(response, answer, body);
    return 0;
  }
  const int status = response.status;
  FUZZ_CHECK(status == 200 || status == 204 || status == 400 || status == 404 || status == 405 ||
                 status == 409 || status == 415 || status == 422,
             "status " + std::to_string(status) + ": " + response.body);
  if (status >= 400) {
    check_problem(response, "fuzz-1");
    return 0;
  }
  if (status != 200) return 0;
  if (response.content_type.rfind("text/csv", 0) == 0) {
    FUZZ_CHECK(response.body.rfind("month,due_date,", 0) == 0, response.body.substr(0, 80));
    return 0;
  }
  FUZZ_CHECK(response.content_type == "application/json", response.content_type);
  const Poco::JSON::Object::Ptr json = json_object(response.body);
  FUZZ_CHECK(!json.isNull(), "200 body is not a JSON object");
  if (is_quote) {
    const Result<quote::Offer> offer = io::parse_offer_json(body);
    FUZZ_CHECK(offer.ok(), "quoted a body the offer reader refuses");
    FUZZ_CHECK(json->optValue<std::string>("offer_id", "") == offer->id, "offer_id of " + offer->id);
  }
  return 0;
}
