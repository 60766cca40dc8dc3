#include "renofee/core/quote/offer.hpp"

#include <array>
#include <set>
#include <string>
#include <utility>

namespace renofee::quote {
namespace {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<Tenure, 2> tenures{{{Tenure::owner, "owner"}, {Tenure::rented, "rented"}}};
constexpr NameTable<SettlementYear, 2> settlement_years{
    {{SettlementYear::contract, "contract"}, {SettlementYear::calendar, "calendar"}}};
constexpr NameTable<EarlyRepayment, 2> early_repayments{
    {{EarlyRepayment::free, "free"}, {EarlyRepayment::statutory_cap, "statutory_cap"}}};
constexpr NameTable<EpvScheme, 2> epv_schemes{{{EpvScheme::epv2, "epv2"}, {EpvScheme::epv2016, "epv2016"}}};
constexpr NameTable<CapReductionsCarrier, 2> cap_carriers{
    {{CapReductionsCarrier::landlord, "landlord"}, {CapReductionsCarrier::provider, "provider"}}};
constexpr NameTable<MeasureKind, 11> measure_kinds{{
    {MeasureKind::heat_pump, "heat_pump"},
    {MeasureKind::hybrid_heat_pump, "hybrid_heat_pump"},
    {MeasureKind::pv, "pv"},
    {MeasureKind::battery, "battery"},
    {MeasureKind::insulation_roof, "insulation_roof"},
    {MeasureKind::insulation_facade, "insulation_facade"},
    {MeasureKind::insulation_floor, "insulation_floor"},
    {MeasureKind::glazing, "glazing"},
    {MeasureKind::ventilation, "ventilation"},
    {MeasureKind::solar_boiler, "solar_boiler"},
    {MeasureKind::other, "other"},
}};

template <typename E, std::size_t N>
std::string_view name_in(const NameTable<E, N>& table, E value) noexcept {
  for (const auto& [item, name] : table) {
    if (item == value) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
Result<E> parse_in(const NameTable<E, N>& table, std::string_view text, std::string_view what) {
  std::string expected;
  for (const auto& [item, name] : table) {
    if (name == text) return item;
    expected += expected.empty() ? "" : ", ";
    expected += name;
  }
  return invalid_argument("unknown " + std::string(what) + " \"" + std::string(text.substr(0, 40)) +
                          "\" (expected one of: " + expected + ")");
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 100) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return id != "." && id != "..";
}

// Collects problems in document order.
class Problems {
 public:
  void add(std::string field, std::string message) {
    list_.push_back(invalid_argument(std::move(message), std::move(field)));
  }
  void out_of_bounds(std::string field, std::string message) {
    list_.push_back(out_of_range(std::move(message), std::move(field)));
  }
  // Money: within [0, max] and at most 2 decimals. Decimals are counted on the trimmed value, never by
  // rounding: round(2) pads "1E+75" to 77 digits, which threw DecimalOverflow out of the reader.
  void amount(const std::string& field, const Money& value) {
    if (value.is_negative()) return add(field, "amount " + value.to_string() + " is negative");
    if (value.value().trimmed().scale() > 2) {
      return add(field, "amount " + value.to_string() + " has more than 2 decimals (cents)");
    }
    if (value > max_amount)
      return out_of_bounds(field, "amount " + value.to_string() + " exceeds 10000000.00");
  }
  // A yearly volume within [0, 1,000,000] with at most 3 decimals.
  void volume(const std::string& field, const Decimal& value) {
    if (value.is_negative()) return add(field, "use " + value.to_string() + " is negative");
    if (value.trimmed().scale() > 3)
      return add(field, "use " + value.to_string() + " has more than 3 decimals");
    if (value > Decimal(1000000))
      return out_of_bounds(field, "use " + value.to_string() + " exceeds 1000000");
  }
  void rate(const std::string& field, const Decimal& value) {
    if (value.is_negative()) return add(field, "rate " + value.to_string() + " is negative");
    if (value > Decimal(1))
      return add(field, "rate " + value.to_string() + " is above 1 (rates are fractions: 0.039 = 3.9%)");
    if (value.trimmed().scale() > 6)
      return add(field, "rate " + value.to_string() + " has more than 6 decimals");
  }
  void range(const std::string& field, const char* what, long value, long low, long high) {
    if (value < low || value > high) {
      out_of_bounds(field, std::string(what) + " " + std::to_string(value) + " outside " +
                               std::to_string(low) + ".." + std::to_string(high));
    }
  }
  std::vector<Error> take() { return std::move(list_); }

 private:
  inline static const Money max_amount = cents(1000000000);
  std::vector<Error> list_;
};

// The 2016 regime's class is a heat-demand class (Besluit EPV huur [1][8]): q30 needs a net heat demand of at
// most 30 kWh/m2/yr, q40 at most 40, q50 at most 50. The class and the stated heat demand must agree, and the
// heat demand must be stated (a lower class than the demand allows is the landlord's choice and accepted).
void epv_heat_demand_problems(Problems& problems, const Dwelling& dwelling) {
  if (dwelling.epv->scheme != EpvScheme::epv2016) return;
  const std::string& epv_class = dwelling.epv->epv_class;
  if (epv_class != "q30" && epv_class != "q40" && epv_class != "q50") return;  // reported above
  const Decimal bound(std::stoi(epv_class.substr(1)));
  if (!dwelling.heat_demand_kwh_m2_year) {
    problems.add(
        "/dwelling/heat_demand_kwh_m2_year",
        "EPV class " + epv_class + " is a heat-demand class: state the heat demand after renovation");
  } else if (*dwelling.heat_demand_kwh_m2_year > bound) {
    problems.add("/dwelling/epv/class", "EPV class " + epv_class + " needs a heat demand of at most " +
                                            bound.to_string() + " kWh/m2/yr, the dwelling has " +
                                            dwelling.heat_demand_kwh_m2_year->to_string());
  }
}

void dwelling_problems(Problems& problems, const Dwelling& dwelling) {
  problems.range("/dwelling/floor_area_m2", "floor area", dwelling.floor_area_m2, 10, 10000);
  problems.range("/dwelling/build_year", "build year", dwelling.build_year, 1500, 2100);
  if (dwelling.heat_demand_kwh_m2_year && (dwelling.heat_demand_kwh_m2_year->is_negative() ||
                                           *dwelling.heat_demand_kwh_m2_year > Decimal(1000))) {
    problems.out_of_bounds("/dwelling/heat_demand_kwh_m2_year", "heat demand outside 0..1000 kWh/m2/yr");
  }
  if (dwelling.tenure == Tenure::rented && !dwelling.epv) {
    problems.add("/dwelling/epv", "a rented dwelling needs EPV terms (scheme and class) for the fee cap");
  }
  if (dwelling.epv) {
    const bool epv2 = dwelling.epv->scheme == EpvScheme::epv2;
    const std::set<std::string> classes =
        epv2 ? std::set<std::string>{"hoogwaardig", "basis"} : std::set<std::string>{"q30", "q40", "q50"};
    if (!classes.count(dwelling.epv->epv_class)) {
      problems.add("/dwelling/epv/class", "EPV class \"" + dwelling.epv->epv_class.substr(0, 40) +
                                              "\" is not valid for scheme " +
                                              std::string(to_string(dwelling.epv->scheme)) +
                                              (epv2 ? " (hoogwaardig or basis)" : " (q30, q40 or q50)"));
    }
    if (dwelling.tenure != Tenure::rented) {
      problems.add("/dwelling/epv", "EPV terms apply to rented dwellings only");
    }
    epv_heat_demand_problems(problems, dwelling);
  }
}

// Measures, subsidies and the down payment: what the derived principal is made of.
void cost_problems(Problems& problems, const Offer& offer) {
  if (offer.measures.empty()) problems.add("/measures", "an offer needs at least one measure");
  if (offer.measures.size() > 50) problems.out_of_bounds("/measures", "more than 50 measures");
  for (std::size_t i = 0; i < offer.measures.size(); ++i) {
    const std::string at = "/measures/" + std::to_string(i);
    problems.amount(at + "/cost", offer.measures[i].cost);
    problems.range(at + "/lifetime_years", "lifetime", offer.measures[i].lifetime_years, 1, 100);
  }
  if (offer.subsidies.size() > 20) problems.out_of_bounds("/subsidies", "more than 20 subsidies");
  for (std::size_t i = 0; i < offer.subsidies.size(); ++i) {
    const std::string at = "/subsidies/" + std::to_string(i);
    if (offer.subsidies[i].name.empty() || offer.subsidies[i].name.size() > 100) {
      problems.add(at + "/name", "subsidy name must have 1-100 characters");
    }
    problems.amount(at + "/amount", offer.subsidies[i].amount);
  }
  problems.amount("/down_payment", offer.down_payment);
}

void financing_problems(Problems& problems, const Offer& offer) {
  const Financing& financing = offer.financing;
  if (financing.principal) problems.amount("/financing/principal", *financing.principal);
  problems.rate("/financing/annual_rate", financing.annual_rate);
  problems.range("/financing/term_months", "term", financing.term_months, 1, 600);
  if (financing.grace_months < 0 ||
      (financing.term_months >= 1 && financing.grace_months >= financing.term_months)) {
    problems.out_of_bounds("/financing/grace_months", "grace months " +
                                                          std::to_string(financing.grace_months) +
                                                          " must be at least 0 and less than the term (" +
                                                          std::to_string(financing.term_months) + ")");
  }
  if (financing.drawdown_date) {
    Result<finance::AprTerms> terms = apr_terms(offer);
    if (!terms) problems.out_of_bounds("/financing/drawdown_date", terms.error().message);
  }
  const Money principal = effective_principal(offer);
  if (!principal.is_negative() && principal.is_zero()) {
    problems.add(financing.principal ? "/financing/principal" : "/measures",
                 "the financed principal is 0.00: nothing to finance");
  } else if (principal.is_negative() && !financing.principal) {
    problems.add("/subsidies",
                 "subsidies and down payment exceed the measure costs: the derived principal would be " +
                     principal.to_string());
  }
}

void service_fee_problems(Problems& problems, const ServiceFee& service_fee, int term_months) {
  problems.amount("/service_fee/monthly", service_fee.monthly);
  problems.amount("/service_fee/replacement_reserve", service_fee.replacement_reserve);
  if (service_fee.monthly < service_fee.replacement_reserve)
    problems.add("/service_fee/replacement_reserve",
                 "the replacement reserve " + service_fee.replacement_reserve.to_string() +
                     " is part of the service fee and cannot exceed it (" + service_fee.monthly.to_string() +
                     ")");
  const Indexation& indexation = service_fee.indexation;
  if (indexation.kind == IndexationKind::fixed) {
    problems.rate("/service_fee/indexation/annual_rate", indexation.annual_rate);
  }
  if (indexation.kind != IndexationKind::series) return;
  const std::vector<Decimal>& rates = indexation.annual_rates;
  if (rates.empty() || rates.size() > 100) {
    problems.out_of_bounds("/service_fee/indexation/annual_rates", "a series needs 1..100 rates");
  }
  // Every anniversary inside the term needs its rate: an index that is not known yet is never guessed.
  const int anniversaries = term_months >= 1 ? (term_months - 1) / 12 : 0;
  if (!rates.empty() && static_cast<int>(rates.size()) < anniversaries) {
    problems.add("/service_fee/indexation/annual_rates",
                 "the series has " + std::to_string(rates.size()) + " rates but the term has " +
                     std::to_string(anniversaries) + " anniversaries; give a (projected) rate for each");
  }
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const std::string at = "/service_fee/indexation/annual_rates/" + std::to_string(i);
    // Deflation is possible for an index series (CPI fell in 2015): allow -1 < r <= 1.
    if (rates[i] <= Decimal(-1) || rates[i] > Decimal(1)) {
      problems.add(at, "index rate " + rates[i].to_string() + " outside (-1, 1]");
    }
  }
}

void expected_use_problems(Problems& problems, const std::string& at, const YearlyUse& use) {
  problems.volume(at + "/electricity_import_kwh", use.electricity_import.value());
  problems.volume(at + "/electricity_export_kwh", use.electricity_export.value());
  problems.volume(at + "/gas_m3", use.gas.value());
  if (use.pv_generation) problems.volume(at + "/pv_generation_kwh", use.pv_generation->value());
}

void tariff_problems(Problems& problems, const std::vector<std::string>& tariffs) {
  if (tariffs.empty() || tariffs.size() > 10) {
    problems.out_of_bounds("/tariffs", "an offer names 1..10 tariff years");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < tariffs.size(); ++i) {
    const std::string at = "/tariffs/" + std::to_string(i);
    if (!valid_id(tariffs[i])) {
      problems.add(at, "tariff id \"" + tariffs[i].substr(0, 40) + "\" is not a valid id");
    } else if (!seen.insert(tariffs[i]).second) {
      problems.add(at, "tariff id \"" + tariffs[i] + "\" appears twice");
    }
  }
}

}  // namespace

std::string_view to_string(Tenure value) noexcept {
  return name_in(tenures, value);
}
std::string_view to_string(SettlementYear value) noexcept {
  return name_in(settlement_years, value);
}
std::string_view to_string(EarlyRepayment value) noexcept {
  return name_in(early_repayments, value);
}
Result<EarlyRepayment> parse_early_repayment(std::string_view text) {
  return parse_in(early_repayments, text, "early repayment rule");
}
std::string_view to_string(EpvScheme value) noexcept {
  return name_in(epv_schemes, value);
}
std::string_view to_string(MeasureKind value) noexcept {
  return name_in(measure_kinds, value);
}

Result<Tenure> parse_tenure(std::string_view text) {
  return parse_in(tenures, text, "tenure");
}
Result<SettlementYear> parse_settlement_year(std::string_view text) {
  return parse_in(settlement_years, text, "settlement year");
}
std::string_view to_string(CapReductionsCarrier value) noexcept {
  return name_in(cap_carriers, value);
}
Result<CapReductionsCarrier> parse_cap_reductions_carrier(std::string_view text) {
  return parse_in(cap_carriers, text, "cap reductions carrier");
}
Result<EpvScheme> parse_epv_scheme(std::string_view text) {
  return parse_in(epv_schemes, text, "EPV scheme");
}
Result<MeasureKind> parse_measure_kind(std::string_view text) {
  return parse_in(measure_kinds, text, "measure kind");
}

calendar::Date drawdown_date(const Offer& offer) {
  return offer.financing.drawdown_date.value_or(calendar::add_months_keep_day(offer.start_date, -1));
}

Result<finance::AprTerms> apr_terms(const Offer& offer) {
  const calendar::Date drawdown = drawdown_date(offer);
  for (int lead = 0; lead <= 12; ++lead) {
    if (calendar::add_months_keep_day(offer.start_date, -lead) == drawdown) {
      return finance::AprTerms{lead, offer.financing.service_fee_in_apr};
    }
  }
  return out_of_range("the drawdown date " + calendar::to_string(drawdown) +
                          " must fall 0..12 whole months before the first payment on " +
                          calendar::to_string(offer.start_date) +
                          " (the start date stepped back by whole months, end-of-month clamped), so that "
                          "every payment is a whole number of months "
                          "after it (Directive 2008/48/EC, Annex I, remark (c))",
                      "/financing/drawdown_date");
}

calendar::Date works_completed(const Offer& offer) {
  return offer.works_completed_date.value_or(offer.start_date);
}

Money derived_principal(const Offer& offer) {
  Money total;
  for (const Measure& measure : offer.measures)
    total += measure.cost;
  for (const Subsidy& subsidy : offer.subsidies)
    total -= subsidy.amount;
  return total - offer.down_payment;
}

Money effective_principal(const Offer& offer) {
  return offer.financing.principal ? *offer.financing.principal : derived_principal(offer);
}

std::vector<Error> offer_problems(const Offer& offer) {
  Problems problems;
  if (!valid_id(offer.id)) {
    problems.add("/id",
                 "id must be 1-100 characters of A-Z a-z 0-9 . _ - (got \"" + offer.id.substr(0, 40) + "\")");
  }
  dwelling_problems(problems, offer.dwelling);
  cost_problems(problems, offer);
  financing_problems(problems, offer);
  service_fee_problems(problems, offer.service_fee, offer.financing.term_months);
  expected_use_problems(problems, "/expected_use/before", offer.expected_use.before);
  expected_use_problems(problems, "/expected_use/after", offer.expected_use.after);
  tariff_problems(problems, offer.tariffs);
  return problems.take();
}

}  // namespace renofee::quote
