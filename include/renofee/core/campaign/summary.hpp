// renofee/core/campaign/summary.hpp
//
// Purpose: a campaign's summary per house type and in total (docs/campaigns.md, "Summary"): what an energy
// desk shows a street. Aggregates only: a group of fewer than `min_group` homes (5) shows its count and nothing
// else, so no figure can be traced to one household.
//
// Per group: homes; per tariff year the homes that are woonlastenneutraal (the woonlastenimpacttoets passes:
// the monthly saving covers the tested fee); investment, subsidies and financed principal (sums); gas saved
// (m3: Σ before − after); the change in net electricity drawn (kWh: Σ (after import − after export) − before
// import); CO2 avoided (kg) = gas saved × 1.780 kg/m3 − that change × 0.34 kg/kWh, the NTA 8800 factors as
// klimapedia's energievademecum (bijlage 2) gives them (docs/domain.md §7 [89]); and the distribution of the
// net monthly effect in the first tariff year (saving − tested fee, EUR a month: lowest, P25, median, P75,
// highest, by linear interpolation between order statistics).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "renofee/core/campaign/template.hpp"
#include "renofee/core/quote/quote.hpp"

namespace renofee::campaign {

inline constexpr int min_group = 5;

// One home's figures as the summary needs them.
struct HomeFigures {
  std::string house_type;
  Money investment;
  Money subsidies;
  Money principal;
  quote::YearlyUse before;
  quote::YearlyUse after;
  std::vector<std::pair<std::string, bool>> woonlastenneutraal;  // per tariff year id
  Money net_monthly_effect;                                      // first tariff year
};

// From a home's derived figures and its quote.
HomeFigures home_figures(const std::string& house_type, const Derived& derived, const quote::Quote& quote);

struct Spread {
  Money lowest, p25, median, p75, highest;
};

struct GroupSummary {
  std::string group;  // the house type, or "total"
  int homes = 0;
  bool shown = false;                             // homes >= min_group
  std::map<std::string, int> woonlastenneutraal;  // tariff year id -> homes
  Money investment, subsidies, principal;
  Decimal gas_saved_m3;
  Decimal electricity_change_kwh;
  Decimal co2_avoided_kg;
  Spread net_monthly_effect;
};

// Sums the homes as they come, keeping per group only running sums and each home's net monthly effect (for
// the spread), never the homes: a campaign of 10,000 homes holds 10,000 decimals.
class SummaryBuilder {
 public:
  void add(const HomeFigures& home);
  // Per house type (by name) and the total last; groups below min_group carry only their count.
  [[nodiscard]] std::vector<GroupSummary> finish() const;

 private:
  struct Running {
    GroupSummary sums;
    std::vector<Decimal> effects;
  };
  static void add_to(Running& running, const HomeFigures& home);
  static GroupSummary finished(const Running& running);
  std::map<std::string, Running> groups_;
  Running total_;
};

// The same over a list.
std::vector<GroupSummary> summarise(const std::vector<HomeFigures>& homes);

}  // namespace renofee::campaign
