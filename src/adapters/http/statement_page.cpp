#include "renofee/adapters/http/statement_page.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <variant>

#include "renofee/adapters/http/html.hpp"
#include "renofee/adapters/http/page_frame.hpp"

namespace renofee::http::pages {
namespace {

using app::Role;

// The guarantee results of a stored report in words, read back from its stored canonical JSON (the members
// "guarantees"[i].status, unit, kind, guaranteed, shortfall, payable_eur and rule). This is the one place
// that reads the report text: rendering from the report value instead replaces this function alone. A text
// that is not JSON gives a line saying the report could not be read.
std::string report_outcome_from_stored_json(const app::StoredReport& report, Language language) {
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
  main += report_outcome_from_stored_json(r, language);
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
  main += amounts_section(st, language);
  main += settlement_section(*outcome, request, id, year_text, language);
  return html_response(page(language,
                            t(language, "Jaaroverzicht ", "Yearly statement ") + id + " " + year_text,
                            nav_links(request, language), main));
}

}  // namespace renofee::http::pages
