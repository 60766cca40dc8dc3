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
//     as asked, the CSV starting with its header.
#include <Poco/JSON/Parser.h>

#include <filesystem>
#include <memory>

#include "fuzz_check.hpp"
#include "renofee/adapters/http/quote_routes.hpp"
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

  const http::Dispatch dispatch = router().dispatch(std::move(request));
  const http::Response& response = dispatch.response;
  FUZZ_CHECK(dispatch.exception.empty(), "a handler threw: " + dispatch.exception);
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
