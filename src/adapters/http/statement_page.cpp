#include "renofee/adapters/http/statement_page.hpp"

#include <algorithm>
#include <variant>

#include "renofee/adapters/http/html.hpp"
#include "renofee/adapters/http/page_frame.hpp"
#include "renofee/adapters/io/reconciliation_output.hpp"
#include "renofee/adapters/io/report_json.hpp"

namespace renofee::http::pages {
namespace {

using app::Role;

// A guarantee's status in the resident's words ("met", "within_deadband", "shortfall", "term_ended").
std::string status_words(guarantee::Status status, Language language) {
  switch (status) {
    case guarantee::Status::met:
      return t(language, "gehaald", "met");
    case guarantee::Status::within_deadband:
      return t(language, "tekort binnen het eigen risico: geen vergoeding",
               "shortfall within the deadband: no compensation");
    case guarantee::Status::shortfall:
      return t(language, "niet gehaald: tekort vergoed", "not met: shortfall compensated");
    case guarantee::Status::term_ended:
      return t(language, "looptijd voorbij", "term ended");
  }
  return std::string(guarantee::to_string(status));
}

// The guarantee results of a stored report in words, from the report value (app::ReconciliationReport) that
// io::report_from_json reads back from the stored bytes, which are what the report's SHA-256 covers. Figures
// are printed as the canonical JSON prints them (decimals in full, money in cents). Stored bytes that are not a
// report give a line saying the report could not be read.
std::string report_outcome(const app::StoredReport& report, Language language) {
  const Result<app::ReconciliationReport> value = io::report_from_json(report.report_json);
  if (!value)
    return "<ul>\n<li>" +
           t(language, "Het rapport kon niet worden gelezen.", "The report could not be read.") +
           "</li>\n</ul>\n";
  std::string s = "<ul>\n";
  for (std::size_t i = 0; i < value->guarantees.size(); ++i) {
    const guarantee::GuaranteeResult& result = value->guarantees[i].result;
    const std::string status(guarantee::to_string(result.status));
    s += "<li data-status=\"" + escape_html(status) + "\">" + t(language, "Garantie ", "Guarantee ") +
         std::to_string(i + 1) + " (" + escape_html(std::string(guarantee::to_string(result.kind))) +
         "): <strong>" + escape_html(status_words(result.status, language)) + "</strong>. " +
         t(language, "Gegarandeerd ", "Guaranteed ") + escape_html(result.guaranteed.to_string()) + " " +
         escape_html(result.unit) + ", " + t(language, "tekort ", "shortfall ") +
         escape_html(result.shortfall.to_string()) + " " + escape_html(result.unit) + ", " +
         t(language, "te betalen € ", "payable € ") + escape_html(io::cents_text(result.payable)) +
         ".<br><span class=\"muted\">" + escape_html(result.rule) + "</span></li>\n";
  }
  return s + "</ul>\n";
}

// The year's amounts and balances (app::Statement), with their exact values in <data> elements.
std::string amounts_section(const app::Statement& st, Language language) {
  std::string s = "<section aria-labelledby=\"amounts-heading\">\n<h2 id=\"amounts-heading\">" +
                  t(language, "Bedragen", "Amounts") + "</h2>\n<table>\n<caption>" +
                  t(language, "Uw rekening over dit jaar", "Your account over this year") +
                  "</caption>\n<tbody>\n";
  const auto row = [&](const std::string& label, const std::string& value) {
    s += "<tr><th scope=\"row\">" + label + "</th><td class=\"num\">" + value + "</td></tr>\n";
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
  s +=
      "</tbody>\n</table>\n<p class=\"muted\">" +
      t(language, "Een positief saldo is wat u in totaal in rekening is gebracht; vergoedingen verlagen het.",
        "A positive balance is what has been charged to you in total; compensation lowers it.") +
      "</p>\n</section>\n";
  return s;
}

// The outcome of the year's latest report version: met or the compensation, the excess share, the guarantees
// in words, version and SHA-256, and for financiers and auditors the links to the full report.
std::string report_section(const app::StoredReport& r, const Request& request, const std::string& id,
                           const std::string& year_text, Language language) {
  std::string main =
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
  return main;
}

// The settlement of the guarantee: the latest report, or that the year is not settled yet or still running.
std::string settlement_section(const app::StatementOutcome& outcome, const Request& request,
                               const std::string& id, const std::string& year_text, Language language) {
  std::string main =
      "<section aria-labelledby=\"reconciliation-heading\">\n<h2 id=\"reconciliation-heading\">" +
      t(language, "Afrekening van de garantie", "Settlement of the guarantee") + "</h2>\n";
  if (outcome.reports.empty()) {
    main +=
        "<p id=\"reconciliation-status\" data-status=\"none\">" +
        (outcome.year_complete
             ? t(language,
                 "Dit jaar is nog niet afgerekend. Zodra de controleur de meterstanden heeft verwerkt, "
                 "ziet u hier de uitkomst.",
                 "This year has not been settled yet. Once the auditor has processed the meter readings, the "
                 "outcome appears here.")
             : t(language, "Dit jaar loopt nog; het wordt na afloop afgerekend.",
                 "This year is still running; it is settled once it is over.")) +
        "</p>\n";
  } else {
    main += report_section(outcome.reports.back(), request, id, year_text, language);
  }
  main += "</section>\n";
  return main;
}

}  // namespace

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
  Result<app::StatementOutcome> outcome = app::yearly_statement(contract.stores->deps(), id, year, today);
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
  main += amounts_section(st, language);
  main += settlement_section(*outcome, request, id, year_text, language);
  return html_response(page(language,
                            t(language, "Jaaroverzicht ", "Yearly statement ") + id + " " + year_text,
                            nav_links(request, language), main));
}

}  // namespace renofee::http::pages
