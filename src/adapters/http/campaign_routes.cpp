#include "renofee/adapters/http/campaign_routes.hpp"

#include <Poco/JSON/Array.h>

#include <Poco/JSON/Object.h>
#include <algorithm>
#include <set>

#include "renofee/adapters/http/html.hpp"
#include "renofee/adapters/http/offer_page.hpp"
#include "renofee/adapters/http/page_frame.hpp"
#include "renofee/adapters/http/problem.hpp"
#include "renofee/adapters/http/uploads.hpp"
#include "renofee/adapters/io/campaign_files.hpp"
#include "renofee/adapters/io/json_reader.hpp"
#include "renofee/adapters/io/json_text.hpp"
#include "renofee/adapters/io/template_json.hpp"

namespace renofee::http {
namespace {

using app::Role;
using pages::in_language;
using Poco::JSON::Object;

// The problem of `error`; a 404 or 409 about a place in the homes file (an unknown house type, an address
// already in the campaign) carries its field in `errors` too, as a 422 does.
Response campaign_problem(const Request& request, const Error& error) {
  Problem problem = problem_from_error(error, request.request_id);
  if (problem.errors.empty() && !error.field.empty() && (problem.status == 404 || problem.status == 409))
    problem.errors.push_back(FieldProblem{error.field, error.message, ""});
  return to_response(problem);
}

Response json_answer(int status, const Object::Ptr& body) {
  return Response::json(status, io::to_json_text(body));
}

Object::Ptr campaign_json(const app::Campaign& c) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("id", c.id);
  o->set("name", c.name);
  o->set("start_date", calendar::to_string(c.start));
  o->set("homes", c.homes);
  return o;
}

// A home's row in a listing: who and what it is, never a figure.
Object::Ptr home_row(int number, const std::string& postcode, const std::string& house_number,
                     const std::string& house_type) {
  Object::Ptr row = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  row->set("number", number);
  row->set("postcode", postcode);
  row->set("house_number", house_number);
  row->set("house_type", house_type);
  return row;
}

// The session and the campaign the caller may see, or the answer that refuses.
struct OpenedCampaign {
  std::unique_ptr<CampaignSession> session;
  app::Campaign campaign;
};

std::variant<OpenedCampaign, Response> open_campaign(const CampaignRoutes& routes, const Request& request,
                                                     bool page) {
  const auto refuse = [&](const Error& e) {
    return page ? pages::problem_response(request, e) : campaign_problem(request, e);
  };
  Result<std::unique_ptr<CampaignSession>> session = routes.open_session();
  if (!session) return refuse(session.error());
  Result<app::Campaign> campaign =
      app::visible_campaign((*session)->campaigns(), *request.principal, request.param("id"));
  if (!campaign) return refuse(campaign.error());
  return OpenedCampaign{std::move(*session), std::move(*campaign)};
}

Response post_campaign(const CampaignRoutes& routes, const Request& request) {
  Result<Object::Ptr> doc = io::parse_json_object(request.body);
  if (!doc) return campaign_problem(request, doc.error());
  std::vector<Error> problems;
  io::JsonObjectReader reader(*doc, "", problems);
  reader.reject_unknown({"id", "name", "start_date"});
  const std::optional<std::string> id = reader.string("id", io::Presence::required, 40);
  const std::optional<std::string> name = reader.string("name", io::Presence::required, 200);
  const std::optional<std::string> start_text = reader.string("start_date", io::Presence::required, 10);
  if (!problems.empty()) return to_response(validation_problem(problems, request.request_id));
  Result<calendar::Date> start = calendar::parse_date(*start_text);
  if (!start)
    return to_response(validation_problem({invalid_argument("must be a date YYYY-MM-DD", "/start_date")},
                                          request.request_id));
  Result<std::unique_ptr<CampaignSession>> session = routes.open_session();
  if (!session) return campaign_problem(request, session.error());
  Result<app::Campaign> made = app::create_campaign((*session)->campaigns(), {*id, *name, *start},
                                                    app::key_actor(*request.principal), routes.clock());
  if (!made) {
    if (made.error().code == ErrorCode::invalid_argument)
      return to_response(validation_problem({made.error()}, request.request_id));
    return campaign_problem(request, made.error());
  }
  Response response = json_answer(201, campaign_json(*made));
  response.headers.set("Location", "/v1/campaigns/" + made->id);
  return response;
}

Response list_campaigns(const CampaignRoutes& routes, const Request& request) {
  Result<std::unique_ptr<CampaignSession>> session = routes.open_session();
  if (!session) return campaign_problem(request, session.error());
  Result<std::vector<app::Campaign>> all =
      app::visible_campaigns((*session)->campaigns(), *request.principal);
  if (!all) return campaign_problem(request, all.error());
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const app::Campaign& c : *all)
    list->add(campaign_json(c));
  Object::Ptr body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("campaigns", list);
  return json_answer(200, body);
}

