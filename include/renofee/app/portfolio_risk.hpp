// renofee/app/portfolio_risk.hpp
//
// Purpose: a financier's whole book under historical weather (docs/guarantees.md "Exposure"): every contract's
// guarantee exposure (core/risk/exposure.hpp) over the weather years the database holds, summed per weather
// year into the book's figures, with optional stress (one named year, or a shifted climate).
//
// Which contracts: those created by `owner` (a financier's key id, "key:12"), an explicit list, all, or offers
// not stored yet (a quote); each stored one in
// the version in effect on `as_of` (version 1 when as_of is before the start). Which guarantee year: n0 = the
// first guarantee year not over on as_of (its period ends after as_of); the remaining term runs from n0.
// Which weather years: the complete calendar years (every day with TG and Q, after filling from the fill
// station) in [from_year, to_year] at every (station, fill station) the book uses, where to_year defaults to
// the year before as_of's and an epv_generation guarantee (no station of its own) uses `default_station`.
// With from_year given every year from it must be complete everywhere (else failed_precondition naming the
// station and years); without it the book uses the years complete everywhere and lists the others as left
// out. The climate's normal year is the mean of its complete years before any stress.
// Stress: `year` (or the coldest: the highest weighted degree days summed over the book's stations; or the
// darkest: the lowest irradiance) replaces the years by that one; `temperature_shift_01c` adds to every day's
// TG (0.1 degC) before the degree days are summed, `irradiance_change_percent` scales the year's irradiance.
// The EPV price is the CBS price of tariff year nl-<as_of year>, else the latest earlier one.
//
// Two passes over the contracts, page by page: the first checks them and finds their stations, the second
// computes and hands each row to `sink` in contract-id order. Nothing reaches the sink when the request is
// bad (unknown contracts, no contracts, no weather, bad settings): memory holds one page of contracts and
// the climates, never the whole book.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "renofee/app/contracts.hpp"
#include "renofee/app/quoting.hpp"
#include "renofee/app/weather_store.hpp"
#include "renofee/core/risk/exposure.hpp"

namespace renofee::app {

enum class StressPick { none, year, coldest, darkest };

struct RiskStress {
  StressPick pick = StressPick::none;
  int year = 0;                       // with StressPick::year
  int temperature_shift_01c = 0;      // −50..50 (±5.0 degC)
  Decimal irradiance_change_percent;  // −50..50, at most 1 decimal
  friend bool operator==(const RiskStress&, const RiskStress&) = default;
};

struct PortfolioRiskRequest {
  std::optional<std::string> owner;       // a financier's key id: its contracts
  std::vector<std::string> contract_ids;  // or these (when no owner)
  bool all_contracts = false;             // or every contract in the database (an auditor's view)
  std::vector<quote::Offer> offers;       // or these offers, not stored (a quote's suggested premium)
  std::optional<int> from_year;
  std::optional<int> to_year;
  calendar::Date as_of;
  int default_station = 260;  // KNMI De Bilt
  risk::Settings settings = risk::default_settings();
  RiskStress stress;
};

// One contract's line: modelled (with its exposure), term_ended, or not_modelled (with the reason).
struct ContractRiskRow {
  std::string contract_id;
  std::string status;  // "modelled", "term_ended", "not_modelled"
  std::string reason;  // not_modelled: why, with the field
  std::string field;
  Money service_fee_monthly;  // of contract year 1, beside the suggested premium (which never changes it)
  risk::ContractExposure exposure;
};

struct YearLeftOut {
  int station = 0;
  std::optional<int> fill_station;
  int year = 0;
  friend bool operator==(const YearLeftOut&, const YearLeftOut&) = default;
};

struct PortfolioRisk {
  int contracts = 0;  // in the book
  int modelled = 0;
  int term_ended = 0;
  int not_modelled = 0;
  std::vector<std::pair<int, std::optional<int>>> stations;  // (station, fill) used, ascending
  std::vector<YearLeftOut> years_left_out;
  std::optional<int> stress_year;  // the year a stress picked
  risk::Book::Figures book;
};

using RiskRowSink = std::function<Result<void>(const ContractRiskRow&)>;
using RiskProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// Errors: invalid_argument for bad settings or stress (field named); not_found for an unknown contract id in
// the list; failed_precondition for a book with no contracts, a station without complete years, missing
// years from from_year on, or a stress year the book does not have.
Result<PortfolioRisk> portfolio_risk(ContractStore& contracts, WeatherStore& weather, TariffSource& tariffs,
                                     const PortfolioRiskRequest& request, const RiskRowSink& sink,
                                     const RiskProgress& progress = {});

// The guarantee year not over on `as_of` (rule above), 1 when as_of is before the start.
int next_guarantee_year(const quote::Offer& offer, calendar::Date as_of);

}  // namespace renofee::app
