#include "renofee/core/campaign/summary.hpp"

#include <algorithm>
#include <span>

#include "renofee/core/risk/exposure.hpp"

namespace renofee::campaign {

bool high_energy_quote(const Money& yearly_energy_cost, const Decimal& income_eur) {
  return yearly_energy_cost.value() > income_eur * Decimal::from_units(10, 2);
}

HomeFigures home_figures(const std::string& house_type, const quote::Offer& offer, const quote::Quote& q,
                         std::optional<Decimal> income_eur) {
  HomeFigures h;
  h.house_type = house_type;
  h.investment = h.subsidies = cents(0);
  for (const quote::Measure& m : offer.measures)
    h.investment = h.investment + m.cost;
  for (const quote::Subsidy& s : offer.subsidies)
    h.subsidies = h.subsidies + s.amount;
  h.principal = q.principal;
  h.before = offer.expected_use.before;
  h.after = offer.expected_use.after;
  for (const quote::TariffYearQuote& y : q.tariff_years)
    h.woonlastenneutraal.emplace_back(y.tariff_id, y.woonlasten.passed);
  h.net_monthly_effect = q.tariff_years.empty() ? cents(0) : q.tariff_years.front().net_monthly_effect;
  h.income_eur = income_eur;
  h.energy_cost_before = h.energy_cost_after = cents(0);
  if (!q.tariff_years.empty()) {
    const quote::EnergyComparison& bills = q.tariff_years.front().as_tariff;
    h.energy_cost_before = bills.before.total;
    h.energy_cost_after = bills.after.total + Money(q.fees.tested_fee.value() * Decimal(12));
  }
  for (const quote::TariffYearQuote& y : q.tariff_years) {
    const Decimal twelve(12);
    h.monthly_costs.push_back(
        {y.tariff_id, Decimal::divide(y.as_tariff.before.total.value(), twelve, 6, Rounding::half_up).value(),
         Decimal::divide(y.as_tariff.after.total.value(), twelve, 6, Rounding::half_up).value() +
             q.fees.tested_fee.value()});
  }
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
  for (const HomeFigures::MonthlyCost& c : h.monthly_costs) {
    auto& [before, after] = g.average_monthly_cost[c.tariff_id];
    before += c.before;
    after += c.after_with_fee;
  }
  if (!h.income_eur) return;
  const bool poor_before = high_energy_quote(h.energy_cost_before, *h.income_eur);
  const bool poor_after = high_energy_quote(h.energy_cost_after, *h.income_eur);
  ++g.with_income;
  g.energy_poor_before += poor_before ? 1 : 0;
  g.energy_poor_after += poor_after ? 1 : 0;
  g.leaving_energy_poverty += poor_before && !poor_after ? 1 : 0;
  g.entering_energy_poverty += !poor_before && poor_after ? 1 : 0;
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
  g.poverty_shown = g.with_income >= min_group;
  for (auto& [tariff, costs] : g.average_monthly_cost) {
    costs.first = Decimal::divide(costs.first, Decimal(g.homes), 2, Rounding::half_up).value();
    costs.second = Decimal::divide(costs.second, Decimal(g.homes), 2, Rounding::half_up).value();
  }
  if (!g.poverty_shown)
    g.energy_poor_before = g.energy_poor_after = g.leaving_energy_poverty = g.entering_energy_poverty = 0;
  g.co2_avoided_kg = co2_kg(g.gas_saved_m3, -g.electricity_change_kwh);
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

namespace {

// Secondary suppression: the total minus the shown groups gives the hidden groups together, so while the
// hidden homes number 1..min_group-1, the smallest shown group is hidden too (then the difference covers at
// least min_group homes); the same for the energy-poverty counts over the households that gave an income.
void suppress_complements(std::vector<GroupSummary>& groups) {
  if (groups.size() < 2) return;
  const auto types = [&]() { return std::span<GroupSummary>(groups.data(), groups.size() - 1); };
  const auto smallest = [&](auto shown, auto size) -> GroupSummary* {
    GroupSummary* pick = nullptr;
    for (GroupSummary& g : types())
      if (shown(g) && (pick == nullptr || size(g) < size(*pick))) pick = &g;
    return pick;
  };
  int hidden = 0;
  for (const GroupSummary& g : types())
    hidden += g.shown ? 0 : g.homes;
  while (hidden > 0 && hidden < min_group) {
    GroupSummary* g = smallest([](const GroupSummary& x) { return x.shown; },
                               [](const GroupSummary& x) { return x.homes; });
    if (g == nullptr) break;
    hidden += g->homes;
    GroupSummary blank;
    blank.group = g->group;
    blank.homes = g->homes;
    blank.investment = blank.subsidies = blank.principal = cents(0);
    *g = blank;
  }
  int unshown_incomes = 0;
  for (const GroupSummary& g : types())
    unshown_incomes += g.poverty_shown ? 0 : g.with_income;
  while (unshown_incomes > 0 && unshown_incomes < min_group) {
    GroupSummary* g = smallest([](const GroupSummary& x) { return x.poverty_shown; },
                               [](const GroupSummary& x) { return x.with_income; });
    if (g == nullptr) break;
    unshown_incomes += g->with_income;
    g->poverty_shown = false;
    g->energy_poor_before = g->energy_poor_after = g->leaving_energy_poverty = g->entering_energy_poverty = 0;
  }
}

}  // namespace

std::vector<GroupSummary> SummaryBuilder::finish() const {
  std::vector<GroupSummary> out;
  for (const auto& [type, running] : groups_)
    out.push_back(finished(running));
  Running total = total_;
  total.sums.group = "total";
  out.push_back(finished(total));
  suppress_complements(out);
  return out;
}

std::vector<GroupSummary> summarise(const std::vector<HomeFigures>& homes) {
  SummaryBuilder builder;
  for (const HomeFigures& h : homes)
    builder.add(h);
  return builder.finish();
}

}  // namespace renofee::campaign