Response get_campaign(const CampaignRoutes& routes, const Request& request) {
  auto opened = open_campaign(routes, request, false);
  if (auto* refused = std::get_if<Response>(&opened)) return *refused;
  OpenedCampaign& o = std::get<OpenedCampaign>(opened);
  Poco::JSON::Array::Ptr homes = new Poco::JSON::Array;
  Result<void> walked = o.session->campaigns().each_home(o.campaign.id, [&](const app::CampaignHome& h) {
    Object::Ptr row = home_row(h.number, h.postcode, h.house_number, h.house_type);
    row->set("template", h.template_ref);
    row->set("use_source", h.use_source);
    homes->add(row);
    return success();
  });
  if (!walked) return campaign_problem(request, walked.error());
  Object::Ptr body = campaign_json(o.campaign);
  body->set("homes_list", homes);
  return json_answer(200, body);
}

Response post_homes(const CampaignRoutes& routes, const Request& request) {
  auto opened = open_campaign(routes, request, false);
  if (auto* refused = std::get_if<Response>(&opened)) return *refused;
  OpenedCampaign& o = std::get<OpenedCampaign>(opened);
  auto spooled = spool_body(request);
  if (auto* refused = std::get_if<Response>(&spooled)) return *refused;
  io::HomesReader reader(std::get<std::unique_ptr<SpooledBody>>(spooled)->file);
  Result<std::vector<app::AddedHome>> added =
      app::add_homes(o.session->campaigns(), *routes.offers, *routes.tariffs, o.session->crypto(),
                     app::AddHomesInput{.campaign = &o.campaign,
                                        .next_home = [&reader]() { return reader.next(); },
                                        .actor = app::key_actor(*request.principal),
                                        .now = routes.clock(),
                                        .progress = {}});
  if (!added) {
    if (added.error().code == ErrorCode::invalid_argument)
      return to_response(validation_problem({added.error()}, request.request_id));
    return campaign_problem(request, added.error());
  }
  Poco::JSON::Array::Ptr homes = new Poco::JSON::Array;
  for (const app::AddedHome& h : *added) {
    Object::Ptr row = home_row(h.number, h.postcode, h.house_number, h.house_type);
    row->set("share_link", "/campaigns/" + o.campaign.id + "/homes/" + std::to_string(h.number) +
                               "?share=" + h.share_token);
    homes->add(row);
  }
  Object::Ptr body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("campaign", o.campaign.id);
  body->set("added", static_cast<int>(added->size()));
  body->set("homes", homes);
  return json_answer(201, body);
}

// The {number} of the path as a home number, 0 when it is not 1..6 digits (no home has number 0).
int home_number(const Request& request) {
  const std::string text = request.param("number");
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoi(text);
}

// POST /v1/campaigns/{id}/homes/{number}/share-link: a new link for a lost letter; the old one stops working.
Response post_share_link(const CampaignRoutes& routes, const Request& request) {
  auto opened = open_campaign(routes, request, false);
  if (auto* refused = std::get_if<Response>(&opened)) return *refused;
  OpenedCampaign& o = std::get<OpenedCampaign>(opened);
  const int number = home_number(request);
  if (number < 1)
    return to_response(
        validation_problem({invalid_argument("a home number 1..999999", "/number")}, request.request_id));
  Result<app::AddedHome> renewed =
      app::renew_share_link(o.session->campaigns(), o.session->crypto(), o.campaign, number,
                            app::key_actor(*request.principal), routes.clock());
  if (!renewed) return campaign_problem(request, renewed.error());
  Object::Ptr body = home_row(renewed->number, renewed->postcode, renewed->house_number, renewed->house_type);
  body->set("share_link", "/campaigns/" + o.campaign.id + "/homes/" + std::to_string(renewed->number) +
                              "?share=" + renewed->share_token);
  return json_answer(201, body);
}

// GET /v1/campaigns/{id}/homes/{number}/offer?share=TOKEN: the home's offer document, by its share link (no
// key): what the resident hands a financier, who turns it into a contract with POST /v1/contracts.
Response get_home_offer(const CampaignRoutes& routes, const Request& request) {
  if (auto refused = pages::check_query(request, {"share"})) return *refused;
  Result<std::unique_ptr<CampaignSession>> session = routes.open_session();
  if (!session) return campaign_problem(request, session.error());
  Result<app::CampaignHome> home =
      app::shared_home((*session)->campaigns(), (*session)->crypto(), request.param("id"),
                       home_number(request), request.query_value("share").value_or(""));
  if (!home) return campaign_problem(request, home.error());
  return Response::json(200, home->offer_json);
}

Response get_summary(const CampaignRoutes& routes, const Request& request) {
  auto opened = open_campaign(routes, request, false);
  if (auto* refused = std::get_if<Response>(&opened)) return *refused;
  OpenedCampaign& o = std::get<OpenedCampaign>(opened);
  Result<std::vector<campaign::GroupSummary>> summary =
      app::campaign_summary(o.session->campaigns(), *routes.offers, *routes.tariffs, o.campaign);
  if (!summary) return campaign_problem(request, summary.error());
  return json_answer(200, io::summary_json(o.campaign.id, *summary));
}

