// renofee/app/reconciliation_overview.hpp
//
// Purpose: the auditor's overview of the reconciliations (docs/pages.md, "Auditor view"): every contract with
// each settled year that is over and its status, read through the OverviewStore port in a number of queries
// that does not grow with the number of contracts.
//
// Years listed for a contract: the settled years of its version 1 (app::settled_year: contract years 1, 2, ...
// or whole calendar years) whose period ends on or before `today`, plus every year that has a report, in
// ascending order. Status of a year, from the latest report version of that year:
//   due        no report yet;
//   done       a report is stored; then also
//   corrected  when that latest version is above 1 (it replaces an earlier one), and
//   shortfall  when its compensation is above zero, and
//   inputs_changed  when uploads were marked against that latest version (data that arrived for the settled
//              year, ingest_readings): "inputs changed since settlement", until a correction settles them.
// So a year is "due" alone, or "done" followed by "corrected", "shortfall" and/or "inputs_changed" in that
// order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/app/reconcile.hpp"
#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/quote/offer.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::app {

// The latest report version of one contract-year, as far as the overview needs it.
struct LatestReport {
  int year = 0;                       // as the report names it: contract-year number or calendar year
  int version = 0;                    // 1, 2, ...
  Money compensation;                 // of that version, EUR, >= 0
  std::vector<LateUpload> late = {};  // uploads marked against this version (what changed since), by upload
  friend bool operator==(const LatestReport&, const LatestReport&) = default;
};

// One contract as the overview needs it: the terms of version 1 that decide its settled years, and the
// latest report of each reconciled year.
struct OverviewContract {
  std::string contract_id;
  int versions = 0;                                                         // number of contract versions
  calendar::Date start_date;                                                // of version 1
  quote::SettlementYear settlement_year = quote::SettlementYear::contract;  // of version 1
  std::vector<LatestReport> reports;  // one per reconciled year, ascending by year
  friend bool operator==(const OverviewContract&, const OverviewContract&) = default;
};

// Storage port: the first `limit` contracts ordered by id, each with what the overview needs, in a number of
// queries that does not depend on the number of contracts.
class OverviewStore {
 public:
  virtual ~OverviewStore() = default;
  virtual Result<std::vector<OverviewContract>> overview_contracts(int limit) = 0;
};

enum class YearStatus { due, done, corrected, shortfall, inputs_changed };
// "due", "done", "corrected", "shortfall", "inputs_changed".
std::string_view to_string(YearStatus status) noexcept;

struct YearOverview {
  int year = 0;
  std::optional<LatestReport> report;  // the latest report version; none while the year is due
  std::vector<YearStatus>
      statuses;  // rule above: {due} or {done[, corrected][, shortfall][, inputs_changed]}
  friend bool operator==(const YearOverview&, const YearOverview&) = default;
};

struct ContractOverview {
  std::string contract_id;
  int versions = 0;
  std::vector<YearOverview> years;  // ascending
  friend bool operator==(const ContractOverview&, const ContractOverview&) = default;
};

struct ReconciliationOverview {
  std::vector<ContractOverview> contracts;  // ordered by id
  bool truncated = false;                   // `max_contracts` were listed: there may be more
};

// The settled years of a contract starting on `start_date` that are over by `today` (their period ends on or
// before it), ascending; at most the 100 years app::settled_year knows.
std::vector<SettledYear> past_years(calendar::Date start_date, quote::SettlementYear settlement_year,
                                    calendar::Date today);

// One contract's years and their statuses by `today` (rules above).
ContractOverview contract_overview(const OverviewContract& contract, calendar::Date today);

// The first `max_contracts` contracts (by id) with their years, through one call of the store.
Result<ReconciliationOverview> reconciliation_overview(OverviewStore& store, calendar::Date today,
                                                       int max_contracts);

}  // namespace renofee::app
