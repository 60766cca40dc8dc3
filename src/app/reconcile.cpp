#include "renofee/app/reconcile.hpp"

#include "renofee/app/occupants.hpp"

#include <algorithm>
#include <map>

#include "renofee/app/daily_series.hpp"
#include "renofee/core/guarantee/evaluate.hpp"
#include "renofee/core/metering/consumption.hpp"
#include "renofee/core/weather/degree_days.hpp"

namespace renofee::app {
namespace {

using guarantee::Input;
using guarantee::YearInputs;

calendar::Instant local_midnight(calendar::Date day) {
  return calendar::local_day(day).begin;
}

calendar::Date last_day(const calendar::Period& p) {
  return calendar::add_days(p.end, -1);
}

// The readings a figure rests on, one line each (meter|channel|Unix seconds|value), hashed: the report's
// input hash for that channel.
std::string readings_digest(const std::vector<metering::Reading>& readings, const Sha256& sha256) {
  return sha256(readings_digest_text(readings));
}

std::string weather_digest(const std::vector<weather::WeatherDay>& days, const Sha256& sha256) {
  return sha256(weather_digest_text(days));
}

// ---- Where each guarantee input comes from: one table.
// Metered inputs name their channels (guarantee::set_metered types their sum into its YearInputs member); the
// others come from the weather or the tariff. The switch has no default, so a guarantee::Input added to the core without a row here does not
// compile (-Wswitch, -Werror): a new input is never mapped to another one by accident.
enum class From { meters, degree_days, irradiance, tariff, daily };
struct InputSource {
  From from = From::meters;
  std::vector<metering::Channel> channels;  // meters only
};

InputSource input_source_of(Input input) {
  using metering::Channel;
  switch (input) {
    case Input::electricity_import:
      return {From::meters, {Channel::import_t1, Channel::import_t2}};
    case Input::electricity_export:
      return {From::meters, {Channel::export_t1, Channel::export_t2}};
    case Input::gas:
      return {From::meters, {Channel::gas}};
    case Input::heat_pump:
      return {From::meters, {Channel::heat_pump}};
    case Input::pv_generation:
      return {From::meters, {Channel::pv_generation}};
    case Input::weighted_degree_days:
      return {From::degree_days, {}};
    case Input::irradiance:
      return {From::irradiance, {}};
    case Input::cbs_average_price:
      return {From::tariff, {}};
    case Input::reporting_days:
      return {From::daily, {}};
  }
  return {From::tariff, {}};  // not reached: the switch covers every Input
}

// ---- Gathering: everything one reconciliation needs, the report's inputs section, and what is missing.
struct Gathered {
  ReportInputs inputs;
  std::map<int, weather::WeatherSummary> summaries;  // by station (with its fill station)
  std::vector<std::string> missing;
};

// One channel over [t0, t1): whether it has readings, and their use or why they give none (a register running
// backwards, an end not covered).
struct ChannelRead {
  bool has_readings = false;
  std::optional<ChannelUse> use;
  std::string problem;  // when has_readings and no use
};

Result<ChannelRead> read_channel(ReconcileDeps& deps, const std::string& contract_id,
                                 metering::Channel channel, calendar::Instant t0, calendar::Instant t1) {
  RENOFEE_TRY(std::vector<metering::Reading> readings,
              channel_readings(deps.readings, contract_id, channel, t0, t1));
  if (readings.empty()) return ChannelRead{};
  readings = in_digest_order(std::move(readings));
  Result<metering::Use> use = metering::use_over(readings, channel, t0, t1);
  if (!use) {
    return ChannelRead{true, std::nullopt,
                       std::string(metering::to_string(channel)) + ": " + use.error().message};
  }
  const auto boundary = [](const metering::Boundary& b) {
    return ReportBoundary{b.at, b.meter_id, b.register_value, b.estimated};
  };
  return ChannelRead{
      true,
      ChannelUse{channel, static_cast<std::int64_t>(readings.size()), readings_digest(readings, deps.sha256),
                 use->value, use->meter_swaps, boundary(use->start), boundary(use->end)},
      ""};
}

// Metered use of one input over the period: the sum of its channels that have readings (a single-rate meter
// may report only T1); no channel with readings, or a channel not covering both ends, is missing data.
Result<void> gather_metered(ReconcileDeps& deps, const std::string& contract_id, Input input,
                            const InputSource& source, const calendar::Period& period, Gathered& g) {
  if (g.inputs.metered.count(input) > 0) return {};
  const calendar::Instant t0 = local_midnight(period.begin), t1 = local_midnight(period.end);
  MeteredInput metered{{}, MeteredTotal{Decimal(0), false}};
  int with_data = 0;
  std::vector<std::string> problems;
  for (metering::Channel channel : source.channels) {
    RENOFEE_TRY(ChannelRead read, read_channel(deps, contract_id, channel, t0, t1));
    if (!read.has_readings) continue;
    ++with_data;
    if (!read.use) {
      problems.push_back(std::move(read.problem));
      continue;
    }
    metered.total.value += read.use->use;
    metered.total.estimated = metered.total.estimated || read.use->estimated();
    metered.channels.push_back(std::move(*read.use));
  }
  const std::string name(guarantee::to_string(input));
  if (with_data == 0) {
    std::string names;
    for (metering::Channel channel : source.channels)
      names += (names.empty() ? "" : " or ") + std::string(metering::to_string(channel));
    g.missing.push_back(name + ": no readings of " + names);
  } else if (!problems.empty()) {
    for (const std::string& p : problems)
      g.missing.push_back(name + ": " + p);
  } else {
    g.inputs.metered.emplace(input, std::move(metered));
  }
  return {};
}

Result<void> gather_weather(ReconcileDeps& deps, int station, std::optional<int> fill_station,
                            const calendar::Period& period, Gathered& g) {
  if (g.summaries.count(station) > 0) return {};
  RENOFEE_TRY(const std::vector<weather::WeatherDay> days, deps.weather.days(station, period));
  std::vector<weather::WeatherDay> fill_days;
  if (fill_station) {
    RENOFEE_TRY(fill_days, deps.weather.days(*fill_station, period));
  }
  std::optional<weather::StationSeries> fill;
  if (fill_station) fill = weather::StationSeries{*fill_station, fill_days};
  RENOFEE_TRY(weather::WeatherSummary summary,
              weather::summarise(weather::StationSeries{station, days}, period, fill));
  WeatherInput w;
  w.station = station;
  w.fill_station = fill_station;
  w.days = static_cast<std::int64_t>(days.size());
  w.days_sha256 = weather_digest(days, deps.sha256);
  if (fill_station) w.fill_days_sha256 = weather_digest(fill_days, deps.sha256);
  w.filled_days = static_cast<std::int64_t>(summary.filled.size());
  w.weighted_degree_days = summary.weighted_degree_days;
  w.irradiance = summary.irradiance;
  g.inputs.weather.emplace(station, std::move(w));
  g.summaries.emplace(station, std::move(summary));
  return {};
}

std::string missing_days_text(std::string_view what, int station, const std::vector<calendar::Date>& days) {
  std::string text = std::string(what) + " at station " + std::to_string(station) + ": " +
                     std::to_string(days.size()) + " day(s) missing (";
  for (std::size_t i = 0; i < days.size() && i < 5; ++i)
    text += (i ? ", " : "") + calendar::to_string(days[i]);
  return text + (days.size() > 5 ? ", ...)" : ")");
}

// The weighted degree days or the irradiance of the guarantee's station over the period.
Result<void> gather_weather_input(ReconcileDeps& deps, const guarantee::Guarantee& gt, From from,
                                  const calendar::Period& period, YearInputs& in, Gathered& g) {
  if (!gt.station) {
    g.missing.push_back("weather: the guarantee names no station");
    return {};
  }
  { RENOFEE_CHECK(gather_weather(deps, *gt.station, gt.fill_station, period, g)); }
  const weather::WeatherSummary& s = g.summaries.at(*gt.station);
  if (from == From::degree_days) {
    if (s.weighted_degree_days) {
      in.weighted_degree_days = *s.weighted_degree_days;
    } else {
      g.missing.push_back(missing_days_text("temperature (TG)", *gt.station, s.missing_temperature_days));
    }
  } else if (s.irradiance) {
    in.irradiance = *s.irradiance;
  } else {
    g.missing.push_back(missing_days_text("radiation (Q)", *gt.station, s.missing_radiation_days));
  }
  return {};
}

// Every day's use and mean temperature (CalTRACK savings, app/daily_series.hpp), with the station's weather
// recorded in the report's inputs like any weather input. A reading history that cannot give daily use is
// missing data, listed with the rest.
Result<void> gather_daily(ReconcileDeps& deps, const std::string& contract_id, const guarantee::Guarantee& gt,
                          const calendar::Period& period, YearInputs& in, Gathered& g) {
  if (!gt.station) {
    g.missing.push_back("weather: the guarantee names no station");
    return {};
  }
  { RENOFEE_CHECK(gather_weather(deps, *gt.station, gt.fill_station, period, g)); }
  const bool gas = std::get<guarantee::SavingsTerms>(gt.terms).carrier == guarantee::SavingsCarrier::gas;
  const InputSource use = input_source_of(gas ? Input::gas : Input::electricity_import);
  Result<DailySeries> series = daily_series(deps.readings, deps.weather, contract_id, use.channels,
                                            *gt.station, gt.fill_station, period);
  if (!series) {
    g.missing.push_back("reporting_days: " + series.error().message);
    return {};
  }
  in.reporting_days = std::move(series->days);
  return {};
}

// The CBS average electricity price of the tariff year of the settled period's calendar year.
Result<void> gather_tariff(ReconcileDeps& deps, const calendar::Period& period, YearInputs& in, Gathered& g) {
  const int calendar_year = static_cast<int>(period.begin.year());
  const std::string id = "nl-" + std::to_string(calendar_year);
  Result<tariffs::TariffYear> tariff = deps.tariffs.tariff_year(id);
  if (!tariff) {
    if (tariff.error().code != ErrorCode::not_found) return tariff.error();
    g.missing.push_back("tariff: no tariff year " + id + " (the CBS average electricity price of " +
                        std::to_string(calendar_year) + ")");
    return {};
  }
  in.cbs_average_price = tariff->electricity.cbs_average_price;
  g.inputs.tariff = TariffInput{tariff->id, tariff->electricity.cbs_average_price};
  return {};
}

Result<YearInputs> inputs_for(ReconcileDeps& deps, const std::string& contract_id, const quote::Offer& offer,
                              const guarantee::Guarantee& gt, const SettledYear& year, Gathered& g) {
  YearInputs in;
  in.year_index = year.index;
  in.period = year.period;
  in.dwelling_type = offer.dwelling.type;
  in.floor_area_m2 = offer.dwelling.floor_area_m2;
  if (year.index > gt.term_years) return in;  // term ended: nothing needed
  for (Input input : guarantee::required_inputs(gt)) {
    const InputSource source = input_source_of(input);
    switch (source.from) {
      case From::meters: {
        RENOFEE_CHECK(gather_metered(deps, contract_id, input, source, year.period, g));
        const auto it = g.inputs.metered.find(input);
        if (it != g.inputs.metered.end()) {
          guarantee::set_metered(in, input, it->second.total.value, it->second.total.estimated);
        }
        break;
      }
      case From::degree_days:
      case From::irradiance: {
        RENOFEE_CHECK(gather_weather_input(deps, gt, source.from, year.period, in, g));
        break;
      }
      case From::tariff: {
        RENOFEE_CHECK(gather_tariff(deps, year.period, in, g));
        break;
      }
      case From::daily: {
        RENOFEE_CHECK(gather_daily(deps, contract_id, gt, year.period, in, g));
        break;
      }
    }
  }
  return in;
}

// ---- The year, the contract version, the inputs, the evaluation, the report value.
struct Opened {
  SettledYear year;
  ContractVersion version;
};

// The settled year (over by `today`) and the contract version in effect on its first day, with guarantees.
Result<Opened> open_year(ReconcileDeps& deps, const ReconcileRequest& request) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(request.contract_id));
  RENOFEE_TRY(const SettledYear year, settled_year(versions.front().offer, request.year));
  if (request.today < year.period.end) {
    return failed_precondition("year " + std::to_string(request.year) + " of contract " +
                                   request.contract_id + " (" + calendar::to_string(year.period) +
                                   ") is not over: it can be reconciled from " +
                                   calendar::to_string(year.period.end),
                               "/year");
  }
  RENOFEE_TRY(ContractVersion version, version_in_effect(versions, year.period.begin));
  if (version.offer.guarantees.empty()) {
    return failed_precondition("contract " + request.contract_id + " (version " +
                               std::to_string(version.version) +
                               ") carries no guarantee: there is nothing to reconcile");
  }
  return Opened{year, std::move(version)};
}

