#include "renofee/adapters/http/contract_routes.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <charconv>
#include <sstream>
#include <variant>

#include "renofee/adapters/http/auth.hpp"
#include "renofee/adapters/http/portfolio_risk_routes.hpp"
#include "renofee/adapters/http/problem.hpp"
#include "renofee/adapters/io/arrears_output.hpp"
#include "renofee/adapters/io/json_reader.hpp"
#include "renofee/adapters/io/occupant_output.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/payoff_output.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/reconciliation_output.hpp"
#include "renofee/app/occupants.hpp"

namespace renofee::http {
namespace {

using app::Role;
using Poco::JSON::Object;

using Outcome = std::variant<Response, std::unique_ptr<ContractSession>>;

Response problem(const Request& request, const Error& error) {
  return to_response(problem_from_error(error, request.request_id));
}

Response invalid(const Request& request, const std::string& pointer, const std::string& message) {
  return to_response(validation_problem({invalid_argument(message, pointer)}, request.request_id));
}

std::string owner_of(const Request& request) {
  return request.principal ? app::key_actor(*request.principal) : std::string("cli");
}

// The session and the contract's versions when the contract exists and the caller may see it (the one
// tenancy rule, contract_access); else the answer (400 for a malformed id, the one 404 for a missing or
// foreign contract, 503 when the database is away).
struct ContractView {
  std::unique_ptr<ContractSession> session;
  std::vector<app::ContractVersion> versions;
  std::optional<finance::OccupantPeriod> occupant;  // a resident's: the period it reads (app/occupants.hpp)
};

std::variant<ContractView, Response> open_contract_view(const Request& request,
                                                        const ContractRoutes& routes) {
  const std::string id = request.param("id");
  Result<std::unique_ptr<ContractSession>> session = routes.open_session();
  if (!session) return problem(request, session.error());
  if (std::optional<Response> refused = contract_access(request, id, (*session)->deps().contracts)) {
    return *refused;
  }
  Result<std::vector<app::ContractVersion>> versions = (*session)->deps().contracts.versions(id);
  if (!versions) return problem(request, versions.error());
  std::optional<finance::OccupantPeriod> occupant;
  if (request.principal) {
    Result<std::optional<finance::OccupantPeriod>> own =
        app::resident_period((*session)->deps().contracts, *request.principal, id);
    if (!own) return problem(request, own.error());
    occupant = *own;
  }
  return ContractView{std::move(session).value(), std::move(versions).value(), occupant};
}

// Whether the caller may read the report of `year`: everyone who sees the contract, except a resident whose
// occupant did not live in the home for the whole year (the report holds the other occupant's meter data).
bool report_readable(const ContractView& v, int year) {
  if (!v.occupant) return true;
  Result<app::SettledYear> settled = app::settled_year(v.versions.front().offer, year);
  return settled && app::lived_whole(*v.occupant, settled->period);
}

// A whole number path or query value in [min, max], or nullopt.
std::optional<int> whole(const std::string& text, int min, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

// Only the listed query parameters, each at most once (http::query_parameters); else its 422.
std::optional<Response> query_problem(const Request& request,
                                      std::initializer_list<std::string_view> allowed) {
  Result<std::map<std::string, std::string>> checked = query_parameters(request, allowed);
  if (!checked) return to_response(validation_problem({checked.error()}, request.request_id));
  return std::nullopt;
}

// The offer in `text` (an offer document) with its canonical text, or the 400/422 answer naming every wrong
// field under `prefix`.
std::variant<io::OfferDocument, Response> parse_offer(const Request& request, std::string_view text,
                                                      const std::string& prefix) {
  std::vector<Error> problems;
  Result<io::OfferDocument> document = io::parse_offer_document(text, &problems);
  if (document) return std::move(document).value();
  if (problems.size() == 1 && problems.front().field.empty() && prefix.empty()) {
    return to_response(problem_from_error(problems.front(), request.request_id));
  }
  for (Error& e : problems)
    e = e.at(prefix);
  return to_response(validation_problem(problems, request.request_id));
}

Response json(int status, const Object::Ptr& body) {
  return Response::json(status, io::to_json_text(body));
}

Response post_contract(const Request& request, const ContractRoutes& routes) {
  auto offer = parse_offer(request, request.body, "");
  if (auto* refused = std::get_if<Response>(&offer)) return *refused;
  const io::OfferDocument& document = std::get<io::OfferDocument>(offer);
  const quote::Offer& o = document.offer;
  Result<std::unique_ptr<ContractSession>> session = routes.open_session();
  if (!session) return problem(request, session.error());
  Result<app::ContractVersion> stored =
      app::create_contract((*session)->deps().contracts, (*session)->deps().sha256,
                           app::NewContract{o, document.canonical_json, routes.clock(), owner_of(request)});
  if (!stored) return problem(request, stored.error());
  Response response =
      json(201, io::contract_versions_json(o.id, std::span<const app::ContractVersion>(&*stored, 1)));
  response.headers.set("Location", "/v1/contracts/" + o.id);
  return response;
}

// The owner whose contracts a listing shows: the financier's own, or every contract (nullopt) for an auditor.
std::optional<std::string> financier_owner(const Request& request) {
  if (request.principal && request.principal->role == Role::financier) return owner_of(request);
  return std::nullopt;
}

Response list_contracts(const Request& request, const ContractRoutes& routes) {
  if (std::optional<Response> refused = query_problem(request, {"after", "limit"})) return *refused;
  const std::string after = request.query_value("after").value_or("");
  const std::optional<int> limit = whole(request.query_value("limit").value_or("50"), 1, 500);
  if (!limit) return invalid(request, "/limit", "must be a whole number 1..500");
  Result<std::unique_ptr<ContractSession>> session = routes.open_session();
  if (!session) return problem(request, session.error());
  const std::optional<std::string> owner = financier_owner(request);
  Result<std::vector<app::ContractSummary>> page =
      (*session)->deps().contracts.list_contracts(after, *limit + 1, owner);
  if (!page) return problem(request, page.error());
  const bool more = static_cast<int>(page->size()) > *limit;
  if (more) page->pop_back();
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const app::ContractSummary& c : *page) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("id", c.contract_id);
    o->set("versions", c.versions);
    o->set("created_at", io::iso_instant(c.created_at));
    items->add(o);
  }
  Object::Ptr body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("contracts", items);
  body->set("next", more ? Poco::Dynamic::Var(page->back().contract_id) : Poco::Dynamic::Var());
  return json(200, body);
}

Response get_contract(const Request& request, const ContractRoutes& routes) {
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  Object::Ptr body = io::contract_versions_json(request.param("id"), v.versions);
  Result<Poco::JSON::Object::Ptr> offer = io::parse_json_object(v.versions.back().offer_json);
  if (!offer) return problem(request, internal_error("a stored offer cannot be read back"));
  body->set("offer", *offer);
  return json(200, body);
}

Response amend(const Request& request, const ContractRoutes& routes) {
  Result<Poco::JSON::Object::Ptr> doc = io::parse_json_object(request.body);
  if (!doc) return problem(request, doc.error());
  std::vector<Error> problems;
  io::JsonObjectReader reader(*doc, "", problems);
  reader.reject_unknown({"offer", "reason", "effective_date"});
  const std::optional<std::string> reason = reader.string("reason", io::Presence::required, 500);
  const std::optional<std::string> effective = reader.string("effective_date", io::Presence::required, 10);
  std::optional<calendar::Date> effective_date;
  if (effective) {
    Result<calendar::Date> d = calendar::parse_date(*effective);
    if (d) {
      effective_date = *d;
    } else {
      reader.problem("/effective_date", d.error().message);
    }
  }
  const std::optional<io::JsonObjectReader> offer_member = reader.object("offer", io::Presence::required);
  if (!problems.empty()) return to_response(validation_problem(problems, request.request_id));
  std::ostringstream offer_text;
  Poco::JSON::Stringifier::stringify(reader.raw("offer"), offer_text);
  auto offer = parse_offer(request, offer_text.str(), "/offer");
  if (auto* refused = std::get_if<Response>(&offer)) return *refused;
  const io::OfferDocument& document = std::get<io::OfferDocument>(offer);
  const quote::Offer& o = document.offer;
  const std::string id = request.param("id");
  if (o.id != id) return invalid(request, "/offer/id", "an amendment keeps the contract id \"" + id + "\"");
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  Result<app::ContractVersion> stored =
      app::amend_contract(v.session->deps().contracts, v.session->deps().sha256,
                          app::Amendment{id, o, document.canonical_json, *effective_date, *reason,
                                         routes.clock(), owner_of(request)});
  if (!stored) return problem(request, stored.error());
  Response response =
      json(201, io::contract_versions_json(id, std::span<const app::ContractVersion>(&*stored, 1)));
  response.headers.set("Location", "/v1/contracts/" + id);
  return response;
}

Response run_reconciliation(const Request& request, const ContractRoutes& routes) {
  Result<Poco::JSON::Object::Ptr> doc = io::parse_json_object(request.body);
  if (!doc) return problem(request, doc.error());
  std::vector<Error> problems;
  io::JsonObjectReader reader(*doc, "", problems);
  reader.reject_unknown({"year", "dry_run", "correction_reason"});
  const std::optional<long long> year = reader.integer("year", io::Presence::required, 1, 9999);
  const std::optional<bool> dry_run = reader.boolean("dry_run", io::Presence::optional);
  const std::optional<std::string> reason = reader.string("correction_reason", io::Presence::optional, 500);
  if (!problems.empty()) return to_response(validation_problem(problems, request.request_id));
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  app::ReconcileRequest r;
  r.contract_id = request.param("id");
  r.year = static_cast<int>(*year);
  r.dry_run = dry_run.value_or(false);
  r.correction_reason = reason;
  r.now = routes.clock();
  r.today = calendar::local_date(r.now);
  r.actor = owner_of(request);
  Result<app::ReconcileOutcome> outcome = app::reconcile(v.session->deps(), r);
  if (!outcome) return problem(request, outcome.error());
  const bool stored = outcome->stored == app::ReconcileOutcome::Stored::stored;
  Object::Ptr body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("status", stored                                                        ? "stored"
                      : outcome->stored == app::ReconcileOutcome::Stored::unchanged ? "unchanged"
                                                                                    : "dry_run");
  body->set("report", io::report_summary_json(outcome->report));
  Poco::JSON::Array::Ptr postings = new Poco::JSON::Array;
  for (const app::LedgerEntry& e : outcome->postings)
    postings->add(io::ledger_entry_json(e));
  body->set("postings", postings);
  Response response = json(stored ? 201 : 200, body);
  if (outcome->stored != app::ReconcileOutcome::Stored::dry_run) {
    response.headers.set("Location", "/v1/contracts/" + r.contract_id + "/reports/" + std::to_string(r.year) +
                                         "?version=" + std::to_string(outcome->report.version));
  }
  return response;
}

// POST /v1/contracts/{id}/fee-postings {"through": "YYYY-MM-DD"}: posts the monthly fees due on or before
// `through` (default: today, Europe/Amsterdam) that are not yet in the ledger (app::post_due_fees). Idempotent:
// a second call posts nothing and says how many were posted already. A day after today is refused (422).
Response post_fees(const Request& request, const ContractRoutes& routes) {
  Result<Poco::JSON::Object::Ptr> doc = io::parse_json_object(request.body);
  if (!doc) return problem(request, doc.error());
  std::vector<Error> problems;
  io::JsonObjectReader reader(*doc, "", problems);
  reader.reject_unknown({"through"});
  const std::optional<std::string> through_text = reader.string("through", io::Presence::optional, 10);
  if (!problems.empty()) return to_response(validation_problem(problems, request.request_id));
  const calendar::Instant now = routes.clock();
  const calendar::Date today = calendar::local_date(now);
  calendar::Date through = today;
  if (through_text) {
    Result<calendar::Date> day = calendar::parse_date(*through_text);
    if (!day) return problem(request, invalid_argument("through: " + day.error().message, "/through"));
    if (Result<void> checked = app::check_fee_posting_day(*day, today); !checked)
      return problem(request, checked.error());
    through = *day;
  }
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  Result<app::AppendOutcome> posted =
      app::post_due_fees(v.session->deps(), request.param("id"), through, now);
  if (!posted) return problem(request, posted.error());
  Object::Ptr body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("contract_id", request.param("id"));
  body->set("through", calendar::to_string(through));
  Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
  for (const app::LedgerEntry& e : posted->appended)
    entries->add(io::ledger_entry_json(e));
  body->set("posted", entries);
  body->set("already_posted", posted->skipped);
  return json(200, body);
}

Response list_reconciliations(const Request& request, const ContractRoutes& routes) {
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  Result<std::vector<app::StoredReport>> reports =
      v.session->deps().reports.contract_reports(request.param("id"));
  if (!reports) return problem(request, reports.error());
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const app::StoredReport& r : *reports) {
    if (report_readable(v, r.year)) items->add(io::report_summary_json(r));
  }
  Object::Ptr body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("reports", items);
  return json(200, body);
}

