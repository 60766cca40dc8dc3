#include "renofee/core/quote/quote.hpp"

#include <algorithm>

namespace renofee::quote {
namespace {

finance::Indexation to_finance(const Indexation& indexation) {
  finance::Indexation out;
  out.rounding = Rounding::half_up;  // each indexed fee is rounded half-up to cents (docs/offers.md)
  out.kind = indexation.kind;
  out.annual_rate = indexation.annual_rate;
  // The offer states rates per anniversary (0.031 = +3.1%); the finance module applies factors (1.031).
  for (const Decimal& rate : indexation.annual_rates)
    out.factors.push_back(Decimal(1) + rate);
  return out;
}

// The offer's EPV vocabulary (docs/offers.md) in the EPV table's (tariffs/epv.json).
std::pair<std::string, std::string> epv_table_key(const Epv& epv) {
  if (epv.scheme == EpvScheme::epv2) return {"epv2", epv.epv_class};
  const std::string bound =
      epv.epv_class.size() > 1 ? epv.epv_class.substr(1) : epv.epv_class;  // "q30" -> "30"
  return {"2016", "heat_demand_le_" + bound};
}

tariffs::EnergyUse energy_use(const YearlyUse& use) {
  tariffs::EnergyUse out;
  out.electricity_import = use.electricity_import;
  out.electricity_export = use.electricity_export;
  out.gas = use.gas;
  return out;
}

Result<EnergyComparison> compare(const ExpectedUse& use, const tariffs::CheckedTariff& tariff, bool netting) {
  tariffs::BillOptions options;
  options.netting = netting ? tariffs::NettingChoice::netting : tariffs::NettingChoice::no_netting;
  Result<tariffs::Bill> before = tariffs::compute_energy_bill(energy_use(use.before), tariff, options);
  if (!before) return before.error().at("/expected_use/before");
  Result<tariffs::Bill> after = tariffs::compute_energy_bill(energy_use(use.after), tariff, options);
  if (!after) return after.error().at("/expected_use/after");
  EnergyComparison comparison;
  comparison.netting = netting;
  comparison.yearly_saving = before->total - after->total;
  comparison.monthly_saving =
      Money(Decimal::divide(comparison.yearly_saving.value(), 12, 2, Rounding::half_up).value());
  comparison.before = std::move(before).value();
  comparison.after = std::move(after).value();
  return comparison;
}

FeeSummary summarise_fees(const finance::Schedule& schedule) {
  FeeSummary summary;
  summary.first_month = schedule.rows.front();
  const int years = finance::contract_years(schedule);
  for (int year : {1, 10, years}) {
    if (year > years) continue;
    if (!summary.fee_by_year.empty() && summary.fee_by_year.back().year == year) continue;
    if (auto fee = finance::fee_in_contract_year(schedule, year)) summary.fee_by_year.push_back(*fee);
  }
  // Highest total in the first contract year after the grace months; a grace period of a year or more tests
  // the first month after it.
  const int grace = schedule.input.financing.grace_months;
  const int first = grace + 1;
  const int last = std::max(first, std::min(12, static_cast<int>(schedule.rows.size())));
  for (int month = first; month <= last && month <= static_cast<int>(schedule.rows.size()); ++month) {
    const finance::ScheduleRow& row = schedule.rows[static_cast<std::size_t>(month - 1)];
    if (summary.tested_month == 0 || row.total > summary.tested_fee) {
      summary.tested_fee = row.total;
      summary.tested_month = month;
    }
  }
  return summary;
}

std::vector<MeasureLife> measure_lives(const Offer& offer) {
  std::vector<MeasureLife> lives;
  for (const Measure& measure : offer.measures)
    lives.push_back({measure.cost, measure.lifetime_years});
  return lives;
}

}  // namespace

Result<finance::ScheduleInput> schedule_input(const Offer& offer, const std::vector<EpvCap>& caps) {
  finance::ScheduleInput input;
  input.financing.principal = effective_principal(offer);
  input.financing.annual_rate = offer.financing.annual_rate;
  input.financing.rate_basis = offer.financing.rate_basis;
  input.financing.term_months = offer.financing.term_months;
  input.financing.method = offer.financing.method;
  input.financing.grace_months = offer.financing.grace_months;
  input.financing.rounding = offer.financing.rounding;
  input.start = offer.start_date;
  input.service_fee.monthly = offer.service_fee.monthly;
  input.service_fee.indexation = to_finance(offer.service_fee.indexation);
  if (!caps.empty()) input.monthly_cap = caps.front().monthly_cap;
  for (std::size_t i = 1; i < caps.size(); ++i)
    input.cap_changes.push_back({caps[i].from, caps[i].monthly_cap});
  return input;
}

Result<std::vector<EpvCap>> epv_caps(const Offer& offer, const tariffs::TariffEpv& table) {
  std::vector<EpvCap> caps;
  if (offer.dwelling.tenure != Tenure::rented || !offer.dwelling.epv) return caps;
  const auto [regime, epv_class] = epv_table_key(*offer.dwelling.epv);
  Result<std::vector<tariffs::EpvRateStep>> steps = tariffs::epv_rate_steps(
      table, regime, epv_class, offer.dwelling.type, offer.dwelling.build_year, offer.start_date);
  if (!steps) return steps.error().at("/dwelling/epv");
  const SquareMetres area(Decimal(offer.dwelling.floor_area_m2));
  for (const tariffs::EpvRateStep& step : *steps)
    caps.push_back(EpvCap{step.from, step.rate_per_m2_month,
                          round_to_cents(step.rate_per_m2_month * area, Rounding::half_up), step.source});
  return caps;
}

Result<std::optional<Money>> epv_monthly_cap(const Offer& offer, const tariffs::TariffEpv& table) {
  RENOFEE_TRY(const std::vector<EpvCap> caps, epv_caps(offer, table));
  if (caps.empty()) return std::optional<Money>{};
  return std::optional<Money>(caps.front().monthly_cap);
}

Result<Quote> compute_quote(const Offer& offer, const std::vector<tariffs::TariffYear>& tariff_years,
                            const std::optional<tariffs::TariffEpv>& epv) {
  std::vector<EpvCap> caps;
  if (offer.dwelling.tenure == Tenure::rented) {
    if (!epv)
      return failed_precondition("the EPV table is needed to quote a rented dwelling", "/dwelling/epv");
    RENOFEE_TRY(caps, epv_caps(offer, *epv));
  }
  const std::optional<Money> cap =
      caps.empty() ? std::nullopt : std::optional<Money>(caps.front().monthly_cap);
  RENOFEE_TRY(const finance::ScheduleInput input, schedule_input(offer, caps));
  RENOFEE_TRY(finance::Schedule schedule, finance::build_schedule(input));
  RENOFEE_TRY(const finance::AprTerms apr_dates, apr_terms(offer));
  RENOFEE_TRY(finance::Apr apr, finance::apr_of(schedule, apr_dates));
  FeeSummary fees = summarise_fees(schedule);
  Quote quote{offer.id,
              effective_principal(offer),
              cap,
              std::move(caps),
              std::move(schedule),
              std::move(fees),
              std::move(apr),
              {},
              drawdown_date(offer),
              apr_dates,
              offer.financing.early_repayment};

  if (offer.dwelling.epv && !quote.epv_caps.empty())
    quote.cap_reductions_carried_by = offer.dwelling.epv->cap_reductions_carried_by;
  quote.replacement = replacement_plan(offer);
  const int start_year = static_cast<int>(offer.start_date.year());
  if (std::none_of(tariff_years.begin(), tariff_years.end(), [&](const tariffs::TariffYear& t) {
        return t.year == start_year &&
               std::find(offer.tariffs.begin(), offer.tariffs.end(), t.id) != offer.tariffs.end();
      })) {
    quote.uncovered_start_year = start_year;
  }
  for (std::size_t i = 0; i < offer.tariffs.size(); ++i) {
    const std::string& id = offer.tariffs[i];
    const auto tariff =
        std::find_if(tariff_years.begin(), tariff_years.end(),
                     [&](const tariffs::TariffYear& candidate) { return candidate.id == id; });
    if (tariff == tariff_years.end()) {
      return failed_precondition("tariff year \"" + id + "\" is not available",
                                 "/tariffs/" + std::to_string(i));
    }
    // The home's network operator's charges (tariff.hpp, for_network_operator), when the offer names one.
    // Copied only when the offer names an operator: the quote route is a hot path (docs/performance.md).
    std::optional<tariffs::TariffYear> regional;
    if (!offer.dwelling.network_operator.empty()) {
      Result<tariffs::TariffYear> found =
          tariffs::for_network_operator(*tariff, offer.dwelling.network_operator);
      if (!found) return failed_precondition(found.error().message, "/dwelling/network_operator");
      regional = std::move(found).value();
    }
    TariffYearQuote year;
    year.tariff_id = id;
    year.year = tariff->year;
    for (const tariffs::FigureSource* source : tariffs::projected_sources(*tariff))
      year.projected.push_back(ProjectedFigures{source->figures, source->method});
    // Four bills on this tariff year: it is validated once (a catalog's tariffs were already checked when
    // loaded; this keeps compute_quote safe for a TariffYear from anywhere).
    Result<tariffs::CheckedTariff> checked = tariffs::CheckedTariff::check(regional ? *regional : *tariff);
    if (!checked) {
      return failed_precondition(
          "tariff year \"" + id + "\" is invalid: " + checked.error().message +
              (checked.error().field.empty() ? "" : " (at " + checked.error().field + ")"),
          "/tariffs/" + std::to_string(i));
    }
    RENOFEE_TRY(year.as_tariff, compare(offer.expected_use, *checked, tariff->netting));
    RENOFEE_TRY(year.alternative, compare(offer.expected_use, *checked, !tariff->netting));
    year.net_monthly_effect = year.as_tariff.monthly_saving - quote.fees.tested_fee;
    year.woonlasten = woonlastenimpacttoets(quote.fees.tested_fee, year.as_tariff.monthly_saving);
    RENOFEE_TRY(year.pays, pays_check(quote.fees.tested_fee, year.as_tariff.monthly_saving,
                                      offer.financing.term_months, measure_lives(offer)));
    quote.tariff_years.push_back(std::move(year));
  }
  return quote;
}

finance::ReplacementPlan replacement_plan(const Offer& offer) {
  std::vector<finance::ReplaceableMeasure> measures;
  for (const Measure& m : offer.measures)
    measures.push_back(finance::ReplaceableMeasure{std::string(to_string(m.kind)), m.lifetime_years, m.cost});
  return finance::plan_replacements(offer.start_date, offer.financing.term_months,
                                    offer.service_fee.replacement_reserve, measures);
}

}  // namespace renofee::quote