std::string when_text(int month, Language language) {
  if (month == 0) return in_language(language, "meteen", "at once");
  return in_language(language, "na ", "after ") + std::to_string(month) +
         in_language(language, " maanden", " months");
}

std::string group_name(const campaign::GroupSummary& g, Language language) {
  return g.group == "total" ? in_language(language, "Alle woningen", "All homes") : g.group;
}

// Key figures of the whole campaign (the "total" group), each in a <data> element with a stable id.
std::string street_figures(const campaign::GroupSummary& total, Language language) {
  std::string t = "<section aria-labelledby=\"key-h\">\n<h2 id=\"key-h\">" +
                  in_language(language, "De straat in cijfers", "The street in figures") +
                  "</h2>\n<ul class=\"key\">\n";
  t += "<li>" + in_language(language, "Woningen: ", "Homes: ") + "<data id=\"homes\" value=\"" +
       std::to_string(total.homes) + "\">" + std::to_string(total.homes) + "</data></li>\n";
  if (!total.shown) {
    return t + "</ul>\n<p>" +
           in_language(language,
                       "Minder dan 5 woningen: om niemand herkenbaar te maken tonen we geen bedragen.",
                       "Fewer than 5 homes: to keep every household unrecognisable no amounts are shown.") +
           "</p>\n</section>\n";
  }
  for (const auto& [tariff, count] : total.woonlastenneutraal) {
    t += "<li>" +
         in_language(language, "Woonlastenneutraal met tarieven ", "Housing-cost neutral on tariffs ") +
         escape_html(tariff) + ": <data id=\"neutral-" + escape_html(tariff) + "\" value=\"" +
         std::to_string(count) + "\">" + std::to_string(count) + "</data> " +
         in_language(language, "van ", "of ") + std::to_string(total.homes) + "</li>\n";
  }
  t += "<li>" + in_language(language, "Investering samen: ", "Investment together: ") +
       pages::money_data("investment", total.investment, language) + "</li>\n";
  t += "<li>" + in_language(language, "Subsidies samen: ", "Subsidies together: ") +
       pages::money_data("subsidies", total.subsidies, language) + "</li>\n";
  t += "<li>" + in_language(language, "Bespaard aardgas per jaar: ", "Gas saved a year: ") +
       "<data id=\"gas-saved\" value=\"" + total.gas_saved_m3.to_string() + "\">" +
       format_number(total.gas_saved_m3, 0, language) + " m³</data></li>\n";
  const Decimal co2 = total.co2_avoided_kg.round(0, Rounding::half_up);
  t += "<li>" + in_language(language, "Vermeden CO₂ per jaar: ", "CO₂ avoided a year: ") +
       "<data id=\"co2-avoided\" value=\"" + co2.to_string() + "\">" + format_number(co2, 0, language) +
       " kg</data> <span class=\"muted\">(" +
       in_language(language, "NTA 8800: 1,780 kg per m³ gas, 0,34 kg per kWh stroom",
                   "NTA 8800: 1.780 kg per m³ gas, 0.34 kg per kWh electricity") +
       ")</span></li>\n";
  if (total.poverty_shown) {
    t += "<li>" +
         in_language(language,
                     "Huishoudens die uit energiearmoede komen: ", "Households leaving energy poverty: ") +
         "<data id=\"leaving-poverty\" value=\"" + std::to_string(total.leaving_energy_poverty) + "\">" +
         std::to_string(total.leaving_energy_poverty) + "</data> " +
         in_language(language, "van de ", "of the ") + std::to_string(total.energy_poor_before) +
         in_language(language, " met nu meer dan 10% van het inkomen aan energie (",
                     " now spending more than 10% of income on energy (") +
         std::to_string(total.with_income) +
         in_language(language, " gaven hun inkomen op)", " gave their income)") + "</li>\n";
  }
  return t + "</ul>\n</section>\n";
}

