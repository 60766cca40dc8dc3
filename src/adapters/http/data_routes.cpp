#include "renofee/adapters/http/data_routes.hpp"

#include "renofee/app/occupants.hpp"

#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <map>
#include <variant>

#include "renofee/adapters/http/auth.hpp"
#include "renofee/adapters/http/uploads.hpp"
#include "renofee/adapters/io/data_json.hpp"
#include "renofee/adapters/io/knmi_daily.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/reading_source.hpp"
#include "renofee/app/data_queries.hpp"
#include "renofee/app/ingest_readings.hpp"
#include "renofee/app/reconcile.hpp"

namespace renofee::http {
namespace {

using app::Role;
using Poco::JSON::Object;

Response validation(const Request& request, const std::string& pointer, const std::string& message) {
  return to_response(validation_problem({invalid_argument(message, pointer)}, request.request_id));
}

// The query parameters by name (http::query_parameters), or the 422 that names the first offending one.
std::variant<std::map<std::string, std::string>, Response> strict_query(
    const Request& request, std::initializer_list<std::string_view> allowed) {
  Result<std::map<std::string, std::string>> values = query_parameters(request, allowed);
  if (!values) return to_response(validation_problem({values.error()}, request.request_id));
  return std::move(values).value();
}

using Query = std::map<std::string, std::string>;

std::optional<std::string> get(const Query& query, const std::string& name) {
  const auto it = query.find(name);
  return it == query.end() ? std::nullopt : std::optional<std::string>(it->second);
}

// A required date parameter, or the 422 naming it.
std::variant<calendar::Date, Response> date_param(const Request& request, const Query& query,
                                                  const std::string& name) {
  const std::optional<std::string> text = get(query, name);
  if (!text) return validation(request, "/" + name, "is required (YYYY-MM-DD)");
  Result<calendar::Date> parsed = calendar::parse_date(*text);
  if (!parsed) return validation(request, "/" + name, parsed.error().message);
  return *parsed;
}

io::ReadingFormat reading_format(const std::string& type) {
  if (type == "text/csv") return io::ReadingFormat::csv;
  if (type == "text/plain") return io::ReadingFormat::p1;
  return io::ReadingFormat::json;  // application/x-ndjson, application/json (the router allows no others)
}

Response error_response(const Request& request, const Error& error) {
  return to_response(problem_from_error(error, request.request_id));
}

Object::Ptr upload_json(const app::UploadRecord& upload) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("id", upload.id);
  o->set("contract", upload.contract_id);
  o->set("content_sha256", upload.content_sha256);
  o->set("received_at", metering::to_iso(upload.received_at));
  o->set("correction", upload.correction);
  o->set("rows_read", upload.rows_read);
  o->set("rows_stored", upload.rows_stored);
  o->set("duplicates_skipped", upload.duplicates_skipped);
  o->set("rows_corrected", upload.rows_corrected);
  return o;
}

// The answer to a readings upload: 201 with the new upload's counts, or 200 when the content was imported
// before (the earlier upload's counts).
Response readings_answer(io::ReadingFormat format, std::int64_t bytes, const app::IngestSummary& summary) {
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("status", summary.already_imported ? "already_imported" : "stored");
  out->set("format", std::string(io::to_string(format)));
  out->set("bytes", bytes);
  out->set("upload", upload_json(summary.upload));
  // The settled years this upload changed: stored and marked for the auditor (docs/api.md).
  Poco::JSON::Array::Ptr late = new Poco::JSON::Array;
  for (const app::LateUpload& mark : summary.late) {
    Object::Ptr one = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    one->set("year", mark.year);
    one->set("report_version", mark.report_version);
    one->set("readings", mark.readings);
    late->add(one);
  }
  out->set("changes_settled_years", late);
  return Response::json(summary.already_imported ? 200 : 201, io::to_json_text(out));
}

Counter& uploads_counter(Metrics& metrics, const char* outcome) {
  return metrics.counter("renofee_readings_uploads_total", "Readings uploads by outcome",
                         {{"outcome", outcome}});
}

// The tenancy check (contract_access: the contract exists and the caller may see it) on a connection held
// only for that lookup, so that an upload's body is spooled without holding one; nullopt when allowed.
std::optional<Response> contract_refusal(const DataRoutes& routes, const Request& request,
                                         const std::string& contract) {
  Result<std::unique_ptr<DataStores>> stores = routes.open_stores();
  if (!stores) return error_response(request, stores.error());
  return contract_access(request, contract, (*stores)->contracts());
}

Response upload_readings(const DataRoutes& routes, const Request& request) {
  const std::string contract = request.param("id");
  if (auto denied = contract_refusal(routes, request, contract)) return *denied;
  auto query = strict_query(request, {"correction"});
  if (auto* refused = std::get_if<Response>(&query)) return *refused;
  const std::string correction_text = get(std::get<Query>(query), "correction").value_or("false");
  if (correction_text != "true" && correction_text != "false") {
    return validation(request, "/correction", "must be true or false");
  }
  const io::ReadingFormat format =
      reading_format(media_type_of(request.headers.get("Content-Type").value_or("")));

  auto spooled = spool_body(request);
  if (auto* refused = std::get_if<Response>(&spooled)) return *refused;
  SpooledBody& body = *std::get<std::unique_ptr<SpooledBody>>(spooled);
  Result<std::unique_ptr<DataStores>> stores = routes.open_stores();
  if (!stores) return error_response(request, stores.error());
  const calendar::Instant now = routes.clock();

  return idempotent(
      request, (*stores)->idempotency(), body.sha256, now, [&](const RecordAnswer& record) -> Response {
        std::unique_ptr<app::ReadingFeed> feed = io::open_readings(format, body.file);
        app::IngestOptions options;
        options.contract_id = contract;
        options.content_sha256 = body.sha256;
        options.received_at = now;
        options.correction = correction_text == "true";
        options.actor = app::key_actor(*request.principal);
        Result<std::vector<app::SettledPeriod>> settled =
            app::settled_periods((*stores)->contracts(), (*stores)->reports(), contract);
        if (!settled) return error_response(request, settled.error());
        options.settled = std::move(*settled);
        // The 201 answer is recorded under the Idempotency-Key inside the upload's
        // transaction: stored together with the readings or not at all.
        options.before_commit = [&](const app::IngestSummary& stored) -> Result<void> {
          return record(readings_answer(format, body.bytes, stored));
        };
        Result<app::IngestSummary> summary = app::ingest_readings((*stores)->readings(), *feed, options);
        if (!summary) {
          uploads_counter(*routes.metrics, "refused").add();
          return error_response(request, summary.error());
        }
        if (summary->already_imported) {
          uploads_counter(*routes.metrics, "already_imported").add();
        } else {
          uploads_counter(*routes.metrics, "stored").add();
          routes.metrics->counter("renofee_readings_rows_stored_total", "Meter readings stored by uploads")
              .add(static_cast<std::uint64_t>(summary->upload.rows_stored));
        }
        return readings_answer(format, body.bytes, *summary);
      });
}

Response upload_weather(const DataRoutes& routes, const Request& request) {
  auto query = strict_query(request, {});
  if (auto* refused = std::get_if<Response>(&query)) return *refused;
  auto spooled = spool_body(request);
  if (auto* refused = std::get_if<Response>(&spooled)) return *refused;
  SpooledBody& body = *std::get<std::unique_ptr<SpooledBody>>(spooled);
  Result<std::unique_ptr<DataStores>> stores = routes.open_stores();
  if (!stores) return error_response(request, stores.error());

  // An upsert: repeating it gives the same answer, so its answer is recorded after it (RecordAnswer unused).
  return idempotent(
      request, (*stores)->idempotency(), body.sha256, routes.clock(), [&](const RecordAnswer&) -> Response {
        Result<std::vector<weather::WeatherDay>> days = io::read_knmi_daily(body.file);
        if (!days) return error_response(request, days.error());
        if (days->empty()) {
          return to_response(make_problem(422, "the file holds no station days", request.request_id));
        }
        Result<std::int64_t> stored = (*stores)->weather().upsert_days(*days);
        if (!stored) return error_response(request, stored.error());
        routes.metrics->counter("renofee_weather_days_stored_total", "KNMI station days stored or updated")
            .add(static_cast<std::uint64_t>(*stored));
        std::int64_t without_tg = 0, without_q = 0;
        for (const weather::WeatherDay& day : *days) {
          without_tg += day.mean_temperature_01c ? 0 : 1;
          without_q += day.global_radiation_j_cm2 ? 0 : 1;
        }
        Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        out->set("station", days->front().station);
        out->set("from", calendar::to_string(days->front().day));
        out->set("to", calendar::to_string(calendar::add_days(days->back().day, 1)));
        out->set("days", static_cast<std::int64_t>(days->size()));
        out->set("days_without_tg", without_tg);
        out->set("days_without_q", without_q);
        out->set("stored", *stored);
        return Response::json(200, io::to_json_text(out));
      });
}

Response usage(const DataRoutes& routes, const Request& request) {
  const std::string contract = request.param("id");
  if (auto denied = contract_refusal(routes, request, contract)) return *denied;
  auto parsed = strict_query(request, {"from", "to", "channel", "granularity"});
  if (auto* refused = std::get_if<Response>(&parsed)) return *refused;
  const Query& query = std::get<Query>(parsed);
  auto from = date_param(request, query, "from");
  if (auto* refused = std::get_if<Response>(&from)) return *refused;
  auto to = date_param(request, query, "to");
  if (auto* refused = std::get_if<Response>(&to)) return *refused;
  app::UsageQuery usage_query{contract, std::get<calendar::Date>(from), std::get<calendar::Date>(to),
                              std::nullopt, app::Granularity::total};
  if (const std::optional<std::string> channel = get(query, "channel")) {
    Result<metering::Channel> c = metering::parse_channel(*channel);
    if (!c) return validation(request, "/channel", c.error().message);
    usage_query.channel = *c;
  }
  if (const std::optional<std::string> granularity = get(query, "granularity")) {
    Result<app::Granularity> g = app::parse_granularity(*granularity);
    if (!g) return error_response(request, g.error());
    usage_query.granularity = *g;
  }
  if (Result<void> valid = app::validate(usage_query); !valid) return error_response(request, valid.error());
  Result<std::unique_ptr<DataStores>> stores = routes.open_stores();
  if (!stores) return error_response(request, stores.error());
  if (request.principal) {  // a resident reads its own occupant's meter data only (docs/occupants.md)
    Result<std::optional<finance::OccupantPeriod>> own =
        app::resident_meter_period((*stores)->contracts(), *request.principal, contract);
    if (!own) return error_response(request, own.error());
    if (*own) {
      usage_query.from = std::max(usage_query.from, (*own)->begin);
      if ((*own)->end) usage_query.to = std::min(usage_query.to, *(*own)->end);
      if (!(usage_query.from < usage_query.to))
        return error_response(request, not_found("no meter data of this occupant in the period asked for"));
    }
  }
  Result<app::UsageReport> report = app::usage_report((*stores)->readings(), usage_query);
  if (!report) return error_response(request, report.error());
  return Response::json(200, io::to_json_text(io::usage_json(*report)));
}

Response degree_days(const DataRoutes& routes, const Request& request) {
  const std::string station_text = request.param("station");
  const bool digits =
      !station_text.empty() && station_text.size() <= 3 &&
      std::all_of(station_text.begin(), station_text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    return to_response(
        make_problem(400, "path parameter station must be a KNMI station number 1..999", request.request_id));
  }
  auto parsed = strict_query(request, {"from", "to"});
  if (auto* refused = std::get_if<Response>(&parsed)) return *refused;
  const Query& query = std::get<Query>(parsed);
  auto from = date_param(request, query, "from");
  if (auto* refused = std::get_if<Response>(&from)) return *refused;
  auto to = date_param(request, query, "to");
  if (auto* refused = std::get_if<Response>(&to)) return *refused;
  Result<std::unique_ptr<DataStores>> stores = routes.open_stores();
  if (!stores) return error_response(request, stores.error());
  Result<app::DegreeDayReport> report = app::degree_day_report(
      (*stores)->weather(), app::DegreeDayQuery{std::stoi(station_text), std::get<calendar::Date>(from),
                                                std::get<calendar::Date>(to)});
  if (!report) return error_response(request, report.error());
  return Response::json(200, io::to_json_text(io::degree_days_json(*report)));
}

}  // namespace

