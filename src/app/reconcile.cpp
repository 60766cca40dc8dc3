#include "renofee/app/reconcile.hpp"

#include <algorithm>
#include <map>

#include "renofee/core/guarantee/evaluate.hpp"
#include "renofee/core/metering/consumption.hpp"
#include "renofee/core/weather/degree_days.hpp"

namespace renofee::app {
namespace {

using guarantee::Input;

// Metered use of one input summed over its channels, in the channel's unit (kWh or m3); typed when it goes
// into the guarantee's YearInputs.
struct MeteredUse {
  Decimal value;
  bool estimated = false;
};

std::string money_text(const Money& m) {
  return m.value().round(2, Rounding::half_even).to_string();
}

calendar::Instant local_midnight(calendar::Date day) {
  return calendar::local_day(day).begin;
}

Json boundary_json(const metering::Boundary& b) {
  Json o = Json::object();
  o.set("at", metering::to_iso(b.at));
  o.set("meter_id", b.meter_id);
  o.set("register", b.register_value);
  o.set("estimated", b.estimated);
  return o;
}

// The readings a figure rests on, one line each (meter|channel|Unix seconds|value), hashed: the report's
// input hash for that channel.
std::string readings_digest(const std::vector<metering::Reading>& readings, const Sha256& sha256) {
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
  return sha256(text);
}

// The weather days, one line each (station|YYYYMMDD|TG|Q, blank when missing), hashed.
std::string weather_digest(const std::vector<weather::WeatherDay>& days, const Sha256& sha256) {
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
  return sha256(text);
}

// Everything gathered for one reconciliation: values by input, their report sections, and what is missing.
struct Gathered {
  std::map<Input, MeteredUse> metered;
  std::map<int, weather::WeatherSummary> weather;  // by station (with its fill station)
  std::optional<EurPerKwh> cbs_price;
  Json metered_json = Json::object();
  Json weather_json = Json::object();
  Json tariff_json;  // null unless a tariff was needed
  std::vector<std::string> missing;
};

std::vector<metering::Channel> channels_of(Input input) {
  using metering::Channel;
  switch (input) {
    case Input::electricity_import:
      return {Channel::import_t1, Channel::import_t2};
    case Input::electricity_export:
      return {Channel::export_t1, Channel::export_t2};
    case Input::gas:
      return {Channel::gas};
    case Input::heat_pump:
      return {Channel::heat_pump};
    case Input::pv_generation:
      return {Channel::pv_generation};
    default:
      return {};
  }
}

// Metered use of one input over the period: the sum of its channels that have readings (a single-rate meter
// may report only T1); no channel with readings, or a channel not covering both ends, is missing data.
Result<void> gather_metered(ReconcileDeps& deps, const std::string& contract_id, Input input,
                            const calendar::Period& period, Gathered& g) {
  if (g.metered.count(input) > 0) return {};
  const calendar::Instant t0 = local_midnight(period.begin), t1 = local_midnight(period.end);
  Json section = Json::object();
  Json channels = Json::array();
  MeteredUse total{Decimal(0), false};
  int with_data = 0;
  std::vector<std::string> problems;
  for (metering::Channel channel : channels_of(input)) {
    RENOFEE_TRY(std::vector<metering::Reading> readings,
                channel_readings(deps.readings, contract_id, channel, t0, t1));
    if (readings.empty()) continue;
    // Stores return rows in any order (PostgreSQL's differs from SQLite's after an update): the digest is
    // over readings in time order, meter id breaking ties, so the report is the same bytes on every backend.
    std::sort(readings.begin(), readings.end(), [](const metering::Reading& a, const metering::Reading& b) {
      return a.at != b.at ? a.at < b.at : a.meter_id < b.meter_id;
    });
    ++with_data;
    Result<metering::Use> use = metering::use_over(readings, channel, t0, t1);
    if (!use) {
      problems.push_back(std::string(metering::to_string(channel)) + ": " + use.error().message);
      continue;
    }
    Json c = Json::object();
    c.set("channel", metering::to_string(channel));
    c.set("readings", static_cast<std::int64_t>(readings.size()));
    c.set("readings_sha256", readings_digest(readings, deps.sha256));
    c.set("use", use->value);
    c.set("unit", use->unit());
    c.set("estimated", use->estimated());
    c.set("meter_swaps", use->meter_swaps);
    c.set("start", boundary_json(use->start));
    c.set("end", boundary_json(use->end));
    channels.push(std::move(c));
    total.value += use->value;
    total.estimated = total.estimated || use->estimated();
  }
  if (with_data == 0) {
    std::string names;
    for (metering::Channel channel : channels_of(input)) {
      names += (names.empty() ? "" : " or ") + std::string(metering::to_string(channel));
    }
    g.missing.push_back(std::string(guarantee::to_string(input)) + ": no readings of " + names);
    return {};
  }
  if (!problems.empty()) {
    for (std::string& p : problems)
      g.missing.push_back(std::string(guarantee::to_string(input)) + ": " + p);
    return {};
  }
  section.set("channels", std::move(channels));
  section.set("value", total.value);
  section.set("estimated", total.estimated);
  g.metered_json.set(std::string(guarantee::to_string(input)), std::move(section));
  g.metered.emplace(input, total);
  return {};
}

Result<void> gather_weather(ReconcileDeps& deps, int station, std::optional<int> fill_station,
                            const calendar::Period& period, Gathered& g) {
  if (g.weather.count(station) > 0) return {};
  RENOFEE_TRY(const std::vector<weather::WeatherDay> days, deps.weather.days(station, period));
  std::vector<weather::WeatherDay> fill_days;
  if (fill_station) {
    RENOFEE_TRY(fill_days, deps.weather.days(*fill_station, period));
  }
  std::optional<weather::StationSeries> fill;
  if (fill_station) fill = weather::StationSeries{*fill_station, fill_days};
  RENOFEE_TRY(weather::WeatherSummary summary,
              weather::summarise(weather::StationSeries{station, days}, period, fill));
  Json w = Json::object();
  w.set("station", station);
  w.set("fill_station", fill_station ? Json(*fill_station) : Json());
  w.set("days", static_cast<std::int64_t>(days.size()));
  w.set("days_sha256", weather_digest(days, deps.sha256));
  if (fill_station) w.set("fill_days_sha256", weather_digest(fill_days, deps.sha256));
  w.set("filled_days", static_cast<std::int64_t>(summary.filled.size()));
  w.set("weighted_degree_days",
        summary.weighted_degree_days ? Json(summary.weighted_degree_days->value()) : Json());
  w.set("irradiance_j_cm2", summary.irradiance ? Json(summary.irradiance->value()) : Json());
  g.weather_json.set(std::to_string(station), std::move(w));
  g.weather.emplace(station, std::move(summary));
  return {};
}

std::string missing_days_text(std::string_view what, int station, const std::vector<calendar::Date>& days) {
  std::string text = std::string(what) + " at station " + std::to_string(station) + ": " +
                     std::to_string(days.size()) + " day(s) missing (";
  for (std::size_t i = 0; i < days.size() && i < 5; ++i)
    text += (i ? ", " : "") + calendar::to_string(days[i]);
  return text + (days.size() > 5 ? ", ...)" : ")");
}

Result<guarantee::YearInputs> inputs_for(ReconcileDeps& deps, const std::string& contract_id,
                                         const quote::Offer& offer, const guarantee::Guarantee& gt,
                                         const SettledYear& year, Gathered& g) {
  guarantee::YearInputs in;
  in.year_index = year.index;
  in.period = year.period;
  in.dwelling_type = offer.dwelling.type;
  in.floor_area_m2 = offer.dwelling.floor_area_m2;
  if (year.index > gt.term_years) return in;  // term ended: nothing needed
  for (Input input : guarantee::required_inputs(gt)) {
    switch (input) {
      case Input::weighted_degree_days:
      case Input::irradiance: {
        if (!gt.station) {
          g.missing.push_back("weather: the guarantee names no station");
          break;
        }
        { RENOFEE_CHECK(gather_weather(deps, *gt.station, gt.fill_station, year.period, g)); }
        const weather::WeatherSummary& s = g.weather.at(*gt.station);
        if (input == Input::weighted_degree_days) {
          if (s.weighted_degree_days) {
            in.weighted_degree_days = *s.weighted_degree_days;
          } else {
            g.missing.push_back(
                missing_days_text("temperature (TG)", *gt.station, s.missing_temperature_days));
          }
        } else if (s.irradiance) {
          in.irradiance = *s.irradiance;
        } else {
          g.missing.push_back(missing_days_text("radiation (Q)", *gt.station, s.missing_radiation_days));
        }
        break;
      }
      case Input::cbs_average_price: {
        const int calendar_year = static_cast<int>(year.period.begin.year());
        const std::string id = "nl-" + std::to_string(calendar_year);
        Result<tariffs::TariffYear> tariff = deps.tariffs.tariff_year(id);
        if (!tariff) {
          if (tariff.error().code != ErrorCode::not_found) return tariff.error();
          g.missing.push_back("tariff: no tariff year " + id + " (the CBS average electricity price of " +
                              std::to_string(calendar_year) + ")");
          break;
        }
        in.cbs_average_price = tariff->electricity.cbs_average_price;
        Json t = Json::object();
        t.set("id", tariff->id);
        t.set("cbs_average_price_eur_kwh", tariff->electricity.cbs_average_price.value());
        g.tariff_json = std::move(t);
        break;
      }
      default: {
        {
          RENOFEE_CHECK(gather_metered(deps, contract_id, input, year.period, g));
        }
        auto it = g.metered.find(input);
        if (it == g.metered.end()) break;
        const guarantee::MeasuredKwh kwh{Kwh(it->second.value), it->second.estimated};
        switch (input) {
          case Input::electricity_import:
            in.electricity_import = kwh;
            break;
          case Input::electricity_export:
            in.electricity_export = kwh;
            break;
          case Input::gas:
            in.gas = guarantee::MeasuredGas{CubicMetres(it->second.value), it->second.estimated};
            break;
          case Input::heat_pump:
            in.heat_pump = kwh;
            break;
          default:
            in.pv_generation = kwh;
            break;
        }
      }
    }
  }
  return in;
}

Json result_json(const guarantee::Guarantee& gt, const guarantee::GuaranteeResult& r) {
  Json o = Json::object();
  o.set("index", r.index);
  o.set("kind", guarantee::to_string(r.kind));
  o.set("category", guarantee::to_string(guarantee::category_of(r.kind)));
  o.set("term_years", gt.term_years);
  Json deadband = Json::object();
  deadband.set("mode", guarantee::to_string(gt.deadband.mode));
  deadband.set("percent", gt.deadband.percent);
  o.set("deadband", std::move(deadband));
  o.set("yearly_cap_eur", gt.yearly_cap ? Json(gt.yearly_cap->value()) : Json());
  o.set("netted", r.netted);
  o.set("status", guarantee::to_string(r.status));
  o.set("unit", r.unit);
  o.set("guaranteed", r.guaranteed);
  o.set("shortfall", r.shortfall);
  o.set("price_eur_per_unit", r.price);
  o.set("shortfall_value_eur", money_text(r.shortfall_value));
  o.set("surplus_value_eur", money_text(r.surplus_value));
  o.set("after_deadband_eur", money_text(r.after_deadband));
  o.set("payable_eur", money_text(r.payable));
  o.set("excess_share_eur", money_text(r.excess_share));
  o.set("estimated", r.estimated);
  o.set("rule", r.rule);
  Json figures = Json::array();
  for (const guarantee::Figure& f : r.figures) {
    Json fig = Json::object();
    fig.set("name", f.name);
    fig.set("value", f.value);
    fig.set("unit", f.unit);
    fig.set("estimated", f.estimated);
    fig.set("formula", f.formula);
    figures.push(std::move(fig));
  }
  o.set("figures", std::move(figures));
  return o;
}

struct VersionMeta {
  int number = 1;
  std::optional<int> replaces;
  std::string reason;
};

Result<std::string> report_bytes(Json body, const VersionMeta& meta) {
  Json v = Json::object();
  v.set("number", meta.number);
  v.set("replaces", meta.replaces ? Json(*meta.replaces) : Json());
  v.set("reason", meta.reason.empty() ? Json() : Json(meta.reason));
  body.set("version", std::move(v));
  return to_canonical_json(body);
}

calendar::Date last_day(const calendar::Period& p) {
  return calendar::add_days(p.end, -1);
}

std::vector<NewEntry> postings_of(const StoredReport& r, const calendar::Period& period) {
  std::vector<NewEntry> out;
  const std::string tag = std::to_string(r.year) + ":v" + std::to_string(r.version);
  const std::string reference =
      "report " + std::to_string(r.year) + " v" + std::to_string(r.version) + " sha256:" + r.sha256;
  if (!r.compensation.is_zero()) {
    out.push_back(NewEntry{EntryKind::compensation, last_day(period), -r.compensation, "compensation:" + tag,
                           "compensation, " + reference});
  }
  if (!r.excess_charge.is_zero()) {
    out.push_back(NewEntry{EntryKind::excess_share, last_day(period), r.excess_charge, "excess_share:" + tag,
                           "excess sharing, " + reference});
  }
  return out;
}

std::vector<NewEntry> reversals_of(const StoredReport& r, const calendar::Period& period,
                                   const StoredReport& corrected_by) {
  std::vector<NewEntry> out;
  for (NewEntry e : postings_of(r, period)) {
    e.amount = -e.amount;
    e.posting_key = "reversal:" + e.posting_key;
    e.reference = "reversal of " + e.reference + ", corrected by v" + std::to_string(corrected_by.version) +
                  ": " + corrected_by.reason;
    e.kind = EntryKind::reversal;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

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

Result<ReconcileOutcome> reconcile(ReconcileDeps& deps, const ReconcileRequest& request) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(request.contract_id));
  RENOFEE_TRY(const SettledYear year, settled_year(versions.front().offer, request.year));
  if (request.today < year.period.end) {
    return failed_precondition("year " + std::to_string(request.year) + " of contract " +
                                   request.contract_id + " (" + calendar::to_string(year.period) +
                                   ") is not over: it can be reconciled from " +
                                   calendar::to_string(year.period.end),
                               "/year");
  }
  RENOFEE_TRY(const ContractVersion version, version_in_effect(versions, year.period.begin));
  const quote::Offer& terms = version.offer;
  if (terms.guarantees.empty()) {
    return failed_precondition("contract " + request.contract_id + " (version " +
                               std::to_string(version.version) +
                               ") carries no guarantee: there is nothing to reconcile");
  }

  Gathered g;
  std::vector<guarantee::YearInputs> inputs;
  for (const guarantee::Guarantee& gt : terms.guarantees) {
    RENOFEE_TRY(guarantee::YearInputs in, inputs_for(deps, request.contract_id, terms, gt, year, g));
    inputs.push_back(std::move(in));
  }
  if (!g.missing.empty()) {
    std::string text = "cannot reconcile year " + std::to_string(request.year) + " of contract " +
                       request.contract_id + " (" + calendar::to_string(year.period) + "); missing: ";
    for (std::size_t i = 0; i < g.missing.size(); ++i)
      text += (i ? "; " : "") + g.missing[i];
    return failed_precondition(text + ". Nothing was stored or posted.", "/inputs");
  }
  std::vector<guarantee::GuaranteeResult> results;
  for (std::size_t i = 0; i < terms.guarantees.size(); ++i) {
    Result<guarantee::GuaranteeResult> r =
        guarantee::evaluate(terms.guarantees[i], static_cast<int>(i), inputs[i]);
    if (!r) return r.error().at("/guarantees/" + std::to_string(i));
    results.push_back(std::move(r).value());
  }
  guarantee::Settlement settlement = guarantee::settle(results);

  Json body = Json::object();
  body.set("schema", "renofee.reconciliation/1");
  Json contract = Json::object();
  contract.set("id", request.contract_id);
  contract.set("version", version.version);
  contract.set("sha256", version.sha256);
  contract.set("effective_date", calendar::to_string(version.effective_date));
  body.set("contract", std::move(contract));
  Json y = Json::object();
  y.set("year", request.year);
  y.set("kind", year.calendar_year ? "calendar" : "contract");
  y.set("guarantee_year", year.index);
  y.set("begin", calendar::to_string(year.period.begin));
  y.set("end", calendar::to_string(year.period.end));
  y.set("time_zone", "Europe/Amsterdam");
  body.set("year", std::move(y));
  Json in = Json::object();
  in.set("metered", g.metered_json);
  in.set("weather", g.weather_json);
  in.set("tariff", g.tariff_json);
  body.set("inputs", std::move(in));
  Json guarantees = Json::array();
  for (std::size_t i = 0; i < settlement.results.size(); ++i) {
    guarantees.push(result_json(terms.guarantees[i], settlement.results[i]));
  }
  body.set("guarantees", std::move(guarantees));
  Json s = Json::object();
  s.set("gross_compensation_eur", money_text(settlement.gross_compensation));
  s.set("netting_offset_eur", money_text(settlement.netting_offset));
  s.set("compensation_eur", money_text(settlement.compensation));
  s.set("excess_charge_eur", money_text(settlement.excess_charge));
  s.set("rule", settlement.rule);
  s.set("estimated", std::any_of(settlement.results.begin(), settlement.results.end(),
                                 [](const guarantee::GuaranteeResult& r) { return r.estimated; }));
  body.set("settlement", std::move(s));

  RENOFEE_TRY(std::vector<StoredReport> stored,
              deps.reports.report_versions(request.contract_id, request.year));
  VersionMeta meta;
  ReconcileOutcome outcome;
  outcome.settlement = settlement;
  if (!stored.empty()) {
    const StoredReport& latest = stored.back();
    RENOFEE_TRY(const std::string same_meta,
                report_bytes(body, VersionMeta{latest.version, latest.replaces, latest.reason}));
    if (deps.sha256(same_meta) == latest.sha256) {
      outcome.report = latest;
      outcome.stored =
          request.dry_run ? ReconcileOutcome::Stored::dry_run : ReconcileOutcome::Stored::unchanged;
      return outcome;
    }
    if (!request.correction_reason) {
      if (request.dry_run) {
        meta = VersionMeta{latest.version + 1, latest.version, "(dry run of a correction)"};
      } else {
        return failed_precondition(
            "the year " + std::to_string(request.year) + " report of contract " + request.contract_id +
            " exists (version " + std::to_string(latest.version) + ", sha256 " + latest.sha256.substr(0, 16) +
            "...) and today's inputs give a different result (sha256 " +
            deps.sha256(same_meta).substr(0, 16) +
            "...): store a correction with a reason, or leave it as it is");
      }
    } else {
      meta = VersionMeta{latest.version + 1, latest.version, *request.correction_reason};
    }
  } else if (request.correction_reason) {
    return failed_precondition("there is no report of year " + std::to_string(request.year) +
                               " of contract " + request.contract_id + " to correct");
  }
  if (request.correction_reason &&
      (request.correction_reason->empty() || request.correction_reason->size() > 500)) {
    return invalid_argument("a correction needs a reason of 1..500 characters", "/reason");
  }
  RENOFEE_TRY(const std::string bytes, report_bytes(body, meta));
  StoredReport report;
  report.contract_id = request.contract_id;
  report.year = request.year;
  report.version = meta.number;
  report.replaces = meta.replaces;
  report.reason = meta.reason;
  report.report_json = bytes;
  report.sha256 = deps.sha256(bytes);
  report.contract_version = version.version;
  report.compensation = settlement.compensation;
  report.excess_charge = settlement.excess_charge;
  report.created_at = request.now;
  report.created_by = request.actor;
  outcome.report = report;
  if (request.dry_run) return outcome;

  std::vector<NewEntry> postings;
  if (!stored.empty()) postings = reversals_of(stored.back(), year.period, report);
  for (NewEntry& e : postings_of(report, year.period))
    postings.push_back(std::move(e));
  Result<AppendOutcome> appended = deps.reports.store_report(report, postings);
  if (!appended) {
    if (appended.error().code != ErrorCode::already_exists) return appended.error();
    // Another process stored this version meanwhile: the same bytes mean the same report.
    RENOFEE_TRY(std::vector<StoredReport> now_stored,
                deps.reports.report_versions(request.contract_id, request.year));
    for (const StoredReport& r : now_stored) {
      if (r.version == report.version && r.sha256 == report.sha256) {
        outcome.report = r;
        outcome.stored = ReconcileOutcome::Stored::unchanged;
        return outcome;
      }
    }
    return appended.error();
  }
  outcome.stored = ReconcileOutcome::Stored::stored;
  outcome.postings = std::move(appended->appended);
  return outcome;
}

Result<AppendOutcome> post_due_fees(ReconcileDeps& deps, std::string_view contract_id, calendar::Date through,
                                    calendar::Instant now) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(contract_id));
  std::map<int, finance::Schedule> schedules;  // by version, built on first use
  std::vector<DueFee> due;
  const quote::Offer& first = versions.front().offer;
  const int months = first.financing.term_months;
  for (int k = 0; k < months; ++k) {
    const calendar::Date due_date = calendar::contract_month(first.start_date, k).begin;
    if (through < due_date) break;
    RENOFEE_TRY(const ContractVersion v, version_in_effect(versions, due_date));
    auto it = schedules.find(v.version);
    if (it == schedules.end()) {
      RENOFEE_TRY(finance::Schedule schedule, schedule_offer(v.offer, deps.tariffs));
      it = schedules.emplace(v.version, std::move(schedule)).first;
    }
    if (static_cast<std::size_t>(k) >= it->second.rows.size()) break;  // an amended, shorter term
    const finance::ScheduleRow& row = it->second.rows[static_cast<std::size_t>(k)];
    due.push_back(DueFee{row.month, row.due_date, row.total});
  }
  const std::vector<NewEntry> entries = fee_entries(due, through);
  return deps.ledger.append(contract_id, entries, now);
}

Result<StatementOutcome> yearly_statement(ReconcileDeps& deps, std::string_view contract_id, int year,
                                          calendar::Date today, calendar::Instant now) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(contract_id));
  StatementOutcome out;
  RENOFEE_TRY(out.year, settled_year(versions.front().offer, year));
  out.year_complete = !(today < out.year.period.end);
  const calendar::Date through = out.year_complete ? last_day(out.year.period) : today;
  { RENOFEE_CHECK(post_due_fees(deps, contract_id, through, now)); }
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