// Gathers every guarantee's inputs; failed_precondition listing everything missing.
Result<std::vector<YearInputs>> gather_inputs(ReconcileDeps& deps, const ReconcileRequest& request,
                                              const Opened& opened, Gathered& g) {
  std::vector<YearInputs> inputs;
  for (const guarantee::Guarantee& gt : opened.version.offer.guarantees) {
    RENOFEE_TRY(YearInputs in,
                inputs_for(deps, request.contract_id, opened.version.offer, gt, opened.year, g));
    inputs.push_back(std::move(in));
  }
  if (!g.missing.empty()) {
    std::string text = "cannot reconcile year " + std::to_string(request.year) + " of contract " +
                       request.contract_id + " (" + calendar::to_string(opened.year.period) + "); missing: ";
    for (std::size_t i = 0; i < g.missing.size(); ++i)
      text += (i ? "; " : "") + g.missing[i];
    return failed_precondition(text + ". Nothing was stored or posted.", "/inputs");
  }
  return inputs;
}

// An evaluation error with its field under the guarantee it concerns: the core names the terms it refuses
// with the guarantee's index already ("/guarantees/0/baseline") and its missing inputs without it
// ("/inputs/heat_pump"), so only the latter get the prefix (not "/guarantees/0/guarantees/0/baseline").
Error scoped_to_guarantee(const Error& error, std::size_t index) {
  const std::string prefix = "/guarantees/" + std::to_string(index);
  if (error.field == prefix || error.field.starts_with(prefix + "/")) return error;
  return error.at(prefix);
}

