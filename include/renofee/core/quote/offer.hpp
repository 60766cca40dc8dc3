// renofee/core/quote/offer.hpp
//
// Purpose: the offer document as a typed value (docs/offers.md, api/schemas/offer.schema.json). A
// financing partner describes a renovation package: the dwelling, the measures and their costs, subsidies,
// the financing terms, the service fee and its indexation, the expected yearly energy use before and after,
// the tariff years to quote against, and the performance guarantees (typed, core/guarantee/terms.hpp; a
// contract's reconciliation evaluates them).
//
// Parsing from JSON happens in an adapter (adapters/io/offer_json.hpp); this header holds the values and the
// semantic checks that do not depend on the wire format (`validate_offer`). Every error names the offending
// field as a JSON pointer into the offer document ("/financing/term_months", "/measures/2/cost").
//
// Bounds (docs/offers.md "Limits"): at most 50 measures and 20 subsidies; costs and amounts 0..10,000,000.00
// EUR with at most 2 decimals; annual rates 0..1 with at most 6 decimals; term 1..600 months; grace
// 0..term-1; floor area 10..10,000 m2; build year 1500..2100; yearly use 0..1,000,000 kWh or m3 with at most
// 3 decimals; 1..10 tariff years; ids of 1..100 characters [A-Za-z0-9._-].
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/finance/annuity.hpp"
#include "renofee/core/finance/apr.hpp"
#include "renofee/core/finance/indexation.hpp"
#include "renofee/core/finance/payoff.hpp"
#include "renofee/core/finance/schedule.hpp"
#include "renofee/core/guarantee/terms.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/money/rounding.hpp"
#include "renofee/core/tariffs/tariff.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::quote {

// Vocabulary owned by the modules that compute with it (one definition each): the dwelling type by tariffs
// (EPV table), rate basis, repayment method and indexation kind by finance.
using finance::parse_rate_basis;
using finance::RateBasis;
using tariffs::DwellingType;
using tariffs::parse_dwelling_type;
using RepaymentMethod = finance::Method;
using finance::IndexationKind;
using finance::parse_indexation_kind;
inline Result<RepaymentMethod> parse_repayment_method(std::string_view text) {
  return finance::parse_method(text);
}

enum class Tenure { owner, rented };
// What early repayment costs the borrower (rules issue, item 5: the page states the offer's own terms):
//   free           repay any time, in full or in part, with no compensation to the lender;
//   statutory_cap  the lender may ask compensation for a fixed-rate period, at most 1 % of the amount repaid
//                  early (0.5 % when at most one year of the term remains) and never more than the interest
//                  the borrower would otherwise have paid (Directive 2008/48/EC art. 16(2); BW 7:69);
//                  finance/payoff.hpp computes it.
using finance::EarlyRepayment;  // free | statutory_cap (finance/payoff.hpp computes the payoff)
enum class SettlementYear { contract, calendar };
// EPV schemes (docs/domain.md §4): EPV 2.0 from 1 Oct 2023 (Stb. 2023, 287) with classes hoogwaardig and
// basis; the older regime from 1 Jul 2023 with classes by heat demand (<= 30, <= 40, <= 50 kWh/m2/yr).
enum class EpvScheme { epv2, epv2016 };

// What a measure is; used for texts, lifetimes (PAYS) and, later, guarantees.
enum class MeasureKind {
  heat_pump,
  hybrid_heat_pump,
  pv,
  battery,
  insulation_roof,
  insulation_facade,
  insulation_floor,
  glazing,
  ventilation,
  solar_boiler,
  other,
};

// Who carries the cap reductions: the part of the monthly fee (financing + service fee) above the EPV cap,
// which the tenant never pays. The landlord (the usual case: the housing association finances the
// renovation and receives the EPV) or the provider (who takes the EPV risk in its fee).
enum class CapReductionsCarrier { landlord, provider };

struct Epv {
  EpvScheme scheme = EpvScheme::epv2;
  std::string epv_class;  // epv2: "hoogwaardig" | "basis"; epv2016: "q30" | "q40" | "q50"
  CapReductionsCarrier cap_reductions_carried_by = CapReductionsCarrier::landlord;
  friend bool operator==(const Epv&, const Epv&) = default;
};

struct Dwelling {
  DwellingType type = DwellingType::single_family;
  int floor_area_m2 = 0;
  int build_year = 0;
  Tenure tenure = Tenure::owner;
  std::optional<std::string> energy_label;         // "G".."A++++" before or after, as the partner states it
  std::optional<Decimal> heat_demand_kwh_m2_year;  // net heat demand after renovation (EPV needs it)
  std::optional<Epv> epv;                          // required when tenure is rented
  // The network operator of the home's region ("liander", "stedin", "enexis"): the bills use its network
  // charges (tariffs::for_network_operator). Empty: each tariff year's default operator.
  std::string network_operator;
  friend bool operator==(const Dwelling&, const Dwelling&) = default;
};

struct Measure {
  MeasureKind kind = MeasureKind::other;
  std::string description;  // optional free text
  Money cost;               // EUR incl. VAT, >= 0, cents
  int lifetime_years = 0;   // useful life, 1..100 (PAYS term test)
  friend bool operator==(const Measure&, const Measure&) = default;
};

struct Subsidy {
  std::string name;  // "ISDE", "SEEH", ...
  Money amount;      // EUR, >= 0, cents
  friend bool operator==(const Subsidy&, const Subsidy&) = default;
};

