#include "renofee/adapters/io/occupant_output.hpp"

#include <Poco/JSON/Array.h>

#include <sstream>

#include "renofee/adapters/io/reconciliation_output.hpp"

namespace renofee::io {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Poco::Dynamic::Var key_json(const std::optional<app::IssuedKey>& key) {
  if (!key) return Poco::Dynamic::Var();
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("id", key->key.id);
  o->set("occupant", key->key.occupant);
  o->set("key", key->text);
  return o;
}

Object::Ptr final_statement_json(const app::FinalStatement& f) {
  const app::Statement& s = f.statement;
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("occupant", f.occupant);
  o->set("begin", calendar::to_string(f.period.begin));
  o->set("end", calendar::to_string(f.period.end));
  set_statement_figures(*o, s);
  o->set("open_eur", cents_text(f.arrears.open));
  o->set("overdue_eur", cents_text(f.arrears.overdue));
  o->set("days_past_due", f.arrears.days_past_due);
  if (f.open_year) {
    Object::Ptr y = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    y->set("year", f.open_year->year);
    y->set("begin", calendar::to_string(f.open_year->period.begin));
    y->set("end", calendar::to_string(f.open_year->period.end));
    y->set("days_lived", f.open_year->lived.days());
    y->set("days", f.open_year->period.days());
    o->set("open_guarantee_year", y);
  } else {
    o->set("open_guarantee_year", Poco::Dynamic::Var());
  }
  Array::Ptr entries = new Array;
  for (const app::LedgerEntry& e : s.entries)
    entries->add(ledger_entry_json(e));
  o->set("entries", entries);
  return o;
}

}  // namespace

Object::Ptr occupant_change_json(const std::string& contract_id, const app::OccupantChangeOutcome& out) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("contract_id", contract_id);
  o->set("change", out.number);
  o->set("date", calendar::to_string(out.change.on));
  o->set("event", std::string(finance::to_string(out.change.event)));
  o->set("outgoing_occupant", out.outgoing);
  o->set("incoming_occupant", out.incoming ? Poco::Dynamic::Var(*out.incoming) : Poco::Dynamic::Var());
  Array::Ptr posted = new Array;
  for (const app::LedgerEntry& e : out.posted)
    posted->add(ledger_entry_json(e));
  o->set("posted", posted);
  if (out.payoff) {
    Object::Ptr p = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    p->set("outstanding_principal", out.payoff->balance.to_string());
    p->set("accrued_interest", out.payoff->accrued_interest.to_string());
    p->set("compensation", out.payoff->compensation.to_string());
    p->set("total", out.payoff->total.to_string());
    o->set("payoff", p);
  } else {
    o->set("payoff", Poco::Dynamic::Var());
  }
  Array::Ptr revoked = new Array;
  for (const std::string& id : out.revoked_keys)
    revoked->add(id);
  o->set("revoked_keys", revoked);
  o->set("incoming_key", key_json(out.incoming_key));
  o->set("outgoing_key", key_json(out.outgoing_key));
  o->set("final_statement", final_statement_json(out.final_statement));
  return o;
}

std::string occupant_change_text(const std::string& contract_id, const app::OccupantChangeOutcome& out) {
  std::ostringstream t;
  const app::FinalStatement& f = out.final_statement;
  t << "contract " << contract_id << ": change " << out.number << " (" << finance::to_string(out.change.event)
    << ") on " << calendar::to_string(out.change.on) << "\n";
  t << "  occupant " << out.outgoing << " lived there " << calendar::to_string(f.period.begin) << " to "
    << calendar::to_string(calendar::add_days(f.period.end, -1));
  if (out.incoming)
    t << "; occupant " << *out.incoming << " from " << calendar::to_string(out.change.on) << "\n";
  else
    t << "; the contract ends (the buyer does not take it over)\n";
  for (const app::LedgerEntry& e : out.posted)
    t << "  posted entry " << e.sequence << " (occupant " << e.entry.occupant
      << "): " << to_string(e.entry.kind) << " " << cents_text(e.entry.amount) << " on "
      << calendar::to_string(e.entry.value_date) << ", " << e.entry.reference << "\n";
  t << "final statement of occupant " << f.occupant << ": fees " << cents_text(f.statement.fees)
    << ", handover " << cents_text(f.statement.handover) << ", paid " << cents_text(f.statement.payments)
    << ", compensation " << cents_text(f.statement.compensation) << ", payoff "
    << cents_text(f.statement.payoff) << "; balance " << cents_text(f.statement.closing_balance) << " (open "
    << cents_text(f.arrears.open) << ", overdue " << cents_text(f.arrears.overdue) << ", "
    << f.arrears.days_past_due << " days)\n";
  if (f.open_year)
    t << "  guarantee year " << f.open_year->year << " runs until "
      << calendar::to_string(calendar::add_days(f.open_year->period.end, -1)) << ": when it is settled, "
      << f.open_year->lived.days() << " of its " << f.open_year->period.days()
      << " days' compensation is occupant " << f.occupant << "'s\n";
  for (const std::string& id : out.revoked_keys)
    t << "revoked resident key " << id << "\n";
  if (out.incoming_key)
    t << "resident key of occupant " << out.incoming_key->key.occupant
      << " (shown once): " << out.incoming_key->text << "\n";
  if (out.outgoing_key)
    t << "key of occupant " << out.outgoing_key->key.occupant
      << " for their final statement (shown once): " << out.outgoing_key->text << "\n";
  return t.str();
}

Object::Ptr occupants_json(const std::string& contract_id, std::span<const finance::OccupantPeriod> periods) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("contract_id", contract_id);
  Array::Ptr list = new Array;
  for (const finance::OccupantPeriod& p : periods) {
    Object::Ptr r = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    r->set("occupant", p.occupant);
    r->set("begin", calendar::to_string(p.begin));
    r->set("end", p.end ? Poco::Dynamic::Var(calendar::to_string(*p.end)) : Poco::Dynamic::Var());
    list->add(r);
  }
  o->set("occupants", list);
  return o;
}

}  // namespace renofee::io