Result<guarantee::Settlement> evaluate_all(const std::vector<guarantee::Guarantee>& guarantees,
                                           const std::vector<YearInputs>& inputs) {
  std::vector<guarantee::GuaranteeResult> results;
  for (std::size_t i = 0; i < guarantees.size(); ++i) {
    Result<guarantee::GuaranteeResult> r = guarantee::evaluate(guarantees[i], static_cast<int>(i), inputs[i]);
    if (!r) return scoped_to_guarantee(r.error(), i);
    results.push_back(std::move(r).value());
  }
  return guarantee::settle(std::move(results));
}

// The report value (version 1 until the version is decided).
ReconciliationReport build_report(const ReconcileRequest& request, const Opened& opened, ReportInputs inputs,
                                  const guarantee::Settlement& settlement) {
  ReconciliationReport report;
  const ContractVersion& v = opened.version;
  report.contract = ReportContract{request.contract_id, v.version, v.sha256, v.effective_date};
  report.year = ReportYear{request.year, opened.year.calendar_year, opened.year.index, opened.year.period};
  report.inputs = std::move(inputs);
  for (std::size_t i = 0; i < settlement.results.size(); ++i) {
    const guarantee::Guarantee& gt = v.offer.guarantees[i];
    report.guarantees.push_back(
        ReportGuarantee{gt.term_years, gt.deadband, gt.yearly_cap, settlement.results[i]});
  }
  report.settlement =
      ReportSettlement{settlement.gross_compensation,
                       settlement.netting_offset,
                       settlement.compensation,
                       settlement.excess_charge,
                       settlement.rule,
                       std::any_of(settlement.results.begin(), settlement.results.end(),
                                   [](const guarantee::GuaranteeResult& r) { return r.estimated; })};
  return report;
}

