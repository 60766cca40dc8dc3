#include "renofee/core/collections/collection_costs.hpp"

#include <array>

namespace renofee::collections {
namespace {

Decimal dec(const char* text) {
  return Decimal::parse(text).value();
}

}  // namespace

Result<CollectionCosts> collection_costs(const Money& principal, bool creditor_deducts_vat) {
  const Decimal& p = principal.value();
  if (p.sign() <= 0 || p != p.round(2, Rounding::down)) {
    return invalid_argument("a principal claim must be a positive amount in cents, not " + p.to_string(),
                            "/principal");
  }
  struct Tier {
    const char* width;  // nullptr: the rest
    const char* rate;
  };
  const std::array<Tier, 5> tiers{{{"2500.00", "0.15"},
                                   {"2500.00", "0.10"},
                                   {"5000.00", "0.05"},
                                   {"190000.00", "0.01"},
                                   {nullptr, "0.005"}}};
  Decimal rest = p;
  Decimal sum;
  for (const Tier& tier : tiers) {
    const Decimal part = tier.width == nullptr || rest < dec(tier.width) ? rest : dec(tier.width);
    sum += part * dec(tier.rate);
    rest -= part;
    if (rest.sign() <= 0) break;
  }
  CollectionCosts out;
  out.principal = principal;
  out.before_limits = Money(sum.round(2, Rounding::half_up));
  Decimal costs = out.before_limits.value();
  if (costs < dec("40.00")) costs = dec("40.00");
  if (costs > dec("6775.00")) costs = dec("6775.00");
  out.costs = Money(costs);
  out.vat = Money(creditor_deducts_vat ? dec("0.00") : (costs * dec("0.21")).round(2, Rounding::half_up));
  out.total = Money(out.costs.value() + out.vat.value());
  return out;
}

calendar::Date collection_costs_from(calendar::Date received) {
  return calendar::add_days(received, 15);
}

}  // namespace renofee::collections
