// `renofee plan steps PLAN.json [--format text|json]`: a renovation in steps beside the integral plan
// (core/campaign/plan.hpp, docs/campaigns.md "Plans in steps"): each step's drawdown and payment, the monthly
// financing payment in every contract year of both plans, the totals over the term, both APRs over their
// drawdowns, and the warning when the order locks in a poor result; when the steps state their use after
// ("use_after"), each year's gas, net electricity and CO2 in steps and all at once, and the totals. Bad input (a
// step dated before the plan starts, a step without measures, steps out of order) names its field.
#include <fstream>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "../cli.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/template_json.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage = "usage: renofee plan steps PLAN.json [--format text|json]\n";

using PocoPlanObject = Poco::JSON::Object;

// The payment of the first month of contract year `year` (1-based) of a plan.
Money year_payment(const finance::StepwisePlan& plan, int year) {
  const std::size_t month = static_cast<std::size_t>(year - 1) * 12;
  return month < plan.payments.size() ? plan.payments[month] : cents(0);
}

PocoPlanObject::Ptr apr_json(const finance::StepwisePlan& plan) {
  PocoPlanObject::Ptr o = new PocoPlanObject(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("annual_rate", plan.apr.annual_rate.to_string());
  o->set("percent", plan.apr.percent_two_decimals.to_string());
  o->set("total_payments", plan.total_payments.value().to_string());
  o->set("cost_of_credit", plan.cost_of_credit.value().to_string());
  return o;
}

PocoPlanObject::Ptr plan_json(const io::PlanDocument& doc, const campaign::StepComparison& c) {
  PocoPlanObject::Ptr o = new PocoPlanObject(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("plan", doc.id);
  o->set("start_date", calendar::to_string(doc.start));
  Poco::JSON::Array::Ptr steps = new Poco::JSON::Array;
  for (std::size_t k = 0; k < c.drawdowns.size(); ++k) {
    PocoPlanObject::Ptr s = new PocoPlanObject(Poco::JSON_PRESERVE_KEY_ORDER);
    s->set("date", calendar::to_string(doc.dates[k]));
    s->set("label", doc.input.steps[k].label);
    s->set("drawdown", c.drawdowns[k].value().to_string());
    s->set("monthly_payment", c.steps.step_payments[k].value().to_string());
    steps->add(s);
  }
  o->set("steps", steps);
  Poco::JSON::Array::Ptr years = new Poco::JSON::Array;
  const std::vector<campaign::ChoiceYear> energy = campaign::choice_years(c, doc.input.steps, doc.after);
  Decimal steps_co2, integral_co2, steps_gas, integral_gas;
  for (int y = 1; y <= (doc.input.term_months + 11) / 12; ++y) {
    PocoPlanObject::Ptr row = new PocoPlanObject(Poco::JSON_PRESERVE_KEY_ORDER);
    row->set("year", y);
    row->set("steps_monthly", year_payment(c.steps, y).value().to_string());
    row->set("integral_monthly", year_payment(c.integral, y).value().to_string());
    if (static_cast<std::size_t>(y) <= energy.size()) {
      const campaign::ChoiceYear& e = energy[static_cast<std::size_t>(y - 1)];
      row->set("steps_gas_m3", e.steps.gas_m3.to_string());
      row->set("integral_gas_m3", e.integral.gas_m3.to_string());
      row->set("steps_net_electricity_kwh", e.steps.net_electricity_kwh.to_string());
      row->set("integral_net_electricity_kwh", e.integral.net_electricity_kwh.to_string());
      row->set("steps_co2_kg", e.steps.co2_kg.to_string());
      row->set("integral_co2_kg", e.integral.co2_kg.to_string());
      steps_gas += e.steps.gas_m3;
      integral_gas += e.integral.gas_m3;
      steps_co2 += e.steps.co2_kg;
      integral_co2 += e.integral.co2_kg;
    }
    years->add(row);
  }
  o->set("years", years);
  if (!energy.empty()) {
    PocoPlanObject::Ptr totals = new PocoPlanObject(Poco::JSON_PRESERVE_KEY_ORDER);
    totals->set("steps_gas_m3", steps_gas.to_string());
    totals->set("integral_gas_m3", integral_gas.to_string());
    totals->set("steps_co2_kg", steps_co2.to_string());
    totals->set("integral_co2_kg", integral_co2.to_string());
    totals->set("co2_factors", "1.780 kg/m3 gas, 0.34 kg/kWh net electricity (NTA 8800)");
    o->set("energy_total", totals);
  }
  o->set("steps_total", apr_json(c.steps));
  o->set("integral_total", apr_json(c.integral));
  Poco::JSON::Array::Ptr warnings = new Poco::JSON::Array;
  for (const std::string& w : c.warnings)
    warnings->add(w);
  o->set("warnings", warnings);
  return o;
}

void plan_text(const io::PlanDocument& doc, const campaign::StepComparison& c, std::ostream& out) {
  out << "plan " << doc.id << " from " << calendar::to_string(doc.start) << ", " << doc.input.term_months
      << " months\n";
  for (std::size_t k = 0; k < c.drawdowns.size(); ++k) {
    out << "  step " << k + 1 << " " << calendar::to_string(doc.dates[k]) << " " << doc.input.steps[k].label
        << ": drawdown " << c.drawdowns[k].value().to_string() << " EUR, "
        << c.steps.step_payments[k].value().to_string() << " EUR a month to the end\n";
  }
  out << "\n  year  in steps  integral   (financing payment a month, first month of the year)\n";
  for (int y = 1; y <= (doc.input.term_months + 11) / 12; ++y) {
    std::string a = year_payment(c.steps, y).value().to_string(),
                b = year_payment(c.integral, y).value().to_string();
    out << "  " << (y < 10 ? " " : "") << y << std::string(10 - std::min<std::size_t>(10, a.size()), ' ') << a
        << std::string(10 - std::min<std::size_t>(10, b.size()), ' ') << b << '\n';
  }
  out << "\n  in steps: " << c.steps.total_payments.value().to_string() << " EUR paid, cost of credit "
      << c.steps.cost_of_credit.value().to_string() << " EUR, APR "
      << c.steps.apr.percent_two_decimals.to_string()
      << "%\n  integral: " << c.integral.total_payments.value().to_string() << " EUR paid, cost of credit "
      << c.integral.cost_of_credit.value().to_string() << " EUR, APR "
      << c.integral.apr.percent_two_decimals.to_string() << "%\n";
  for (const std::string& w : c.warnings)
    out << "  warning: " << w << '\n';
  const std::vector<campaign::ChoiceYear> energy = campaign::choice_years(c, doc.input.steps, doc.after);
  if (energy.empty()) return;
  out << "\n  year  gas m3 in steps / integral   CO2 kg in steps / integral   (NTA 8800: 1.780 kg/m3, 0.34 "
         "kg/kWh)\n";
  Decimal steps_co2, integral_co2;
  for (const campaign::ChoiceYear& e : energy) {
    out << "  " << (e.year < 10 ? " " : "") << e.year << "  "
        << e.steps.gas_m3.round(0, Rounding::half_up).to_string() << " / "
        << e.integral.gas_m3.round(0, Rounding::half_up).to_string() << "   "
        << e.steps.co2_kg.round(0, Rounding::half_up).to_string() << " / "
        << e.integral.co2_kg.round(0, Rounding::half_up).to_string() << '\n';
    steps_co2 += e.steps.co2_kg;
    integral_co2 += e.integral.co2_kg;
  }
  out << "  CO2 over the term: " << steps_co2.round(0, Rounding::half_up).to_string() << " kg in steps, "
      << integral_co2.round(0, Rounding::half_up).to_string() << " kg integral\n";
}

int plan_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest = positional(args, {"--format"});
  const std::string format = flag_value(args, "--format", "text");
  if (rest.size() != 2 || rest[0] != "steps" || (format != "text" && format != "json")) {
    io.err << usage;
    return 2;
  }
  std::ifstream in(rest[1], std::ios::binary);
  if (!in) {
    io.err << "renofee plan steps: cannot read " << rest[1] << '\n';
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const Result<io::PlanDocument> doc = io::parse_plan_json(text.str());
  if (!doc) {
    io.err << "renofee plan steps: " << describe(doc.error()) << '\n';
    return 2;
  }
  const Result<campaign::StepComparison> c = campaign::compare_steps(doc->input);
  if (!c) {
    io.err << "renofee plan steps: " << describe(c.error()) << '\n';
    return c.error().code == ErrorCode::invalid_argument ? 2 : 1;
  }
  if (format == "json") {
    io.out << io::to_json_text(plan_json(*doc, *c), 2) << '\n';
  } else {
    plan_text(*doc, *c, io.out);
  }
  return 0;
}

const CommandRegistration registration{
    "plan", "a renovation in steps beside the integral plan: payments per year, APR, order warnings",
    plan_command};

}  // namespace
}  // namespace renofee::cli