// Provenance (docs/api.md): the contract's events, each with who did it (the key, or the command line) and
// when; the same tenancy as the contract itself.
Response list_events(const Request& request, const ContractRoutes& routes) {
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  Result<std::vector<app::AuditEvent>> events = v.session->events().contract_events(request.param("id"));
  if (!events) return problem(request, events.error());
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const app::AuditEvent& e : *events) {
    // A resident sees the contract's versions and what was recorded while its occupant lived there; occupant 1
    // also what was recorded before the start (the baseline's uploads, the contract's creation).
    if (v.occupant && e.kind != "contract_version") {
      const calendar::Date day = calendar::local_date(e.at);
      const bool before_start = v.occupant->occupant == 1 && day < v.occupant->begin;
      if (!before_start && !v.occupant->contains(day)) continue;
    }
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("seq", e.seq);
    o->set("at", date::format("%FT%TZ", e.at));
    o->set("actor", e.actor);
    o->set("kind", e.kind);
    o->set("subject", e.subject);
    o->set("item_sha256", e.item_sha256);
    o->set("hash", e.hash);
    items->add(o);
  }
  Object::Ptr body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("contract", request.param("id"));
  body->set("events", items);
  return json(200, body);
}

Response get_report(const Request& request, const ContractRoutes& routes) {
  if (std::optional<Response> refused = query_problem(request, {"version", "format"})) return *refused;
  const std::optional<int> year = whole(request.param("year"), 1, 9999);
  if (!year) return invalid(request, "/year", "must be a whole number (contract year 1.. or calendar year)");
  const std::string format = request.query_value("format").value_or("json");
  if (format != "json" && format != "csv") return invalid(request, "/format", "must be json or csv");
  std::optional<int> wanted;
  if (std::optional<std::string> text = request.query_value("version")) {
    wanted = whole(*text, 1, 1'000'000);
    if (!wanted) return invalid(request, "/version", "must be a whole number >= 1");
  }
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  Result<std::vector<app::StoredReport>> versions =
      v.session->deps().reports.report_versions(request.param("id"), *year);
  if (!versions) return problem(request, versions.error());
  const app::StoredReport* chosen = versions->empty() ? nullptr : &versions->back();
  if (wanted) {
    chosen = nullptr;
    for (const app::StoredReport& r : *versions) {
      if (r.version == *wanted) chosen = &r;
    }
  }
  if (!report_readable(v, *year)) chosen = nullptr;
  if (chosen == nullptr) {
    return problem(request, not_found("no report of year " + std::to_string(*year) +
                                      (wanted ? " version " + std::to_string(*wanted) : std::string()) +
                                      " of this contract"));
  }
  Response response;
  if (format == "json") {
    response = Response::json(200, chosen->report_json);
  } else {
    std::ostringstream csv;
    io::write_report_csv(*chosen, csv);
    response = Response::text(200, "text/csv; charset=utf-8", csv.str());
  }
  response.headers.set("ETag", "\"" + chosen->sha256 + "\"");
  response.headers.set("X-Report-SHA256", chosen->sha256);
  return response;
}

