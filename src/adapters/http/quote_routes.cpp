#include "renofee/adapters/http/quote_routes.hpp"

#include <sstream>
#include <variant>

#include "renofee/adapters/http/problem.hpp"
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

}  // namespace

Result<void> add_quote_routes(Router& router, std::shared_ptr<app::TariffSource> tariffs) {
  // Quoting is the financier's job (design.md §1); see docs/api.md "Roles" for why not the operator.
  const Access quote_access = Access::roles({app::Role::financier});
  RENOFEE_CHECK(router.add(
      Route{"POST",
            "/v1/quotes",
            "quotes",
            [tariffs](const Request& request) -> Response {
              auto offer = read_offer(request);
              if (auto* refused = std::get_if<Response>(&offer)) return *refused;
              Result<quote::Quote> result = app::quote_offer(std::get<quote::Offer>(offer), *tariffs);
              if (!result) return to_response(problem_from_error(result.error(), request.request_id));
              return Response::json(200, io::quote_json_text(*result));
            },
            {"application/json"},
            quote_access}));
  RENOFEE_CHECK(router.add(
      Route{"POST",
            "/v1/schedules",
            "schedules",
            [tariffs](const Request& request) -> Response {
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
            {"application/json"},
            quote_access}));
  return success();
}

}  // namespace renofee::http
