#include "renofee/adapters/http/auditor_page.hpp"

#include "renofee/adapters/http/html.hpp"
#include "renofee/adapters/http/page_frame.hpp"
#include "renofee/app/reconciliation_overview.hpp"

namespace renofee::http::pages {

namespace {

constexpr int max_listed = 2000;  // contracts on the page

std::string status_word(app::YearStatus status, Language language) {
  switch (status) {
    case app::YearStatus::due:
      return in_language(language, "te doen", "due");
    case app::YearStatus::done:
      return in_language(language, "gedaan", "done");
    case app::YearStatus::corrected:
      return in_language(language, "gecorrigeerd", "corrected");
    case app::YearStatus::shortfall:
      return in_language(language, "tekort", "shortfall");
    case app::YearStatus::inputs_changed:
      return in_language(language, "invoer gewijzigd sinds afrekening", "inputs changed since settlement");
  }
  return {};
}

// What changed since settlement: each upload marked against the settled version, when it arrived and how
// many of its readings fall in the year (the refusal of `renofee reconcile` names the same uploads).
std::string late_list(const std::vector<app::LateUpload>& late, Language language) {
  if (late.empty()) return {};
  std::string list = "<ul class=\"late\">";
  for (const app::LateUpload& mark : late) {
    list += "<li data-upload=\"" + std::to_string(mark.upload_id) + "\">" +
            in_language(language, "upload ", "upload ") + std::to_string(mark.upload_id) +
            in_language(language, ", ontvangen ", ", received ") + date::format("%FT%TZ", mark.received_at) +
            ": " + std::to_string(mark.readings) +
            in_language(language, " meterstand(en) in dit jaar", " reading(s) in this year") + "</li>";
  }
  return list + "</ul>";
}

// One year of a contract: its status codes (data-status) and words, and for a reconciled year the latest
// report's version and compensation with links to its CSV and the statement. `cid` is escaped.
std::string year_item(const std::string& cid, const app::YearOverview& year, Language language) {
  const std::string y = std::to_string(year.year);
  std::string words;
  std::string codes;
  for (app::YearStatus s : year.statuses) {
    codes += (codes.empty() ? "" : " ") + std::string(app::to_string(s));
    words += (words.empty() ? "" : ", ") + status_word(s, language);
  }
  std::string item =
      "<li data-year=\"" + y + "\" data-status=\"" + codes + "\">" + y + ": <strong>" + words + "</strong>";
  if (year.report) {
    item += " (" + in_language(language, "versie ", "version ") + std::to_string(year.report->version) +
            ", " + money(year.report->compensation, language) + ") <a href=\"/v1/contracts/" + cid +
            "/reports/" + y + "?format=csv\">CSV</a> · <a href=\"/statement/" + cid + "/" + y + "\">" +
            in_language(language, "jaaroverzicht", "statement") + "</a>";
    item += late_list(year.report->late, language);
  }
  return item + "</li>\n";
}

std::string contract_row(const app::ContractOverview& contract, Language language) {
  const std::string cid = escape_html(contract.contract_id);
  std::string row = "<tr data-contract=\"" + cid + "\"><th scope=\"row\"><a href=\"/offer/" + cid + "\">" +
                    cid + "</a></th><td class=\"num\">" + std::to_string(contract.versions) + "</td><td>";
  if (contract.years.empty()) row += in_language(language, "nog geen afgelopen jaar", "no past year yet");
  row += "<ul>\n";
  for (const app::YearOverview& year : contract.years)
    row += year_item(cid, year, language);
  return row + "</ul></td></tr>\n";
}

std::string overview_main(const app::ReconciliationOverview& overview, calendar::Date today,
                          Language language) {
  std::string main =
      "<h1>" + in_language(language, "Afrekeningen per contract", "Reconciliations by contract") + "</h1>\n";
  main +=
      "<p>" + in_language(language, "Stand op ", "As of ") + escape_html(format_date(today, language)) +
      ". " +
      in_language(
          language,
          "Per afgelopen jaar: <strong>te doen</strong> (nog geen rapport), <strong>gedaan</strong>, "
          "<strong>tekort</strong> (vergoeding groter dan nul), <strong>gecorrigeerd</strong> "
          "(rapportversie hoger dan 1) of <strong>invoer gewijzigd sinds afrekening</strong> (meterstanden "
          "voor het afgerekende jaar kwamen later binnen; een correctie rekent ze af).",
          "For each past year: <strong>due</strong> (no report yet), <strong>done</strong>, "
          "<strong>shortfall</strong> (compensation above zero), <strong>corrected</strong> "
          "(report version above 1) or <strong>inputs changed since settlement</strong> (readings for the "
          "settled year arrived later; a correction settles them).") +
      "</p>\n";
  main += "<table id=\"contracts\">\n<caption>" +
          in_language(language, "Contracten en hun jaren", "Contracts and their years") +
          "</caption>\n<thead><tr><th scope=\"col\">" + in_language(language, "Contract", "Contract") +
          "</th><th scope=\"col\">" + in_language(language, "Versies", "Versions") +
          "</th><th scope=\"col\">" + in_language(language, "Jaren", "Years") +
          "</th></tr></thead>\n<tbody>\n";
  for (const app::ContractOverview& contract : overview.contracts)
    main += contract_row(contract, language);
  main += "</tbody>\n</table>\n";
  if (overview.truncated) {
    main += "<p>" +
            in_language(language, "Alleen de eerste 2.000 contracten staan in deze lijst.",
                        "Only the first 2,000 contracts are listed.") +
            "</p>\n";
  }
  return main;
}

}  // namespace

Response auditor_page(const PageRoutes& routes, const Request& request) {
  if (auto refused = check_query(request, {"lang"})) return *refused;
  const Language language = request_language(request);
  const calendar::Date today = calendar::local_date(routes.clock());
  Result<std::unique_ptr<PageStores>> stores = routes.open_stores();
  if (!stores) return problem_response(request, stores.error());
  Result<app::ReconciliationOverview> overview =
      app::reconciliation_overview((*stores)->overview(), today, max_listed);
  if (!overview) return problem_response(request, overview.error());
  return html_response(page(language, in_language(language, "Afrekeningen", "Reconciliations"),
                            nav_links(request, language), overview_main(*overview, today, language)));
}

}  // namespace renofee::http::pages
