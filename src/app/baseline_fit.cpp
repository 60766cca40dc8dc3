#include "renofee/app/baseline_fit.hpp"

#include "renofee/core/metering/consumption.hpp"
#include "renofee/core/weather/degree_days.hpp"

namespace renofee::app {
namespace {

// The savings guarantee to fit: `requested` (its index), or the first savings guarantee when it is -1.
Result<int> savings_guarantee(const std::vector<guarantee::Guarantee>& guarantees, int requested,
                              const std::string& contract_id) {
  int index = requested;
  if (index < 0) {
    for (std::size_t i = 0; i < guarantees.size() && index < 0; ++i) {
      if (guarantees[i].kind == guarantee::Kind::savings) index = static_cast<int>(i);
    }
    if (index < 0) return failed_precondition("contract " + contract_id + " has no savings guarantee");
  }
  if (static_cast<std::size_t>(index) >= guarantees.size() ||
      guarantees[static_cast<std::size_t>(index)].kind != guarantee::Kind::savings) {
    return invalid_argument(
        "guarantee " + std::to_string(index) + " of contract " + contract_id + " is not a savings guarantee",
        "/guarantee");
  }
  return index;
}

// The channels of the guarantee's carrier: gas, or electricity import T1 + T2.
std::vector<metering::Channel> carrier_channels(const guarantee::Guarantee& g) {
  const auto& terms = std::get<guarantee::SavingsTerms>(g.terms);
  if (terms.carrier == guarantee::SavingsCarrier::gas) return {metering::Channel::gas};
  return {metering::Channel::import_t1, metering::Channel::import_t2};
}

// Use per local month of every carrier channel that has readings over [first, last]; a channel whose
// readings do not give every month is added to `missing`.
Result<std::vector<std::vector<metering::MonthUse>>> monthly_use(ReconcileDeps& deps,
                                                                 const BaselineRequest& request,
                                                                 const guarantee::Guarantee& g,
                                                                 std::vector<std::string>& missing) {
  const calendar::Date begin{request.first / date::day{1}};
  const calendar::Date end{(request.last + date::months{1}) / date::day{1}};
  const calendar::Instant t0 = calendar::local_day(begin).begin, t1 = calendar::local_day(end).begin;
  std::vector<std::vector<metering::MonthUse>> per_channel;
  for (metering::Channel channel : carrier_channels(g)) {
    RENOFEE_TRY(const std::vector<metering::Reading> readings,
                channel_readings(deps.readings, request.contract_id, channel, t0, t1));
    if (readings.empty()) continue;
    Result<std::vector<metering::MonthUse>> months =
        metering::use_per_month(readings, channel, request.first, request.last + date::months{1});
    if (!months) {
      missing.push_back(std::string(metering::to_string(channel)) + ": " + months.error().message);
      continue;
    }
    per_channel.push_back(std::move(months).value());
  }
  if (per_channel.empty() && missing.empty()) missing.push_back("no readings of the guarantee's carrier");
  return per_channel;
}

// One point per month: its days, the station's weighted degree days (filled from the fill station) and the
// carrier's use; the first month without every day's temperature is added to `missing` and ends the list.
Result<std::vector<BaselineMonth>> monthly_points(
    ReconcileDeps& deps, const BaselineRequest& request, const guarantee::Guarantee& g,
    const std::vector<std::vector<metering::MonthUse>>& per_channel, std::vector<std::string>& missing) {
  const calendar::Date begin{request.first / date::day{1}};
  const calendar::Date end{(request.last + date::months{1}) / date::day{1}};
  RENOFEE_TRY(const calendar::Period whole, calendar::make_period(begin, end));
  RENOFEE_TRY(const std::vector<weather::WeatherDay> days, deps.weather.days(*g.station, whole));
  std::vector<weather::WeatherDay> fill_days;
  if (g.fill_station) {
    RENOFEE_TRY(fill_days, deps.weather.days(*g.fill_station, whole));
  }
  std::vector<BaselineMonth> months;
  const int count = (request.last - request.first).count() + 1;
  for (int k = 0; k < count && missing.empty(); ++k) {
    const date::year_month month = request.first + date::months{k};
    const calendar::Date mb{month / date::day{1}}, me{(month + date::months{1}) / date::day{1}};
    RENOFEE_TRY(const calendar::Period period, calendar::make_period(mb, me));
    std::optional<weather::StationSeries> fill;
    if (g.fill_station) fill = weather::StationSeries{*g.fill_station, fill_days};
    RENOFEE_TRY(const weather::WeatherSummary summary,
                weather::summarise(weather::StationSeries{*g.station, days}, period, fill));
    Result<DegreeDays> wdd = weather::require_weighted_degree_days(summary);
    if (!wdd) {
      missing.push_back(wdd.error().message);
      break;
    }
    BaselineMonth m;
    m.month = month;
    m.days = calendar::days_between(mb, me);
    m.weighted_degree_days = *wdd;
    m.use = Decimal(0);
    for (const std::vector<metering::MonthUse>& uses : per_channel) {
      m.use += uses[static_cast<std::size_t>(k)].use.value;
      m.estimated = m.estimated || uses[static_cast<std::size_t>(k)].use.estimated();
    }
    months.push_back(m);
  }
  return months;
}

}  // namespace

Result<void> check_baseline_period(const quote::Offer& terms, calendar::Date begin, calendar::Date end) {
  const calendar::Date completed = quote::works_completed(terms);
  if (end <= completed) return {};
  const std::string which = terms.works_completed_date ? "works_completed_date"
                                                       : "the start date, as no "
                                                         "works_completed_date is given";
  return failed_precondition("the baseline period " + calendar::to_string(begin) + ".." +
                                 calendar::to_string(calendar::add_days(end, -1)) +
                                 " reaches past the completion of the works on " +
                                 calendar::to_string(completed) + " (" + which +
                                 "): a baseline must end before the works were completed",
                             "/months");
}

Result<BaselineOutcome> fit_contract_baseline(ReconcileDeps& deps, const BaselineRequest& request) {
  if (!request.first.ok() || !request.last.ok() || request.last < request.first) {
    return invalid_argument("the months must form a range (first <= last)", "/months");
  }
  const int count = (request.last - request.first).count() + 1;
  if (count < 12 || count > 120) {
    return out_of_range("a baseline needs 12..120 months of data, not " + std::to_string(count), "/months");
  }
  BaselineOutcome out;
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(request.contract_id));
  out.version = versions.back();
  RENOFEE_TRY(out.guarantee_index,
              savings_guarantee(out.version.offer.guarantees, request.guarantee_index, request.contract_id));
  RENOFEE_CHECK(check_baseline_period(out.version.offer, calendar::Date{request.first / date::day{1}},
                                      calendar::Date{(request.last + date::months{1}) / date::day{1}}));
  const guarantee::Guarantee& g = out.version.offer.guarantees[static_cast<std::size_t>(out.guarantee_index)];
  if (!g.station) return failed_precondition("the savings guarantee names no weather station");

  std::vector<std::string> missing;
  RENOFEE_TRY(const std::vector<std::vector<metering::MonthUse>> per_channel,
              monthly_use(deps, request, g, missing));
  RENOFEE_TRY(out.months, monthly_points(deps, request, g, per_channel, missing));
  if (!missing.empty()) {
    std::string text = "cannot fit a baseline for contract " + request.contract_id + "; missing: ";
    for (std::size_t i = 0; i < missing.size(); ++i)
      text += (i ? "; " : "") + missing[i];
    return failed_precondition(text, "/inputs");
  }
  std::vector<guarantee::BaselinePoint> points;
  for (const BaselineMonth& m : out.months)
    points.push_back(guarantee::BaselinePoint{m.days, m.weighted_degree_days, m.use});
  RENOFEE_TRY(out.fit, guarantee::fit_baseline(points));
  out.frozen = guarantee::freeze(out.fit);
  return out;
}

}  // namespace renofee::app
