#include "renofee/core/tariffs/provenance.hpp"

#include <array>
#include <utility>

#include "renofee/core/tariffs/tariff.hpp"

namespace renofee::tariffs {
namespace {

constexpr std::array<std::pair<FigureBasis, std::string_view>, 4> bases{
    {{FigureBasis::published, "published"},
     {FigureBasis::derived, "derived"},
     {FigureBasis::projected, "projected"},
     {FigureBasis::sample, "sample"}}};

// `pointer` is `group` itself or a figure below it ("/gas/energy_tax" covers "/gas/energy_tax/0/rate_per_m3").
bool covers(std::string_view group, std::string_view pointer) {
  if (group.empty()) return false;
  if (pointer == group) return true;
  return pointer.size() > group.size() && pointer.substr(0, group.size()) == group &&
         pointer[group.size()] == '/';
}

template <typename Bracket>
void bracket_pointers(std::vector<std::string>& out, const std::vector<Bracket>& brackets,
                      const std::string& at, std::string_view bound, std::string_view value) {
  for (std::size_t i = 0; i < brackets.size(); ++i) {
    const std::string row = at + "/" + std::to_string(i) + "/";
    out.push_back(row + std::string(bound));
    out.push_back(row + std::string(value));
  }
}

// One entry's own checks: pointers present, a source unless a sample, a method unless published, a validity
// covering the tariff's year.
Result<void> check_entry(const FigureSource& entry, std::size_t index, const calendar::Period& year,
                         const std::vector<std::string>& figures) {
  const std::string at = "/sources/" + std::to_string(index);
  if (entry.figures.empty()) return invalid_argument("a source entry must name the figures it covers", at);
  for (const std::string& group : entry.figures) {
    bool names_one = false;
    for (const std::string& figure : figures)
      names_one = names_one || covers(group, figure);
    if (!names_one)
      return invalid_argument("\"" + group + "\" names no figure of this tariff", at + "/figures");
  }
  if (entry.source.empty() && entry.basis != FigureBasis::sample)
    return invalid_argument("a " + std::string(to_string(entry.basis)) + " figure needs its source",
                            at + "/source");
  if (entry.method.empty() && entry.basis != FigureBasis::published)
    return invalid_argument(
        "a " + std::string(to_string(entry.basis)) + " figure needs the method that made it", at + "/method");
  if (!entry.valid_from.ok() || !entry.valid_until.ok() || entry.valid_until < entry.valid_from)
    return invalid_argument("validity must be a date range, from <= until", at + "/valid_from");
  const calendar::Date last_day{date::sys_days(year.end) - date::days(1)};
  if (year.begin < entry.valid_from || entry.valid_until < last_day)
    return invalid_argument("valid " + calendar::to_string(entry.valid_from) + " to " +
                                calendar::to_string(entry.valid_until) + " does not cover the tariff year " +
                                calendar::to_string(year),
                            at + "/valid_until");
  return success();
}

}  // namespace

std::string_view to_string(FigureBasis basis) noexcept {
  for (const auto& [value, name] : bases)
    if (value == basis) return name;
  return "unknown";
}

Result<FigureBasis> parse_figure_basis(std::string_view text) {
  for (const auto& [value, name] : bases)
    if (name == text) return value;
  return invalid_argument("unknown basis \"" + std::string(text) +
                          "\" (expected published, derived, projected or sample)");
}

std::vector<std::string> figure_pointers(const TariffYear& tariff) {
  std::vector<std::string> out{"/vat_rate", "/netting"};
  const ElectricityTariff& e = tariff.electricity;
  out.push_back("/electricity/supply_price_per_kwh");
  if (e.low_normal) {
    out.push_back("/electricity/supply_price_low_per_kwh");
    out.push_back("/electricity/supply_price_normal_per_kwh");
  }
  out.push_back("/electricity/fixed_charge_per_month");
  out.push_back("/electricity/network_charge_per_year");
  bracket_pointers(out, e.energy_tax, "/electricity/energy_tax", "up_to_kwh", "rate_per_kwh");
  out.push_back("/electricity/feed_in_price_per_kwh");
  out.push_back("/electricity/feed_in_cost_per_kwh");
  bracket_pointers(out, e.feed_in_cost_tiers, "/electricity/feed_in_cost_tiers", "up_to_kwh", "per_month");
  out.push_back("/electricity/cbs_average_price_per_kwh");
  out.push_back("/gas/supply_price_per_m3");
  out.push_back("/gas/fixed_charge_per_month");
  out.push_back("/gas/network_charge_per_year");
  bracket_pointers(out, tariff.gas.energy_tax, "/gas/energy_tax", "up_to_m3", "rate_per_m3");
  out.push_back("/tax_reduction_per_year");
  for (const NetworkRegion& region : tariff.network_regions) {
    out.push_back("/network_regions/" + region.network_operator + "/electricity_per_year");
    out.push_back("/network_regions/" + region.network_operator + "/gas_per_year");
  }
  return out;
}

const FigureSource* source_of(const TariffYear& tariff, std::string_view pointer) {
  for (const FigureSource& entry : tariff.sources)
    for (const std::string& group : entry.figures)
      if (covers(group, pointer)) return &entry;
  return nullptr;
}

Result<void> check_sources(const TariffYear& tariff) {
  const std::vector<std::string> figures = figure_pointers(tariff);
  const calendar::Period year = calendar::calendar_year(tariff.year);
  for (std::size_t i = 0; i < tariff.sources.size(); ++i)
    RENOFEE_CHECK(check_entry(tariff.sources[i], i, year, figures));
  for (const std::string& figure : figures) {
    int count = 0;
    for (const FigureSource& entry : tariff.sources)
      for (const std::string& group : entry.figures)
        count += covers(group, figure) ? 1 : 0;
    if (count == 0)
      return invalid_argument(
          "the figure " + figure + " has no source and validity (every tariff figure needs one)",
          "/sources" + figure);
    if (count > 1)
      return invalid_argument(
          "the figure " + figure + " is covered by " + std::to_string(count) + " source entries",
          "/sources" + figure);
  }
  return success();
}

std::vector<const FigureSource*> projected_sources(const TariffYear& tariff) {
  std::vector<const FigureSource*> out;
  for (const FigureSource& entry : tariff.sources)
    if (entry.basis == FigureBasis::projected) out.push_back(&entry);
  return out;
}

}  // namespace renofee::tariffs
