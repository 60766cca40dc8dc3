#include "renofee/app/reconciliation_report.hpp"

#include <algorithm>

#include "renofee/core/guarantee/terms.hpp"
#include "renofee/core/metering/consumption.hpp"

namespace renofee::app {
namespace {

// Amounts in EUR with two decimals; report amounts are cents already, so this only fixes the scale.
std::string money_text(const Money& m) {
  return m.value().round(2, Rounding::half_even).to_string();
}

Json boundary_document(const ReportBoundary& b) {
  Json o = Json::object();
  o.set("at", metering::to_iso(b.at));
  o.set("meter_id", b.meter_id);
  o.set("register", b.register_value);
  o.set("estimated", b.estimated);
  return o;
}

Json metered_document(const MeteredInput& m) {
  Json channels = Json::array();
  for (const ChannelUse& u : m.channels) {
    Json c = Json::object();
    c.set("channel", metering::to_string(u.channel));
    c.set("readings", u.readings);
    c.set("readings_sha256", u.readings_sha256);
    c.set("use", u.use);
    c.set("unit", metering::unit_of(u.channel));
    c.set("estimated", u.estimated());
    c.set("meter_swaps", u.meter_swaps);
    c.set("start", boundary_document(u.start));
    c.set("end", boundary_document(u.end));
    channels.push(std::move(c));
  }
  Json section = Json::object();
  section.set("channels", std::move(channels));
  section.set("value", m.total.value);
  section.set("estimated", m.total.estimated);
  return section;
}

Json weather_document(const WeatherInput& w) {
  Json o = Json::object();
  o.set("station", w.station);
  o.set("fill_station", w.fill_station ? Json(*w.fill_station) : Json());
  o.set("days", w.days);
  o.set("days_sha256", w.days_sha256);
  if (w.fill_days_sha256) o.set("fill_days_sha256", *w.fill_days_sha256);
  o.set("filled_days", w.filled_days);
  o.set("weighted_degree_days", w.weighted_degree_days ? Json(w.weighted_degree_days->value()) : Json());
  o.set("irradiance_j_cm2", w.irradiance ? Json(w.irradiance->value()) : Json());
  return o;
}

Json inputs_document(const ReportInputs& inputs) {
  Json metered = Json::object();
  for (const auto& [input, m] : inputs.metered)
    metered.set(std::string(guarantee::to_string(input)), metered_document(m));
  Json weather = Json::object();
  for (const auto& [station, w] : inputs.weather)
    weather.set(std::to_string(station), weather_document(w));
  Json tariff;
  if (inputs.tariff) {
    tariff = Json::object();
    tariff.set("id", inputs.tariff->id);
    tariff.set("cbs_average_price_eur_kwh", inputs.tariff->cbs_average_price.value());
  }
  Json in = Json::object();
  in.set("metered", std::move(metered));
  in.set("weather", std::move(weather));
  in.set("tariff", std::move(tariff));
  return in;
}

Json figures_document(const std::vector<guarantee::Figure>& figures) {
  Json out = Json::array();
  for (const guarantee::Figure& f : figures) {
    Json fig = Json::object();
    fig.set("name", f.name);
    fig.set("value", f.value);
    fig.set("unit", f.unit);
    fig.set("estimated", f.estimated);
    fig.set("formula", f.formula);
    out.push(std::move(fig));
  }
  return out;
}

Json guarantee_document(const ReportGuarantee& g) {
  const guarantee::GuaranteeResult& r = g.result;
  Json o = Json::object();
  o.set("index", r.index);
  o.set("kind", guarantee::to_string(r.kind));
  o.set("category", guarantee::to_string(guarantee::category_of(r.kind)));
  o.set("term_years", g.term_years);
  Json deadband = Json::object();
  deadband.set("mode", guarantee::to_string(g.deadband.mode));
  deadband.set("percent", g.deadband.percent);
  if (g.deadband.band) deadband.set("band", guarantee::to_string(*g.deadband.band));
  o.set("deadband", std::move(deadband));
  o.set("yearly_cap_eur", g.yearly_cap ? Json(g.yearly_cap->value()) : Json());
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
  o.set("figures", figures_document(r.figures));
  if (r.days_left_out) {
    const auto dates = [](const std::vector<calendar::Date>& days) {
      Json list = Json::array();
      for (const calendar::Date& day : days)
        list.push(calendar::to_string(day));
      return list;
    };
    Json left_out = Json::object();
    left_out.set("without_weather", dates(r.days_left_out->without_weather));
    left_out.set("without_use", dates(r.days_left_out->without_use));
    o.set("days_left_out", std::move(left_out));
  }
  return o;
}

Json settlement_document(const ReportSettlement& s) {
  Json o = Json::object();
  o.set("gross_compensation_eur", money_text(s.gross_compensation));
  o.set("netting_offset_eur", money_text(s.netting_offset));
  o.set("compensation_eur", money_text(s.compensation));
  o.set("excess_charge_eur", money_text(s.excess_charge));
  o.set("rule", s.rule);
  o.set("estimated", s.estimated);
  return o;
}

}  // namespace

Json report_document(const ReconciliationReport& report) {
  Json body = Json::object();
  body.set("schema", reconciliation_report_schema);
  Json contract = Json::object();
  contract.set("id", report.contract.id);
  contract.set("version", report.contract.version);
  contract.set("sha256", report.contract.sha256);
  contract.set("effective_date", calendar::to_string(report.contract.effective_date));
  body.set("contract", std::move(contract));
  Json y = Json::object();
  y.set("year", report.year.year);
  y.set("kind", report.year.calendar_year ? "calendar" : "contract");
  y.set("guarantee_year", report.year.guarantee_year);
  y.set("begin", calendar::to_string(report.year.period.begin));
  y.set("end", calendar::to_string(report.year.period.end));
  y.set("time_zone", "Europe/Amsterdam");
  body.set("year", std::move(y));
  body.set("inputs", inputs_document(report.inputs));
  Json guarantees = Json::array();
  for (const ReportGuarantee& g : report.guarantees)
    guarantees.push(guarantee_document(g));
  body.set("guarantees", std::move(guarantees));
  body.set("settlement", settlement_document(report.settlement));
  Json v = Json::object();
  v.set("number", report.version.number);
  v.set("replaces", report.version.replaces ? Json(*report.version.replaces) : Json());
  v.set("reason", report.version.reason.empty() ? Json() : Json(report.version.reason));
  body.set("version", std::move(v));
  return body;
}

Result<std::string> report_json(const ReconciliationReport& report) {
  return to_canonical_json(report_document(report));
}

// The core names every enumerator and answers "unknown" past the last one (a scoped enum holds any int), so
// these inverses follow the core's names without a second list to keep in step.
template <typename E>
std::optional<E> by_name(std::string_view text) {
  for (int i = 0; i < 64; ++i) {
    const std::string_view name = guarantee::to_string(static_cast<E>(i));
    if (name == "unknown") break;
    if (name == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

Result<guarantee::Status> parse_status(std::string_view text) {
  if (const std::optional<guarantee::Status> s = by_name<guarantee::Status>(text)) return *s;
  return invalid_argument("unknown guarantee status '" + std::string(text) +
                          "' (met, within_deadband, shortfall, term_ended)");
}

Result<guarantee::Input> parse_input(std::string_view text) {
  if (const std::optional<guarantee::Input> i = by_name<guarantee::Input>(text)) return *i;
  return invalid_argument("unknown guarantee input '" + std::string(text) + "'");
}

}  // namespace renofee::app