Response get_statement(const Request& request, const ContractRoutes& routes) {
  const std::optional<int> year = whole(request.param("year"), 1, 9999);
  if (!year) return invalid(request, "/year", "must be a whole number (contract year 1.. or calendar year)");
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  const calendar::Instant now = routes.clock();
  Result<app::StatementOutcome> outcome = app::statement_for(
      v.session->deps(), request.principal, request.param("id"), *year, calendar::local_date(now));
  if (!outcome) return problem(request, outcome.error());
  return json(200, io::statement_json(*year, *outcome));
}

// The query parameter `date` (a local date), today when absent; nullopt when it is not a date.
std::optional<calendar::Date> query_date(const Request& request, const ContractRoutes& routes) {
  const std::optional<std::string> text = request.query_value("date");
  if (!text) return calendar::local_date(routes.clock());
  Result<calendar::Date> parsed = calendar::parse_date(*text);
  if (!parsed) return std::nullopt;
  return *parsed;
}

// POST /v1/contracts/{id}/occupant-changes {"date", "event", "outgoing_key"}: a new tenant or owner of the home
// (app/occupants.hpp, docs/occupants.md); 201 with the change, its postings, the keys made (shown once) and the
// outgoing occupant's final statement.
Response post_occupant_change(const Request& request, const ContractRoutes& routes) {
  Result<Poco::JSON::Object::Ptr> doc = io::parse_json_object(request.body);
  if (!doc) return problem(request, doc.error());
  std::vector<Error> problems;
  io::JsonObjectReader reader(*doc, "", problems);
  reader.reject_unknown({"date", "event", "outgoing_key"});
  const std::optional<std::string> date_text = reader.string("date", io::Presence::required, 10);
  const std::optional<std::string> event_text = reader.string("event", io::Presence::required, 20);
  const std::optional<bool> outgoing_key = reader.boolean("outgoing_key", io::Presence::optional);
  if (!problems.empty()) return to_response(validation_problem(problems, request.request_id));
  Result<calendar::Date> on = calendar::parse_date(*date_text);
  if (!on) return problem(request, invalid_argument("date: " + on.error().message, "/date"));
  Result<finance::OccupantEvent> event = finance::parse_occupant_event(*event_text);
  if (!event) return problem(request, event.error());
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  app::OccupantStore* store = v.session->occupants();
  app::KeyCrypto* crypto = v.session->key_crypto();
  if (store == nullptr || crypto == nullptr) return problem(request, internal_error("no occupant store"));
  const calendar::Instant now = routes.clock();
  const app::OccupantChangeRequest change{request.param("id"),
                                          finance::OccupantChange{*on, *event},
                                          outgoing_key.value_or(false),
                                          calendar::local_date(now),
                                          now,
                                          owner_of(request)};
  Result<app::OccupantChangeOutcome> out = app::change_occupant(v.session->deps(), *store, *crypto, change);
  if (!out) return problem(request, out.error());
  return json(201, io::occupant_change_json(change.contract_id, *out));
}