std::string effect_section(const std::vector<campaign::GroupSummary>& groups, Language language) {
  RangeChart chart{
      .id = "net-effect",
      .title =
          in_language(language, "Netto effect per maand per woningtype", "Net monthly effect by house type"),
      .description = in_language(language,
                                 "Per woningtype de laagste en hoogste waarde (lijn), de middelste helft "
                                 "van de woningen (vak) en de mediaan (streep, bedrag rechts). Rechts "
                                 "van de nullijn gaat een huishouden erop vooruit.",
                                 "Per house type the lowest and highest value (line), the middle half of "
                                 "the homes (box) and the median (mark, amount on the right). Right of "
                                 "the zero line a household gains."),
      .rows = {},
      .colour = "#1d4e89",
      .language = language};
  std::string rows;
  for (const campaign::GroupSummary& g : groups) {
    const std::string name = escape_html(group_name(g, language));
    if (!g.shown) {
      rows += "<tr data-group=\"" + escape_html(g.group) + "\"><th scope=\"row\">" + name +
              "</th><td class=\"num\">" + std::to_string(g.homes) + "</td><td colspan=\"5\">" +
              (g.homes < campaign::min_group
                   ? in_language(language, "minder dan 5 woningen: geen cijfers",
                                 "fewer than 5 homes: no figures")
                   : in_language(language, "verborgen met een kleinere groep: geen cijfers",
                                 "hidden with a smaller group: no figures")) +
              "</td></tr>\n";
      continue;
    }
    const campaign::Spread& e = g.net_monthly_effect;
    chart.rows.push_back({group_name(g, language), e.lowest.value(), e.p25.value(), e.median.value(),
                          e.p75.value(), e.highest.value()});
    rows += "<tr data-group=\"" + escape_html(g.group) + "\"><th scope=\"row\">" + name +
            "</th><td class=\"num\">" + std::to_string(g.homes) + "</td>";
    for (const Money* m : {&e.lowest, &e.p25, &e.median, &e.p75, &e.highest})
      rows += "<td class=\"num\">" + pages::money(*m, language) + "</td>";
    rows += "</tr>\n";
  }
  const std::string head = in_language(language, "Woningtype", "House type");
  return "<section aria-labelledby=\"effect-h\">\n<h2 id=\"effect-h\">" + chart.title + "</h2>\n<p>" +
         in_language(language,
                     "Energierekening die u bespaart min het maandbedrag, in het eerste tariefjaar.",
                     "The energy bill saved minus the monthly fee, in the first tariff year.") +
         "</p>\n<figure>\n" + range_chart_svg(chart) + "<figcaption class=\"muted\">" + chart.description +
         "</figcaption>\n</figure>\n<table id=\"effect-table\">\n<caption>" + chart.title +
         "</caption>\n<thead><tr><th scope=\"col\">" + head + "</th><th scope=\"col\">" +
         in_language(language, "Woningen", "Homes") + "</th><th scope=\"col\">" +
         in_language(language, "Laagste", "Lowest") + "</th><th scope=\"col\">P25</th><th scope=\"col\">" +
         in_language(language, "Mediaan", "Median") + "</th><th scope=\"col\">P75</th><th scope=\"col\">" +
         in_language(language, "Hoogste", "Highest") + "</th></tr></thead>\n<tbody>\n" + rows +
         "</tbody>\n</table>\n</section>\n";
}

std::string cost_section(const campaign::GroupSummary& total, Language language) {
  if (!total.shown || total.average_monthly_cost.empty()) return "";
  LineChart chart{
      .id = "cost-over-time",
      .title = in_language(language, "Maandlasten door de jaren heen", "Monthly cost over the years"),
      .description = in_language(language,
                                 "Gemiddeld over alle woningen: de energierekening per maand zonder "
                                 "renovatie, en met renovatie de rekening plus het maandbedrag, per "
                                 "tariefjaar.",
                                 "Averaged over all homes: the monthly energy bill without the "
                                 "renovation, and with it the bill plus the monthly fee, per tariff "
                                 "year."),
      .x_labels = {},
      .y_unit_label = "€",
      .series = {{in_language(language, "Zonder renovatie", "Without the renovation"), "#8a1c1c", "8 4", {}},
                 {in_language(language, "Met renovatie, inclusief maandbedrag",
                              "With the renovation, fee included"),
                  "#1d4e89",
                  "",
                  {}}},
      .language = language};
  std::string rows;
  for (const auto& [tariff, costs] : total.average_monthly_cost) {
    chart.x_labels.push_back(tariff);
    chart.series[0].values.push_back(costs.first);
    chart.series[1].values.push_back(costs.second);
    rows += "<tr><th scope=\"row\">" + escape_html(tariff) + "</th><td class=\"num\">" +
            pages::money(Money(costs.first), language) + "</td><td class=\"num\">" +
            pages::money(Money(costs.second), language) + "</td></tr>\n";
  }
  return "<section aria-labelledby=\"cost-h\">\n<h2 id=\"cost-h\">" + chart.title + "</h2>\n<figure>\n" +
         line_chart_svg(chart) + "<figcaption class=\"muted\">" + chart.description +
         "</figcaption>\n</figure>\n<table id=\"cost-table\">\n<caption>" + chart.title +
         "</caption>\n<thead><tr><th scope=\"col\">" + in_language(language, "Tariefjaar", "Tariff year") +
         "</th><th scope=\"col\">" + chart.series[0].label + "</th><th scope=\"col\">" +
         chart.series[1].label + "</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n</section>\n";
}

