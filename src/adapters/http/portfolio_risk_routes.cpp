#include "renofee/adapters/http/portfolio_risk_routes.hpp"

#include <algorithm>
#include <sstream>

#include "renofee/adapters/http/html.hpp"
#include "renofee/adapters/http/page_frame.hpp"
#include "renofee/adapters/http/problem.hpp"
#include "renofee/adapters/io/reconciliation_output.hpp"
#include "renofee/adapters/io/risk_options.hpp"
#include "renofee/adapters/io/risk_output.hpp"
#include "renofee/app/api_keys.hpp"

namespace renofee::http {
namespace {

using app::Role;
constexpr int max_rows_on_page = 2000;

const std::initializer_list<std::string_view> risk_parameters = {"seed",
                                                                 "from_year",
                                                                 "to_year",
                                                                 "as_of",
                                                                 "station",
                                                                 "stress_year",
                                                                 "temperature_shift",
                                                                 "irradiance_change",
                                                                 "household_sd",
                                                                 "heat_pump_sd",
                                                                 "pv_degradation",
                                                                 "pv_degradation_sd",
                                                                 "discount_rate",
                                                                 "cost_of_capital",
                                                                 "heating_share",
                                                                 "financier",
                                                                 "format",
                                                                 "lang"};

Result<void> book_of(const Request& request, const std::map<std::string, std::string>& q,
                     app::PortfolioRiskRequest& r) {
  const auto financier = q.find("financier");
  if (request.principal && request.principal->role == Role::financier) {
    if (financier != q.end())
      return invalid_argument("a financier sees its own book: leave out financier", "/financier");
    r.owner = app::key_actor(*request.principal);
  } else if (financier != q.end()) {
    const std::string& id = financier->second;
    if (id.size() != 12 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
      return invalid_argument("financier must be a key id (12 lower-case hex digits)", "/financier");
    r.owner = "key:" + id;
  } else {
    r.all_contracts = true;
  }
  return {};
}

}  // namespace

Result<app::PortfolioRiskRequest> risk_request_from_query(const Request& request, calendar::Date today) {
  RENOFEE_TRY(const auto q, query_parameters(request, risk_parameters));
  app::PortfolioRiskRequest r;
  RENOFEE_CHECK(book_of(request, q, r));
  r.as_of = today;
  const auto value_of = [&](std::string_view name) -> std::optional<std::string> {
    const auto it = q.find(std::string(name));
    if (it == q.end()) return std::nullopt;
    return it->second;
  };
  RENOFEE_CHECK(io::read_risk_options(value_of, io::OptionSpelling::query, r));
  return r;
}

Response portfolio_risk_api(ContractSession& session, const Request& request, calendar::Date today) {
  const std::string format = request.query_value("format").value_or("json");
  if (format != "json" && format != "csv" && request.query_value("format"))
    return to_response(
        validation_problem({invalid_argument("format must be json or csv", "/format")}, request.request_id));
  Result<app::PortfolioRiskRequest> r = risk_request_from_query(request, today);
  if (!r) return to_response(validation_problem({r.error()}, request.request_id));
  std::ostringstream body;
  io::RiskWriter writer(body, format == "csv" ? io::RiskFormat::csv : io::RiskFormat::json, *r);
  writer.begin();
  app::ReconcileDeps& deps = session.deps();
  Result<app::PortfolioRisk> risk = app::portfolio_risk(deps.contracts, deps.weather, deps.tariffs, *r,
                                                        [&](const app::ContractRiskRow& row) -> Result<void> {
                                                          writer.row(row);
                                                          return {};
                                                        });
  if (!risk) {
    const Error error = io::with_option_field(risk.error(), io::OptionSpelling::query);
    if (error.code == ErrorCode::invalid_argument)
      return to_response(validation_problem({error}, request.request_id));
    return to_response(problem_from_error(error, request.request_id));
  }
  writer.end(*risk);
  if (format == "csv") return Response::text(200, "text/csv; charset=utf-8", body.str());
  return Response::json(200, body.str());
}

namespace pages {
namespace {

std::string eur_text(const Decimal& value, Language language) {
  return money(Money(value.round(2, Rounding::half_up)), language);
}

std::string figure_row(const std::string& id, const char* nl, const char* en, const Money& m,
                       Language language, const std::string& extra = {}) {
  return "<tr><th scope=\"row\">" + in_language(language, nl, en) + "</th><td class=\"num\">" +
         money_data(id, m, language) + extra + "</td></tr>\n";
}

std::string key_figures(const app::PortfolioRisk& risk, Language language) {
  const risk::Book::Figures& b = risk.book;
  std::string t = "<table id=\"figures\">\n<caption>" +
                  in_language(language, "Jaarlijkse vergoeding van de hele portefeuille",
                              "Annual compensation of the whole book") +
                  "</caption>\n<tbody>\n";
  t += figure_row("expected", "Verwacht per jaar", "Expected a year", b.figures.expected, language);
  t += figure_row("p50", "Mediaan (P50)", "Median (P50)", b.figures.p50, language);
  t += figure_row("p95", "1 op 20 jaar (P95)", "1 in 20 years (P95)", b.figures.p95, language);
  t += figure_row("p99", "1 op 100 jaar (P99)", "1 in 100 years (P99)", b.figures.p99, language);
  t += figure_row("worst", "Slechtste jaar", "Worst year", b.figures.worst, language,
                  " (<data id=\"worst-year\" value=\"" + std::to_string(b.figures.worst_year) + "\">" +
                      std::to_string(b.figures.worst_year) + "</data>)");
  t += figure_row("present-value", "Contante waarde over de resterende looptijd",
                  "Present value over the remaining term", b.present_value, language);
  t += figure_row("premium", "Voorgestelde premie per contract per maand",
                  "Suggested premium per contract a month", b.premium_monthly_per_contract, language);
  // The exact share for machines, a percentage for people (1 decimal, the page's notation).
  const std::string share = b.common_weather_share ? b.common_weather_share->to_string() : std::string("-");
  const std::string shown =
      b.common_weather_share
          ? format_number((*b.common_weather_share * Decimal(100)).round(1, Rounding::half_up), 1, language) +
                " %"
          : in_language(language, "geen staart", "no tail");
  t += "<tr><th scope=\"row\">" +
       in_language(language, "Deel van de staart dat gemeenschappelijk weer is",
                   "Share of the tail that is common weather") +
       "</th><td class=\"num\"><data id=\"common-weather-share\" value=\"" + share + "\">" + shown +
       "</data></td></tr>\n";
  return t + "</tbody>\n</table>\n";
}

// The exceedance curve: the years' compensation from the largest down, against the chance a year reaches it
// (rank / N), with and without the spread; and its table.
std::string exceedance(const risk::Book::Figures& b, Language language) {
  std::vector<std::size_t> order(b.years.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return b.annual[x] > b.annual[y]; });
  std::vector<Decimal> sorted_weather(b.annual_weather);
  std::sort(sorted_weather.begin(), sorted_weather.end(), std::greater<>());
  LineChart chart;
  chart.id = "exceedance";
  chart.language = language;
  chart.title = in_language(language, "Overschrijdingskans", "Exceedance curve");
  chart.description =
      in_language(language,
                  "Jaarlijkse vergoeding van de portefeuille tegen de kans dat een jaar die haalt, "
                  "met en zonder de spreiding die geen weer is.",
                  "The book's annual compensation against the chance a year reaches it, with and "
                  "without the spread that is not weather.");
  chart.y_unit_label = "€";
  ChartSeries all{in_language(language, "weer en spreiding", "weather and spread"), "#1d4e89", "", {}};
  ChartSeries weather{in_language(language, "alleen weer", "weather alone"), "#b35900", "8 4", {}};
  std::string rows;
  const std::size_t n = order.size();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    const Decimal chance = Decimal::divide(Decimal(static_cast<std::int64_t>(k + 1)) * Decimal(100),
                                           Decimal(static_cast<std::int64_t>(n)), 1, Rounding::half_up)
                               .value();
    chart.x_labels.push_back(format_number(chance, 1, language) + " %");
    all.values.push_back(b.annual[i]);
    weather.values.push_back(sorted_weather[k]);
    rows += "<tr><td class=\"num\">" + format_number(chance, 1, language) + " %</td><td>" +
            std::to_string(b.years[i].year) + "</td><td class=\"num\">" + eur_text(b.annual[i], language) +
            "</td><td class=\"num\">" + eur_text(sorted_weather[k], language) + "</td></tr>\n";
  }
  chart.series = {all, weather};
  return "<figure>\n" + line_chart_svg(chart) + "<figcaption class=\"muted\">" + chart.description +
         "</figcaption>\n</figure>\n<table id=\"exceedance-table\">\n<caption>" + chart.title +
         "</caption>\n<thead><tr><th scope=\"col\">" + in_language(language, "Kans", "Chance") +
         "</th><th scope=\"col\">" + in_language(language, "Weerjaar", "Weather year") +
         "</th><th scope=\"col\">" + in_language(language, "Vergoeding", "Compensation") +
         "</th><th scope=\"col\">" +
         in_language(language, "Alleen weer (gesorteerd)", "Weather alone (sorted)") +
         "</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n";
}

// A histogram of the years' compensation in 10 equal bins from 0 to the worst year, and its table.
std::string histogram(const risk::Book::Figures& b, Language language) {
  constexpr int bins = 10;
  const Decimal top = std::max(b.figures.worst.value(), Decimal::from_units(1, 2));
  std::vector<int> counts(bins, 0);
  for (const Decimal& v : b.annual) {
    const Decimal scaled = Decimal::divide(v * Decimal(bins), top, 0, Rounding::floor).value();
    const int bin = std::min<int>(bins - 1, static_cast<int>(scaled.to_units(0).value()));
    ++counts[static_cast<std::size_t>(std::max(bin, 0))];
  }
  BarChart chart;
  chart.id = "histogram";
  chart.title =
      in_language(language, "Verdeling van de jaarlijkse vergoeding", "Distribution of annual compensation");
  chart.description =
      in_language(language, "Aantal weerjaren per klasse van de jaarlijkse vergoeding van de portefeuille.",
                  "Number of weather years per class of the book's annual compensation.");
  chart.colour = "#1d4e89";
  std::string rows;
  for (int i = 0; i < bins; ++i) {
    const Decimal low = Decimal::divide(top * Decimal(i), Decimal(bins), 2, Rounding::half_up).value();
    const Decimal high = Decimal::divide(top * Decimal(i + 1), Decimal(bins), 2, Rounding::half_up).value();
    const std::string label = eur_text(low, language) + " – " + eur_text(high, language);
    chart.labels.push_back(eur_text(low, language));
    chart.counts.push_back(counts[static_cast<std::size_t>(i)]);
    rows += "<tr><td>" + label + "</td><td class=\"num\">" +
            std::to_string(counts[static_cast<std::size_t>(i)]) + "</td></tr>\n";
  }
  return "<figure>\n" + bar_chart_svg(chart) + "<figcaption class=\"muted\">" + chart.description +
         "</figcaption>\n</figure>\n<table id=\"histogram-table\">\n<caption>" + chart.title +
         "</caption>\n<thead><tr><th scope=\"col\">" + in_language(language, "Klasse", "Class") +
         "</th><th scope=\"col\">" + in_language(language, "Weerjaren", "Weather years") +
         "</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n";
}

std::string risk_contract_row(const app::ContractRiskRow& row, Language language) {
  const std::string cid = escape_html(row.contract_id);
  std::string t = "<tr data-contract=\"" + cid + "\" data-status=\"" + row.status + "\"><th scope=\"row\">" +
                  cid + "</th>";
  if (row.status == "not_modelled") {
    // The reason is the use case's (English); the Dutch page names the field only.
    return t + "<td colspan=\"7\">" +
           (language == Language::nl ? "niet gemodelleerd: gegeven ontbreekt of wordt niet ondersteund"
                                     : "not modelled: " + escape_html(row.reason)) +
           " (<code>" + escape_html(row.field) + "</code>)</td></tr>\n";
  }
  const risk::ContractExposure& e = row.exposure;
  return t + "<td class=\"num\">" + std::to_string(e.next_year) + "</td><td class=\"num\">" +
         money(e.figures.expected, language) + "</td><td class=\"num\">" + money(e.figures.p99, language) +
         "</td><td class=\"num\">" + money(e.figures.worst, language) + " (" +
         std::to_string(e.figures.worst_year) + ")</td><td class=\"num\">" +
         money(e.present_value, language) + "</td><td class=\"num\">" +
         money(row.service_fee_monthly, language) + "</td><td class=\"num\">" +
         money(e.premium_monthly, language) + "</td></tr>\n";
}

std::string contract_table(const std::vector<app::ContractRiskRow>& rows, int total, Language language) {
  std::string t =
      "<table id=\"contracts\">\n<caption>" + in_language(language, "Per contract", "By contract") +
      "</caption>\n<thead><tr><th scope=\"col\">Contract</th><th scope=\"col\">" +
      in_language(language, "Garantiejaar", "Guarantee year") + "</th><th scope=\"col\">" +
      in_language(language, "Verwacht", "Expected") + "</th><th scope=\"col\">P99</th><th scope=\"col\">" +
      in_language(language, "Slechtste jaar", "Worst year") + "</th><th scope=\"col\">" +
      in_language(language, "Contante waarde", "Present value") + "</th><th scope=\"col\">" +
      in_language(language, "Servicefee per maand", "Service fee a month") + "</th><th scope=\"col\">" +
      in_language(language, "Voorgestelde premie per maand", "Suggested premium a month") +
      "</th></tr></thead>\n<tbody>\n";
  for (const app::ContractRiskRow& row : rows)
    t += risk_contract_row(row, language);
  t += "</tbody>\n</table>\n";
  if (total > static_cast<int>(rows.size())) {
    t += "<p>" +
         in_language(language,
                     "Alleen de eerste 2.000 contracten staan in deze lijst; de API geeft ze allemaal.",
                     "Only the first 2,000 contracts are listed; the API gives them all.") +
         "</p>\n";
  }
  return t;
}

std::string intro(const app::PortfolioRiskRequest& r, const app::PortfolioRisk& risk, Language language) {
  const risk::Book::Figures& b = risk.book;
  std::string text =
      "<p>" + in_language(language, "Stand op ", "As of ") + escape_html(format_date(r.as_of, language)) +
      ". " + std::to_string(risk.contracts) + in_language(language, " contracten", " contracts") +
      (risk.not_modelled > 0 ? " (" + std::to_string(risk.not_modelled) +
                                   in_language(language, " niet gemodelleerd)", " not modelled)")
                             : std::string()) +
      in_language(language, ", weerjaren ", ", weather years ") + std::to_string(b.years.front().year) + "–" +
      std::to_string(b.years.back().year) + " (" + std::to_string(b.years.size()) + "), seed " +
      std::to_string(r.settings.seed);
  if (risk.stress_year)
    text += in_language(language, ", stressjaar ", ", stress year ") + std::to_string(*risk.stress_year);
  if (r.stress.temperature_shift_01c != 0 || !r.stress.irradiance_change_percent.is_zero())
    text += in_language(language, ", klimaat verschoven ", ", shifted climate ") +
            Decimal::from_units(r.stress.temperature_shift_01c, 1).to_string() + " °C, " +
            r.stress.irradiance_change_percent.to_string() + " % " +
            in_language(language, "instraling", "irradiance");
  return text + ". " +
         in_language(
             language,
             "Elke garantie is per historisch weerjaar afgerekend zoals de jaarafrekening dat doet, met een "
             "vaste spreiding voor wat geen weer is (huishouden, warmtepomp, veroudering van de panelen). "
             "De premie is een voorstel; hij verandert geen vergoeding.",
             "Every guarantee is settled in every historical weather year as the yearly reconciliation "
             "does it, with a seeded spread for what is not weather (household, heat pump, ageing "
             "panels). The premium is a suggestion; it changes no fee.") +
         "</p>\n";
}

}  // namespace

Response portfolio_risk_page(ContractSession& session, const Request& request, calendar::Date today) {
  const Language language = request_language(request);
  Result<app::PortfolioRiskRequest> r = risk_request_from_query(request, today);
  if (!r) return for_browser(request, to_response(validation_problem({r.error()}, request.request_id)));
  std::vector<app::ContractRiskRow> rows;
  int total = 0;
  app::ReconcileDeps& deps = session.deps();
  Result<app::PortfolioRisk> risk = app::portfolio_risk(deps.contracts, deps.weather, deps.tariffs, *r,
                                                        [&](const app::ContractRiskRow& row) -> Result<void> {
                                                          if (++total <= max_rows_on_page)
                                                            rows.push_back(row);
                                                          return {};
                                                        });
  if (!risk) {
    const Error error = io::with_option_field(risk.error(), io::OptionSpelling::query);
    if (error.code == ErrorCode::invalid_argument)
      return for_browser(request, to_response(validation_problem({error}, request.request_id)));
    return problem_response(request, error);
  }
  const std::string title =
      in_language(language, "Garantierisico van de portefeuille", "Guarantee risk of the book");
  const std::string main = "<h1>" + title + "</h1>\n" + intro(*r, *risk, language) +
                           key_figures(*risk, language) + exceedance(risk->book, language) +
                           histogram(risk->book, language) + contract_table(rows, total, language);
  return html_response(page(language, title, nav_links(request, language), main));
}

}  // namespace pages
}  // namespace renofee::http
