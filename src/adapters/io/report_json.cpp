#include "renofee/adapters/io/report_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <charconv>

#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/json_reader.hpp"

namespace renofee::io {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// A member that is not what the report format says: reported as invalid_argument at `pointer`.
struct Bad {
  std::string pointer;
  std::string message;
};

// One JSON object of the report with its pointer; every accessor throws Bad when the member is wrong.
class Node {
 public:
  Node(Object::Ptr object, std::string pointer) : object_(std::move(object)), pointer_(std::move(pointer)) {}

  [[nodiscard]] std::string at(std::string_view key) const { return pointer_ + "/" + std::string(key); }
  [[nodiscard]] bool is_null(std::string_view key) const {
    return object_->has(std::string(key)) && object_->get(std::string(key)).isEmpty();
  }
  [[nodiscard]] Var value(std::string_view key) const {
    if (!object_->has(std::string(key))) throw Bad{at(key), "missing"};
    return object_->get(std::string(key));
  }
  [[nodiscard]] std::string string(std::string_view key) const {
    const Var v = value(key);
    if (!v.isString()) throw Bad{at(key), "must be a string"};
    return v.convert<std::string>();
  }
  [[nodiscard]] Decimal decimal(std::string_view key) const {
    Result<Decimal> d = Decimal::parse(string(key));
    if (!d) throw Bad{at(key), d.error().message};
    return std::move(d).value();
  }
  [[nodiscard]] std::int64_t integer(std::string_view key) const {
    const Var v = value(key);
    if (!v.isInteger()) throw Bad{at(key), "must be an integer"};
    return v.convert<std::int64_t>();
  }
  [[nodiscard]] int small(std::string_view key) const { return static_cast<int>(integer(key)); }
  [[nodiscard]] bool boolean(std::string_view key) const {
    const Var v = value(key);
    if (!v.isBoolean()) throw Bad{at(key), "must be true or false"};
    return v.convert<bool>();
  }
  [[nodiscard]] calendar::Date date(std::string_view key) const {
    return must(calendar::parse_date(string(key)), key);
  }
  [[nodiscard]] calendar::Instant instant(std::string_view key) const {
    return must(parse_iso_timestamp(string(key)), key);
  }
  [[nodiscard]] Node object(std::string_view key) const {
    const Var v = value(key);
    if (v.type() != typeid(Object::Ptr)) throw Bad{at(key), "must be an object"};
    return Node(v.extract<Object::Ptr>(), at(key));
  }
  // Calls each(node) for every element of the array `key`, all objects.
  template <typename F>
  void each(std::string_view key, F&& f) const {
    const Var v = value(key);
    if (v.type() != typeid(Array::Ptr)) throw Bad{at(key), "must be an array"};
    const Array::Ptr a = v.extract<Array::Ptr>();
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string pointer = at(key) + "/" + std::to_string(i);
      if (!a->isObject(static_cast<unsigned>(i))) throw Bad{pointer, "must be an object"};
      f(Node(a->getObject(static_cast<unsigned>(i)), pointer));
    }
  }
  // The dates of the array `key`, all "YYYY-MM-DD" strings.
  [[nodiscard]] std::vector<calendar::Date> dates(std::string_view key) const {
    const Var v = value(key);
    if (v.type() != typeid(Array::Ptr)) throw Bad{at(key), "must be an array"};
    const Array::Ptr a = v.extract<Array::Ptr>();
    std::vector<calendar::Date> out;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const Var item = a->get(static_cast<unsigned>(i));
      const std::string pointer = at(key) + "/" + std::to_string(i);
      if (!item.isString()) throw Bad{pointer, "must be a date string"};
      Result<calendar::Date> day = calendar::parse_date(item.convert<std::string>());
      if (!day) throw Bad{pointer, day.error().message};
      out.push_back(*day);
    }
    return out;
  }
  [[nodiscard]] bool has(std::string_view key) const { return object_->has(std::string(key)); }
  // Calls each(name, node) for every member of this object, all objects.
  template <typename F>
  void members(F&& f) const {
    for (auto it = object_->begin(); it != object_->end(); ++it) {
      const std::string& name = it->first;
      const Var& v = it->second;
      if (v.type() != typeid(Object::Ptr)) throw Bad{at(name), "must be an object"};
      f(name, Node(v.extract<Object::Ptr>(), at(name)));
    }
  }
  template <typename T>
  T must(Result<T> r, std::string_view key) const {
    if (!r) throw Bad{at(key), r.error().message};
    return std::move(r).value();
  }

 private:
  Object::Ptr object_;
  std::string pointer_;
};

app::ReportBoundary boundary_from(const Node& n) {
  return app::ReportBoundary{n.instant("at"), n.string("meter_id"), n.decimal("register"),
                             n.boolean("estimated")};
}

app::MeteredInput metered_from(const Node& n) {
  app::MeteredInput m;
  n.each("channels", [&](const Node& c) {
    m.channels.push_back(app::ChannelUse{c.must(metering::parse_channel(c.string("channel")), "channel"),
                                         c.integer("readings"), c.string("readings_sha256"), c.decimal("use"),
                                         c.small("meter_swaps"), boundary_from(c.object("start")),
                                         boundary_from(c.object("end"))});
  });
  m.total = app::MeteredTotal{n.decimal("value"), n.boolean("estimated")};
  return m;
}

