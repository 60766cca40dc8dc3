#include "renofee/app/baseline_fit.hpp"

#include "renofee/core/metering/consumption.hpp"
#include "renofee/core/weather/degree_days.hpp"

namespace renofee::app {

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
  const std::vector<guarantee::Guarantee>& guarantees = out.version.offer.guarantees;
  int index = request.guarantee_index;
  if (index < 0) {
    for (std::size_t i = 0; i < guarantees.size() && index < 0; ++i) {
      if (guarantees[i].kind == guarantee::Kind::savings) index = static_cast<int>(i);
    }
    if (index < 0)
      return failed_precondition("contract " + request.contract_id + " has no savings guarantee");
  }
  if (static_cast<std::size_t>(index) >= guarantees.size() ||
      guarantees[static_cast<std::size_t>(index)].kind != guarantee::Kind::savings) {
    return invalid_argument("guarantee " + std::to_string(index) + " of contract " + request.contract_id +
                                " is not a savings guarantee",
                            "/guarantee");
  }
  out.guarantee_index = index;
  const guarantee::Guarantee& g = guarantees[static_cast<std::size_t>(index)];
  const auto& terms = std::get<guarantee::SavingsTerms>(g.terms);
  if (!g.station) return failed_precondition("the savings guarantee names no weather station");
  const std::vector<metering::Channel> channels =
      terms.carrier == guarantee::SavingsCarrier::gas
          ? std::vector<metering::Channel>{metering::Channel::gas}
          : std::vector<metering::Channel>{metering::Channel::import_t1, metering::Channel::import_t2};

  const calendar::Date begin{request.first / date::day{1}};
  const calendar::Date end{(request.last + date::months{1}) / date::day{1}};
  RENOFEE_TRY(const calendar::Period whole, calendar::make_period(begin, end));
  const calendar::Instant t0 = calendar::local_day(begin).begin, t1 = calendar::local_day(end).begin;
  std::vector<std::vector<metering::MonthUse>> per_channel;
  std::vector<std::string> missing;
  for (metering::Channel channel : channels) {
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
  RENOFEE_TRY(const std::vector<weather::WeatherDay> days, deps.weather.days(*g.station, whole));
  std::vector<weather::WeatherDay> fill_days;
  if (g.fill_station) {
    RENOFEE_TRY(fill_days, deps.weather.days(*g.fill_station, whole));
  }
  std::vector<guarantee::BaselinePoint> points;
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
    points.push_back(guarantee::BaselinePoint{m.days, m.weighted_degree_days, m.use});
    out.months.push_back(m);
  }
  if (!missing.empty()) {
    std::string text = "cannot fit a baseline for contract " + request.contract_id + "; missing: ";
    for (std::size_t i = 0; i < missing.size(); ++i)
      text += (i ? "; " : "") + missing[i];
    return failed_precondition(text, "/inputs");
  }
  RENOFEE_TRY(out.fit, guarantee::fit_baseline(points));
  out.frozen = guarantee::freeze(out.fit);
  return out;
}

}  // namespace renofee::app