// ---- Postings: a report's credit and charge, and the reversal of a replaced version's.
// A year that more than one occupant lived in is shared by days (core/finance/occupancy.hpp split_by_days): one
// entry per occupant, keyed "<kind>:<year>:v<version>:o<occupant>" and dated on their last day in the year, so
// each occupant's statement holds their part. A year of one occupant keeps the plain key.
void add_postings(std::vector<NewEntry>& out, EntryKind kind, const Money& amount, const std::string& key,
                  const std::string& reference, const calendar::Period& period,
                  std::span<const finance::OccupantPeriod> occupants) {
  const std::vector<finance::OccupantShare> shares = finance::split_by_days(amount, period, occupants);
  for (const finance::OccupantShare& share : shares) {
    const bool whole = shares.size() == 1 && share.days == period;
    NewEntry e{kind, last_day(whole ? period : share.days), share.amount,
               whole ? key : key + ":o" + std::to_string(share.occupant),
               whole ? reference
                     : reference + ", occupant " + std::to_string(share.occupant) +
                           "'s part: " + std::to_string(share.days.days()) + " of " +
                           std::to_string(period.days()) + " days"};
    e.occupant = share.occupant;
    out.push_back(std::move(e));
  }
}

std::vector<NewEntry> postings_of(const StoredReport& r, const calendar::Period& period,
                                  std::span<const finance::OccupantPeriod> occupants) {
  std::vector<NewEntry> out;
  const std::string tag = std::to_string(r.year) + ":v" + std::to_string(r.version);
  const std::string reference =
      "report " + std::to_string(r.year) + " v" + std::to_string(r.version) + " sha256:" + r.sha256;
  if (!r.compensation.is_zero()) {
    add_postings(out, EntryKind::compensation, -r.compensation, "compensation:" + tag,
                 "compensation, " + reference, period, occupants);
  }
  if (!r.excess_charge.is_zero()) {
    add_postings(out, EntryKind::excess_share, r.excess_charge, "excess_share:" + tag,
                 "excess sharing, " + reference, period, occupants);
  }
  return out;
}