struct Financing {
  std::optional<Money> principal;  // absent: measure costs - subsidies - down payment
  Decimal annual_rate;             // 0 <= r <= 1 (0.039 = 3.9%)
  RateBasis rate_basis = RateBasis::nominal;
  int term_months = 0;  // 1..600
  RepaymentMethod method = RepaymentMethod::annuity;
  int grace_months = 0;  // interest-only months at the start, 0..term-1
  Rounding rounding = Rounding::half_up;
  // The day the principal is lent (the APR counts from it, Directive 2008/48/EC Annex I). Absent: one month
  // before start_date, the first payment. It must fall 0..12 whole months before start_date (apr_terms).
  std::optional<calendar::Date> drawdown_date{};
  // The service fee is compulsory for the credit, so the APR counts it (Directive art. 3(g)). Default false.
  bool service_fee_in_apr = false;
  EarlyRepayment early_repayment = EarlyRepayment::free;  // "early_repayment", default "free"
  friend bool operator==(const Financing&, const Financing&) = default;
};

struct Indexation {
  IndexationKind kind = IndexationKind::none;
  Decimal annual_rate;                // fixed: applied on every contract anniversary
  std::vector<Decimal> annual_rates;  // series: rate for anniversary 1, 2, ...; none after the series ends
  friend bool operator==(const Indexation&, const Indexation&) = default;
};

struct ServiceFee {
  Money monthly;  // EUR per month in contract year 1, >= 0, cents
  Indexation indexation;
  // After an early repayment of the financing (app/payoff.hpp `post_payoff`), the service fee goes on by default
  // (the service and the guarantee stay with the home); `ends_at_payoff` (offer JSON `"after_payoff": "ends"`)
  // ends it with the financing.
  bool ends_at_payoff = false;
  // The part of `monthly` set aside to replace measures that wear out inside the term (offer JSON
  // `"replacement_reserve": "30.00"`, 0.00 when absent; 0 <= reserve <= monthly; core/finance/replacement.hpp). A
  // fixed nominal amount per month, not indexed.
  Money replacement_reserve;
  friend bool operator==(const ServiceFee&, const ServiceFee&) = default;
};

// Expected yearly use of the dwelling (docs/domain.md §5): electricity import and export in kWh, gas in m3.
// `pv_generation` (optional, offer JSON `pv_generation_kwh`) is the PV submeter's expected yield in a normal
// year: the quote does not need it (import and export already net it), the exposure model does
// (core/risk/exposure.hpp, docs/guarantees.md "Exposure").
struct YearlyUse {
  Kwh electricity_import;
  Kwh electricity_export;
  CubicMetres gas;
  std::optional<Kwh> pv_generation;
  friend bool operator==(const YearlyUse&, const YearlyUse&) = default;
};

struct ExpectedUse {
  YearlyUse before;
  YearlyUse after;
  friend bool operator==(const ExpectedUse&, const ExpectedUse&) = default;
};

struct Offer {
  std::string id;
  Dwelling dwelling;
  calendar::Date start_date;
  // The day the renovation works were completed (delivered). Absent in the document: the start date. A
  // savings baseline must come from before it (works_completed()).
  std::optional<calendar::Date> works_completed_date;
  std::vector<Measure> measures;
  std::vector<Subsidy> subsidies;
  Money down_payment;
  Financing financing;
  ServiceFee service_fee;
  ExpectedUse expected_use;
  std::vector<std::string> tariffs;  // tariff-year ids ("nl-2026"), 1..10
  SettlementYear settlement_year = SettlementYear::contract;
  std::vector<guarantee::Guarantee> guarantees;  // checked by guarantee::guarantee_problems
  friend bool operator==(const Offer&, const Offer&) = default;
};

// Names used in offer documents ("owner", "calendar", "heat_pump", ...).
std::string_view to_string(Tenure value) noexcept;
std::string_view to_string(SettlementYear value) noexcept;
std::string_view to_string(EarlyRepayment value) noexcept;
Result<EarlyRepayment> parse_early_repayment(std::string_view text);
std::string_view to_string(EpvScheme value) noexcept;
std::string_view to_string(MeasureKind value) noexcept;
Result<Tenure> parse_tenure(std::string_view text);
Result<SettlementYear> parse_settlement_year(std::string_view text);
Result<EpvScheme> parse_epv_scheme(std::string_view text);
std::string_view to_string(CapReductionsCarrier value) noexcept;  // "landlord", "provider"
Result<CapReductionsCarrier> parse_cap_reductions_carrier(std::string_view text);
Result<MeasureKind> parse_measure_kind(std::string_view text);

// The drawdown date the APR counts from: financing.drawdown_date, else one month before the start date.
calendar::Date drawdown_date(const Offer& offer);
// The APR's dates and payments for this offer (finance::AprTerms): the whole months from the drawdown to the
// first payment, and whether the service fee counts. out_of_range (at /financing/drawdown_date) when the
// drawdown is not 0..12 whole months (same day of the month, end-of-month clamped) before start_date.
Result<finance::AprTerms> apr_terms(const Offer& offer);

// The day the works were completed: works_completed_date when the offer gives it, else the start date.
calendar::Date works_completed(const Offer& offer);

// Σ measure costs − Σ subsidies − down payment (docs/domain.md §4), before any check.
Money derived_principal(const Offer& offer);
// The principal the schedule uses: the given one, else the derived one.
Money effective_principal(const Offer& offer);

// Semantic checks on a complete offer (bounds above, grace < term, a positive principal, EPV data for rented
// homes, the EPV class valid for its scheme, unique tariff ids). Returns every problem found, in document
// order, each with its JSON pointer; empty when the offer is valid.
std::vector<Error> offer_problems(const Offer& offer);

}  // namespace renofee::quote
