#include "renofee/core/collections/arrears.hpp"

#include <algorithm>
#include <numeric>
#include <string>

namespace renofee::collections {
namespace {

bool in_cents(const Decimal& value) {
  return value == value.round(2, Rounding::down);
}

Money as_cents(const Decimal& value) {
  return Money(value.round(2, Rounding::down));
}

}  // namespace

Result<Arrears> arrears(std::span<const Charge> charges, std::span<const Payment> payments,
                        calendar::Date as_of) {
  for (std::size_t i = 0; i < charges.size(); ++i) {
    const Decimal& a = charges[i].amount.value();
    if (a.sign() <= 0 || !in_cents(a)) {
      return invalid_argument("a fee due must be a positive amount in cents, not " + a.to_string(),
                              "/charges/" + std::to_string(i) + "/amount");
    }
  }
  Decimal paid;
  for (std::size_t i = 0; i < payments.size(); ++i) {
    const Decimal& a = payments[i].amount.value();
    if (!in_cents(a)) {
      return invalid_argument("a payment must be an amount in cents, not " + a.to_string(),
                              "/payments/" + std::to_string(i) + "/amount");
    }
    if (!(as_of < payments[i].on)) paid += a;
  }
  std::vector<std::size_t> order(charges.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return charges[a].due < charges[b].due; });
  Arrears out;
  out.as_of = as_of;
  Decimal charged, open, overdue, left = paid;
  for (std::size_t index : order) {
    const Charge& c = charges[index];
    if (as_of < c.due) continue;
    charged += c.amount.value();
    const Decimal settled = left.sign() <= 0 ? Decimal(0) : std::min(left, c.amount.value());
    left -= settled;
    const Decimal rest = c.amount.value() - settled;
    if (rest.sign() <= 0) continue;
    const int days = calendar::days_between(c.due, as_of);
    out.open_charges.push_back(OpenCharge{c.due, c.amount, as_cents(rest), days});
    open += rest;
    if (c.due < as_of) {
      overdue += rest;
      out.days_past_due = std::max(out.days_past_due, days);
    }
  }
  out.charged = as_cents(charged);
  out.paid = as_cents(paid);
  out.open = as_cents(open);
  out.overdue = as_cents(overdue);
  out.credit = as_cents(left.sign() > 0 ? left : Decimal(0));
  return out;
}

}  // namespace renofee::collections