std::vector<NewEntry> reversals_of(const StoredReport& r, const calendar::Period& period,
                                   std::span<const finance::OccupantPeriod> occupants,
                                   const StoredReport& corrected_by) {
  std::vector<NewEntry> out;
  for (NewEntry e : postings_of(r, period, occupants)) {
    e.amount = -e.amount;
    e.posting_key = "reversal:" + e.posting_key;
    e.reference = "reversal of " + e.reference + ", corrected by v" + std::to_string(corrected_by.version) +
                  ": " + corrected_by.reason;
    e.kind = EntryKind::reversal;
    out.push_back(std::move(e));
  }
  return out;
}

// The postings of storing `report`: the reversals of the latest stored version, then its own.
std::vector<NewEntry> postings_for(const std::vector<StoredReport>& stored, const StoredReport& report,
                                   const calendar::Period& period,
                                   std::span<const finance::OccupantPeriod> occupants) {
  std::vector<NewEntry> postings;
  if (!stored.empty()) postings = reversals_of(stored.back(), period, occupants, report);
  for (NewEntry& e : postings_of(report, period, occupants))
    postings.push_back(std::move(e));
  return postings;
}

// The row a report is stored as.
Result<StoredReport> stored_report(ReconcileDeps& deps, const ReconcileRequest& request,
                                   const ReconciliationReport& report) {
  StoredReport out;
  RENOFEE_TRY(out.report_json, report_json(report));
  out.contract_id = request.contract_id;
  out.year = request.year;
  out.version = report.version.number;
  out.replaces = report.version.replaces;
  out.reason = report.version.reason;
  out.sha256 = deps.sha256(out.report_json);
  out.contract_version = report.contract.version;
  out.compensation = report.settlement.compensation;
  out.excess_charge = report.settlement.excess_charge;
  out.created_at = request.now;
  out.created_by = request.actor;
  return out;
}

// Stores the report with its postings. Another process storing the same version with the same bytes
// meanwhile is the same report: unchanged.
Result<void> store(ReconcileDeps& deps, const ReconcileRequest& request,
                   const std::vector<StoredReport>& stored, const calendar::Period& period,
                   ReconcileOutcome& outcome) {
  RENOFEE_TRY(const std::vector<finance::OccupantPeriod> occupants,
              contract_occupants(deps.contracts, request.contract_id));
  const std::vector<NewEntry> postings = postings_for(stored, outcome.report, period, occupants);
  Result<AppendOutcome> appended = deps.reports.store_report(outcome.report, postings);
  if (appended) {
    outcome.stored = ReconcileOutcome::Stored::stored;
    outcome.postings = std::move(appended->appended);
    return {};
  }
  if (appended.error().code != ErrorCode::already_exists) return appended.error();
  RENOFEE_TRY(const std::vector<StoredReport> now_stored,
              deps.reports.report_versions(request.contract_id, request.year));
  for (const StoredReport& r : now_stored) {
    if (r.version == outcome.report.version && r.sha256 == outcome.report.sha256) {
      outcome.report = r;
      outcome.stored = ReconcileOutcome::Stored::unchanged;
      return {};
    }
  }
  return appended.error();
}

}  // namespace

