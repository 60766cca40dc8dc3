#include "renofee/core/finance/replacement.hpp"

#include <algorithm>

namespace renofee::finance {
namespace {

// Whole cents with two decimals ("0.00", not "0"): every amount of the plan is one already.
Money in_cents(const Money& amount) {
  return round_to_cents(amount, Rounding::half_even);
}

}  // namespace

int months_due_before(calendar::Date start, int term_months, calendar::Date day) {
  // Due dates rise month by month, so the count is the whole months from `start` to `day`, plus one when the due
  // date of `day`'s month (clamped to its length) is still before `day`. No loop: every quote computes this.
  const int k = (static_cast<int>(day.year()) - static_cast<int>(start.year())) * 12 +
                (static_cast<int>(static_cast<unsigned>(day.month())) -
                 static_cast<int>(static_cast<unsigned>(start.month())));
  const int months = calendar::add_months_keep_day(start, k) < day ? k + 1 : k;
  return std::clamp(months, 0, term_months);
}

ReplacementPlan plan_replacements(calendar::Date start, int term_months, const Money& monthly,
                                  const std::vector<ReplaceableMeasure>& measures) {
  ReplacementPlan plan;
  plan.monthly = monthly;
  plan.contributions = monthly * Decimal(term_months);
  const calendar::Date end = calendar::add_months_keep_day(start, term_months);
  for (const ReplaceableMeasure& m : measures) {
    for (int k = 1; m.lifetime_years > 0; ++k) {
      const calendar::Date on = calendar::add_months_keep_day(start, 12 * m.lifetime_years * k);
      if (!(on < end)) break;
      plan.replacements.push_back(PlannedReplacement{m.measure, on, m.cost, {}, {}, {}});
    }
  }
  std::stable_sort(plan.replacements.begin(), plan.replacements.end(),
                   [](const PlannedReplacement& a, const PlannedReplacement& b) { return a.on < b.on; });
  Money spent = cents(0);
  for (PlannedReplacement& r : plan.replacements) {
    r.reserve_before = monthly * Decimal(months_due_before(start, term_months, r.on)) - spent;
    r.paid_from_reserve = r.cost < r.reserve_before ? r.cost : r.reserve_before;
    if (r.paid_from_reserve.is_negative()) r.paid_from_reserve = Money{};
    r.shortfall = r.cost - r.paid_from_reserve;
    r.cost = in_cents(r.cost);
    r.reserve_before = in_cents(r.reserve_before);
    r.paid_from_reserve = in_cents(r.paid_from_reserve);
    r.shortfall = in_cents(r.shortfall);
    spent += r.paid_from_reserve;
    plan.replacement_costs += r.cost;
    plan.shortfall += r.shortfall;
  }
  plan.monthly = in_cents(plan.monthly);
  plan.contributions = in_cents(plan.contributions);
  plan.replacement_costs = in_cents(plan.replacement_costs);
  plan.shortfall = in_cents(plan.shortfall);
  plan.surplus = in_cents(plan.contributions - spent);
  return plan;
}

}  // namespace renofee::finance