Result<void> add_data_routes(Router& router, DataRoutes routes) {
  auto shared = std::make_shared<const DataRoutes>(std::move(routes));
  const auto bind = [shared](Response (*handler)(const DataRoutes&, const Request&)) {
    return [shared, handler](const Request& request) { return handler(*shared, request); };
  };
  RENOFEE_CHECK(router.add(
      Route{.method = "POST",
            .path_template = "/v1/contracts/{id}/readings",
            .name = "readings_upload",
            .handler = bind(upload_readings),
            .body_media_types = {"text/csv", "application/x-ndjson", "application/json", "text/plain"},
            .access = Access::roles({Role::auditor, Role::financier, Role::meter_data}),
            .streams_body = true}));
  RENOFEE_CHECK(router.add(Route{.method = "POST",
                                 .path_template = "/v1/weather",
                                 .name = "weather_upload",
                                 .handler = bind(upload_weather),
                                 .body_media_types = {"text/plain"},
                                 .access = Access::roles({Role::auditor, Role::operator_}),
                                 .streams_body = true}));
  RENOFEE_CHECK(router.add(Route{.method = "GET",
                                 .path_template = "/v1/contracts/{id}/usage",
                                 .name = "contract_usage",
                                 .handler = bind(usage),
                                 .body_media_types = {},
                                 .access = Access::roles({Role::financier, Role::resident, Role::auditor})}));
  RENOFEE_CHECK(router.add(Route{.method = "GET",
                                 .path_template = "/v1/weather/{station}/degree-days",
                                 .name = "degree_days",
                                 .handler = bind(degree_days),
                                 .body_media_types = {},
                                 .access = Access::roles({Role::financier, Role::resident, Role::auditor})}));
  return success();
}

}  // namespace renofee::http
