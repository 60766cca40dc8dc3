#include "renofee/adapters/http/page_frame.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "renofee/adapters/http/auth.hpp"

namespace renofee::http::pages {

namespace {

// Colours (contrast against white and the header background, WCAG 2.1 §1.4.3, checked by the browser test):
// text #1a1a1a, muted #4a4a4a, links and the "with" series #1d4e89, the "without" series #9c3d00, passed
// #1e6b34, failed #a3161a, table headers on #e8eef5.
constexpr const char* stylesheet = R"css(
:root { color: #1a1a1a; background: #ffffff; font-family: "DejaVu Sans", Verdana, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 60rem; padding: 0 1rem 2rem; overflow-wrap: break-word; }
header { border-bottom: 3px solid #1d4e89; padding: 0.75rem 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem;
         align-items: baseline; justify-content: space-between; }
header p { margin: 0; }
h1 { font-size: 1.6rem; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #c8d3e0; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.25rem; }
a { color: #1d4e89; }
.muted { color: #4a4a4a; }
.key { font-size: 1.25rem; }
.key data { font-weight: bold; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #c8d3e0; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #e8eef5; }
td.num, th.num { text-align: right; white-space: nowrap; }
.pass { color: #1e6b34; font-weight: bold; }
.fail { color: #a3161a; font-weight: bold; }
.chart { width: 100%; height: auto; max-width: 45rem; display: block; }
.chart .grid line { stroke: #c8d3e0; stroke-width: 1; }
.chart text { fill: #1a1a1a; font-size: 14px; font-family: inherit; }
.table-wrap { overflow-x: auto; }
footer { margin-top: 2rem; border-top: 1px solid #c8d3e0; font-size: 0.9rem; }
@media print {
  @page { size: A4; margin: 15mm 12mm; }
  :root { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  header nav, .no-print { display: none; }
  a { color: #1a1a1a; text-decoration: none; }
  h2 { break-after: avoid; }
  table, figure, section.guarantee { break-inside: avoid; }
  .chart { max-width: 16cm; }
}
)css";

// Every table in its own horizontally scrolling box, so that at 200% zoom a wide table scrolls by itself and
// the page does not (WCAG 2.1 §1.4.10 exempts data tables, not the text around them).
std::string wrap_tables(const std::string& html) {
  std::string out;
  out.reserve(html.size() + 512);
  std::size_t from = 0;
  for (std::size_t at = html.find("<table", from); at != std::string::npos; at = html.find("<table", from)) {
    const std::size_t end = html.find("</table>", at) + 8;
    out.append(html, from, at - from);
    out += "<div class=\"table-wrap\">";
    out.append(html, at, end - at);
    out += "</div>";
    from = end;
  }
  out.append(html, from);
  return out;
}

bool accepts_html(const Request& request) {
  const std::string accept = request.headers.get("Accept").value_or("");
  return accept.find("text/html") != std::string::npos;
}

}  // namespace

std::string in_language(Language language, const char* nl, const char* en) {
  return language == Language::nl ? nl : en;
}

std::string page(Language language, const std::string& title, const std::string& nav,
                 const std::string& main) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"" + in_language(language, "nl", "en") + "\">\n<head>\n";
  html +=
      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + escape_html(title) + " | renofee</title>\n<style>" + stylesheet + "</style>\n</head>\n";
  html +=
      "<body>\n<header>\n<p><strong>renofee</strong> " +
      in_language(language, "gebouwgebonden renovatie", "building-bound renovation") + "</p>\n" + nav +
      "</header>\n<main>\n" + wrap_tables(main) + "</main>\n<footer><p class=\"muted\">" +
      in_language(
          language,
          "Alle bedragen in euro, inclusief btw waar het om de energierekening gaat. Berekend door renofee "
          "uit "
          "het contract en de tarieven; niets op deze pagina is met de hand ingevuld.",
          "All amounts in euro, energy bills including VAT. Computed by renofee from the contract and the "
          "tariffs; nothing on this page is typed in by hand.") +
      "</p></footer>\n</body>\n</html>\n";
  return html;
}

Response html_response(std::string body) {
  Response response = Response::text(200, "text/html; charset=utf-8", std::move(body));
  // Private data: not cached; the share token in the URL must not leak through Referer; no scripts at all.
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
                       "form-action 'none'; frame-ancestors 'none'");
  return response;
}

Language request_language(const Request& request) {
  return request.query_value("lang").value_or("nl") == "en" ? Language::en : Language::nl;
}

Response for_browser(const Request& request, Response problem) {
  if (problem.status < 400 || !accepts_html(request)) return problem;
  const Language language = request_language(request);
  std::string title = "Error " + std::to_string(problem.status);
  std::string detail;
  try {
    Poco::JSON::Parser parser;
    Poco::JSON::Object::Ptr o = parser.parse(problem.body).extract<Poco::JSON::Object::Ptr>();
    title = o->optValue<std::string>("title", title);
    detail = o->optValue<std::string>("detail", "");
  } catch (const Poco::Exception&) {
    detail.clear();  // not a problem document: the status alone
  }
  std::string explanation;
  switch (problem.status) {
    case 401:
      explanation =
          in_language(language, "Deze pagina is alleen te zien met een API-sleutel of een geldige deellink.",
                      "This page needs an API key or a valid share link.");
      break;
    case 403:
      explanation = in_language(
          language,
          "De link of sleutel geeft geen toegang tot deze pagina. Een deellink kan verlopen zijn: "
          "vraag uw aanbieder om een nieuwe.",
          "The link or key does not give access to this page. A share link may have expired: ask "
          "your provider for a new one.");
      break;
    case 404:
      explanation = in_language(language, "Deze pagina bestaat niet, of u mag haar niet zien.",
                                "This page does not exist, or you may not see it.");
      break;
    default:
      explanation =
          in_language(language, "De pagina kon niet worden gemaakt.", "The page could not be made.");
  }
  const std::string main = "<h1>" + escape_html(std::to_string(problem.status) + " " + title) + "</h1>\n<p>" +
                           escape_html(explanation) + "</p>\n<p class=\"muted\">" + escape_html(detail) +
                           "</p>\n";
  Response page_response = html_response(page(language, title, "", main));
  page_response.status = problem.status;
  for (const auto& [name, value] : problem.headers.fields())
    page_response.headers.set(name, value);
  return page_response;
}

Response problem_response(const Request& request, const Error& error) {
  return for_browser(request, to_response(problem_from_error(error, request.request_id)));
}

std::optional<Response> check_query(const Request& request, std::initializer_list<std::string_view> allowed) {
  // The routes' one query rule (message.hpp), then the pages' own: `lang` is nl or en.
  Result<std::map<std::string, std::string>> query = query_parameters(request, allowed);
  Error refusal;
  if (query) {
    const auto lang = query->find("lang");
    if (lang == query->end() || lang->second == "nl" || lang->second == "en") return std::nullopt;
    refusal = invalid_argument("must be nl or en", "/lang");
  } else {
    refusal = query.error();
  }
  return for_browser(request, to_response(validation_problem({refusal}, request.request_id)));
}

// ---------------------------------------------------------------------------------------------------------
// Formatting helpers

std::string money(const Money& m, Language language) {
  return escape_html(format_money(m, language));
}

std::string money_data(const std::string& id, const Money& m, Language language) {
  return "<data id=\"" + escape_html(id) + "\" value=\"" + escape_html(m.to_string()) + "\">" +
         money(m, language) + "</data>";
}

std::string nav_links(const Request& request, Language language) {
  // The same page in the other language, keeping the share token.
  std::string target = request.path + "?lang=" + (language == Language::nl ? "en" : "nl");
  if (std::optional<std::string> share = request.query_value("share")) target += "&share=" + *share;
  return "<nav aria-label=\"" + in_language(language, "Taal", "Language") + "\"><a href=\"" +
         escape_html(target) + "\" hreflang=\"" + (language == Language::nl ? "en" : "nl") + "\" lang=\"" +
         (language == Language::nl ? "en" : "nl") + "\">" +
         (language == Language::nl ? "English" : "Nederlands") + "</a></nav>\n";
}

std::variant<OpenedContract, Response> open_contract(const PageRoutes& routes, const Request& request,
                                                     const std::string& id, calendar::Date today) {
  Result<std::unique_ptr<PageStores>> stores = routes.open_stores();
  if (!stores) return problem_response(request, stores.error());
  if (auto denied = contract_access(request, id, (*stores)->deps().contracts)) {
    return for_browser(request, *denied);
  }
  Result<std::vector<app::ContractVersion>> versions = (*stores)->deps().contracts.versions(id);
  if (!versions) return problem_response(request, versions.error());
  Result<app::ContractVersion> current = app::version_in_effect(*versions, today);
  return OpenedContract{std::move(*stores), current ? std::move(current).value() : versions->front()};
}

}  // namespace renofee::http::pages