// GET /v1/contracts/{id}/occupants: who lived in the home when (the owning financier and the auditor).
Response get_occupants(const Request& request, const ContractRoutes& routes) {
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  Result<std::vector<finance::OccupantPeriod>> periods =
      app::contract_occupants(v.session->deps().contracts, request.param("id"));
  if (!periods) return problem(request, periods.error());
  return json(200, io::occupants_json(request.param("id"), *periods));
}

// GET /v1/contracts/{id}/payoff?date=YYYY-MM-DD (default today): the early-repayment quote.
Response get_payoff(const Request& request, const ContractRoutes& routes) {
  if (std::optional<Response> refused = query_problem(request, {"date"})) return *refused;
  const std::optional<calendar::Date> day = query_date(request, routes);
  if (!day) return invalid(request, "/date", "must be a date YYYY-MM-DD");
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  if (v.occupant && v.occupant->end)  // a former occupant repays nothing
    return problem(request, not_found("no payoff quote for a former occupant of this contract"));
  Result<app::PayoffOutcome> outcome =
      app::contract_payoff(v.session->deps().contracts, request.param("id"), *day);
  if (!outcome) return problem(request, outcome.error());
  return json(200, io::payoff_json(request.param("id"), *outcome));
}

// POST /v1/contracts/{id}/payoff {"date": "YYYY-MM-DD"} (default today): the resident repaid the financing;
// the quote of that day is posted to the ledger once (app/payoff.hpp `post_payoff`).
Response post_payoff_route(const Request& request, const ContractRoutes& routes) {
  Result<Poco::JSON::Object::Ptr> doc = io::parse_json_object(request.body);
  if (!doc) return problem(request, doc.error());
  std::vector<Error> problems;
  io::JsonObjectReader reader(*doc, "", problems);
  reader.reject_unknown({"date"});
  const std::optional<std::string> date_text = reader.string("date", io::Presence::optional, 10);
  if (!problems.empty()) return to_response(validation_problem(problems, request.request_id));
  const calendar::Instant now = routes.clock();
  const calendar::Date today = calendar::local_date(now);
  calendar::Date day = today;
  if (date_text) {
    Result<calendar::Date> parsed = calendar::parse_date(*date_text);
    if (!parsed) return problem(request, invalid_argument("date: " + parsed.error().message, "/date"));
    day = *parsed;
  }
  auto view = open_contract_view(request, routes);
  if (auto* refused = std::get_if<Response>(&view)) return *refused;
  ContractView& v = std::get<ContractView>(view);
  Result<app::PostedPayoff> posted = app::post_payoff(v.session->deps().contracts, v.session->deps().ledger,
                                                      request.param("id"), day, today, now);
  if (!posted) return problem(request, posted.error());
  Object::Ptr body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("payoff", io::payoff_json(request.param("id"), posted->payoff));
  body->set("posted", io::ledger_entry_json(posted->entry));
  return json(201, body);
}