// The page for the neighbourhood meeting (docs/pages.md "Meeting page"): aggregates only.
// Steps against all at once for the average home of each house type (app::campaign_choices): its steps, a
// chart of the monthly financing payment per contract year, and the totals.
std::string group_choice_section(const app::GroupChoice& g, Language language) {
  std::string id = "choice-" + g.template_ref;
  std::replace(id.begin(), id.end(), '@', '-');
  LineChart chart{
      .id = id,
      .title = g.group + in_language(language, ": financiering per maand", ": financing a month"),
      .description = in_language(language,
                                 "De gemiddelde woning van dit type: het maandbedrag van de financiering "
                                 "in elk contractjaar, in stappen en alles in één keer.",
                                 "The average home of this type: the monthly financing payment in each "
                                 "contract year, in steps and all at once."),
      .x_labels = {},
      .y_unit_label = "€",
      .series = {{in_language(language, "In stappen", "In steps"), "#8a1c1c", "8 4", {}},
                 {in_language(language, "Alles in één keer", "All at once"), "#1d4e89", "", {}}},
      .language = language};
  for (const campaign::ChoiceYear& y : g.years) {
    chart.x_labels.push_back(std::to_string(y.year));
    chart.series[0].values.push_back(y.steps_financing.value());
    chart.series[1].values.push_back(y.integral_financing.value());
  }
  std::string steps;
  for (std::size_t k = 0; k < g.steps.size(); ++k)
    steps +=
        (k ? ", " : "") + escape_html(g.steps[k].label) + " (" + when_text(g.steps[k].month, language) + ")";
  const campaign::StepComparison& c = g.comparison;
  return "<h3>" + escape_html(g.group) + " (" + std::to_string(g.homes) +
         in_language(language, " woningen)", " homes)") + "</h3>\n<p>" +
         in_language(language, "Stappen: ", "Steps: ") + steps + ". " +
         in_language(language, "Totaal betaald aan financiering: in stappen ",
                     "Financing paid in all: in steps ") +
         pages::money_data(id + "-steps-total", c.steps.total_payments, language) +
         in_language(language, ", alles in één keer ", ", all at once ") +
         pages::money_data(id + "-integral-total", c.integral.total_payments, language) + ". CO₂ " +
         in_language(language, "over de looptijd: ", "over the term: ") +
         format_number(g.steps_co2_kg, 0, language) +
         in_language(language, " kg in stappen tegen ", " kg in steps against ") +
         format_number(g.integral_co2_kg, 0, language) + " kg.</p>\n<figure>\n" + line_chart_svg(chart) +
         "<figcaption class=\"muted\">" + chart.description + "</figcaption>\n</figure>\n";
}

std::string choices_section(const std::vector<app::GroupChoice>& choices, Language language) {
  if (choices.empty()) return "";
  std::string t =
      "<section aria-labelledby=\"steps-h\">\n<h2 id=\"steps-h\">" +
      in_language(language, "In stappen of alles in één keer", "In steps or all at once") + "</h2>\n<p>" +
      in_language(language,
                  "Iedere eigenaar kiest zelf. In stappen is elke stap een eigen lening; de gemiddelde "
                  "woning van elk type laat zien wat dat betekent. Uw eigen vergelijking staat achter "
                  "uw persoonlijke link.",
                  "Every owner chooses. In steps each step is a loan of its own; the average home of each "
                  "type shows what that means. Your own comparison is behind your personal link.") +
      "</p>\n";
  for (const app::GroupChoice& g : choices)
    t += group_choice_section(g, language);
  return t + "</section>\n";
}

Response meeting_page(const app::Campaign& campaign, const std::vector<campaign::GroupSummary>& groups,
                      const std::vector<app::GroupChoice>& choices, const Request& request) {
  const Language language = pages::request_language(request);
  const campaign::GroupSummary& total = groups.back();
  std::string main =
      "<h1>" + in_language(language, "Bewonersavond: ", "Neighbourhood meeting: ") +
      escape_html(campaign.name) + "</h1>\n<p>" +
      in_language(language, "Aanbod per woning vanaf ", "Offers per home from ") +
      escape_html(format_date(campaign.start, language)) + ". " +
      in_language(language,
                  "Deze pagina toont alleen totalen per woningtype; een groep van minder dan 5 woningen "
                  "toont geen cijfers. Uw eigen aanbod staat achter de persoonlijke link in uw brief.",
                  "This page shows totals by house type only; a group of fewer than 5 homes shows no "
                  "figures. Your own offer is behind the personal link in your letter.") +
      "</p>\n";
  main += street_figures(total, language);
  main += effect_section(groups, language);
  main += cost_section(total, language);
  main += choices_section(choices, language);
  return pages::html_response(pages::page(language,
                                          in_language(language, "Bewonersavond ", "Meeting ") + campaign.name,
                                          pages::nav_links(request, language), main));
}

