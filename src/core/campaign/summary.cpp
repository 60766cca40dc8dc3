#include "renofee/core/campaign/summary.hpp"

#include <algorithm>

#include "renofee/core/risk/exposure.hpp"

namespace renofee::campaign {
namespace {

// NTA 8800 emission factors (klimapedia energievademecum, bijlage 2; docs/domain.md §7 [89]).
const Decimal& co2_per_m3_gas() {
  static const Decimal v = Decimal::from_units(1780, 3);  // kg/m3
  return v;
}
const Decimal& co2_per_kwh() {
  static const Decimal v = Decimal::from_units(34, 2);  // kg/kWh
  return v;
}

}  // namespace

HomeFigures home_figures(const std::string& house_type, const Derived& derived, const quote::Quote& q) {
  HomeFigures h;
  h.house_type = house_type;
  h.investment = h.subsidies = cents(0);
  for (const quote::Measure& m : derived.measures)
    h.investment = h.investment + m.cost;
  for (const quote::Subsidy& s : derived.subsidies)
    h.subsidies = h.subsidies + s.amount;
  h.principal = q.principal;
  h.before = derived.before;
  h.after = derived.after;
  for (const quote::TariffYearQuote& y : q.tariff_years)
    h.woonlastenneutraal.emplace_back(y.tariff_id, y.woonlasten.passed);
  h.net_monthly_effect = q.tariff_years.empty() ? cents(0) : q.tariff_years.front().net_monthly_effect;
  return h;
}

void SummaryBuilder::add_to(Running& r, const HomeFigures& h) {
  GroupSummary& g = r.sums;
  if (g.homes == 0) g.investment = g.subsidies = g.principal = cents(0);
  ++g.homes;
  g.investment = g.investment + h.investment;
  g.subsidies = g.subsidies + h.subsidies;
  g.principal = g.principal + h.principal;
  g.gas_saved_m3 += h.before.gas.value() - h.after.gas.value();
  g.electricity_change_kwh += h.after.electricity_import.value() - h.after.electricity_export.value() -
                              h.before.electricity_import.value();
  for (const auto& [tariff, passed] : h.woonlastenneutraal)
    g.woonlastenneutraal[tariff] += passed ? 1 : 0;
  r.effects.push_back(h.net_monthly_effect.value());
}

GroupSummary SummaryBuilder::finished(const Running& r) {
  GroupSummary g;
  g.group = r.sums.group;
  g.homes = r.sums.homes;
  g.shown = g.homes >= min_group;
  g.investment = g.subsidies = g.principal = cents(0);
  if (!g.shown) return g;  // fewer than min_group homes: the count only
  g = r.sums;
  g.shown = true;
  g.co2_avoided_kg = g.gas_saved_m3 * co2_per_m3_gas() - g.electricity_change_kwh * co2_per_kwh();
  std::vector<Decimal> effects = r.effects;
  std::sort(effects.begin(), effects.end());
  const auto at = [&](const char* p) { return risk::percentile(effects, Decimal::parse(p).value()); };
  g.net_monthly_effect = {Money(effects.front()), at("0.25"), at("0.5"), at("0.75"), Money(effects.back())};
  return g;
}

void SummaryBuilder::add(const HomeFigures& home) {
  Running& group = groups_[home.house_type];
  group.sums.group = home.house_type;
  add_to(group, home);
  total_.sums.group = "total";
  add_to(total_, home);
}

std::vector<GroupSummary> SummaryBuilder::finish() const {
  std::vector<GroupSummary> out;
  for (const auto& [type, running] : groups_)
    out.push_back(finished(running));
  Running total = total_;
  total.sums.group = "total";
  out.push_back(finished(total));
  return out;
}

std::vector<GroupSummary> summarise(const std::vector<HomeFigures>& homes) {
  SummaryBuilder builder;
  for (const HomeFigures& h : homes)
    builder.add(h);
  return builder.finish();
}

}  // namespace renofee::campaign
