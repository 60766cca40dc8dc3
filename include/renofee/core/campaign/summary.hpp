// renofee/core/campaign/summary.hpp
//
// Purpose: a campaign's summary per house type and in total (docs/campaigns.md, "Summary"): what an energy
// desk shows a street. Aggregates only: a group of fewer than `min_group` homes (5) shows its count and nothing
// else, so no figure can be traced to one household; and since the total minus the shown groups gives the
// hidden ones together, while those number 1..4 homes the smallest shown group is hidden as well (secondary
// suppression; the same for the energy-poverty counts).
//
// Per group: homes; per tariff year the homes that are woonlastenneutraal (the woonlastenimpacttoets passes:
// the monthly saving covers the tested fee); investment, subsidies and financed principal (sums); gas saved
// (m3: Σ before − after); the change in net electricity drawn (kWh: Σ (after import − after export) − before
// import); CO2 avoided (kg) = gas saved × 1.780 kg/m3 − that change × 0.34 kg/kWh, the NTA 8800 factors as
// klimapedia's energievademecum (bijlage 2) gives them (docs/domain.md §7 [89]); and the distribution of the
// net monthly effect in the first tariff year (saving − tested fee, EUR a month: lowest, P25, median, P75,
// highest, by linear interpolation between order statistics).
//
// Energy poverty (docs/campaigns.md, "Energy poverty"): the energy quote (energiequote) of the CBS/TNO
// Monitor Energiearmoede, indicator HEQ: the share of the household's disposable income spent on energy, high
// when it is more than 10 %. renofee knows a household's income only as the band the energy desk recorded
// (optional, EUR a year, net); the band's midpoint is the income. Before: the yearly energy bill of the first
// tariff year. After: that year's bill after the renovation plus twelve tested monthly fees, because the fee
// replaces part of the bill and leaving it out would flatter the result. The monitor's second condition (an
// income up to 130 % of the CBS lage-inkomensgrens, which depends on the household's composition) is not
// tested: renofee does not collect the composition. Counts are shown only when at least `min_group`
// households of the group gave a band.
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
  std::optional<Decimal> income_eur{};  // yearly net household income (band midpoint), when recorded
  Money energy_cost_before;             // EUR a year: the first tariff year's bill before
  Money energy_cost_after;              // EUR a year: the bill after + 12 x the tested monthly fee
  // Per tariff year: the monthly energy bill before, and the bill after plus the tested fee (EUR a month,
  // the yearly bills / 12 unrounded), for the cost-over-time chart of the meeting page.
  struct MonthlyCost {
    std::string tariff_id;
    Decimal before;
    Decimal after_with_fee;
  };
  std::vector<MonthlyCost> monthly_costs{};
};

// Whether a yearly energy cost is more than 10 % of `income_eur` (the HEQ threshold), compared exactly
// (cost > income x 0.10, no division). An income of zero or less counts as high.
bool high_energy_quote(const Money& yearly_energy_cost, const Decimal& income_eur);

// From a home's offer (its measures, subsidies and expected use) and its quote; `income_eur` as above.
HomeFigures home_figures(const std::string& house_type, const quote::Offer& offer, const quote::Quote& quote,
                         std::optional<Decimal> income_eur = std::nullopt);

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
  // Energy poverty (above): households that gave an income band; of them, those with a high energy quote
  // before and after, and those that leave (high before, not after) or enter it (not before, high after).
  // The four counts are shown only when `with_income` >= min_group (`poverty_shown`).
  // Per tariff year id: the average monthly cost before and after with the fee over the group's homes (EUR,
  // rounded half up to cents when finished; sums while running).
  std::map<std::string, std::pair<Decimal, Decimal>> average_monthly_cost;
  int with_income = 0;
  bool poverty_shown = false;
  int energy_poor_before = 0;
  int energy_poor_after = 0;
  int leaving_energy_poverty = 0;
  int entering_energy_poverty = 0;
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
