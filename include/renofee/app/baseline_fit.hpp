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
#include "renofee/core/guarantee/caltrack_baseline.hpp"
#include "renofee/core/savings/caltrack.hpp"

namespace renofee::app {

// monthly_ols: IPMVP option C on local months (core/guarantee/baseline.hpp). caltrack_daily / caltrack_billing:
// CalTRACK 2.0 in native mode (°C grid −1..32 step 0.5, slope p-value <= 0.1, cooling only for electricity)
// on the contract's days (app/daily_series.hpp) or its local months, over [begin, end) (365 days: CalTRACK's
// baseline window), frozen by core/guarantee/caltrack_baseline.hpp.
enum class BaselineModelKind { monthly_ols, caltrack_daily, caltrack_billing };
Result<BaselineModelKind> parse_baseline_model(
    std::string_view text);  // "monthly_ols", "caltrack_daily", ...

struct BaselineRequest {
  std::string contract_id;
  int guarantee_index = -1;  // -1: the contract's first savings guarantee
  date::year_month first;    // first month (monthly_ols)
  date::year_month last;     // last month, inclusive (monthly_ols)
  BaselineModelKind model = BaselineModelKind::monthly_ols;
  calendar::Date begin{};  // CalTRACK: the baseline window [begin, end), local days
  calendar::Date end{};
};

// A CalTRACK fit: the rows it saw, CalTRACK's data sufficiency, the model and its frozen form.
struct CaltrackFitOutcome {
  std::vector<savings::DesignRow> rows;
  savings::Sufficiency sufficiency;
  savings::BaselineModel model;
  std::optional<guarantee::CaltrackBaseline> frozen;  // empty when no candidate qualified
  int filled_days = 0;                                // days whose TG came from the fill station
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
  guarantee::Baseline frozen;                  // the coefficients as they would be frozen (4 decimals)
  std::optional<CaltrackFitOutcome> caltrack;  // set instead of months/fit/frozen for a CalTRACK model
};

// A baseline describes the home before the renovation, so its period [begin, end) must end on or before the
// day the works were completed (quote::works_completed: works_completed_date, default the start date). A
// period that reaches past it is refused with both dates (failed_precondition at "/months"); every baseline
// fit, whatever its model, checks this before it reads a reading.
Result<void> check_baseline_period(const quote::Offer& terms, calendar::Date begin, calendar::Date end);

// The baseline of `request.model`. CalTRACK: failed_precondition when the guarantee has no station or the
// window reaches past the works; the sufficiency and a missing model are reported in the outcome (the CLI
// refuses to freeze them), not as errors.
Result<BaselineOutcome> fit_contract_baseline(ReconcileDeps& deps, const BaselineRequest& request);

}  // namespace renofee::app