// GET /v1/arrears?date=YYYY-MM-DD&min_days=N: what is overdue per contract (app/arrears.hpp); a financier sees
// the contracts it created, an auditor all.
Response get_arrears(const Request& request, const ContractRoutes& routes) {
  if (std::optional<Response> refused = query_problem(request, {"date", "min_days"})) return *refused;
  const std::optional<calendar::Date> day = query_date(request, routes);
  if (!day) return invalid(request, "/date", "must be a date YYYY-MM-DD");
  const std::optional<int> min_days = whole(request.query_value("min_days").value_or("1"), 1, 36600);
  if (!min_days) return invalid(request, "/min_days", "must be a whole number of days 1..36600");
  Result<std::unique_ptr<ContractSession>> session = routes.open_session();
  if (!session) return problem(request, session.error());
  const std::optional<std::string> owner = financier_owner(request);
  Result<std::vector<std::string>> ids = app::contract_ids((*session)->deps().contracts, owner);
  if (!ids) return problem(request, ids.error());
  Result<std::vector<app::ArrearsLine>> lines =
      app::arrears_list((*session)->deps().ledger, *ids, *day, *min_days);
  if (!lines) return problem(request, lines.error());
  return json(200, io::arrears_list_json(*day, *lines));
}

// A financier's book under historical weather (portfolio_risk_routes.hpp).
Response get_portfolio_risk(const Request& request, const ContractRoutes& routes) {
  Result<std::unique_ptr<ContractSession>> session = routes.open_session();
  if (!session) return problem(request, session.error());
  return portfolio_risk_api(**session, request, calendar::local_date(routes.clock()));
}

