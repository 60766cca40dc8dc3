// renofee/app/baseline_fit.hpp
//
// Purpose: fitting a savings guarantee's IPMVP baseline from a contract's stored pre-renovation readings and
// weather (docs/domain.md §8.4). Gathers one point per local month — its days, the weighted degree
// days of the guarantee's station, the use of the guarantee's carrier (gas m3, or electricity import T1+T2
// kWh) — and runs the OLS fit of core/guarantee/baseline.hpp. The caller shows the statistics against ASHRAE
// Guideline 14 and, when accepted, freezes the coefficients into a new contract version (the command does
// that: it rewrites the offer document, an adapter concern), so later reconciliations never refit. Missing
// data is refused like in a reconciliation: a month without readings on both sides or without every day's
// weather is named, never skipped or zeroed.
#pragma once

#include <vector>

#include "renofee/app/reconcile.hpp"
#include "renofee/core/guarantee/baseline.hpp"

namespace renofee::app {

struct BaselineRequest {
  std::string contract_id;
  int guarantee_index = -1;  // -1: the contract's first savings guarantee
  date::year_month first;    // first month
  date::year_month last;     // last month (inclusive)
};

struct BaselineMonth {
  date::year_month month;
  int days = 0;
  DegreeDays weighted_degree_days;
  Decimal use;
  bool estimated = false;  // a boundary of the month was interpolated
};

struct BaselineOutcome {
  ContractVersion version;  // the latest version, whose terms (version.offer) were used
  int guarantee_index = 0;
  std::vector<BaselineMonth> months;
  guarantee::BaselineFit fit;
  guarantee::Baseline frozen;  // the coefficients as they would be frozen (4 decimals)
};

// A baseline describes the home before the renovation, so its period [begin, end) must end on or before the
// day the works were completed (quote::works_completed: works_completed_date, default the start date). A
// period that reaches past it is refused with both dates (failed_precondition at "/months"); every baseline
// fit, whatever its model, checks this before it reads a reading.
Result<void> check_baseline_period(const quote::Offer& terms, calendar::Date begin, calendar::Date end);

Result<BaselineOutcome> fit_contract_baseline(ReconcileDeps& deps, const BaselineRequest& request);

}  // namespace renofee::app
