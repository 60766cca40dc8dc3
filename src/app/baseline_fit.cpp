#include "renofee/app/baseline_fit.hpp"

#include <cmath>
#include <limits>

#include "renofee/app/daily_series.hpp"
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

// A CalTRACK design row over [begin, end) local days from the daily series days [from, to).
savings::DesignRow design_row(const std::vector<guarantee::ReportingDay>& days, std::size_t from,
                              std::size_t to) {
  savings::DesignRow row;
  row.start = calendar::local_day(days[from].day).begin;
  row.end = calendar::local_day(days[to - 1].day).end;
  row.days_total = static_cast<int>(to - from);
  row.days = row.days_total;
  row.hours = 24 * row.days_total;
  Decimal use;
  bool use_known = true;
  for (std::size_t i = from; i < to; ++i) {
    const guarantee::ReportingDay& day = days[i];
    if (day.use) {
      use += *day.use;
    } else {
      use_known = false;
    }
    if (day.mean_temperature_01c) {
      row.day_temperatures.push_back(*day.mean_temperature_01c / 10.0);
      ++row.days_kept;
      row.hours_valued += 24;
    }
  }
  row.use = use_known ? use.to_double_for_display() : std::numeric_limits<double>::quiet_NaN();
  if (!use_known) {
    row.excluded = savings::Exclusion::no_use;
  } else if (row.days_kept == 0) {
    row.excluded = savings::Exclusion::no_temperature;
  } else if (row.hours_valued < 0.9 * row.hours) {
    row.excluded = savings::Exclusion::temperature_coverage;
  }
  return row;
}

// Daily rows, or one row per local month (billing), of the series.
std::vector<savings::DesignRow> daily_design_rows(const std::vector<guarantee::ReportingDay>& days,
                                                  bool billing) {
  std::vector<savings::DesignRow> rows;
  std::size_t from = 0;
  for (std::size_t i = 1; i <= days.size(); ++i) {
    const bool cut = !billing || i == days.size() || days[i].day.year() != days[from].day.year() ||
                     days[i].day.month() != days[from].day.month();
    if (!cut) continue;
    rows.push_back(design_row(days, from, i));
    from = i;
  }
  return rows;
}

Result<BaselineOutcome> fit_caltrack(ReconcileDeps& deps, const BaselineRequest& request,
                                     BaselineOutcome out) {
  const guarantee::Guarantee& g = out.version.offer.guarantees[static_cast<std::size_t>(out.guarantee_index)];
  RENOFEE_TRY(const calendar::Period window, calendar::make_period(request.begin, request.end));
  if (window.days() > 3660) return out_of_range("a CalTRACK baseline window is at most 10 years", "/end");
  const bool billing = request.model == BaselineModelKind::caltrack_billing;
  const bool electricity =
      std::get<guarantee::SavingsTerms>(g.terms).carrier == guarantee::SavingsCarrier::electricity;
  RENOFEE_TRY(const DailySeries series,
              daily_series(deps.readings, deps.weather, request.contract_id, carrier_channels(g), *g.station,
                           g.fill_station, window));
  CaltrackFitOutcome fit;
  fit.filled_days = series.filled_days;
  fit.rows = daily_design_rows(series.days, billing);
  const savings::Settings settings =
      savings::native_settings(billing ? savings::Form::billing : savings::Form::daily, electricity);
  fit.sufficiency = savings::sufficiency(fit.rows, calendar::local_day(window.begin).begin,
                                         calendar::local_day(window.end).begin);
  RENOFEE_TRY(fit.model, savings::fit(fit.rows, settings));
  if (fit.model.best) {
    RENOFEE_TRY(fit.frozen, guarantee::freeze_caltrack(fit.model, settings, window.begin, window.end));
  }
  out.caltrack = std::move(fit);
  return out;
}

}  // namespace

Result<BaselineModelKind> parse_baseline_model(std::string_view text) {
  if (text == "monthly_ols") return BaselineModelKind::monthly_ols;
  if (text == "caltrack_daily") return BaselineModelKind::caltrack_daily;
  if (text == "caltrack_billing") return BaselineModelKind::caltrack_billing;
  return invalid_argument("unknown baseline model \"" + std::string(text) +
                              "\" (expected monthly_ols, caltrack_daily or caltrack_billing)",
                          "/model");
}

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

namespace {

// What every baseline fit starts from, whatever its model: the latest contract version, the savings
// guarantee, the period checked against the works (check_baseline_period, before any reading is read) and a
// weather station.
Result<BaselineOutcome> open_baseline(ReconcileDeps& deps, const BaselineRequest& request,
                                      calendar::Date begin, calendar::Date end) {
  BaselineOutcome out;
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(request.contract_id));
  out.version = versions.back();
  RENOFEE_TRY(out.guarantee_index,
              savings_guarantee(out.version.offer.guarantees, request.guarantee_index, request.contract_id));
  RENOFEE_CHECK(check_baseline_period(out.version.offer, begin, end));
  if (!out.version.offer.guarantees[static_cast<std::size_t>(out.guarantee_index)].station)
    return failed_precondition("the savings guarantee names no weather station");
  return out;
}

}  // namespace

Result<BaselineOutcome> fit_contract_baseline(ReconcileDeps& deps, const BaselineRequest& request) {
  if (request.model != BaselineModelKind::monthly_ols) {
    RENOFEE_TRY(BaselineOutcome out, open_baseline(deps, request, request.begin, request.end));
    return fit_caltrack(deps, request, std::move(out));
  }
  if (!request.first.ok() || !request.last.ok() || request.last < request.first) {
    return invalid_argument("the months must form a range (first <= last)", "/months");
  }
  const int count = (request.last - request.first).count() + 1;
  if (count < 12 || count > 120) {
    return out_of_range("a baseline needs 12..120 months of data, not " + std::to_string(count), "/months");
  }
  RENOFEE_TRY(BaselineOutcome out,
              open_baseline(deps, request, calendar::Date{request.first / date::day{1}},
                            calendar::Date{(request.last + date::months{1}) / date::day{1}}));
  const guarantee::Guarantee& g = out.version.offer.guarantees[static_cast<std::size_t>(out.guarantee_index)];

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
