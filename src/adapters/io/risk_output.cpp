#include "renofee/adapters/io/risk_output.hpp"

#include <Poco/JSON/Array.h>

#include "renofee/adapters/io/reconciliation_output.hpp"

namespace renofee::io {
namespace {

using Object = Poco::JSON::Object;

Object::Ptr risk_object() {
  return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

std::string eur(const Decimal& amount) {
  return cents_text(Money(amount.round(2, Rounding::half_up)));
}

std::string_view pick_name(app::StressPick pick) {
  switch (pick) {
    case app::StressPick::none:
      return "none";
    case app::StressPick::year:
      return "year";
    case app::StressPick::coldest:
      return "coldest";
    case app::StressPick::darkest:
      return "darkest";
  }
  return "none";
}

void set_figures(Object& o, const risk::Distribution& d) {
  o.set("expected_eur", cents_text(d.expected));
  o.set("p50_eur", cents_text(d.p50));
  o.set("p95_eur", cents_text(d.p95));
  o.set("p99_eur", cents_text(d.p99));
  o.set("worst_eur", cents_text(d.worst));
  o.set("worst_year", d.worst_year);
}

std::string risk_csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string figures_csv(const risk::Distribution& d) {
  return cents_text(d.expected) + "," + cents_text(d.p50) + "," + cents_text(d.p95) + "," +
         cents_text(d.p99) + "," + cents_text(d.worst) + "," + std::to_string(d.worst_year);
}

std::string figures_text(const risk::Distribution& d) {
  return "expected " + cents_text(d.expected) + ", P50 " + cents_text(d.p50) + ", P95 " + cents_text(d.p95) +
         ", P99 " + cents_text(d.p99) + ", worst " + cents_text(d.worst) + " (" +
         std::to_string(d.worst_year) + ")";
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.insert(0, width - text.size(), ' ');
  return text;
}

}  // namespace

Poco::JSON::Object::Ptr risk_parameters_json(const app::PortfolioRiskRequest& r) {
  Object::Ptr p = risk_object();
  if (r.owner) {
    p->set("financier", *r.owner);
  } else if (r.all_contracts) {
    p->set("contracts", "all");
  } else {
    p->set("contracts_listed", static_cast<int>(r.contract_ids.size()));
  }
  p->set("as_of", calendar::to_string(r.as_of));
  p->set("seed", std::to_string(r.settings.seed));
  Object::Ptr spread = risk_object();
  spread->set("household_sd", r.settings.spread.household_sd.to_string());
  spread->set("heat_pump_sd", r.settings.spread.heat_pump_sd.to_string());
  spread->set("pv_degradation_mean", r.settings.spread.pv_degradation_mean.to_string());
  spread->set("pv_degradation_sd", r.settings.spread.pv_degradation_sd.to_string());
  p->set("spread", spread);
  p->set("discount_rate", r.settings.discount_rate.to_string());
  p->set("cost_of_capital", r.settings.cost_of_capital.to_string());
  p->set("heating_share", r.settings.heating_share.to_string());
  p->set("default_station", r.default_station);
  if (r.from_year) p->set("from_year", *r.from_year);
  if (r.to_year) p->set("to_year", *r.to_year);
  Object::Ptr stress = risk_object();
  stress->set("pick", std::string(pick_name(r.stress.pick)));
  if (r.stress.pick == app::StressPick::year) stress->set("year", r.stress.year);
  stress->set("temperature_shift_c", Decimal::from_units(r.stress.temperature_shift_01c, 1).to_string());
  stress->set("irradiance_change_percent", r.stress.irradiance_change_percent.to_string());
  p->set("stress", stress);
  return p;
}

Poco::JSON::Object::Ptr risk_row_json(const app::ContractRiskRow& row) {
  Object::Ptr o = risk_object();
  o->set("contract_id", row.contract_id);
  o->set("status", row.status);
  if (row.status == "not_modelled") {
    o->set("reason", row.reason);
    o->set("field", row.field);
    return o;
  }
  const risk::ContractExposure& e = row.exposure;
  o->set("next_guarantee_year", e.next_year);
  o->set("last_guarantee_year", e.last_year);
  set_figures(*o, e.figures);
  o->set("present_value_eur", cents_text(e.present_value));
  o->set("level_expected_eur", cents_text(e.level_expected));
  o->set("service_fee_monthly_eur", cents_text(row.service_fee_monthly));
  o->set("premium_monthly_eur", cents_text(e.premium_monthly));
  Poco::JSON::Array::Ptr annual = new Poco::JSON::Array;
  for (const Decimal& v : e.annual)
    annual->add(eur(v));
  o->set("annual_eur", annual);
  return o;
}

Poco::JSON::Object::Ptr risk_portfolio_json(const app::PortfolioRisk& r) {
  const risk::Book::Figures& b = r.book;
  Object::Ptr o = risk_object();
  o->set("contracts", r.contracts);
  o->set("modelled", r.modelled);
  o->set("term_ended", r.term_ended);
  o->set("not_modelled", r.not_modelled);
  Poco::JSON::Array::Ptr stations = new Poco::JSON::Array;
  for (const auto& [station, fill] : r.stations) {
    Object::Ptr s = risk_object();
    s->set("station", station);
    if (fill) s->set("fill_station", *fill);
    stations->add(s);
  }
  o->set("stations", stations);
  if (r.stress_year) o->set("stress_year", *r.stress_year);
  Poco::JSON::Array::Ptr years = new Poco::JSON::Array;
  for (std::size_t i = 0; i < b.years.size(); ++i) {
    Object::Ptr y = risk_object();
    y->set("year", b.years[i].year);
    y->set("station", r.stations.empty() ? 0 : r.stations.front().first);
    y->set("weighted_degree_days", b.years[i].weighted_degree_days.value().to_string());
    y->set("irradiance_j_cm2", b.years[i].irradiance.value().to_string());
    y->set("compensation_eur", eur(b.annual[i]));
    y->set("weather_only_eur", eur(b.annual_weather[i]));
    years->add(y);
  }
  o->set("years", years);
  Poco::JSON::Array::Ptr left_out = new Poco::JSON::Array;
  for (const app::YearLeftOut& l : r.years_left_out) {
    Object::Ptr y = risk_object();
    y->set("station", l.station);
    if (l.fill_station) y->set("fill_station", *l.fill_station);
    y->set("year", l.year);
    left_out->add(y);
  }
  o->set("years_left_out", left_out);
  set_figures(*o, b.figures);
  o->set("present_value_eur", cents_text(b.present_value));
  o->set("level_expected_eur", cents_text(b.level_expected));
  Object::Ptr weather = risk_object();
  set_figures(*weather, b.weather_only);
  o->set("weather_only", weather);
  if (b.common_weather_share) {
    o->set("common_weather_share", b.common_weather_share->to_string());
  } else {
    o->set("common_weather_share", Poco::Dynamic::Var());
  }
  o->set("premium_monthly_per_contract_eur", cents_text(b.premium_monthly_per_contract));
  return o;
}

RiskWriter::RiskWriter(std::ostream& out, RiskFormat format, const app::PortfolioRiskRequest& request)
    : out_(out), format_(format), request_(request) {}

void RiskWriter::begin() {
  if (format_ == RiskFormat::json) {
    out_ << "{\"parameters\":";
    risk_parameters_json(request_)->stringify(out_);
    out_ << ",\n\"contracts\":[";
  } else if (format_ == RiskFormat::csv) {
    out_ << "contract_id,status,next_guarantee_year,last_guarantee_year,expected_eur,p50_eur,p95_eur,p99_eur,"
            "worst_eur,worst_year,present_value_eur,service_fee_monthly_eur,premium_monthly_eur,reason\n";
  } else {
    out_ << "contract                         status        year  expected      P99      worst  year  "
            "present value  premium/month\n";
  }
}

void RiskWriter::row(const app::ContractRiskRow& row) {
  const risk::ContractExposure& e = row.exposure;
  const bool modelled = row.status != "not_modelled";
  if (format_ == RiskFormat::json) {
    out_ << (first_ ? "\n" : ",\n");
    risk_row_json(row)->stringify(out_);
  } else if (format_ == RiskFormat::csv) {
    out_ << risk_csv_field(row.contract_id) << ',' << row.status << ',';
    if (modelled) {
      out_ << e.next_year << ',' << e.last_year << ',' << figures_csv(e.figures) << ','
           << cents_text(e.present_value) << ',' << cents_text(row.service_fee_monthly) << ','
           << cents_text(e.premium_monthly) << ",\n";
    } else {
      out_ << ",,,,,,,,,,," << risk_csv_field(row.reason + " (" + row.field + ")") << '\n';
    }
  } else {
    std::string id = row.contract_id;
    if (id.size() < 32) id.resize(32, ' ');
    std::string status = row.status;
    status.resize(12, ' ');
    out_ << id << ' ' << status;
    if (modelled) {
      out_ << pad(std::to_string(e.next_year), 6) << pad(cents_text(e.figures.expected), 10)
           << pad(cents_text(e.figures.p99), 9) << pad(cents_text(e.figures.worst), 11)
           << pad(std::to_string(e.figures.worst_year), 6) << pad(cents_text(e.present_value), 15)
           << pad(cents_text(e.premium_monthly), 15) << '\n';
    } else {
      out_ << "  " << row.reason << " (" << row.field << ")\n";
    }
  }
  first_ = false;
}

void RiskWriter::end(const app::PortfolioRisk& risk) {
  const risk::Book::Figures& b = risk.book;
  if (format_ == RiskFormat::json) {
    out_ << "\n],\n\"portfolio\":";
    risk_portfolio_json(risk)->stringify(out_);
    out_ << "}\n";
    return;
  }
  if (format_ == RiskFormat::csv) {
    out_ << "(portfolio),book,,," << figures_csv(b.figures) << ',' << cents_text(b.present_value) << ",,"
         << cents_text(b.premium_monthly_per_contract) << ",\n";
    return;
  }
  out_ << "\nportfolio: " << risk.contracts << " contracts (" << risk.modelled << " modelled, "
       << risk.term_ended << " past their term, " << risk.not_modelled << " not modelled) over "
       << b.years.size() << " weather year(s)"
       << (risk.stress_year ? " (stress year " + std::to_string(*risk.stress_year) + ")" : "")
       << "\n  annual compensation: " << figures_text(b.figures)
       << "\n  weather alone:       " << figures_text(b.weather_only)
       << "\n  common weather share of the tail (P99 - mean): "
       << (b.common_weather_share ? b.common_weather_share->to_string() : std::string("none (no tail)"))
       << "\n  present value of expected compensation: " << cents_text(b.present_value) << " EUR"
       << "\n  suggested premium: " << cents_text(b.premium_monthly_per_contract)
       << " EUR per contract per month (diversified)\n\n  year  weighted degree days  irradiance J/cm2  "
          "compensation  weather only\n";
  for (std::size_t i = 0; i < b.years.size(); ++i) {
    out_ << "  " << b.years[i].year << pad(b.years[i].weighted_degree_days.value().to_string(), 22)
         << pad(b.years[i].irradiance.value().to_string(), 18) << pad(eur(b.annual[i]), 14)
         << pad(eur(b.annual_weather[i]), 14) << '\n';
  }
}

}  // namespace renofee::io
