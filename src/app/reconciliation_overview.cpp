#include "renofee/app/reconciliation_overview.hpp"

#include <algorithm>

namespace renofee::app {

std::string_view to_string(YearStatus status) noexcept {
  switch (status) {
    case YearStatus::due:
      return "due";
    case YearStatus::done:
      return "done";
    case YearStatus::corrected:
      return "corrected";
    case YearStatus::shortfall:
      return "shortfall";
    case YearStatus::inputs_changed:
      return "inputs_changed";
  }
  return "due";
}

std::vector<SettledYear> past_years(calendar::Date start_date, quote::SettlementYear settlement_year,
                                    calendar::Date today) {
  // settled_year reads only these two terms of an offer: the year rule stays in one place.
  quote::Offer terms;
  terms.start_date = start_date;
  terms.settlement_year = settlement_year;
  std::vector<SettledYear> years;
  const bool calendar_years = settlement_year == quote::SettlementYear::calendar;
  const int first = calendar_years ? static_cast<int>(start_date.year()) : 1;
  for (int y = first; y < first + 100; ++y) {
    Result<SettledYear> settled = settled_year(terms, y);
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

ContractOverview contract_overview(const OverviewContract& contract, calendar::Date today) {
  std::vector<int> years;
  for (const SettledYear& y : past_years(contract.start_date, contract.settlement_year, today))
    years.push_back(y.year);
  for (const LatestReport& r : contract.reports) {
    if (std::find(years.begin(), years.end(), r.year) == years.end()) years.push_back(r.year);
  }
  std::sort(years.begin(), years.end());

  ContractOverview out{contract.contract_id, contract.versions, {}};
  for (int year : years) {
    YearOverview y;
    y.year = year;
    // The latest version of the year: the store lists one per year, a later entry would be a later version.
    for (const LatestReport& r : contract.reports) {
      if (r.year == year && (!y.report || r.version > y.report->version)) y.report = r;
    }
    if (!y.report) {
      y.statuses.push_back(YearStatus::due);
    } else {
      y.statuses.push_back(YearStatus::done);
      if (y.report->version > 1) y.statuses.push_back(YearStatus::corrected);
      if (!y.report->compensation.is_zero()) y.statuses.push_back(YearStatus::shortfall);
      if (!y.report->late.empty()) y.statuses.push_back(YearStatus::inputs_changed);
    }
    out.years.push_back(std::move(y));
  }
  return out;
}

Result<ReconciliationOverview> reconciliation_overview(OverviewStore& store, calendar::Date today,
                                                       int max_contracts) {
  RENOFEE_TRY(std::vector<OverviewContract> contracts, store.overview_contracts(max_contracts));
  ReconciliationOverview out;
  out.truncated = static_cast<int>(contracts.size()) >= max_contracts;
  for (const OverviewContract& c : contracts)
    out.contracts.push_back(contract_overview(c, today));
  return out;
}

}  // namespace renofee::app