std::string readings_digest_text(const std::vector<metering::Reading>& readings) {
  std::string text;
  for (const metering::Reading& r : readings) {
    text += r.meter_id;
    text += '|';
    text += metering::to_string(r.channel);
    text += '|';
    text += std::to_string(r.at.time_since_epoch().count());
    text += '|';
    text += r.value.to_string();
    text += '\n';
  }
  return text;
}

std::string weather_digest_text(const std::vector<weather::WeatherDay>& days) {
  std::string text;
  text.reserve(days.size() * 24);
  for (const weather::WeatherDay& d : days) {
    const int yyyymmdd = static_cast<int>(d.day.year()) * 10000 +
                         static_cast<int>(unsigned(d.day.month())) * 100 +
                         static_cast<int>(unsigned(d.day.day()));
    text += std::to_string(d.station);
    text += '|';
    text += std::to_string(yyyymmdd);
    text += '|';
    if (d.mean_temperature_01c) text += std::to_string(*d.mean_temperature_01c);
    text += '|';
    if (d.global_radiation_j_cm2) text += std::to_string(*d.global_radiation_j_cm2);
    text += '\n';
  }
  return text;
}

std::vector<metering::Reading> in_digest_order(std::vector<metering::Reading> readings) {
  // Stores return rows in any order (PostgreSQL's differs from SQLite's after an update): the digest is over
  // readings in time order, meter id breaking ties, so the report is the same bytes on every backend.
  std::sort(readings.begin(), readings.end(), [](const metering::Reading& a, const metering::Reading& b) {
    return a.at != b.at ? a.at < b.at : a.meter_id < b.meter_id;
  });
  return readings;
}

Result<SettledYear> settled_year(const quote::Offer& offer, int year) {
  SettledYear s;
  s.year = year;
  s.calendar_year = offer.settlement_year == quote::SettlementYear::calendar;
  const calendar::Date start = offer.start_date;
  if (!s.calendar_year) {
    if (year < 1 || year > 100) {
      return out_of_range("contract " + offer.id +
                              " settles per contract year: the year is the contract-year "
                              "number 1, 2, ... (year 1 = " +
                              calendar::to_string(calendar::contract_year(start, 0)) + "), not " +
                              std::to_string(year),
                          "/year");
    }
    s.index = year;
    s.period = calendar::contract_year(start, year - 1);
    return s;
  }
  const int start_year = static_cast<int>(start.year());
  const bool starts_on_new_year = start.month() == date::January && start.day() == date::day{1};
  const int first = starts_on_new_year ? start_year : start_year + 1;
  if (year < first || year > first + 99) {
    return out_of_range("contract " + offer.id + " settles per calendar year from " + std::to_string(first) +
                            " (the first calendar year it covers entirely; it starts " +
                            calendar::to_string(start) + "), not " + std::to_string(year),
                        "/year");
  }
  s.index = year - first + 1;
  s.period = calendar::calendar_year(year);
  return s;
}

Result<std::vector<SettledPeriod>> settled_periods(ContractStore& contracts, ReportStore& reports,
                                                   std::string_view contract_id) {
  RENOFEE_TRY(const std::vector<StoredReport> stored, reports.contract_reports(contract_id));
  std::vector<SettledPeriod> out;
  if (stored.empty()) return out;
  RENOFEE_TRY(const std::vector<ContractVersion> versions, contracts.versions(contract_id));
  if (versions.empty()) return out;
  // Reports come by year then version: the last one of each year is the one in force.
  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (i + 1 < stored.size() && stored[i + 1].year == stored[i].year) continue;
    RENOFEE_TRY(const SettledYear year, settled_year(versions.front().offer, stored[i].year));
    out.push_back(SettledPeriod{stored[i].year, stored[i].version, local_midnight(year.period.begin),
                                local_midnight(year.period.end)});
  }
  return out;
}

