#include "renofee/adapters/http/page_routes.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <map>
#include <variant>

#include "renofee/adapters/http/auth.hpp"
#include "renofee/adapters/http/html.hpp"
#include "renofee/app/cost_comparison.hpp"
#include "renofee/core/guarantee/evaluate.hpp"

namespace renofee::http {
namespace {

using app::Role;

// ---------------------------------------------------------------------------------------------------------
// Page frame

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

std::string t(Language language, const char* nl, const char* en) {
  return language == Language::nl ? nl : en;
}

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

std::string page(Language language, const std::string& title, const std::string& nav,
                 const std::string& main) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"" + t(language, "nl", "en") + "\">\n<head>\n";
  html +=
      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + escape_html(title) + " | renofee</title>\n<style>" + stylesheet + "</style>\n</head>\n";
  html +=
      "<body>\n<header>\n<p><strong>renofee</strong> " +
      t(language, "gebouwgebonden renovatie", "building-bound renovation") + "</p>\n" + nav +
      "</header>\n<main>\n" + wrap_tables(main) + "</main>\n<footer><p class=\"muted\">" +
      t(language,
        "Alle bedragen in euro, inclusief btw waar het om de energierekening gaat. Berekend door renofee uit "
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

bool accepts_html(const Request& request) {
  const std::string accept = request.headers.get("Accept").value_or("");
  return accept.find("text/html") != std::string::npos;
}

Language request_language(const Request& request) {
  return request.query_value("lang").value_or("nl") == "en" ? Language::en : Language::nl;
}

// A problem+json response as an HTML page for browsers (same status and headers); others get it unchanged.
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
      explanation = t(language, "Deze pagina is alleen te zien met een API-sleutel of een geldige deellink.",
                      "This page needs an API key or a valid share link.");
      break;
    case 403:
      explanation =
          t(language,
            "De link of sleutel geeft geen toegang tot deze pagina. Een deellink kan verlopen zijn: "
            "vraag uw aanbieder om een nieuwe.",
            "The link or key does not give access to this page. A share link may have expired: ask "
            "your provider for a new one.");
      break;
    case 404:
      explanation = t(language, "Deze pagina bestaat niet, of u mag haar niet zien.",
                      "This page does not exist, or you may not see it.");
      break;
    default:
      explanation = t(language, "De pagina kon niet worden gemaakt.", "The page could not be made.");
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

// The query parameters when each name is in `allowed` (given once, at most 256 bytes), `lang` is nl or en;
// else the 422 naming the parameter.
std::optional<Response> check_query(const Request& request, std::initializer_list<std::string_view> allowed) {
  std::vector<std::string> seen;
  for (const auto& [name, value] : request.query) {
    const std::string pointer = "/" + name.substr(0, 40);
    std::string problem;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      problem = "unknown query parameter";
    } else if (value.size() > 256) {
      problem = "is longer than 256 bytes";
    } else if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      problem = "is given more than once";
    } else if (name == "lang" && value != "nl" && value != "en") {
      problem = "must be nl or en";
    }
    if (!problem.empty()) {
      return for_browser(
          request, to_response(validation_problem({invalid_argument(problem, pointer)}, request.request_id)));
    }
    seen.push_back(name);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------------
// Formatting helpers

std::string money(const Money& m, Language language) {
  return escape_html(format_money(m, language));
}

// An amount with its exact value for machines: <data id="..." value="153.77">€ 153,77</data>.
std::string money_data(const std::string& id, const Money& m, Language language) {
  return "<data id=\"" + escape_html(id) + "\" value=\"" + escape_html(m.to_string()) + "\">" +
         money(m, language) + "</data>";
}

// A fraction (0.039) as a percentage with two decimals ("3,90 %").
std::string percent(const Decimal& fraction, Language language) {
  return escape_html(format_number(fraction * Decimal(100), 2, language)) + "&nbsp;%";
}

std::string pass_fail(bool passed, Language language) {
  return passed ? "<span class=\"pass\">" + t(language, "voldoet", "passes") + "</span>"
                : "<span class=\"fail\">" + t(language, "voldoet niet", "fails") + "</span>";
}

std::string contract_years_text(int months, Language language) {
  if (months % 12 == 0) return std::to_string(months / 12) + t(language, " jaar", " years");
  return std::to_string(months) + t(language, " maanden", " months");
}

std::string nav_links(const Request& request, Language language) {
  // The same page in the other language, keeping the share token.
  std::string target = request.path + "?lang=" + (language == Language::nl ? "en" : "nl");
  if (std::optional<std::string> share = request.query_value("share")) target += "&share=" + *share;
  return "<nav aria-label=\"" + t(language, "Taal", "Language") + "\"><a href=\"" + escape_html(target) +
         "\" hreflang=\"" + (language == Language::nl ? "en" : "nl") + "\" lang=\"" +
         (language == Language::nl ? "en" : "nl") + "\">" +
         (language == Language::nl ? "English" : "Nederlands") + "</a></nav>\n";
}

// ---------------------------------------------------------------------------------------------------------
// Offer page sections

std::string indexation_text(const quote::Offer& offer, Language language) {
  const quote::Indexation& ix = offer.service_fee.indexation;
  const std::string fee = money(offer.service_fee.monthly, language);
  switch (ix.kind) {
    case quote::IndexationKind::none:
      return t(language, "De servicekosten (", "The service fee (") + fee +
             t(language,
               " per maand) worden niet geïndexeerd. Het deel voor de financiering verandert ook niet.",
               " a month) is not indexed. The financing part does not change either.");
    case quote::IndexationKind::fixed:
      return t(language, "De servicekosten (", "The service fee (") + fee +
             t(language, " per maand in het eerste jaar) stijgen op elke verjaardag van het contract met ",
               " a month in the first year) rises on every anniversary of the contract by ") +
             percent(ix.annual_rate, language) +
             t(language,
               ". Het deel voor de financiering blijft de hele looptijd gelijk: indexatie raakt alleen de "
               "servicekosten.",
               ". The financing part stays the same for the whole term: indexation touches the service fee "
               "only.");
    case quote::IndexationKind::series: {
      std::string rates;
      for (std::size_t i = 0; i < ix.annual_rates.size(); ++i)
        rates += (i == 0 ? "" : ", ") + percent(ix.annual_rates[i], language);
      return t(language, "De servicekosten (", "The service fee (") + fee +
             t(language,
               " per maand in het eerste jaar) veranderen op de verjaardagen van het contract met de "
               "afgesproken reeks: ",
               " a month in the first year) changes on the contract's anniversaries by the agreed series: ") +
             rates +
             t(language, "; daarna blijven ze gelijk. Het deel voor de financiering verandert niet.",
               "; after that it stays the same. The financing part does not change.");
    }
  }
  return {};
}

std::string fee_section(const quote::Quote& q, const quote::Offer& offer, Language language) {
  const finance::ScheduleRow& first = q.fees.first_month;
  std::string s = "<section aria-labelledby=\"fee-heading\">\n<h2 id=\"fee-heading\">" +
                  t(language, "Uw maandbedrag", "Your monthly fee") + "</h2>\n";
  s += "<p class=\"key\">" + t(language, "U betaalt ", "You pay ") +
       money_data("monthly-fee", first.total, language) +
       t(language, " per maand, vanaf ", " a month, from ") +
       escape_html(format_date(first.due_date, language)) + ".</p>\n";
  s += "<table>\n<caption>" +
       t(language, "Opbouw van het maandbedrag in de eerste maand", "The monthly fee in the first month") +
       "</caption>\n<tbody>\n";
  s += "<tr><th scope=\"row\">" +
       t(language, "Financiering (rente en aflossing)", "Financing (interest and repayment)") +
       "</th><td class=\"num\">" + money_data("fee-financing", first.financing_payment, language) +
       "</td></tr>\n";
  s += "<tr><th scope=\"row\">" +
       t(language, "Servicekosten (onderhoud, monitoring, verzekering)",
         "Service fee (maintenance, monitoring, insurance)") +
       "</th><td class=\"num\">" + money_data("fee-service", first.service_fee, language) + "</td></tr>\n";
  if (!first.cap_reduction.is_zero()) {
    s += "<tr><th scope=\"row\">" + t(language, "Korting tot het EPV-maximum", "Reduction to the EPV cap") +
         "</th><td class=\"num\">-" + money(first.cap_reduction, language) + "</td></tr>\n";
  }
  s += "<tr><th scope=\"row\">" + t(language, "Totaal per maand", "Total a month") +
       "</th><td class=\"num\">" + money(first.total, language) + "</td></tr>\n</tbody>\n</table>\n";
  s += "<h3>" + t(language, "Indexatie", "Indexation") + "</h3>\n<p>" + indexation_text(offer, language) +
       "</p>\n";
  if (q.epv_monthly_cap) {
    s += "<p>" +
         t(language,
           "Dit is een huurwoning: het maandbedrag is nooit hoger dan de energieprestatievergoeding (EPV) "
           "van ",
           "This is a rented home: the monthly fee never exceeds the energy performance fee (EPV) of ") +
         money_data("epv-cap", *q.epv_monthly_cap, language) + t(language, " per maand.", " a month.") +
         "</p>\n";
  }
  s += "<table>\n<caption>" + t(language, "Maandbedrag per contractjaar", "Monthly fee by contract year") +
       "</caption>\n<thead><tr><th scope=\"col\">" + t(language, "Contractjaar", "Contract year") +
       "</th><th scope=\"col\" class=\"num\">" + t(language, "Financiering", "Financing") +
       "</th><th scope=\"col\" class=\"num\">" + t(language, "Servicekosten", "Service fee") +
       "</th><th scope=\"col\" class=\"num\">" + t(language, "Totaal per maand", "Total a month") +
       "</th></tr></thead>\n<tbody>\n";
  for (const finance::YearFee& fee : q.fees.fee_by_year) {
    const std::string y = std::to_string(fee.year);
    s += "<tr><th scope=\"row\">" + y + "</th><td class=\"num\">" + money(fee.financing_payment, language) +
         "</td><td class=\"num\">" + money(fee.service_fee, language) + "</td><td class=\"num\">" +
         money_data("fee-year-" + y, fee.total, language) + "</td></tr>\n";
  }
  s += "</tbody>\n</table>\n</section>\n";
  return s;
}

std::string netting_text(const quote::TariffYearQuote& ty, Language language) {
  const std::string other = money(ty.alternative.monthly_saving, language);
  if (ty.as_tariff.netting) {
    return t(language,
             "In dit jaar geldt nog de salderingsregeling: stroom die uw zonnepanelen terugleveren wordt "
             "weggestreept tegen stroom die u van het net haalt. Zonder saldering zou de besparing ",
             "This year net metering (the salderingsregeling) still applies: electricity your panels feed in "
             "is "
             "offset against electricity you take from the grid. Without net metering the saving would be ") +
           other + t(language, " per maand zijn.", " a month.");
  }
  return t(language,
           "De salderingsregeling is per 1 januari 2027 afgeschaft: u betaalt voor alle stroom die u van het "
           "net "
           "haalt (met energiebelasting), en voor stroom die u teruglevert krijgt u alleen de "
           "terugleververgoeding "
           "van uw leverancier, minus eventuele terugleverkosten. Met saldering zou de besparing ",
           "Net metering (the salderingsregeling) ends on 1 January 2027: you pay for all electricity you "
           "take "
           "from the grid (with energy tax), and for electricity you feed in you only get your supplier's "
           "feed-in "
           "price, minus any feed-in cost. With net metering the saving would be ") +
         other + t(language, " per maand zijn geweest.", " a month.");
}

std::string energy_section(const quote::Quote& q, Language language) {
  std::string s =
      "<section aria-labelledby=\"energy-heading\">\n<h2 id=\"energy-heading\">" +
      t(language, "Uw energierekening voor en na de renovatie",
        "Your energy bill before and after the renovation") +
      "</h2>\n<p>" +
      t(language,
        "Verwachte jaarrekening (inclusief vaste kosten, netbeheer, energiebelasting, "
        "belastingvermindering en btw) met de tarieven van elk jaar in het aanbod, bij het verwachte "
        "verbruik voor en na de renovatie. De besparing per maand is een twaalfde van de besparing "
        "per jaar.",
        "Expected yearly bill (including fixed charges, network charges, energy tax, tax reduction "
        "and VAT) at the tariffs of each year in the offer, for the expected use before and after the "
        "renovation. The monthly saving is one twelfth of the yearly saving.") +
      "</p>\n";
  for (const quote::TariffYearQuote& ty : q.tariff_years) {
    const std::string id = ty.tariff_id;
    const std::string year = std::to_string(ty.year);
    s += "<section class=\"tariff-year\" data-tariff=\"" + escape_html(id) + "\" aria-labelledby=\"ty-" +
         escape_html(id) + "\">\n<h3 id=\"ty-" + escape_html(id) + "\">" +
         t(language, "Tarieven ", "Tariffs ") + year + " (" +
         (ty.as_tariff.netting ? t(language, "met saldering", "with net metering")
                               : t(language, "zonder saldering", "without net metering")) +
         ")</h3>\n";
    s += "<table>\n<caption>" + t(language, "Energierekening ", "Energy bill ") + year +
         "</caption>\n<tbody>\n";
    s += "<tr><th scope=\"row\">" +
         t(language, "Voor de renovatie, per jaar", "Before the renovation, a year") +
         "</th><td class=\"num\">" + money_data("bill-before-" + id, ty.as_tariff.before.total, language) +
         "</td></tr>\n";
    s += "<tr><th scope=\"row\">" + t(language, "Na de renovatie, per jaar", "After the renovation, a year") +
         "</th><td class=\"num\">" + money_data("bill-after-" + id, ty.as_tariff.after.total, language) +
         "</td></tr>\n";
    s += "<tr><th scope=\"row\">" + t(language, "Besparing per jaar", "Saving a year") +
         "</th><td class=\"num\">" + money(ty.as_tariff.yearly_saving, language) + "</td></tr>\n";
    s += "<tr><th scope=\"row\">" + t(language, "Besparing per maand", "Saving a month") +
         "</th><td class=\"num\">" + money_data("saving-month-" + id, ty.as_tariff.monthly_saving, language) +
         "</td></tr>\n";
    s += "<tr><th scope=\"row\">" + t(language, "Getoetst maandbedrag", "Tested monthly fee") +
         "</th><td class=\"num\">" + money(ty.woonlasten.monthly_fee, language) + "</td></tr>\n";
    s += "<tr><th scope=\"row\">" +
         t(language, "Netto effect per maand (besparing min maandbedrag)",
           "Net effect a month (saving minus fee)") +
         "</th><td class=\"num\">" + money_data("net-effect-" + id, ty.net_monthly_effect, language) +
         "</td></tr>\n</tbody>\n</table>\n";
    s += "<p>" +
         (ty.net_monthly_effect.is_negative()
              ? t(language, "Met deze tarieven gaat u er per maand ", "At these tariffs you pay ") +
                    money(Money(ty.net_monthly_effect.value().abs()), language) +
                    t(language, " op achteruit: het maandbedrag is hoger dan de besparing.",
                      " a month more than you save: the fee is higher than the saving.")
              : t(language, "Met deze tarieven gaat u er per maand ", "At these tariffs you are ") +
                    money(ty.net_monthly_effect, language) +
                    t(language, " op vooruit.", " a month better off.")) +
         "</p>\n<p>" + netting_text(ty, language) + "</p>\n";
    // Affordability in words, with the figures the checks used.
    const quote::WoonlastenCheck& w = ty.woonlasten;
    const quote::PaysCheck& p = ty.pays;
    s += "<h4>" + t(language, "Betaalbaarheid", "Affordability") + "</h4>\n<ul>\n";
    s += "<li id=\"woonlasten-" + escape_html(id) + "\" data-passed=\"" + (w.passed ? "true" : "false") +
         "\"><strong>" + t(language, "Woonlastentoets", "Housing-cost test (woonlastenimpacttoets)") +
         ":</strong> " + pass_fail(w.passed, language) + ". " +
         t(language, "Het maandbedrag (", "The monthly fee (") + money(w.monthly_fee, language) +
         (w.passed ? t(language, ") is niet hoger dan de verwachte besparing (",
                       ") is not higher than the expected saving (")
                   : t(language, ") is hoger dan de verwachte besparing (",
                       ") is higher than the expected saving (")) +
         money(w.monthly_saving, language) + t(language, " per maand); verschil ", " a month); difference ") +
         money(w.headroom, language) + ".</li>\n";
    s += "<li id=\"pays-" + escape_html(id) + "\" data-passed=\"" + (p.passed ? "true" : "false") +
         "\"><strong>PAYS:</strong> " + pass_fail(p.passed, language) + ". " +
         t(language, "Het maandbedrag mag hoogstens 80 % van de besparing zijn (",
           "The fee may be at most 80 % of the saving (") +
         money(p.fee_limit, language) + "): " + pass_fail(p.fee_passed, language) + ". " +
         t(language, "De looptijd (", "The term (") + std::to_string(p.term_months) +
         t(language, " maanden) mag hoogstens 80 % van de gewogen levensduur van de maatregelen zijn (",
           " months) may be at most 80 % of the weighted useful life of the measures (") +
         escape_html(format_number(p.term_limit_months, 2, language)) +
         t(language, " maanden): ", " months): ") + pass_fail(p.term_passed, language) + ".</li>\n</ul>\n";
    s += "<p class=\"muted\">" +
         t(language, "Deze toetsen worden gemeld, niet afgedwongen: u en de aanbieder beslissen.",
           "These checks are reported, never enforced: you and the provider decide.") +
         "</p>\n</section>\n";
  }
  s += "</section>\n";
  return s;
}

std::string deadband_text(const guarantee::Guarantee& g, Language language) {
  const std::string pct = escape_html(format_number(g.deadband.percent, 0, language)) + "&nbsp;%";
  switch (g.deadband.mode) {
    case guarantee::DeadbandMode::none:
      return t(language, "Elk tekort wordt vergoed, hoe klein ook.",
               "Every shortfall is compensated, however small.");
    case guarantee::DeadbandMode::threshold:
      return t(language, "Drempel: is het tekort niet groter dan ",
               "Threshold: when the shortfall is not more than ") +
             pct +
             t(language,
               " van de gegarandeerde hoeveelheid, dan volgt geen vergoeding; is het groter, dan wordt het "
               "hele "
               "tekort vergoed.",
               " of the guaranteed amount, nothing is paid; when it is more, the whole shortfall is paid.");
    case guarantee::DeadbandMode::franchise:
      return t(language, "Eigen risico: een tekort tot ", "Franchise: a shortfall up to ") + pct +
             t(language,
               " van de gegarandeerde hoeveelheid is voor uw rekening; alleen het deel daarboven wordt "
               "vergoed.",
               " of the guaranteed amount is yours to bear; only the part beyond it is paid.");
  }
  return {};
}

std::string price_text(const guarantee::Price& price, const std::string& unit, Language language) {
  // Tariff rates carry up to 5 decimals (docs/domain.md §2): as many as the price has, at least 2.
  const int decimals = std::clamp(price.per_unit.trimmed().scale(), 2, 5);
  std::string s = "€&nbsp;" + escape_html(format_number(price.per_unit, decimals, language)) +
                  t(language, " per ", " per ") + escape_html(unit) +
                  t(language, " in het eerste jaar", " in the first year");
  if (!price.annual_escalation.is_zero()) {
    s += t(language, "; die prijs verandert elk jaar met ", "; the price changes every year by ") +
         percent(price.annual_escalation, language);
  }
  return s;
}

std::string guarantee_what(const guarantee::Guarantee& g, const quote::Offer& offer, Language language) {
  const std::string area = std::to_string(offer.dwelling.floor_area_m2);
  if (const auto* nz = std::get_if<guarantee::NetZeroTerms>(&g.terms)) {
    std::string s = t(language,
                      "Nul op de Meter: over een heel jaar haalt uw woning netto (afname min teruglevering) "
                      "niet meer stroom "
                      "van het net dan de ruimte voor het huishouden: ",
                      "Net zero (Nul op de Meter): over a whole year your home takes no more electricity "
                      "from the grid, net "
                      "of what it feeds in, than the household allowance: ") +
                    escape_html(format_number(nz->allowance_per_m2.value(), 0, language)) +
                    t(language, " kWh per m² woonoppervlak (", " kWh per m² of floor area (") + area + " m²)";
    if (nz->allowance_cap) {
      s += t(language, ", ten hoogste ", ", at most ") +
           escape_html(format_number(nz->allowance_cap->value(), 0, language)) +
           t(language, " kWh per jaar", " kWh a year");
    }
    s += t(language, ". Het stroomverbruik voor verwarming wordt omgerekend naar een normaal jaar (",
           ". The electricity used for heating is scaled to a normal year (") +
         escape_html(format_number(nz->normal_weighted_degree_days.value(), 0, language)) +
         t(language, " gewogen graaddagen), zodat een koude winter niet tegen u telt.",
           " weighted degree days), so a cold winter does not count against you.");
    return s;
  }
  if (const auto* epv = std::get_if<guarantee::EpvTerms>(&g.terms)) {
    std::string hmin =
        epv->h_min
            ? escape_html(format_number(epv->h_min->value(), 0, language)) + " kWh"
            : t(language,
                "de wettelijke waarde voor uw woningtype (2.100 kWh eengezinswoning, 530 kWh "
                "meergezinswoning)",
                "the legal value for your dwelling type (2,100 kWh single-family, 530 kWh multi-family)");
    return t(language, "EPV-garantie (energieprestatievergoeding): de zonnepanelen wekken per jaar minstens ",
             "EPV guarantee (energy performance fee): the solar panels generate at least ") +
           hmin +
           t(language,
             " meer op dan de woning gebruikt voor verwarming, koeling en warm water plus een vast verbruik "
             "van ",
             " a year more than the home uses for heating, cooling and hot water plus a fixed use of ") +
           escape_html(format_number(epv->g_fixed.value(), 0, language)) + " kWh (H = O − W − G).";
  }
  if (const auto* sv = std::get_if<guarantee::SavingsTerms>(&g.terms)) {
    const std::string unit = sv->carrier == guarantee::SavingsCarrier::gas
                                 ? "m³ gas"
                                 : t(language, "kWh stroom", "kWh of electricity");
    std::string s =
        t(language, "Besparingsgarantie: u verbruikt per jaar minstens ",
          "Savings guarantee: you use at least ") +
        escape_html(format_number(sv->guaranteed_savings, 0, language)) + " " + unit +
        t(language,
          " minder dan vóór de renovatie, gerekend met het verbruik van vóór de renovatie aangepast aan "
          "het weer van het jaar (IPMVP optie C).",
          " a year less than before the renovation, measured against the pre-renovation use adjusted "
          "to the year's weather (IPMVP option C).");
    if (!sv->excess_share_percent.is_zero()) {
      s += t(language, " Bespaart u meer, dan betaalt u ", " When you save more, you pay ") +
           escape_html(format_number(sv->excess_share_percent, 0, language)) +
           t(language, "&nbsp;% van de waarde van die extra besparing aan de aanbieder.",
             "&nbsp;% of the value of that extra saving to the provider.");
    }
    return s;
  }
  if (const auto* pv = std::get_if<guarantee::PvYieldTerms>(&g.terms)) {
    return t(language, "Opbrengstgarantie: de zonnepanelen wekken minstens ",
             "Yield guarantee: the solar panels generate at least ") +
           escape_html(format_number(pv->guaranteed.value(), 0, language)) +
           t(language, " kWh per jaar op in een jaar met normale zoninstraling (",
             " kWh a year in a year of normal sunshine (") +
           escape_html(format_number(pv->normal_irradiance.value(), 0, language)) +
           t(language, " J/cm²); in een zonniger of somberder jaar schaalt de garantie mee.",
             " J/cm²); in a sunnier or duller year the guarantee scales with it.");
  }
  return {};
}

std::string guarantee_compensation(const guarantee::Guarantee& g, Language language) {
  const std::string unit(guarantee::quantity_unit(g));
  std::string s;
  if (const auto* nz = std::get_if<guarantee::NetZeroTerms>(&g.terms)) {
    s = t(language, "Haalt de woning meer, dan vergoedt de aanbieder elke kWh boven de ruimte met ",
          "If the home takes more, the provider pays for every kWh above the allowance at ") +
        price_text(nz->price, unit, language) + ".";
  } else if (std::holds_alternative<guarantee::EpvTerms>(g.terms)) {
    s = t(language,
          "Elk kWh tekort wordt vergoed tegen de gemiddelde stroomprijs voor huishoudens van het CBS in dat "
          "jaar.",
          "Every kWh short is paid at the CBS average household electricity price of that year.");
  } else if (const auto* sv = std::get_if<guarantee::SavingsTerms>(&g.terms)) {
    s = t(language, "Elke eenheid die u te weinig bespaart wordt vergoed met ",
          "Every unit saved too little is paid at ") +
        price_text(sv->price, unit, language) + ".";
  } else if (const auto* pv = std::get_if<guarantee::PvYieldTerms>(&g.terms)) {
    s = t(language, "Elk kWh te weinig wordt vergoed met ", "Every kWh short is paid at ") +
        price_text(pv->price, unit, language) + ".";
  }
  s += " " + deadband_text(g, language);
  if (g.yearly_cap) {
    s += t(language, " De vergoeding is ten hoogste ", " Compensation is at most ") +
         money(*g.yearly_cap, language) + t(language, " per jaar.", " a year.");
  }
  if (g.netted) {
    s +=
        t(language,
          " Tekorten en overschotten van de garanties die tegen elkaar worden verrekend, worden eerst "
          "gesaldeerd.",
          " Shortfalls and surpluses of the guarantees that are netted are offset against each other first.");
  }
  return s;
}

std::string guarantees_section(const quote::Offer& offer, Language language) {
  std::string s = "<section aria-labelledby=\"guarantee-heading\">\n<h2 id=\"guarantee-heading\">" +
                  t(language, "Wat wordt gegarandeerd", "What is guaranteed") + "</h2>\n";
  if (offer.guarantees.empty()) {
    s += "<p>" +
         t(language, "Dit aanbod bevat geen prestatiegarantie.",
           "This offer carries no performance guarantee.") +
         "</p>\n";
  }
  int n = 0;
  for (const guarantee::Guarantee& g : offer.guarantees) {
    ++n;
    s += "<section class=\"guarantee\" id=\"guarantee-" + std::to_string(n) + "\" data-kind=\"" +
         escape_html(guarantee::to_string(g.kind)) + "\">\n<h3>" + t(language, "Garantie ", "Guarantee ") +
         std::to_string(n) + "</h3>\n<dl>\n";
    s += "<dt>" + t(language, "Wat", "What") + "</dt><dd>" + guarantee_what(g, offer, language) + "</dd>\n";
    s += "<dt>" + t(language, "Vergoeding bij een tekort", "Compensation for a shortfall") + "</dt><dd>" +
         guarantee_compensation(g, language) + "</dd>\n";
    s += "<dt>" + t(language, "Looptijd", "Term") + "</dt><dd>" + std::to_string(g.term_years) +
         t(language,
           " jaar vanaf het begin van het contract. Elk jaar rekent een onafhankelijke controleur af met de "
           "meterstanden; de vergoeding komt op uw jaaroverzicht.",
           " years from the start of the contract. Every year an independent auditor settles it from the "
           "meter "
           "readings; the compensation appears on your yearly statement.") +
         "</dd>\n</dl>\n</section>\n";
  }
  s += "</section>\n";
  return s;
}

std::string loan_section(const quote::Quote& q, Language language) {
  const finance::FinancingTerms& f = q.schedule.input.financing;
  const finance::ScheduleTotals& totals = q.schedule.totals;
  const finance::ScheduleRow& last = q.schedule.rows.back();
  std::string s =
      "<section aria-labelledby=\"loan-heading\">\n<h2 id=\"loan-heading\">" +
      t(language, "De lening", "The loan") + "</h2>\n<table>\n<caption>" +
      t(language, "Wettelijke informatie over het krediet", "Credit information required by law") +
      "</caption>\n<tbody>\n";
  const auto row = [&](const std::string& label, const std::string& value) {
    s += "<tr><th scope=\"row\">" + label + "</th><td class=\"num\">" + value + "</td></tr>\n";
  };
  row(t(language, "Kredietbedrag", "Amount of credit"), money_data("principal", q.principal, language));
  row(t(language, "Rente per jaar", "Interest a year"),
      percent(f.annual_rate, language) + " (" +
          (f.rate_basis == finance::RateBasis::nominal ? t(language, "nominaal", "nominal")
                                                       : t(language, "effectief", "effective")) +
          ")");
  row(t(language, "Jaarlijks kostenpercentage (JKP)", "Annual percentage rate of charge (APR)"),
      "<data id=\"apr\" value=\"" + escape_html(q.apr.percent_two_decimals.to_string()) + "\">" +
          escape_html(format_number(q.apr.percent_two_decimals, 2, language)) + "&nbsp;%</data>");
  row(t(language, "Looptijd", "Term"),
      std::to_string(f.term_months) + t(language, " maanden (", " months (") +
          contract_years_text(f.term_months, language) + ")" +
          (f.grace_months > 0
               ? t(language, ", waarvan de eerste ", ", of which the first ") +
                     std::to_string(f.grace_months) + t(language, " alleen rente", " interest only")
               : ""));
  row(t(language, "Aflossing", "Repayment"),
      f.method == finance::Method::annuity
          ? t(language, "annuïteit (gelijke maandbedragen)", "annuity (equal payments)")
          : t(language, "lineair (gelijke aflossing, dalende rente)",
              "linear (equal repayment, falling interest)"));
  row(t(language, "Laatste termijn", "Last payment"), escape_html(format_date(last.due_date, language)));
  row(t(language, "Totaal aan rente en aflossing", "Total of interest and repayment"),
      money_data("financing-total", totals.financing_payments, language));
  row(t(language, "Kosten van het krediet", "Total cost of credit"),
      money_data("cost-of-credit", totals.cost_of_credit, language));
  row(t(language, "Totaal te betalen (met servicekosten)", "Total payable (with service fees)"),
      money_data("total-payable", totals.total_payable, language));
  s += "</tbody>\n</table>\n<p>" +
       t(language,
         "Vervroegd aflossen mag altijd, geheel of gedeeltelijk, zonder boete: u betaalt dan alleen de "
         "openstaande schuld.",
         "You may repay early at any time, in full or in part, without penalty: you pay only the outstanding "
         "balance.") +
       "</p>\n</section>\n";
  return s;
}

std::string chart_section(const app::CostComparison& c, Language language) {
  LineChart chart;
  chart.id = "cost-chart";
  chart.language = language;
  chart.y_unit_label = "€";
  chart.title =
      t(language, "Totale kosten met en zonder renovatie", "Total cost with and without renovation");
  const std::string tariff_text = std::to_string(c.tariff_year) + " (" +
                                  (c.netting ? t(language, "met saldering", "with net metering")
                                             : t(language, "zonder saldering", "without net metering")) +
                                  ")";
  const app::CumulativeCost& end = c.points.back();
  chart.description =
      t(language, "Opgetelde kosten per contractjaar. Zonder renovatie: alleen de energierekening, na ",
        "Cumulative cost by contract year. Without renovation: the energy bill only, after ") +
      std::to_string(end.contract_year) + t(language, " jaar ", " years ") +
      format_money(end.without_renovation, language) +
      t(language, ". Met renovatie: maandbedragen plus de lagere energierekening, na ",
        ". With renovation: the monthly fees plus the lower energy bill, after ") +
      std::to_string(end.contract_year) + t(language, " jaar ", " years ") +
      format_money(end.with_renovation, language) +
      t(language, ". Energieprijzen van ", ". Energy prices of ") + tariff_text +
      t(language, ", gelijk gehouden.", ", held constant.");
  ChartSeries without{t(language, "Zonder renovatie", "Without renovation"), "#9c3d00", "8 5", {}};
  ChartSeries with{t(language, "Met renovatie", "With renovation"), "#1d4e89", "", {}};
  for (const app::CumulativeCost& p : c.points) {
    chart.x_labels.push_back(std::to_string(p.contract_year));
    without.values.push_back(p.without_renovation.value());
    with.values.push_back(p.with_renovation.value());
  }
  chart.series = {without, with};

  std::string s =
      "<section aria-labelledby=\"chart-heading\">\n<h2 id=\"chart-heading\">" +
      t(language, "Wat kost het over de hele looptijd?", "What does it cost over the whole term?") +
      "</h2>\n<p>" +
      t(language, "Opgetelde kosten aan het eind van elk contractjaar, met de energieprijzen van ",
        "Cumulative cost at the end of each contract year, at the energy prices of ") +
      tariff_text +
      t(language, " voor de hele looptijd (energieprijzen worden niet voorspeld).",
        " for the whole term (energy prices are not forecast).") +
      "</p>\n<figure>\n" + line_chart_svg(chart) + "<figcaption class=\"muted\">" +
      t(language,
        "Horizontaal: contractjaar. Verticaal: opgetelde kosten in euro. De tabel hieronder "
        "bevat dezelfde cijfers.",
        "Across: contract year. Up: cumulative cost in euro. The table below holds the same figures.") +
      "</figcaption>\n</figure>\n<table id=\"cost-table\">\n<caption>" + chart.title +
      "</caption>\n<thead><tr><th scope=\"col\">" + t(language, "Contractjaar", "Contract year") +
      "</th><th scope=\"col\" class=\"num\">" + t(language, "Zonder renovatie", "Without renovation") +
      "</th><th scope=\"col\" class=\"num\">" + t(language, "Maandbedragen", "Monthly fees") +
      "</th><th scope=\"col\" class=\"num\">" +
      t(language, "Energierekening na renovatie", "Energy bill after renovation") +
      "</th><th scope=\"col\" class=\"num\">" + t(language, "Met renovatie", "With renovation") +
      "</th></tr></thead>\n<tbody>\n";
  for (const app::CumulativeCost& p : c.points) {
    const std::string y = std::to_string(p.contract_year);
    s += "<tr><th scope=\"row\">" + y + "</th><td class=\"num\">" +
         money_data("cum-without-" + y, p.without_renovation, language) + "</td><td class=\"num\">" +
         money(p.fees, language) + "</td><td class=\"num\">" + money(p.energy_after, language) +
         "</td><td class=\"num\">" + money_data("cum-with-" + y, p.with_renovation, language) +
         "</td></tr>\n";
  }
  s += "</tbody>\n</table>\n</section>\n";
  return s;
}

std::string measures_section(const quote::Offer& offer, const quote::Quote& q, Language language) {
  std::string s = "<section aria-labelledby=\"measures-heading\">\n<h2 id=\"measures-heading\">" +
                  t(language, "De renovatie", "The renovation") + "</h2>\n<table>\n<caption>" +
                  t(language, "Maatregelen", "Measures") + "</caption>\n<thead><tr><th scope=\"col\">" +
                  t(language, "Maatregel", "Measure") + "</th><th scope=\"col\" class=\"num\">" +
                  t(language, "Levensduur", "Useful life") + "</th><th scope=\"col\" class=\"num\">" +
                  t(language, "Kosten", "Cost") + "</th></tr></thead>\n<tbody>\n";
  for (const quote::Measure& m : offer.measures) {
    std::string name(quote::to_string(m.kind));
    std::replace(name.begin(), name.end(), '_', ' ');
    s +=
        "<tr><th scope=\"row\">" + escape_html(name) +
        (m.description.empty() ? "" : "<br><span class=\"muted\">" + escape_html(m.description) + "</span>") +
        "</th><td class=\"num\">" + std::to_string(m.lifetime_years) + t(language, " jaar", " years") +
        "</td><td class=\"num\">" + money(m.cost, language) + "</td></tr>\n";
  }
  for (const quote::Subsidy& sub : offer.subsidies) {
    s += "<tr><th scope=\"row\">" + t(language, "Subsidie: ", "Subsidy: ") + escape_html(sub.name) +
         "</th><td></td><td class=\"num\">-" + money(sub.amount, language) + "</td></tr>\n";
  }
  if (!offer.down_payment.is_zero()) {
    s += "<tr><th scope=\"row\">" + t(language, "Eigen bijdrage", "Down payment") +
         "</th><td></td><td class=\"num\">-" + money(offer.down_payment, language) + "</td></tr>\n";
  }
  s += "<tr><th scope=\"row\">" + t(language, "Te financieren", "To be financed") +
       "</th><td></td><td class=\"num\">" + money(q.principal, language) +
       "</td></tr>\n</tbody>\n</table>\n</section>\n";
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Handlers

struct OpenedContract {
  std::unique_ptr<PageStores> stores;
  app::ContractVersion version;
};

// The stores and the contract version in effect today (the first version before the start), after the
// access check; else the response that refuses.
std::variant<OpenedContract, Response> open_contract(const PageRoutes& routes, const Request& request,
                                                     const std::string& id, calendar::Date today) {
  if (request.principal && request.principal->role != Role::financier) {
    if (auto denied = contract_access(request, id)) return for_browser(request, *denied);
  }
  Result<std::unique_ptr<PageStores>> stores = routes.open_stores();
  if (!stores) return problem_response(request, stores.error());
  Result<std::vector<app::ContractVersion>> versions = (*stores)->deps().contracts.versions(id);
  if (!versions) {
    if (versions.error().code == ErrorCode::not_found) {
      return for_browser(request,
                         to_response(make_problem(404, "no contract \"" + id + "\"", request.request_id)));
    }
    return problem_response(request, versions.error());
  }
  if (request.principal && request.principal->role == Role::financier) {
    const bool owned = versions->front().created_by == "key:" + request.principal->key_id;
    if (auto denied = contract_access(request, id, owned)) return for_browser(request, *denied);
  }
  Result<app::ContractVersion> current = app::version_in_effect(*versions, today);
  return OpenedContract{std::move(*stores), current ? std::move(current).value() : versions->front()};
}

Response offer_page(const PageRoutes& routes, const Request& request) {
  if (auto refused = check_query(request, {"lang", "share"})) return *refused;
  const Language language = request_language(request);
  const std::string id = request.param("id");
  const calendar::Instant now = routes.clock();
  auto opened = open_contract(routes, request, id, calendar::local_date(now));
  if (auto* refused = std::get_if<Response>(&opened)) return *refused;
  const app::ContractVersion& version = std::get<OpenedContract>(opened).version;

  const quote::Offer& offer = version.offer;
  Result<quote::Quote> q = app::quote_offer(offer, *routes.tariffs);
  if (!q) return problem_response(request, q.error());
  Result<app::CostComparison> costs = app::cumulative_costs(*q, q->tariff_years.size() - 1);
  if (!costs) return problem_response(request, costs.error());

  std::string main = "<h1>" + t(language, "Uw aanbod voor de renovatie", "Your renovation offer") + "</h1>\n";
  main += "<p>" + t(language, "Contract ", "Contract ") + "<data id=\"contract-id\" value=\"" +
          escape_html(id) + "\">" + escape_html(id) + "</data>, " + t(language, "versie ", "version ") +
          std::to_string(version.version) + t(language, ", ingangsdatum ", ", starting ") +
          escape_html(format_date(offer.start_date, language)) + ". " + t(language, "Woning: ", "Home: ") +
          std::to_string(offer.dwelling.floor_area_m2) + " m², " + t(language, "bouwjaar ", "built ") +
          std::to_string(offer.dwelling.build_year) +
          (offer.dwelling.tenure == quote::Tenure::rented ? t(language, ", huurwoning", ", rented")
                                                          : t(language, ", koopwoning", ", owner-occupied")) +
          ".</p>\n";
  if (request.principal && request.principal->key_id == "share") {
    main += "<p class=\"muted\">" +
            t(language, "U bekijkt deze pagina via een deellink.",
              "You are viewing this page through a share link.") +
            "</p>\n";
  }
  main += fee_section(*q, offer, language);
  main += energy_section(*q, language);
  main += chart_section(*costs, language);
  main += guarantees_section(offer, language);
  main += loan_section(*q, language);
  main += measures_section(offer, *q, language);
  return html_response(
      page(language, t(language, "Aanbod ", "Offer ") + id, nav_links(request, language), main));
}

// The report's guarantee results in words (from the stored canonical JSON).
std::string report_outcome(const app::StoredReport& report, Language language) {
  std::string s = "<ul>\n";
  try {
    Poco::JSON::Parser parser;
    Poco::JSON::Object::Ptr root = parser.parse(report.report_json).extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Array::Ptr results = root->getArray("guarantees");
    for (std::size_t i = 0; results && i < results->size(); ++i) {
      Poco::JSON::Object::Ptr g = results->getObject(static_cast<unsigned>(i));
      const std::string status = g->optValue<std::string>("status", "");
      const std::string unit = g->optValue<std::string>("unit", "");
      std::string words;
      if (status == "met")
        words = t(language, "gehaald", "met");
      else if (status == "within_deadband")
        words = t(language, "tekort binnen het eigen risico: geen vergoeding",
                  "shortfall within the deadband: no compensation");
      else if (status == "shortfall")
        words = t(language, "niet gehaald: tekort vergoed", "not met: shortfall compensated");
      else if (status == "term_ended")
        words = t(language, "looptijd voorbij", "term ended");
      else
        words = status;
      s += "<li data-status=\"" + escape_html(status) + "\">" + t(language, "Garantie ", "Guarantee ") +
           std::to_string(i + 1) + " (" + escape_html(g->optValue<std::string>("kind", "")) + "): <strong>" +
           escape_html(words) + "</strong>. " + t(language, "Gegarandeerd ", "Guaranteed ") +
           escape_html(g->optValue<std::string>("guaranteed", "")) + " " + escape_html(unit) + ", " +
           t(language, "tekort ", "shortfall ") + escape_html(g->optValue<std::string>("shortfall", "")) +
           " " + escape_html(unit) + ", " + t(language, "te betalen € ", "payable € ") +
           escape_html(g->optValue<std::string>("payable_eur", "")) + ".<br><span class=\"muted\">" +
           escape_html(g->optValue<std::string>("rule", "")) + "</span></li>\n";
    }
  } catch (const Poco::Exception&) {
    s += "<li>" + t(language, "Het rapport kon niet worden gelezen.", "The report could not be read.") +
         "</li>\n";
  }
  return s + "</ul>\n";
}

Response statement_page(const PageRoutes& routes, const Request& request) {
  if (auto refused = check_query(request, {"lang"})) return *refused;
  const Language language = request_language(request);
  const std::string id = request.param("id");
  const std::string year_text = request.param("year");
  if (year_text.empty() || year_text.size() > 4 ||
      !std::all_of(year_text.begin(), year_text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return for_browser(request, to_response(make_problem(400, "path parameter year must be a number 1..9999",
                                                         request.request_id)));
  }
  const int year = std::stoi(year_text);
  const calendar::Instant now = routes.clock();
  const calendar::Date today = calendar::local_date(now);
  auto opened = open_contract(routes, request, id, today);
  if (auto* refused = std::get_if<Response>(&opened)) return *refused;
  OpenedContract& contract = std::get<OpenedContract>(opened);
  Result<app::StatementOutcome> outcome =
      app::yearly_statement(contract.stores->deps(), id, year, today, now);
  if (!outcome) return problem_response(request, outcome.error());
  const app::Statement& st = outcome->statement;

  std::string main =
      "<h1>" + t(language, "Jaaroverzicht ", "Yearly statement ") + escape_html(year_text) + "</h1>\n";
  main +=
      "<p>" + t(language, "Contract ", "Contract ") + "<data id=\"contract-id\" value=\"" + escape_html(id) +
      "\">" + escape_html(id) + "</data>, " + t(language, "periode ", "period ") +
      escape_html(format_date(st.period.begin, language)) + t(language, " tot ", " to ") +
      escape_html(format_date(st.period.end, language)) +
      (outcome->year_complete ? "" : t(language, " (dit jaar loopt nog)", " (this year is still running)")) +
      ".</p>\n";
  main += "<section aria-labelledby=\"amounts-heading\">\n<h2 id=\"amounts-heading\">" +
          t(language, "Bedragen", "Amounts") + "</h2>\n<table>\n<caption>" +
          t(language, "Uw rekening over dit jaar", "Your account over this year") + "</caption>\n<tbody>\n";
  const auto row = [&](const std::string& label, const std::string& value) {
    main += "<tr><th scope=\"row\">" + label + "</th><td class=\"num\">" + value + "</td></tr>\n";
  };
  row(t(language, "Saldo aan het begin", "Opening balance"),
      money_data("opening-balance", st.opening_balance, language));
  row(t(language, "Maandbedragen in rekening gebracht", "Monthly fees charged"),
      money_data("fees", st.fees, language));
  row(t(language, "Vergoeding voor tekorten (in mindering)", "Compensation for shortfalls (credited)"),
      money_data("compensation", st.compensation, language));
  if (!st.excess_share.is_zero()) {
    row(t(language, "Aandeel in extra besparing", "Share of extra savings"),
        money_data("excess-share", st.excess_share, language));
  }
  if (!st.reversals.is_zero()) {
    row(t(language, "Correcties van eerdere afrekeningen", "Corrections of earlier settlements"),
        money_data("reversals", st.reversals, language));
  }
  row(t(language, "Netto dit jaar", "Net this year"), money_data("net", st.net, language));
  row(t(language, "Saldo aan het eind", "Closing balance"),
      money_data("closing-balance", st.closing_balance, language));
  main +=
      "</tbody>\n</table>\n<p class=\"muted\">" +
      t(language, "Een positief saldo is wat u in totaal in rekening is gebracht; vergoedingen verlagen het.",
        "A positive balance is what has been charged to you in total; compensation lowers it.") +
      "</p>\n</section>\n";

  main += "<section aria-labelledby=\"reconciliation-heading\">\n<h2 id=\"reconciliation-heading\">" +
          t(language, "Afrekening van de garantie", "Settlement of the guarantee") + "</h2>\n";
  if (outcome->reports.empty()) {
    main +=
        "<p id=\"reconciliation-status\" data-status=\"none\">" +
        (outcome->year_complete
             ? t(language,
                 "Dit jaar is nog niet afgerekend. Zodra de controleur de meterstanden heeft verwerkt, "
                 "ziet u hier de uitkomst.",
                 "This year has not been settled yet. Once the auditor has processed the meter readings, the "
                 "outcome appears here.")
             : t(language, "Dit jaar loopt nog; het wordt na afloop afgerekend.",
                 "This year is still running; it is settled once it is over.")) +
        "</p>\n";
  } else {
    const app::StoredReport& r = outcome->reports.back();
    main +=
        "<p id=\"reconciliation-status\" data-status=\"" +
        std::string(r.compensation.is_zero() ? "met" : "shortfall") + "\">" +
        (r.compensation.is_zero() ? t(language, "De garantie is dit jaar gehaald: er is geen vergoeding.",
                                      "The guarantee was met this year: there is no compensation.")
                                  : t(language, "De garantie is dit jaar niet helemaal gehaald. U krijgt ",
                                      "The guarantee was not fully met this year. You receive ") +
                                        money_data("report-compensation", r.compensation, language) +
                                        t(language, " vergoed; dat bedrag is verrekend met uw rekening.",
                                          " in compensation; it has been credited to your account.")) +
        "</p>\n";
    if (!r.excess_charge.is_zero()) {
      main += "<p>" + t(language, "Aandeel in de extra besparing: ", "Share of the extra saving: ") +
              money(r.excess_charge, language) + ".</p>\n";
    }
    main += report_outcome(r, language);
    main += "<p class=\"muted\">" + t(language, "Rapportversie ", "Report version ") +
            std::to_string(r.version) +
            (r.replaces ? t(language, " (correctie: ", " (correction: ") + escape_html(r.reason) + ")" : "") +
            ", SHA-256 <code>" + escape_html(r.sha256) + "</code>.</p>\n";
    if (request.principal && request.principal->role != Role::resident) {
      main += "<p><a href=\"/v1/contracts/" + escape_html(id) + "/reports/" + escape_html(year_text) + "\">" +
              t(language, "Volledig rapport (JSON) voor controleurs", "Full report (JSON) for auditors") +
              "</a> · <a href=\"/v1/contracts/" + escape_html(id) + "/reports/" + escape_html(year_text) +
              "?format=csv\">CSV</a></p>\n";
    }
  }
  main += "</section>\n";
  return html_response(page(language,
                            t(language, "Jaaroverzicht ", "Yearly statement ") + id + " " + year_text,
                            nav_links(request, language), main));
}

// The settled years of a contract that are over by `today` (their period ends on or before it).
std::vector<app::SettledYear> past_years(const quote::Offer& offer, calendar::Date today) {
  std::vector<app::SettledYear> years;
  const bool calendar_years = offer.settlement_year == quote::SettlementYear::calendar;
  const int first = calendar_years ? static_cast<int>(offer.start_date.year()) : 1;
  for (int y = first; y < first + 100; ++y) {
    Result<app::SettledYear> settled = app::settled_year(offer, y);
    if (!settled) {
      if (calendar_years && y == first)
        continue;  // a start after 1 January: the first calendar year is the next
      break;
    }
    if (settled->period.end > today) break;
    years.push_back(*settled);
  }
  return years;
}

Response auditor_page(const PageRoutes& routes, const Request& request) {
  if (auto refused = check_query(request, {"lang"})) return *refused;
  const Language language = request_language(request);
  const calendar::Date today = calendar::local_date(routes.clock());
  Result<std::unique_ptr<PageStores>> stores = routes.open_stores();
  if (!stores) return problem_response(request, stores.error());
  app::ReconcileDeps& deps = (*stores)->deps();

  constexpr int page_size = 200;
  constexpr std::size_t max_listed = 2000;
  std::vector<app::ContractSummary> contracts;
  std::string after;
  while (contracts.size() < max_listed) {
    Result<std::vector<app::ContractSummary>> batch =
        deps.contracts.list_contracts(after, page_size, std::nullopt);
    if (!batch) return problem_response(request, batch.error());
    contracts.insert(contracts.end(), batch->begin(), batch->end());
    if (static_cast<int>(batch->size()) < page_size) break;
    after = batch->back().contract_id;
  }

  std::string main =
      "<h1>" + t(language, "Afrekeningen per contract", "Reconciliations by contract") + "</h1>\n";
  main +=
      "<p>" + t(language, "Stand op ", "As of ") + escape_html(format_date(today, language)) + ". " +
      t(language,
        "Per afgelopen jaar: <strong>te doen</strong> (nog geen rapport), <strong>gedaan</strong>, "
        "<strong>tekort</strong> (vergoeding groter dan nul) of <strong>gecorrigeerd</strong> (rapportversie "
        "hoger dan 1).",
        "For each past year: <strong>due</strong> (no report yet), <strong>done</strong>, "
        "<strong>shortfall</strong> (compensation above zero) or <strong>corrected</strong> (report version "
        "above 1).") +
      "</p>\n";
  main += "<table id=\"contracts\">\n<caption>" +
          t(language, "Contracten en hun jaren", "Contracts and their years") +
          "</caption>\n<thead><tr><th scope=\"col\">" + t(language, "Contract", "Contract") +
          "</th><th scope=\"col\">" + t(language, "Versies", "Versions") + "</th><th scope=\"col\">" +
          t(language, "Jaren", "Years") + "</th></tr></thead>\n<tbody>\n";
  for (const app::ContractSummary& c : contracts) {
    Result<std::vector<app::ContractVersion>> versions = deps.contracts.versions(c.contract_id);
    Result<std::vector<app::StoredReport>> reports = deps.reports.contract_reports(c.contract_id);
    if (!versions) return problem_response(request, versions.error());
    if (!reports) return problem_response(request, reports.error());
    // The latest report version of each year.
    std::map<int, app::StoredReport> latest;
    for (const app::StoredReport& r : *reports)
      latest[r.year] = r;
    std::vector<int> years;
    for (const app::SettledYear& y : past_years(versions->front().offer, today))
      years.push_back(y.year);
    for (const auto& [year, r] : latest) {
      if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
    }
    std::sort(years.begin(), years.end());
    const std::string cid = escape_html(c.contract_id);
    main += "<tr data-contract=\"" + cid + "\"><th scope=\"row\"><a href=\"/offer/" + cid + "\">" + cid +
            "</a></th><td class=\"num\">" + std::to_string(c.versions) + "</td><td>";
    if (years.empty()) main += t(language, "nog geen afgelopen jaar", "no past year yet");
    main += "<ul>\n";
    for (int year : years) {
      const std::string y = std::to_string(year);
      const auto found = latest.find(year);
      std::vector<std::string> status;
      if (found == latest.end()) {
        status.push_back("due");
      } else {
        status.push_back("done");
        if (found->second.version > 1) status.push_back("corrected");
        if (!found->second.compensation.is_zero()) status.push_back("shortfall");
      }
      std::string words;
      std::string codes;
      for (const std::string& s : status) {
        codes += (codes.empty() ? "" : " ") + s;
        const std::string w = s == "due"         ? t(language, "te doen", "due")
                              : s == "done"      ? t(language, "gedaan", "done")
                              : s == "corrected" ? t(language, "gecorrigeerd", "corrected")
                                                 : t(language, "tekort", "shortfall");
        words += (words.empty() ? "" : ", ") + w;
      }
      main += "<li data-year=\"" + y + "\" data-status=\"" + codes + "\">" + y + ": <strong>" + words +
              "</strong>";
      if (found != latest.end()) {
        main += " (" + t(language, "versie ", "version ") + std::to_string(found->second.version) + ", " +
                money(found->second.compensation, language) + ") <a href=\"/v1/contracts/" + cid +
                "/reports/" + y + "?format=csv\">CSV</a> · <a href=\"/statement/" + cid + "/" + y + "\">" +
                t(language, "jaaroverzicht", "statement") + "</a>";
      }
      main += "</li>\n";
    }
    main += "</ul></td></tr>\n";
  }
  main += "</tbody>\n</table>\n";
  if (contracts.size() >= max_listed) {
    main += "<p>" +
            t(language, "Alleen de eerste 2.000 contracten staan in deze lijst.",
              "Only the first 2,000 contracts are listed.") +
            "</p>\n";
  }
  return html_response(
      page(language, t(language, "Afrekeningen", "Reconciliations"), nav_links(request, language), main));
}

}  // namespace

bool is_page_route(const Route& route) noexcept {
  return route.name == "offer_page" || route.name == "statement_page" ||
         route.name == "auditor_contracts_page";
}

Result<void> add_page_routes(Router& router, PageRoutes routes) {
  auto shared = std::make_shared<const PageRoutes>(std::move(routes));
  RENOFEE_CHECK(
      router.add(Route{.method = "GET",
                       .path_template = "/offer/{id}",
                       .name = "offer_page",
                       .handler = [shared](const Request& request) { return offer_page(*shared, request); },
                       .body_media_types = {},
                       .access = Access::roles({Role::financier, Role::resident, Role::auditor})}));
  RENOFEE_CHECK(router.add(
      Route{.method = "GET",
            .path_template = "/statement/{id}/{year}",
            .name = "statement_page",
            .handler = [shared](const Request& request) { return statement_page(*shared, request); },
            .body_media_types = {},
            .access = Access::roles({Role::financier, Role::resident, Role::auditor})}));
  RENOFEE_CHECK(
      router.add(Route{.method = "GET",
                       .path_template = "/auditor/contracts",
                       .name = "auditor_contracts_page",
                       .handler = [shared](const Request& request) { return auditor_page(*shared, request); },
                       .body_media_types = {},
                       .access = Access::roles({Role::auditor, Role::operator_})}));
  return success();
}

Authorizer page_authorizer(Authorizer keys, std::optional<ShareSecret> secret,
                           std::function<calendar::Instant()> clock) {
  return [keys = std::move(keys), secret = std::move(secret), clock = std::move(clock)](
             Request& request, const Route& route) -> std::optional<Response> {
    if (route.name == "offer_page") {
      if (std::optional<std::string> token = request.query_value("share")) {
        const std::string id = request.param("id");
        if (!secret) {
          return for_browser(request,
                             to_response(make_problem(403, "share links are not enabled on this server",
                                                      request.request_id)));
        }
        const ShareCheck check = check_share_token(*secret, id, *token, clock());
        if (check != ShareCheck::valid) {
          return for_browser(request,
                             to_response(make_problem(403,
                                                      check == ShareCheck::expired
                                                          ? "this share link has expired"
                                                          : "this share link is not valid for this page",
                                                      request.request_id)));
        }
        request.principal = app::Principal{"share", Role::resident, id};
        return std::nullopt;
      }
    }
    std::optional<Response> refused = keys ? keys(request, route) : std::nullopt;
    if (refused && is_page_route(route)) return for_browser(request, std::move(*refused));
    return refused;
  };
}

}  // namespace renofee::http
