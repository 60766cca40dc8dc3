#include "renofee/adapters/io/payoff_output.hpp"

namespace renofee::io {
namespace {

std::string rule_name(finance::EarlyRepayment rule) {
  return rule == finance::EarlyRepayment::free ? "free" : "statutory_cap";
}

}  // namespace

Poco::JSON::Object::Ptr payoff_json(const std::string& contract_id, const app::PayoffOutcome& outcome) {
  const finance::PayoffQuote& q = outcome.quote;
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("contract_id", contract_id);
  o->set("contract_version", outcome.version.version);
  o->set("as_of", calendar::to_string(q.as_of));
  o->set("early_repayment", rule_name(q.rule));
  o->set("drawdown_date", calendar::to_string(outcome.drawdown));
  o->set("last_due_date", calendar::to_string(outcome.last_due_date));
  o->set("instalments_due", q.instalments_due);
  o->set("months_remaining", q.months_remaining);
  o->set("accrual_from", calendar::to_string(q.period_begin));
  o->set("days_accrued", q.days_elapsed);
  o->set("days_in_period", q.days_in_period);
  o->set("outstanding_principal", q.balance.to_string());
  o->set("accrued_interest", q.accrued_interest.to_string());
  o->set("compensation_rate", q.compensation_rate.to_string());
  o->set("compensation", q.compensation.to_string());
  o->set("total", q.total.to_string());
  o->set("interest_saved", q.interest_remaining.to_string());
  o->set("rule",
         "instalments due on or before " + calendar::to_string(q.as_of) +
             " are taken as paid (unpaid ones are arrears); accrued interest = balance x monthly rate x " +
             std::to_string(q.days_elapsed) + "/" + std::to_string(q.days_in_period) + " days" +
             (q.rule == finance::EarlyRepayment::free
                  ? "; no compensation (early repayment is free under these terms)"
                  : "; compensation at most " + q.compensation_rate.to_string() +
                        " x the amount repaid, never more than the interest still to come (Directive "
                        "2008/48/EC art. 16(2))"));
  return o;
}

std::string payoff_text(const std::string& contract_id, const app::PayoffOutcome& outcome) {
  const finance::PayoffQuote& q = outcome.quote;
  std::string s = "payoff of contract " + contract_id + " (version " +
                  std::to_string(outcome.version.version) + ") on " + calendar::to_string(q.as_of) + "\n";
  s += "  instalments due so far     " + std::to_string(q.instalments_due) + " (of " +
       std::to_string(q.instalments_due + q.months_remaining) + ", last due " +
       calendar::to_string(outcome.last_due_date) + ")\n";
  s += "  outstanding principal      " + q.balance.to_string() + " EUR\n";
  s += "  accrued interest           " + q.accrued_interest.to_string() + " EUR (" +
       std::to_string(q.days_elapsed) + " of " + std::to_string(q.days_in_period) + " days since " +
       calendar::to_string(q.period_begin) + ")\n";
  s += "  compensation               " + q.compensation.to_string() + " EUR (" + rule_name(q.rule) +
       (q.rule == finance::EarlyRepayment::free ? "" : ", rate " + q.compensation_rate.to_string()) + ")\n";
  s += "  total to pay               " + q.total.to_string() + " EUR\n";
  s += "  interest no longer due     " + q.interest_remaining.to_string() + " EUR\n";
  return s;
}

}  // namespace renofee::io