Result<VersionDecision> decide_version(const ReconcileRequest& request,
                                       const std::vector<StoredReport>& stored,
                                       std::string_view sha256_as_latest) {
  VersionDecision decision;
  if (!stored.empty()) {
    const StoredReport& latest = stored.back();
    if (sha256_as_latest == latest.sha256) {
      return VersionDecision{true, ReportVersion{latest.version, latest.replaces, latest.reason}};
    }
    if (request.correction_reason) {
      decision.version = ReportVersion{latest.version + 1, latest.version, *request.correction_reason};
    } else if (request.dry_run) {
      decision.version = ReportVersion{latest.version + 1, latest.version, "(dry run of a correction)"};
    } else {
      return failed_precondition("the year " + std::to_string(request.year) + " report of contract " +
                                 request.contract_id + " exists (version " + std::to_string(latest.version) +
                                 ", sha256 " + latest.sha256.substr(0, 16) +
                                 "...) and today's inputs give a different result (sha256 " +
                                 std::string(sha256_as_latest.substr(0, 16)) +
                                 "...): store a correction with a reason, or leave it as it is");
    }
  } else if (request.correction_reason) {
    return failed_precondition("there is no report of year " + std::to_string(request.year) +
                               " of contract " + request.contract_id + " to correct");
  }
  if (request.correction_reason &&
      (request.correction_reason->empty() || request.correction_reason->size() > 500)) {
    return invalid_argument("a correction needs a reason of 1..500 characters", "/reason");
  }
  return decision;
}

namespace {

// A refusal because the inputs changed since settlement, with the uploads marked against the settled version
// (ingest_readings: data that arrived for the settled year): which, when, and how many readings in the year.
Error name_late_uploads(ReconcileDeps& deps, const ReconcileRequest& request,
                        const std::vector<StoredReport>& stored, Error refusal) {
  if (stored.empty() || refusal.code != ErrorCode::failed_precondition) return refusal;
  Result<std::vector<LateUpload>> late = deps.readings.late_uploads(request.contract_id, request.year);
  if (!late) return late.error();
  std::string text;
  for (const LateUpload& mark : *late) {
    if (mark.report_version != stored.back().version) continue;
    text += (text.empty() ? "" : "; ") + std::string("upload ") + std::to_string(mark.upload_id) +
            " received " + date::format("%FT%TZ", mark.received_at) + " with " +
            std::to_string(mark.readings) + " reading(s) in the year";
  }
  if (!text.empty()) refusal.message += ". Inputs changed since settlement: " + text;
  return refusal;
}

}  // namespace

Result<ReconcileOutcome> reconcile(ReconcileDeps& deps, const ReconcileRequest& request) {
  RENOFEE_TRY(const Opened opened, open_year(deps, request));
  Gathered g;
  RENOFEE_TRY(const std::vector<YearInputs> inputs, gather_inputs(deps, request, opened, g));
  ReconcileOutcome outcome;
  RENOFEE_TRY(outcome.settlement, evaluate_all(opened.version.offer.guarantees, inputs));
  outcome.document = build_report(request, opened, std::move(g.inputs), outcome.settlement);

  RENOFEE_TRY(const std::vector<StoredReport> stored,
              deps.reports.report_versions(request.contract_id, request.year));
  std::string sha256_as_latest;
  if (!stored.empty()) {
    const StoredReport& latest = stored.back();
    outcome.document.version = ReportVersion{latest.version, latest.replaces, latest.reason};
    RENOFEE_TRY(const std::string bytes, report_json(outcome.document));
    sha256_as_latest = deps.sha256(bytes);
  }
  Result<VersionDecision> decided = decide_version(request, stored, sha256_as_latest);
  if (!decided) return name_late_uploads(deps, request, stored, decided.error());
  const VersionDecision decision = *decided;
  outcome.document.version = decision.version;
  if (decision.unchanged) {
    outcome.report = stored.back();
    outcome.stored =
        request.dry_run ? ReconcileOutcome::Stored::dry_run : ReconcileOutcome::Stored::unchanged;
    return outcome;
  }
  RENOFEE_TRY(outcome.report, stored_report(deps, request, outcome.document));
  if (request.dry_run) return outcome;
  { RENOFEE_CHECK(store(deps, request, stored, opened.year.period, outcome)); }
  return outcome;
}