Response get_meeting_page(const CampaignRoutes& routes, const Request& request) {
  if (auto refused = pages::check_query(request, {"lang"})) return *refused;
  auto opened = open_campaign(routes, request, true);
  if (auto* refused = std::get_if<Response>(&opened)) return *refused;
  OpenedCampaign& o = std::get<OpenedCampaign>(opened);
  Result<std::vector<campaign::GroupSummary>> summary =
      app::campaign_summary(o.session->campaigns(), *routes.offers, *routes.tariffs, o.campaign);
  if (!summary) return pages::problem_response(request, summary.error());
  std::set<std::string> shown;
  for (const campaign::GroupSummary& g : *summary)
    if (g.shown && g.group != "total") shown.insert(g.group);
  Result<std::vector<app::GroupChoice>> choices =
      app::campaign_choices(o.session->campaigns(), *routes.offers, o.campaign, shown);
  if (!choices) return pages::problem_response(request, choices.error());
  return meeting_page(o.campaign, *summary, *choices, request);
}

// The household's own energy quote (core/campaign/summary.hpp "Energy poverty"): shown to the resident only,
// on the page its share link opens.
std::string energy_quote_section(const campaign::IncomeBand& band, const quote::Quote& q, Language language) {
  if (q.tariff_years.empty()) return "";
  const Decimal income = band.midpoint();
  const Money before = q.tariff_years.front().as_tariff.before.total;
  const Money after =
      q.tariff_years.front().as_tariff.after.total + Money(q.fees.tested_fee.value() * Decimal(12));
  const auto percent = [&](const Money& cost) {
    const Decimal p = Decimal::divide(cost.value() * Decimal(100), income, 1, Rounding::half_up).value();
    return format_number(p, 1, language) + " %";
  };
  return "<section aria-labelledby=\"quote-h\">\n<h2 id=\"quote-h\">" +
         in_language(language, "Uw energiekosten en uw inkomen", "Your energy cost and your income") +
         "</h2>\n<p>" +
         in_language(language, "U gaf een netto huishoudinkomen op van ",
                     "You gave a net household income of ") +
         escape_html(format_money(Money(Decimal(band.lower_eur)), language)) + " – " +
         escape_html(format_money(Money(Decimal(band.upper_eur)), language)) +
         in_language(language,
                     " per jaar. Uw energiekosten zijn nu <data id=\"energy-quote-before\" value=\"",
                     " a year. Your energy cost is now <data id=\"energy-quote-before\" value=\"") +
         before.value().to_string() + "\">" + percent(before) + "</data>" +
         in_language(
             language, " van dat inkomen (midden van de band), na de renovatie met het maandbedrag erbij ",
             " of that income (the band's midpoint); after the renovation, the monthly fee included, ") +
         "<data id=\"energy-quote-after\" value=\"" + after.value().to_string() + "\">" + percent(after) +
         "</data>. " +
         in_language(language,
                     "Boven 10 % spreken CBS en TNO van een hoge energiequote (Monitor Energiearmoede). "
                     "Alleen u ziet "
                     "dit; het energieloket ziet alleen hoeveel huishoudens in de straat boven 10 % zitten.",
                     "Above 10 % CBS and TNO speak of a high energy quote (Monitor Energiearmoede). Only you "
                     "see this; "
                     "the energy desk sees only how many households of the street are above 10 %.") +
         "</p>\n</section>\n";
}

// The steps and what they are for (the first part of choice_section).
std::string steps_list(const app::HomeChoice& c, const std::vector<campaign::PlanStep>& steps,
                       Language language) {
  std::string t = "<ol id=\"steps\">\n";
  for (std::size_t k = 0; k < steps.size(); ++k) {
    t += "<li>" + escape_html(steps[k].label) + ": " + when_text(steps[k].month, language) + ", " +
         in_language(language, "lening ", "loan ") + pages::money(c.comparison.drawdowns[k], language) +
         "</li>\n";
  }
  t += "</ol>\n";
  for (const std::string& w : c.comparison.warnings) {
    const std::size_t bar = w.find(" | ");
    const std::string text =
        bar == std::string::npos ? w : (language == Language::nl ? w.substr(0, bar) : w.substr(bar + 3));
    t += "<p class=\"warning\"><strong>" + in_language(language, "Let op: ", "Note: ") + "</strong>" +
         escape_html(text) + "</p>\n";
  }
  return t;
}