app::WeatherInput weather_from(const Node& n) {
  app::WeatherInput w;
  w.station = n.small("station");
  if (!n.is_null("fill_station")) w.fill_station = n.small("fill_station");
  w.days = n.integer("days");
  w.days_sha256 = n.string("days_sha256");
  if (w.fill_station) w.fill_days_sha256 = n.string("fill_days_sha256");
  w.filled_days = n.integer("filled_days");
  if (!n.is_null("weighted_degree_days"))
    w.weighted_degree_days = DegreeDays(n.decimal("weighted_degree_days"));
  if (!n.is_null("irradiance_j_cm2")) w.irradiance = Irradiance(n.decimal("irradiance_j_cm2"));
  return w;
}

app::ReportInputs inputs_from(const Node& n) {
  app::ReportInputs in;
  n.object("metered").members([&](const std::string& name, const Node& m) {
    in.metered.emplace(m.must(app::parse_input(name), ""), metered_from(m));
  });
  n.object("weather").members([&](const std::string&, const Node& w) {
    app::WeatherInput input = weather_from(w);
    in.weather.emplace(input.station, std::move(input));
  });
  if (!n.is_null("tariff")) {
    const Node t = n.object("tariff");
    in.tariff = app::TariffInput{t.string("id"), EurPerKwh(t.decimal("cbs_average_price_eur_kwh"))};
  }
  return in;
}

Money money_at(const Node& n, std::string_view key) {
  return Money(n.decimal(key));
}

app::ReportGuarantee guarantee_from(const Node& n) {
  app::ReportGuarantee g;
  g.term_years = n.small("term_years");
  const Node deadband = n.object("deadband");
  g.deadband.mode = deadband.must(guarantee::parse_deadband_mode(deadband.string("mode")), "mode");
  g.deadband.percent = deadband.decimal("percent");
  if (deadband.has("band"))
    g.deadband.band = deadband.must(guarantee::parse_uncertainty_band(deadband.string("band")), "band");
  if (!n.is_null("yearly_cap_eur")) g.yearly_cap = money_at(n, "yearly_cap_eur");
  guarantee::GuaranteeResult& r = g.result;
  r.index = n.small("index");
  r.kind = n.must(guarantee::parse_kind(n.string("kind")), "kind");
  r.netted = n.boolean("netted");
  r.status = n.must(app::parse_status(n.string("status")), "status");
  r.unit = n.string("unit");
  r.guaranteed = n.decimal("guaranteed");
  r.shortfall = n.decimal("shortfall");
  r.price = n.decimal("price_eur_per_unit");
  r.shortfall_value = money_at(n, "shortfall_value_eur");
  r.surplus_value = money_at(n, "surplus_value_eur");
  r.after_deadband = money_at(n, "after_deadband_eur");
  r.payable = money_at(n, "payable_eur");
  r.excess_share = money_at(n, "excess_share_eur");
  r.estimated = n.boolean("estimated");
  r.rule = n.string("rule");
  n.each("figures", [&](const Node& f) {
    r.figures.push_back(guarantee::Figure{f.string("name"), f.decimal("value"), f.string("unit"),
                                          f.boolean("estimated"), f.string("formula")});
  });
  if (n.has("days_left_out")) {
    const Node left_out = n.object("days_left_out");
    r.days_left_out =
        guarantee::DaysLeftOut{left_out.dates("without_weather"), left_out.dates("without_use")};
  }
  return g;
}

app::ReconciliationReport report_from(const Node& doc) {
  if (doc.string("schema") != app::reconciliation_report_schema) {
    throw Bad{"/schema", "must be " + std::string(app::reconciliation_report_schema)};
  }
  app::ReconciliationReport report;
  const Node contract = doc.object("contract");
  report.contract = app::ReportContract{contract.string("id"), contract.small("version"),
                                        contract.string("sha256"), contract.date("effective_date")};
  const Node year = doc.object("year");
  const std::string kind = year.string("kind");
  if (kind != "calendar" && kind != "contract") throw Bad{"/year/kind", "must be calendar or contract"};
  report.year =
      app::ReportYear{year.small("year"), kind == "calendar", year.small("guarantee_year"),
                      year.must(calendar::make_period(year.date("begin"), year.date("end")), "end")};
  report.inputs = inputs_from(doc.object("inputs"));
  doc.each("guarantees", [&](const Node& g) { report.guarantees.push_back(guarantee_from(g)); });
  const Node s = doc.object("settlement");
  report.settlement = app::ReportSettlement{money_at(s, "gross_compensation_eur"),
                                            money_at(s, "netting_offset_eur"),
                                            money_at(s, "compensation_eur"),
                                            money_at(s, "excess_charge_eur"),
                                            s.string("rule"),
                                            s.boolean("estimated")};
  const Node v = doc.object("version");
  report.version.number = v.small("number");
  if (!v.is_null("replaces")) report.version.replaces = v.small("replaces");
  if (!v.is_null("reason")) report.version.reason = v.string("reason");
  return report;
}

}  // namespace

Result<app::ReconciliationReport> report_from_json(std::string_view text) {
  RENOFEE_TRY(const Object::Ptr root, parse_json_object(text, 64 << 20));
  try {
    return report_from(Node(root, ""));
  } catch (const Bad& bad) {
    return invalid_argument("reconciliation report: " + bad.pointer + " " + bad.message, bad.pointer);
  } catch (const Poco::Exception& e) {
    return invalid_argument("reconciliation report: " + e.displayText());
  }
}

}  // namespace renofee::io
