#include "renofee/adapters/http/statement_page.hpp"

#include "renofee/app/occupants.hpp"

#include <algorithm>
#include <variant>

#include "renofee/adapters/http/html.hpp"
#include "renofee/adapters/http/page_frame.hpp"
#include "renofee/adapters/io/reconciliation_output.hpp"
#include "renofee/adapters/io/report_json.hpp"
#include "renofee/app/payoff.hpp"

namespace renofee::http::pages {
namespace {

using app::Role;

// A guarantee's status in the resident's words ("met", "within_deadband", "shortfall", "term_ended").
std::string status_words(guarantee::Status status, Language language) {
  switch (status) {
    case guarantee::Status::met:
      return in_language(language, "gehaald", "met");
    case guarantee::Status::within_deadband:
      return in_language(language, "tekort binnen het eigen risico: geen vergoeding",
                         "shortfall within the deadband: no compensation");
    case guarantee::Status::shortfall:
      return in_language(language, "niet gehaald: tekort vergoed", "not met: shortfall compensated");
    case guarantee::Status::term_ended:
      return in_language(language, "looptijd voorbij", "term ended");
  }
  return std::string(guarantee::to_string(status));
}

// The kind of guarantee in the resident's words.
std::string kind_words(guarantee::Kind kind, Language language) {
  switch (kind) {
    case guarantee::Kind::epv_generation:
      return in_language(language, "EPV-opwekgarantie", "EPV generation");
    case guarantee::Kind::net_zero:
      return in_language(language, "Nul op de Meter", "net zero (Nul op de Meter)");
    case guarantee::Kind::savings:
      return in_language(language, "besparingsgarantie", "guaranteed savings");
    case guarantee::Kind::pv_yield:
      return in_language(language, "opbrengstgarantie zonnepanelen", "solar yield");
  }
  return std::string(guarantee::to_string(kind));
}

// A figure in the page's notation, all its decimals kept (1.234,5 in Dutch).
std::string quantity_text(const Decimal& value, Language language) {
  return escape_html(format_number(value, value.scale(), language));
}

// The figure of the report named `name`, or nullopt.
std::optional<Decimal> figure(const guarantee::GuaranteeResult& result, std::string_view name) {
  for (const guarantee::Figure& f : result.figures)
    if (f.name == name) return f.value;
  return std::nullopt;
}

// The rule in words. English: the report's own rule text. Dutch: the kind's test with the report's figures
// (the full English rule, with every figure, is in the report itself).
std::string rule_words(const guarantee::GuaranteeResult& result, Language language) {
  if (language == Language::en) return result.rule;
  const auto f = [&](std::string_view name) {
    const std::optional<Decimal> value = figure(result, name);
    return value ? format_number(*value, value->scale(), language) : std::string("?");
  };
  switch (result.kind) {
    case guarantee::Kind::net_zero:
      return "De opwek van " + f("O") +
             " kWh moet het gebruik van de woning (omgerekend naar een normaal jaar " + f("W_normalised") +
             " kWh) plus het huishoudelijk gebruik binnen de bundel (" + f("H_in_bundle") +
             " kWh) dekken: samen " + f("required") + " kWh.";
    case guarantee::Kind::epv_generation:
      return "Netto opwek H = opwek " + f("O") + " − warmtepomp " + f("W") + " − vast gebruik " + f("G") +
             " = " + f("H") + " kWh; het minimum is " + f("H_min") + " kWh.";
    case guarantee::Kind::savings:
      return "Besparing " + f("avoided") + " " + result.unit +
             " tegen de basislijn aangepast aan het weer (" + f("baseline_adjusted") + " " + result.unit +
             "); gegarandeerd " + f("guaranteed_savings") + " " + result.unit + ".";
    case guarantee::Kind::pv_yield:
      return "Opwek " + f("O") + " kWh tegen de verwachte opwek bij de zonnestraling van dit jaar (" +
             f("expected") + " kWh).";
  }
  return result.rule;
}

// The guarantee results of a stored report in words, from the report value (app::ReconciliationReport) that
// io::report_from_json reads back from the stored bytes, which are what the report's SHA-256 covers. Figures
// are printed as the canonical JSON prints them (decimals in full, money in cents). Stored bytes that are not a
// report give a line saying the report could not be read.
std::string report_outcome(const app::StoredReport& report, Language language) {
  const Result<app::ReconciliationReport> value = io::report_from_json(report.report_json);
  if (!value)
    return "<ul>\n<li>" +
           in_language(language, "Het rapport kon niet worden gelezen.", "The report could not be read.") +
           "</li>\n</ul>\n";
  std::string s = "<ul>\n";
  for (std::size_t i = 0; i < value->guarantees.size(); ++i) {
    const guarantee::GuaranteeResult& result = value->guarantees[i].result;
    const std::string status(guarantee::to_string(result.status));
    s += "<li data-status=\"" + escape_html(status) + "\">" +
         in_language(language, "Garantie ", "Guarantee ") + std::to_string(i + 1) + " (" +
         escape_html(kind_words(result.kind, language)) + "): <strong>" +
         escape_html(status_words(result.status, language)) + "</strong>. " +
         in_language(language, "Gegarandeerd ", "Guaranteed ") + quantity_text(result.guaranteed, language) +
         " " + escape_html(result.unit) + ", " + in_language(language, "tekort ", "shortfall ") +
         quantity_text(result.shortfall, language) + " " + escape_html(result.unit) + ", " +
         in_language(language, "te betalen ", "payable ") + money(result.payable, language) +
         ".<br><span class=\"muted\">" + escape_html(rule_words(result, language)) + "</span></li>\n";
  }
  return s + "</ul>\n";
}

// The year's amounts and balances (app::Statement), with their exact values in <data> elements.
std::string amounts_section(const app::Statement& st, Language language) {
  std::string s = "<section aria-labelledby=\"amounts-heading\">\n<h2 id=\"amounts-heading\">" +
                  in_language(language, "Bedragen", "Amounts") + "</h2>\n<table>\n<caption>" +
                  in_language(language, "Uw rekening over dit jaar", "Your account over this year") +
                  "</caption>\n<tbody>\n";
  const auto row = [&](const std::string& label, const std::string& value) {
    s += "<tr><th scope=\"row\">" + label + "</th><td class=\"num\">" + value + "</td></tr>\n";
  };
  row(in_language(language, "Saldo aan het begin", "Opening balance"),
      money_data("opening-balance", st.opening_balance, language));
  row(in_language(language, "Maandbedragen in rekening gebracht", "Monthly fees charged"),
      money_data("fees", st.fees, language));
  row(in_language(language, "Vergoeding voor tekorten (in mindering)",
                  "Compensation for shortfalls (credited)"),
      money_data("compensation", st.compensation, language));
  if (!st.excess_share.is_zero()) {
    row(in_language(language, "Aandeel in extra besparing", "Share of extra savings"),
        money_data("excess-share", st.excess_share, language));
  }
  if (!st.reversals.is_zero()) {
    row(in_language(language, "Correcties van eerdere afrekeningen", "Corrections of earlier settlements"),
        money_data("reversals", st.reversals, language));
  }
  if (!st.payments.is_zero()) {
    row(in_language(language, "Ontvangen betalingen (in mindering)", "Payments received (credited)"),
        money_data("payments", st.payments, language));
    row(in_language(language, "  waarvan geïncasseerd", "  of which collected by direct debit"),
        money_data("collected", st.collected, language));
    row(in_language(language, "  waarvan anders betaald", "  of which paid otherwise"),
        money_data("paid-otherwise", st.paid_otherwise, language));
  }
  if (!st.returned.is_zero()) {
    row(in_language(language, "Teruggeboekte incasso's", "Returned direct debits"),
        money_data("returned", st.returned, language));
  }
  if (!st.collection_costs.is_zero()) {
    row(in_language(language, "Incassokosten (na de 14-dagenbrief)",
                    "Collection costs (after the 14-day letter)"),
        money_data("collection-costs", st.collection_costs, language));
  }
  if (!st.payoff.is_zero()) {
    row(in_language(language, "Vervroegde aflossing van de financiering", "Early repayment of the financing"),
        money_data("payoff", st.payoff, language));
  }
  row(in_language(language, "Netto dit jaar", "Net this year"), money_data("net", st.net, language));
  row(in_language(language, "Saldo aan het eind", "Closing balance"),
      money_data("closing-balance", st.closing_balance, language));
  s +=
      "</tbody>\n</table>\n<p class=\"muted\">" +
      in_language(language,
                  "Een positief saldo is wat u in totaal in rekening is gebracht; vergoedingen verlagen het.",
                  "A positive balance is what has been charged to you in total; compensation lowers it.") +
      "</p>\n</section>\n";
  return s;
}

// The outcome of the year's latest report version: met or the compensation, the excess share, the guarantees
// in words, version and SHA-256, and for financiers and auditors the links to the full report.
std::string report_section(const app::StoredReport& r, const Request& request, const std::string& id,
                           const std::string& year_text, Language language) {
  std::string main = "<p id=\"reconciliation-status\" data-status=\"" +
                     std::string(r.compensation.is_zero() ? "met" : "shortfall") + "\">" +
                     (r.compensation.is_zero()
                          ? in_language(language, "De garantie is dit jaar gehaald: er is geen vergoeding.",
                                        "The guarantee was met this year: there is no compensation.")
                          : in_language(language, "De garantie is dit jaar niet helemaal gehaald. U krijgt ",
                                        "The guarantee was not fully met this year. You receive ") +
                                money_data("report-compensation", r.compensation, language) +
                                in_language(language, " vergoed; dat bedrag is verrekend met uw rekening.",
                                            " in compensation; it has been credited to your account.")) +
                     "</p>\n";
  if (!r.excess_charge.is_zero()) {
    main += "<p>" + in_language(language, "Aandeel in de extra besparing: ", "Share of the extra saving: ") +
            money(r.excess_charge, language) + ".</p>\n";
  }
  main += report_outcome(r, language);
  main += "<p class=\"muted\">" + in_language(language, "Rapportversie ", "Report version ") +
          std::to_string(r.version) +
          (r.replaces ? in_language(language, " (correctie: ", " (correction: ") + escape_html(r.reason) + ")"
                      : "") +
          ", SHA-256 <code>" + escape_html(r.sha256) + "</code>.</p>\n";
  if (request.principal && request.principal->role != Role::resident) {
    main +=
        "<p><a href=\"/v1/contracts/" + escape_html(id) + "/reports/" + escape_html(year_text) + "\">" +
        in_language(language, "Volledig rapport (JSON) voor controleurs", "Full report (JSON) for auditors") +
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
      in_language(language, "Afrekening van de garantie", "Settlement of the guarantee") + "</h2>\n";
  if (outcome.reports.empty()) {
    main += "<p id=\"reconciliation-status\" data-status=\"none\">" +
            (outcome.year_complete
                 ? in_language(
                       language,
                       "Dit jaar is nog niet afgerekend. Zodra de controleur de meterstanden heeft verwerkt, "
                       "ziet u hier de uitkomst.",
                       "This year has not been settled yet. Once the auditor has processed the meter "
                       "readings, the "
                       "outcome appears here.")
                 : in_language(language, "Dit jaar loopt nog; het wordt na afloop afgerekend.",
                               "This year is still running; it is settled once it is over.")) +
            "</p>\n";
  } else {
    main += report_section(outcome.reports.back(), request, id, year_text, language);
  }
  main += "</section>\n";
  return main;
}

// Early repayment as of today (app/payoff.hpp): what closing the financing would cost today, in the
// contract's own terms. Nothing when today lies outside the financing (before the drawdown or after the last
// instalment).
std::string payoff_section(app::ContractStore& contracts, const std::string& id, calendar::Date today,
                           Language language) {
  Result<app::PayoffOutcome> outcome = app::contract_payoff(contracts, id, today);
  if (!outcome) return "";
  const finance::PayoffQuote& q = outcome->quote;
  std::string s = "<section aria-labelledby=\"payoff-heading\">\n<h2 id=\"payoff-heading\">" +
                  in_language(language, "Vervroegd aflossen", "Early repayment") +
                  "</h2>\n<table>\n<caption>" +
                  in_language(language, "Wat u betaalt als u vandaag (", "What you pay to repay today (") +
                  escape_html(format_date(today, language)) +
                  in_language(language, ") de hele financiering aflost", ") the whole financing") +
                  "</caption>\n<tbody>\n";
  const auto row = [&](const std::string& label, const std::string& value) {
    s += "<tr><th scope=\"row\">" + label + "</th><td class=\"num\">" + value + "</td></tr>\n";
  };
  row(in_language(language, "Openstaande lening", "Outstanding loan"),
      money_data("payoff-principal", q.balance, language));
  row(in_language(language, "Rente sinds de laatste termijn", "Interest since the last instalment"),
      money_data("payoff-interest", q.accrued_interest, language));
  row(in_language(language, "Vergoeding voor vervroegd aflossen", "Early-repayment compensation"),
      money_data("payoff-compensation", q.compensation, language));
  row(in_language(language, "Totaal", "Total"), money_data("payoff-total", q.total, language));
  s += "</tbody>\n</table>\n<p class=\"muted\">" +
       (q.rule == finance::EarlyRepayment::free
            ? in_language(language, "U mag altijd kosteloos aflossen. ",
                          "You may always repay free of charge. ")
            : in_language(
                  language,
                  "De vergoeding is wettelijk begrensd: hoogstens 1% van het afgeloste bedrag (0,5% in het "
                  "laatste jaar) en nooit meer dan de rente die u nog zou betalen. ",
                  "The compensation is capped by law: at most 1% of the amount repaid (0.5% in the last "
                  "year) and never more than the interest you would still pay. ")) +
       in_language(language,
                   "U bespaart de rente die anders nog kwam: ", "You save the interest still to come: ") +
       money(q.interest_remaining, language) + ". " +
       in_language(language, "Het servicedeel van het maandbedrag loopt door volgens uw contract.",
                   "The service part of the monthly fee continues as your contract says.") +
       "</p>\n</section>\n";
  return s;
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
      app::statement_for(contract.stores->deps(), request.principal, id, year, today);
  if (!outcome) return problem_response(request, outcome.error());
  const app::Statement& st = outcome->statement;

  std::string main = "<h1>" + in_language(language, "Jaaroverzicht ", "Yearly statement ") +
                     escape_html(year_text) + "</h1>\n";
  main += "<p>" + in_language(language, "Contract ", "Contract ") + "<data id=\"contract-id\" value=\"" +
          escape_html(id) + "\">" + escape_html(id) + "</data>, " +
          in_language(language, "periode ", "period ") + escape_html(format_date(st.period.begin, language)) +
          in_language(language, " tot ", " to ") + escape_html(format_date(st.period.end, language)) +
          (outcome->year_complete
               ? ""
               : in_language(language, " (dit jaar loopt nog)", " (this year is still running)")) +
          ".</p>\n";
  main += amounts_section(st, language);
  main += settlement_section(*outcome, request, id, year_text, language);
  main += payoff_section(contract.stores->deps().contracts, id, today, language);
  return html_response(
      page(language, in_language(language, "Jaaroverzicht ", "Yearly statement ") + id + " " + year_text,
           nav_links(request, language), main));
}

}  // namespace renofee::http::pages