// The resident's choice (app::home_choice): steps against the integral renovation of this home, per contract
// year what each costs a month, and the energy and CO2, as a chart and a table, with the totals.
std::string choice_section(const app::HomeChoice& c, const std::vector<campaign::PlanStep>& steps,
                           Language language) {
  LineChart chart{
      .id = "choice",
      .title = in_language(language, "In stappen of alles in één keer: per maand",
                           "In steps or all at once: a month"),
      .description = in_language(language,
                                 "Wat u per maand betaalt in elk jaar van het contract: financiering, "
                                 "servicekosten en energierekening, in stappen en alles in één keer.",
                                 "What you pay a month in each contract year: financing, service fee and "
                                 "energy bill, in steps and all at once."),
      .x_labels = {},
      .y_unit_label = "€",
      .series = {{in_language(language, "In stappen", "In steps"), "#8a1c1c", "8 4", {}},
                 {in_language(language, "Alles in één keer", "All at once"), "#1d4e89", "", {}}},
      .language = language};
  std::string rows;
  for (const app::ChoiceRow& r : c.rows) {
    chart.x_labels.push_back(std::to_string(r.year.year));
    chart.series[0].values.push_back(r.steps_total.value());
    chart.series[1].values.push_back(r.integral_total.value());
    rows += "<tr data-year=\"" + std::to_string(r.year.year) + "\" data-steps-financing=\"" +
            r.year.steps_financing.value().to_string() + "\" data-integral-financing=\"" +
            r.year.integral_financing.value().to_string() + "\"><th scope=\"row\">" +
            std::to_string(r.year.year) + "</th><td class=\"num\">" + pages::money(r.steps_total, language) +
            "</td><td class=\"num\">" + pages::money(r.integral_total, language) + "</td><td class=\"num\">" +
            format_number(r.year.steps.gas_m3, 0, language) + " / " +
            format_number(r.year.integral.gas_m3, 0, language) + "</td><td class=\"num\">" +
            format_number(r.year.steps.co2_kg, 0, language) + " / " +
            format_number(r.year.integral.co2_kg, 0, language) + "</td></tr>\n";
  }
  const auto figure = [&](const std::string& id, const Money& m) {
    return pages::money_data(id, m, language);
  };
  return "<section aria-labelledby=\"choice-h\">\n<h2 id=\"choice-h\">" +
         in_language(language, "Alles in één keer, of in stappen?", "All at once, or in steps?") +
         "</h2>\n<p>" +
         in_language(
             language,
             "U kunt de renovatie ook in stappen doen. Elke stap is een eigen lening; uw maandbedrag "
             "verandert bij elke stap. De stappen voor uw woning:",
             "You can also renovate in steps. Each step is a loan of its own; your monthly amount changes "
             "at each step. The steps for your home:") +
         "</p>\n" + steps_list(c, steps, language) + "<p>" +
         in_language(language, "Over de hele looptijd betaalt u in stappen ",
                     "Over the whole term you pay in steps ") +
         figure("steps-total-cost", c.steps_cost) +
         in_language(language, " en alles in één keer ", " and all at once ") +
         figure("integral-total-cost", c.integral_cost) +
         in_language(language,
                     " (financiering, servicekosten en "
                     "energierekening op de tarieven van ",
                     " (financing, service fee and energy bill on the "
                     "tariffs of ") +
         escape_html(c.tariff_id) + "). " +
         in_language(language, "Jaarkostenpercentage: in stappen ", "APR: in steps ") +
         "<data id=\"steps-apr\" value=\"" + c.comparison.steps.apr.percent_two_decimals.to_string() + "\">" +
         format_number(c.comparison.steps.apr.percent_two_decimals, 2, language) + "&nbsp;%</data>, " +
         in_language(language, "alles in één keer ", "all at once ") + "<data id=\"integral-apr\" value=\"" +
         c.comparison.integral.apr.percent_two_decimals.to_string() + "\">" +
         format_number(c.comparison.integral.apr.percent_two_decimals, 2, language) + "&nbsp;%</data>. " +
         in_language(language, "Aardgas over de looptijd: ", "Gas over the term: ") +
         format_number(c.steps_gas_m3, 0, language) +
         in_language(language, " m³ in stappen tegen ", " m³ in steps against ") +
         format_number(c.integral_gas_m3, 0, language) +
         " m³; CO₂: " + format_number(c.steps_co2_kg, 0, language) +
         in_language(language, " kg tegen ", " kg against ") + format_number(c.integral_co2_kg, 0, language) +
         " kg.</p>\n<figure>\n" + line_chart_svg(chart) + "<figcaption class=\"muted\">" + chart.description +
         "</figcaption>\n</figure>\n<table id=\"choice-table\">\n<caption>" + chart.title +
         "</caption>\n<thead><tr><th scope=\"col\">" +
         in_language(language, "Contractjaar", "Contract year") + "</th><th scope=\"col\">" +
         chart.series[0].label + "</th><th scope=\"col\">" + chart.series[1].label +
         "</th><th scope=\"col\">" +
         in_language(language, "Aardgas m³ (stappen / ineens)", "Gas m³ (steps / at once)") +
         "</th><th scope=\"col\">" +
         in_language(language, "CO₂ kg (stappen / ineens)", "CO₂ kg (steps / at once)") +
         "</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n</section>\n";
}

