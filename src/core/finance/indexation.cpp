#include "renofee/core/finance/indexation.hpp"

#include <string>

#include "renofee/core/finance/annuity.hpp"

namespace renofee::finance {

std::string_view to_string(IndexationKind kind) noexcept {
  switch (kind) {
    case IndexationKind::none:
      return "none";
    case IndexationKind::fixed:
      return "fixed";
    case IndexationKind::series:
      return "series";
  }
  return "none";
}

Result<IndexationKind> parse_indexation_kind(std::string_view text) {
  for (IndexationKind kind : {IndexationKind::none, IndexationKind::fixed, IndexationKind::series}) {
    if (text == to_string(kind)) return kind;
  }
  return invalid_argument(
      "unknown indexation kind \"" + std::string(text) + "\" (expected none, fixed or series)",
      "/service_fee/indexation/kind");
}

Result<std::vector<Money>> indexed_monthly_fees(const ServiceFeeTerms& terms, int years) {
  RENOFEE_TRY(
      const std::int64_t base_cents,
      detail::cents_in_range(terms.monthly, 0, 10'000'000, "monthly service fee", "/service_fee/monthly"));
  const Indexation& index = terms.indexation;
  if (index.kind == IndexationKind::fixed &&
      (index.annual_rate.is_negative() || index.annual_rate > Decimal(1))) {
    return out_of_range("indexation rate " + index.annual_rate.to_string() + " outside [0, 1]",
                        "/service_fee/indexation/annual_rate");
  }
  if (index.kind == IndexationKind::series) {
    if (static_cast<int>(index.factors.size()) < years - 1) {
      return invalid_argument("index series has " + std::to_string(index.factors.size()) +
                                  " factors; the term has " + std::to_string(years - 1) + " anniversaries",
                              "/service_fee/indexation/factors");
    }
    for (std::size_t k = 0; k < index.factors.size(); ++k) {
      const Decimal& factor = index.factors[k];
      if (factor.sign() <= 0 || factor > Decimal(2) || factor.scale() > 20) {
        return out_of_range("index factor " + factor.to_string() + " outside (0, 2] or beyond 20 decimals",
                            "/service_fee/indexation/factors/" + std::to_string(k));
      }
    }
  }
  std::vector<Money> fees;
  fees.reserve(static_cast<std::size_t>(std::max(years, 0)));
  const Decimal fixed_factor = Decimal(1) + index.annual_rate;
  for (int year = 0; year < years; ++year) {
    if (year == 0 || index.kind == IndexationKind::none) {
      fees.push_back(year == 0 ? cents(base_cents) : fees.back());
      continue;
    }
    const Decimal& factor = index.kind == IndexationKind::fixed
                                ? fixed_factor
                                : index.factors[static_cast<std::size_t>(year - 1)];
    RENOFEE_TRY(Decimal next, Decimal::multiply(fees.back().value(), factor, 2, index.rounding));
    if (next > Decimal(100'000)) {
      return out_of_range("indexed service fee " + next.to_string() + " exceeds 100000.00 EUR",
                          "/service_fee/indexation");
    }
    fees.emplace_back(std::move(next));
  }
  return fees;
}

}  // namespace renofee::finance