// The value date of the contract's payoff entry (app/payoff.hpp `post_payoff`), or nullopt.
Result<std::optional<calendar::Date>> repaid_on(LedgerStore& ledger, std::string_view contract_id) {
  RENOFEE_TRY(const std::vector<LedgerEntry> entries, ledger.entries(contract_id));
  for (const LedgerEntry& e : entries) {
    if (e.entry.kind == EntryKind::payoff) return std::optional<calendar::Date>(e.entry.value_date);
  }
  return std::optional<calendar::Date>();
}

Result<std::vector<DueFee>> due_fees(ReconcileDeps& deps, std::string_view contract_id,
                                     calendar::Date through) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(contract_id));
  RENOFEE_TRY(const std::optional<calendar::Date> repaid, repaid_on(deps.ledger, contract_id));
  RENOFEE_TRY(const std::vector<finance::OccupantChange> changes,
              deps.contracts.occupant_changes(contract_id));
  // A sale without takeover ends the contract: no fee falls due from its date (app/occupants.hpp).
  std::optional<calendar::Date> ended;
  if (!changes.empty() && changes.back().event == finance::OccupantEvent::sale_payoff)
    ended = changes.back().on;
  std::map<int, finance::Schedule> schedules;  // by version, built on first use
  std::vector<DueFee> due;
  const quote::Offer& first = versions.front().offer;
  const int months = first.financing.term_months;
  for (int k = 0; k < months; ++k) {
    const calendar::Date due_date = calendar::contract_month(first.start_date, k).begin;
    if (through < due_date || (ended && !(due_date < *ended))) break;
    RENOFEE_TRY(const ContractVersion v, version_in_effect(versions, due_date));
    auto it = schedules.find(v.version);
    if (it == schedules.end()) {
      RENOFEE_TRY(finance::Schedule schedule, schedule_offer(v.offer, deps.tariffs));
      it = schedules.emplace(v.version, std::move(schedule)).first;
    }
    if (static_cast<std::size_t>(k) >= it->second.rows.size()) break;  // an amended, shorter term
    const finance::ScheduleRow& row = it->second.rows[static_cast<std::size_t>(k)];
    if (!repaid || !(*repaid < row.due_date)) {
      due.push_back(DueFee{row.month, row.due_date, row.total, false});
      continue;
    }
    // After an early repayment only the service fee is due (within the EPV cap), unless the terms end it.
    const Money service = row.service_fee < row.total ? row.service_fee : row.total;
    if (!v.offer.service_fee.ends_at_payoff && Money{} < service)
      due.push_back(DueFee{row.month, row.due_date, service, true});
  }
  return due;
}

Result<AppendOutcome> post_due_fees(ReconcileDeps& deps, std::string_view contract_id, calendar::Date through,
                                    calendar::Instant now) {
  RENOFEE_TRY(const std::vector<DueFee> due, due_fees(deps, contract_id, through));
  const std::vector<NewEntry> entries = fee_entries(due, through);
  return deps.ledger.append(contract_id, entries, now);
}

Result<void> check_fee_posting_day(calendar::Date through, calendar::Date today) {
  if (today < through)
    return invalid_argument("through " + calendar::to_string(through) + " is after today (" +
                                calendar::to_string(today) + "): fees fall due on their due date",
                            "/through");
  return success();
}

Result<StatementOutcome> yearly_statement(ReconcileDeps& deps, std::string_view contract_id, int year,
                                          calendar::Date today) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(contract_id));
  StatementOutcome out;
  RENOFEE_TRY(out.year, settled_year(versions.front().offer, year));
  out.year_complete = !(today < out.year.period.end);
  RENOFEE_TRY(const std::vector<LedgerEntry> entries, deps.ledger.entries(contract_id));
  RENOFEE_TRY(const std::vector<LedgerHead> heads, deps.ledger.heads());
  LedgerHead head{std::string(contract_id), 0, genesis_hash};
  for (const LedgerHead& h : heads) {
    if (h.contract_id == contract_id) head = h;
  }
  out.statement = make_statement(contract_id, out.year.period, entries, head);
  RENOFEE_TRY(out.reports, deps.reports.report_versions(contract_id, year));
  return out;
}

}  // namespace renofee::app