Response verify(const Request& request, const ContractRoutes& routes) {
  Result<std::unique_ptr<ContractSession>> session = routes.open_session();
  if (!session) return problem(request, session.error());
  Result<std::vector<app::ChainCheck>> checks =
      app::verify_ledger((*session)->deps().ledger, (*session)->deps().sha256);
  if (!checks) return problem(request, checks.error());
  bool intact = true;
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const app::ChainCheck& c : *checks) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("contract_id", c.contract_id);
    o->set("entries", c.entries);
    o->set("head_hash", c.head_hash);
    o->set("problem", c.problem ? Poco::Dynamic::Var(*c.problem) : Poco::Dynamic::Var());
    intact = intact && !c.problem;
    items->add(o);
  }
  Object::Ptr body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("intact", intact);
  body->set("contracts", items);
  return json(200, body);
}

}  // namespace

Result<void> add_contract_routes(Router& router, ContractRoutes routes) {
  auto shared = std::make_shared<ContractRoutes>(std::move(routes));
  const Access readers = Access::roles({Role::financier, Role::resident, Role::auditor});
  auto route = [&](std::string method, std::string path, std::string name,
                   Response (*handler)(const Request&, const ContractRoutes&), std::vector<std::string> media,
                   Access access) {
    return router.add(
        Route{.method = std::move(method),
              .path_template = std::move(path),
              .name = std::move(name),
              .handler = [shared, handler](const Request& request) { return handler(request, *shared); },
              .body_media_types = std::move(media),
              .access = access});
  };
  RENOFEE_CHECK(route("POST", "/v1/contracts", "contracts_create", post_contract, {"application/json"},
                      Access::roles({Role::financier})));
  RENOFEE_CHECK(route("GET", "/v1/contracts", "contracts_list", list_contracts, {},
                      Access::roles({Role::financier, Role::auditor})));
  RENOFEE_CHECK(route("GET", "/v1/contracts/{id}", "contract", get_contract, {}, readers));
  RENOFEE_CHECK(route("POST", "/v1/contracts/{id}/amendments", "contract_amend", amend, {"application/json"},
                      Access::roles({Role::financier})));
  RENOFEE_CHECK(route("POST", "/v1/contracts/{id}/reconciliations", "reconciliation_run", run_reconciliation,
                      {"application/json"}, Access::roles({Role::auditor})));
  RENOFEE_CHECK(route("POST", "/v1/contracts/{id}/fee-postings", "fee_postings", post_fees,
                      {"application/json"}, Access::roles({Role::financier})));
  RENOFEE_CHECK(route("GET", "/v1/contracts/{id}/reconciliations", "reconciliations", list_reconciliations,
                      {}, readers));
  RENOFEE_CHECK(route("GET", "/v1/contracts/{id}/reports/{year}", "report", get_report, {}, readers));
  RENOFEE_CHECK(route("GET", "/v1/contracts/{id}/events", "contract_events", list_events, {}, readers));
  RENOFEE_CHECK(
      route("GET", "/v1/contracts/{id}/statements/{year}", "statement", get_statement, {}, readers));
  RENOFEE_CHECK(route("GET", "/v1/contracts/{id}/payoff", "payoff", get_payoff, {}, readers));
  RENOFEE_CHECK(route("POST", "/v1/contracts/{id}/payoff", "payoff_post", post_payoff_route,
                      {"application/json"}, Access::roles({Role::financier})));
  RENOFEE_CHECK(route("POST", "/v1/contracts/{id}/occupant-changes", "occupant_change", post_occupant_change,
                      {"application/json"}, Access::roles({Role::financier})));
  RENOFEE_CHECK(route("GET", "/v1/contracts/{id}/occupants", "occupants", get_occupants, {},
                      Access::roles({Role::financier, Role::auditor})));
  RENOFEE_CHECK(route("GET", "/v1/arrears", "arrears", get_arrears, {},
                      Access::roles({Role::financier, Role::auditor})));
  RENOFEE_CHECK(route("GET", "/v1/portfolio/risk", "portfolio_risk", get_portfolio_risk, {},
                      Access::roles({Role::financier, Role::auditor})));
  // Auditors only: the answer names every contract (the operator, who sees no contract, checks the chains at
  // the machine with `renofee ledger verify`).
  RENOFEE_CHECK(
      route("GET", "/v1/ledger/verify", "ledger_verify", verify, {}, Access::roles({Role::auditor})));
  return success();
}

}  // namespace renofee::http
