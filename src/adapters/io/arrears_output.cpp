#include "renofee/adapters/io/arrears_output.hpp"

#include <Poco/JSON/Array.h>

namespace renofee::io {
namespace {

std::string optional_date(const std::optional<calendar::Date>& day) {
  return day ? calendar::to_string(*day) : std::string();
}

// The due date of the oldest overdue charge, or nullopt.
std::optional<calendar::Date> oldest_overdue(const collections::Arrears& a) {
  for (const collections::OpenCharge& c : a.open_charges) {
    if (c.due < a.as_of) return c.due;
  }
  return std::nullopt;
}

Poco::JSON::Object::Ptr letter_json(const app::ArrearsLetter& l) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("number", l.number);
  o->set("sent", calendar::to_string(l.sent));
  o->set("received", calendar::to_string(l.received));
  o->set("principal_eur", l.principal.to_string());
  o->set("costs_eur", l.costs.to_string());
  o->set("pay_by", calendar::to_string(l.pay_by()));
  o->set("costs_from", calendar::to_string(l.costs_from()));
  return o;
}

}  // namespace

Poco::JSON::Object::Ptr arrears_list_json(calendar::Date as_of, std::span<const app::ArrearsLine> lines) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("as_of", calendar::to_string(as_of));
  Money overdue = cents(0);
  Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
  for (const app::ArrearsLine& line : lines) {
    const collections::Arrears& a = line.arrears;
    overdue += a.overdue;
    Poco::JSON::Object::Ptr r = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    r->set("contract_id", line.contract_id);
    r->set("occupant", line.occupant);
    r->set("charged_eur", a.charged.to_string());
    r->set("paid_eur", a.paid.to_string());
    r->set("open_eur", a.open.to_string());
    r->set("overdue_eur", a.overdue.to_string());
    r->set("days_past_due", a.days_past_due);
    r->set("oldest_due", optional_date(oldest_overdue(a)));
    r->set("costs_charged_eur", line.costs_charged.to_string());
    Poco::JSON::Array::Ptr open = new Poco::JSON::Array;
    for (const collections::OpenCharge& c : a.open_charges) {
      Poco::JSON::Object::Ptr oc = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      oc->set("due", calendar::to_string(c.due));
      oc->set("amount_eur", c.amount.to_string());
      oc->set("open_eur", c.open.to_string());
      oc->set("days_past_due", c.days_past_due);
      open->add(oc);
    }
    r->set("open_charges", open);
    if (line.last_letter) {
      r->set("last_letter", letter_json(*line.last_letter));
    } else {
      r->set("last_letter", Poco::Dynamic::Var());
    }
    rows->add(r);
  }
  o->set("contracts", lines.size());
  o->set("overdue_eur", overdue.to_string());
  o->set(
      "rule",
      "payments settle the oldest fee first (BW 6:43 lid 2); overdue = open fees due before as_of; days past "
      "due count from the oldest overdue fee; compensation credits are set off (BW 6:127)");
  o->set("arrears", rows);
  return o;
}

std::string arrears_list_csv(calendar::Date as_of, std::span<const app::ArrearsLine> lines) {
  std::string s =
      "contract_id,as_of,open_eur,overdue_eur,days_past_due,oldest_due,credit_eur,last_letter,letter_"
      "received,"
      "costs_from,costs_charged_eur,occupant\n";
  for (const app::ArrearsLine& line : lines) {
    const collections::Arrears& a = line.arrears;
    const std::optional<app::ArrearsLetter>& l = line.last_letter;
    s += line.contract_id + "," + calendar::to_string(as_of) + "," + a.open.to_string() + "," +
         a.overdue.to_string() + "," + std::to_string(a.days_past_due) + "," +
         optional_date(oldest_overdue(a)) + "," + a.credit.to_string() + "," +
         (l ? std::to_string(l->number) : std::string()) + "," +
         (l ? calendar::to_string(l->received) : std::string()) + "," +
         (l ? calendar::to_string(l->costs_from()) : std::string()) + "," + line.costs_charged.to_string() +
         "," + std::to_string(line.occupant) + "\n";
  }
  return s;
}

std::string arrears_list_text(calendar::Date as_of, std::span<const app::ArrearsLine> lines) {
  if (lines.empty()) return "no arrears on " + calendar::to_string(as_of) + "\n";
  std::string s = "arrears on " + calendar::to_string(as_of) + " (" + std::to_string(lines.size()) +
                  " contracts)\ncontract\toverdue\topen\tdays\toldest due\tletter\tcosts charged\n";
  for (const app::ArrearsLine& line : lines) {
    const collections::Arrears& a = line.arrears;
    const std::optional<app::ArrearsLetter>& l = line.last_letter;
    s += line.contract_id + (line.occupant > 1 ? " (occupant " + std::to_string(line.occupant) + ")" : "") +
         "\t" + a.overdue.to_string() + "\t" + a.open.to_string() + "\t" + std::to_string(a.days_past_due) +
         "\t" + optional_date(oldest_overdue(a)) + "\t" +
         (l ? std::to_string(l->number) + " (pay by " + calendar::to_string(l->pay_by()) + ")" : "-") + "\t" +
         line.costs_charged.to_string() + "\n";
  }
  return s;
}

}  // namespace renofee::io
