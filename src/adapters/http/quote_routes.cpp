#include "renofee/adapters/http/quote_routes.hpp"

#include <istream>
#include <sstream>
#include <variant>

#include "renofee/adapters/http/body_stream.hpp"
#include "renofee/adapters/http/problem.hpp"
#include "renofee/adapters/http/response_stream.hpp"
#include "renofee/adapters/io/line_reader.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/quote_output.hpp"

namespace renofee::http {
namespace {

// The offer of a request body, or the problem response that refuses it.
std::variant<quote::Offer, Response> read_offer(const Request& request) {
  std::vector<Error> problems;
  Result<quote::Offer> offer = io::parse_offer_json(request.body, &problems);
  if (offer) return std::move(offer).value();
  if (problems.size() == 1 && problems.front().field.empty()) {
    return to_response(problem_from_error(problems.front(), request.request_id));  // not a JSON object: 400
  }
  return to_response(validation_problem(problems, request.request_id));
}

// The NDJSON line of one offer line (with its newline): its quote, or every problem of it; `quoted` says
// which.
std::string batch_line(std::int64_t number, std::string_view text, app::TariffSource& tariffs, bool& quoted) {
  std::vector<Error> problems;
  Result<quote::Offer> offer = io::parse_offer_json(text, &problems);
  quoted = false;
  if (offer) {
    Result<quote::Quote> result = app::quote_offer(*offer, tariffs);
    if (result) {
      quoted = true;
      return io::batch_quote_line(number, *result) + '\n';
    }
    problems = {result.error()};
  }
  return io::batch_error_line(number, problems) + '\n';
}

// {"summary":{"lines":N,"quoted":Q,"failed":F}}, with "aborted":{"status","detail"} when the request body
// could not be read to its end: the last line of every batch answer (docs/api.md "Batch quotes").
std::string batch_summary(std::int64_t lines, std::int64_t quoted, std::int64_t failed,
                          const std::optional<Problem>& aborted) {
  std::string out = "{\"summary\":{\"lines\":" + std::to_string(lines) +
                    ",\"quoted\":" + std::to_string(quoted) + ",\"failed\":" + std::to_string(failed);
  if (aborted) {
    out += ",\"aborted\":{\"status\":" + std::to_string(aborted->status) +
           ",\"detail\":" + json_quote(aborted->detail) + '}';
  }
  return out + "}}\n";
}

// POST /v1/quotes/batch: reads the body line by line and writes each line's answer as soon as it is
// computed, so memory holds one line whatever the batch size. The status (200) goes out with the first
// answer; a body that fails before that gets its own problem (400, 408); a failure after it ends the output
// with an "aborted" summary (and the server closes the connection).
Response quote_batch(const Request& request, app::TariffSource& tariffs) {
  if (request.body_stream == nullptr || request.response_stream == nullptr) {
    return to_response(make_problem(500, "the server failed to answer this request", request.request_id));
  }
  ResponseStream& out = *request.response_stream;
  BodyStreamBuf buffer(*request.body_stream);
  std::istream in(&buffer);
  io::LineReader lines(in, max_batch_line_bytes);
  std::int64_t quoted = 0;
  std::int64_t failed = 0;
  std::optional<Problem> aborted;
  const auto emit = [&](const std::string& text) {
    if (!out.begun()) out.begin(200, "application/x-ndjson");
    return out.write(text);
  };
  std::string line;
  while (true) {
    const io::LineReader::Status status = lines.next(line);
    if (status == io::LineReader::Status::end) break;
    if (status == io::LineReader::Status::too_long) {
      // The rest of this line cannot be skipped safely without reading it whole: the batch ends here.
      ++failed;
      const Error error = invalid_argument(
          "line longer than " + std::to_string(max_batch_line_bytes) + " bytes; the batch stops here", "");
      if (!emit(io::batch_error_line(lines.line_number(), {error}) + '\n')) {
        return Response::streamed(200);  // the client is gone
      }
      aborted = make_problem(413,
                             "line " + std::to_string(lines.line_number()) + " is longer than " +
                                 std::to_string(max_batch_line_bytes) + " bytes",
                             request.request_id);
      break;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines are allowed
    bool ok = false;
    const std::string answer = batch_line(lines.line_number(), line, tariffs, ok);
    ++(ok ? quoted : failed);
    if (!emit(answer)) return Response::streamed(200);  // the client is gone
  }
  if (!aborted) aborted = request.body_stream->failure();
  if (aborted && !out.begun()) return to_response(*aborted);  // nothing sent yet: an ordinary problem
  (void)emit(batch_summary(lines.line_number(), quoted, failed, aborted));
  return Response::streamed(200);
}

}  // namespace

Result<void> add_quote_routes(Router& router, std::shared_ptr<app::TariffSource> tariffs) {
  // Quoting is the financier's job (docs/domain.md §1); see docs/api.md "Roles" for why not the operator.
  const Access quote_access = Access::roles({app::Role::financier});
  RENOFEE_CHECK(router.add(
      Route{.method = "POST",
            .path_template = "/v1/quotes",
            .name = "quotes",
            .handler = [tariffs](const Request& request) -> Response {
              auto offer = read_offer(request);
              if (auto* refused = std::get_if<Response>(&offer)) return *refused;
              Result<quote::Quote> result = app::quote_offer(std::get<quote::Offer>(offer), *tariffs);
              if (!result) return to_response(problem_from_error(result.error(), request.request_id));
              return Response::json(200, io::quote_json_text(*result));
            },
            .body_media_types = {"application/json"},
            .access = quote_access}));
  RENOFEE_CHECK(router.add(
      Route{.method = "POST",
            .path_template = "/v1/schedules",
            .name = "schedules",
            .handler = [tariffs](const Request& request) -> Response {
              const std::string format = request.query_value("format").value_or("json");
              if (format != "json" && format != "csv") {
                return to_response(validation_problem(
                    {invalid_argument("format must be json or csv", "/format")}, request.request_id));
              }
              auto offer = read_offer(request);
              if (auto* refused = std::get_if<Response>(&offer)) return *refused;
              const quote::Offer& parsed = std::get<quote::Offer>(offer);
              Result<finance::Schedule> result = app::schedule_offer(parsed, *tariffs);
              if (!result) return to_response(problem_from_error(result.error(), request.request_id));
              if (format == "csv") {
                std::ostringstream csv;
                io::write_schedule_csv(*result, csv);
                return Response::text(200, "text/csv; charset=utf-8", csv.str());
              }
              return Response::json(200, io::to_json_text(io::schedule_json(parsed.id, *result)));
            },
            .body_media_types = {"application/json"},
            .access = quote_access}));
  RENOFEE_CHECK(router.add(
      Route{.method = "POST",
            .path_template = "/v1/quotes/batch",
            .name = "quotes_batch",
            .handler = [tariffs](const Request& request) { return quote_batch(request, *tariffs); },
            .body_media_types = {"application/x-ndjson"},
            .access = quote_access,
            .streams_body = true}));
  return success();
}

}  // namespace renofee::http