Response get_home_page(const CampaignRoutes& routes, const Request& request) {
  if (auto refused = pages::check_query(request, {"lang", "share"})) return *refused;
  const Language language = pages::request_language(request);
  Result<std::unique_ptr<CampaignSession>> session = routes.open_session();
  if (!session) return pages::problem_response(request, session.error());
  Result<app::CampaignHome> home =
      app::shared_home((*session)->campaigns(), (*session)->crypto(), request.param("id"),
                       home_number(request), request.query_value("share").value_or(""));
  if (!home) return pages::problem_response(request, home.error());
  Result<quote::Offer> offer = routes.offers->read(home->offer_json);
  if (!offer) return pages::problem_response(request, offer.error());
  Result<quote::Quote> q = app::quote_offer(*offer, *routes.tariffs);
  if (!q) return pages::problem_response(request, q.error());
  Result<app::CostComparison> costs = app::cumulative_costs(*q, q->tariff_years.size() - 1);
  if (!costs) return pages::problem_response(request, costs.error());
  const std::string address = home->postcode + " " + home->house_number;
  std::string main =
      "<h1>" + in_language(language, "Uw aanbod voor de renovatie", "Your renovation offer") + "</h1>\n<p>" +
      in_language(language, "Woning ", "Home ") + "<data id=\"address\" value=\"" + escape_html(address) +
      "\">" + escape_html(address) + "</data>, " + escape_html(home->house_type) +
      in_language(language, ", ingangsdatum ", ", starting ") +
      escape_html(format_date(offer->start_date, language)) + ". " +
      (home->use_source == "meter"
           ? in_language(language,
                         "Uw huidige verbruik komt uit de meterstanden die wij van uw woning hebben.",
                         "Your current use comes from the meter readings we hold for your home.")
           : in_language(language, "Uw huidige verbruik is het verbruik dat u of uw energieloket opgaf.",
                         "Your current use is the use you or your energy desk declared.")) +
      "</p>\n<p class=\"muted\">" +
      in_language(
          language,
          "U bekijkt deze pagina via de persoonlijke link van uw woning. Het energieloket ziet alleen "
          "totalen van de straat, niet deze bedragen.",
          "You are viewing this page through your home's personal link. The energy desk sees only the "
          "street's totals, not these amounts.") +
      "</p>\n";
  if (home->income_band) main += energy_quote_section(*home->income_band, *q, language);
  if (!home->steps_json.empty()) {
    auto stored = routes.offers->read_steps(home->steps_json);
    if (!stored) return pages::problem_response(request, stored.error());
    Result<app::HomeChoice> choice = app::home_choice(*offer, stored->first, stored->second, *routes.tariffs);
    if (choice) {
      main += choice_section(*choice, stored->first, language);
    } else if (choice.error().code == ErrorCode::failed_precondition) {
      main +=
          "<p class=\"muted\">" +
          in_language(language,
                      "Voor dit aanbod is geen vergelijking met stappen te maken (het heeft een "
                      "aanbetaling, aflossingsvrije maanden of een vast leenbedrag).",
                      "This offer cannot be compared with steps (it has a down payment, interest-only months "
                      "or a set principal).") +
          "</p>\n";
    } else {
      return pages::problem_response(request, choice.error());
    }
  }
  main += pages::offer_sections(request, *offer, *q, *costs, language);
  return pages::html_response(pages::page(language, in_language(language, "Aanbod ", "Offer ") + address,
                                          pages::nav_links(request, language), main));
}

}  // namespace

Result<void> add_campaign_routes(Router& router, CampaignRoutes routes) {
  auto shared = std::make_shared<const CampaignRoutes>(std::move(routes));
  const auto route = [&](const char* method, const char* path, const char* name,
                         Response (*handler)(const CampaignRoutes&, const Request&), Access access,
                         std::vector<std::string> media = {}, bool streams = false) {
    return router.add(
        Route{.method = method,
              .path_template = path,
              .name = name,
              .handler = [shared, handler](const Request& request) { return handler(*shared, request); },
              .body_media_types = std::move(media),
              .access = access,
              .streams_body = streams});
  };
  const Access desk = Access::roles({Role::energy_desk});
  const Access readers = Access::roles({Role::energy_desk, Role::auditor});
  RENOFEE_CHECK(route("POST", "/v1/campaigns", "campaign_create", post_campaign, desk, {"application/json"}));
  RENOFEE_CHECK(route("GET", "/v1/campaigns", "campaign_list", list_campaigns, readers));
  RENOFEE_CHECK(route("GET", "/v1/campaigns/{id}", "campaign_get", get_campaign, readers));
  RENOFEE_CHECK(
      route("POST", "/v1/campaigns/{id}/homes", "campaign_homes_add", post_homes, desk, {"text/csv"}, true));
  RENOFEE_CHECK(route("GET", "/v1/campaigns/{id}/summary", "campaign_summary", get_summary, readers));
  RENOFEE_CHECK(route("POST", "/v1/campaigns/{id}/homes/{number}/share-link", "campaign_share_link",
                      post_share_link, desk));
  RENOFEE_CHECK(route("GET", "/campaigns/{id}/meeting", "campaign_meeting_page", get_meeting_page, readers));
  // Opened by the share token alone (checked by the handler against the stored hash): no key.
  RENOFEE_CHECK(route("GET", "/v1/campaigns/{id}/homes/{number}/offer", "campaign_home_offer", get_home_offer,
                      Access::anyone()));
  RENOFEE_CHECK(
      route("GET", "/campaigns/{id}/homes/{number}", "campaign_home_page", get_home_page, Access::anyone()));
  return success();
}

}  // namespace renofee::http
