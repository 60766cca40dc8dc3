// renofee/core/quote/quote.hpp
//
// Purpose: the quote of an offer (docs/domain.md §4 and §5): the fee schedule summarised (first
// month's fee and its parts, the fee in contract year 1, 10 and the last, totals, APR), the energy bill
// before and after for each requested tariff year (with the year's own netting rule and the alternative, so
// the effect of the end of netting in 2027 shows), the expected saving per month, and the affordability
// checks.
//
// Conventions:
// - Monthly saving = (bill before − bill after) / 12, rounded half-up to cents (yearly bills incl. VAT).
// - The fee tested by the affordability checks is the highest monthly total of the first contract year after
//   any grace months (the grace months are interest-only and would flatter the test). With a grace period
//   longer than the first year, the first month after grace is used.
// - Rented dwellings (EPV): the monthly cap is epv_rate_per_m2 × floor area from the EPV table
//   (docs/domain.md §4.7), rounded half-up to cents; the schedule caps the total fee at it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/finance/apr.hpp"
#include "renofee/core/finance/replacement.hpp"
#include "renofee/core/finance/schedule.hpp"
#include "renofee/core/quote/affordability.hpp"
#include "renofee/core/quote/offer.hpp"
#include "renofee/core/tariffs/energy_bill.hpp"
#include "renofee/core/tariffs/tariff.hpp"

namespace renofee::quote {

// One EPV cap in force from `from`: the table's rate × floor area, half-up to cents (docs/domain.md §4).
struct EpvCap {
  calendar::Date from;
  EurPerSquareMetre rate_per_m2_month;
  Money monthly_cap;
  std::string source;  // the table row's source
};

// The EPV caps of a rented dwelling from the start date on, one per table row in force (rules issue, item 3:
// caps by validity date, each month capped by the row valid on its due date; tariffs::epv_rate_steps). Empty
// for owners. The last row stays in force after the table ends: caps are never projected.
Result<std::vector<EpvCap>> epv_caps(const Offer& offer, const tariffs::TariffEpv& table);

// The cap on the start date (the first of epv_caps), nullopt for owners.
Result<std::optional<Money>> epv_monthly_cap(const Offer& offer, const tariffs::TariffEpv& table);

// The offer's financing and service fee as schedule input (principal per offer.hpp), capped by `caps` (the
// first from the start, the others as cap changes by date).
Result<finance::ScheduleInput> schedule_input(const Offer& offer, const std::vector<EpvCap>& caps = {});

struct EnergyComparison {
  bool netting = false;  // the rule these bills apply
  tariffs::Bill before;
  tariffs::Bill after;
  Money yearly_saving;   // before.total - after.total
  Money monthly_saving;  // yearly_saving / 12, half-up to cents
};

// A figure of the tariff year that is not published yet: where it points and the method that made it
// (tariffs/provenance.hpp).
struct ProjectedFigures {
  std::vector<std::string> figures;  // JSON pointers into the tariff file
  std::string method;
};

struct TariffYearQuote {
  std::string tariff_id;
  int year = 0;
  std::vector<ProjectedFigures> projected;  // empty when every figure of the year is published or derived
  EnergyComparison as_tariff;               // the year's own rule (netting through 2026, none from 2027)
  EnergyComparison alternative;             // the other rule, for comparison
  Money net_monthly_effect;  // monthly saving (as tariff) - tested fee: positive means the resident gains
  WoonlastenCheck woonlasten;
  PaysCheck pays;
};

struct FeeSummary {
  finance::ScheduleRow first_month;
  std::vector<finance::YearFee>
      fee_by_year;       // contract years 1, 10 and the last, when they exist (ascending)
  Money tested_fee;      // see conventions above
  int tested_month = 0;  // the month whose total is tested
};

struct Quote {
  std::string offer_id;
  Money principal;
  std::optional<Money> epv_monthly_cap;  // the cap on the start date
  std::vector<EpvCap> epv_caps;          // every cap in force from the start on (empty for owners)
  finance::Schedule schedule;
  FeeSummary fees;
  finance::Apr apr;
  std::vector<TariffYearQuote> tariff_years;
  calendar::Date drawdown_date{};  // the day the APR counts from (quote::drawdown_date)
  finance::AprTerms apr_terms{};   // months from the drawdown to the first payment; service fee counted
  EarlyRepayment early_repayment = EarlyRepayment::free;  // the offer's rule, for the page
  // Set when none of the offer's tariff years is the calendar year the contract starts in (rules issue, item
  // 1): the bills are computed on other years' prices, and the quote says so.
  std::optional<int> uncovered_start_year{};
  // Who carries the schedule's cap reductions (schedule.totals.cap_reductions), for rented homes.
  std::optional<CapReductionsCarrier> cap_reductions_carried_by{};
  // What happens at the end of each measure's life inside the term, and the replacement reserve that pays for it
  // (core/finance/replacement.hpp; the term is the financing's).
  finance::ReplacementPlan replacement{};
};

// The replacement plan of an offer: its measures, their lifetimes and costs, and the service fee's reserve.
finance::ReplacementPlan replacement_plan(const Offer& offer);

// Computes the quote. `tariff_years` holds the tariff years the offer names, in any order (each id must be
// present: failed_precondition naming the missing id otherwise); `epv` is needed for rented dwellings.
Result<Quote> compute_quote(const Offer& offer, const std::vector<tariffs::TariffYear>& tariff_years,
                            const std::optional<tariffs::TariffEpv>& epv);

}  // namespace renofee::quote
