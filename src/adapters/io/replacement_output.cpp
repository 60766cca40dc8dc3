#include "renofee/adapters/io/replacement_output.hpp"

#include <Poco/JSON/Array.h>

#include "renofee/adapters/io/reconciliation_output.hpp"

namespace renofee::io {

Poco::JSON::Object::Ptr reserve_statement_json(const app::ReserveStatement& s) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("contract_id", s.contract_id);
  o->set("as_of", calendar::to_string(s.as_of));
  o->set("fees_due", s.fees_due);
  o->set("contributions", cents_text(s.contributions));
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const app::ReserveLine& l : s.lines) {
    Poco::JSON::Object::Ptr r = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    r->set("date", calendar::to_string(l.replacement.on));
    r->set("measure", l.replacement.measure);
    r->set("cost", cents_text(l.replacement.cost));
    r->set("reserve_before", cents_text(l.reserve_before));
    r->set("paid_from_reserve", cents_text(l.paid_from_reserve));
    r->set("borne_by_provider", cents_text(l.borne_by_provider));
    r->set("note", l.replacement.note);
    lines->add(r);
  }
  o->set("replacements", lines);
  o->set("paid_from_reserve", cents_text(s.paid_from_reserve));
  o->set("borne_by_provider", cents_text(s.borne_by_provider));
  o->set("balance", cents_text(s.balance));
  return o;
}

std::string reserve_statement_text(const app::ReserveStatement& s) {
  std::string t = "replacement reserve of " + s.contract_id + " on " + calendar::to_string(s.as_of) + ": " +
                  std::to_string(s.fees_due) + " fees set aside " + cents_text(s.contributions) + " EUR\n";
  for (const app::ReserveLine& l : s.lines) {
    t += "  " + calendar::to_string(l.replacement.on) + " " + l.replacement.measure + " " +
         cents_text(l.replacement.cost) + " EUR: " + cents_text(l.paid_from_reserve) +
         " from the reserve (held " + cents_text(l.reserve_before) + "), " + cents_text(l.borne_by_provider) +
         " borne by the provider\n";
  }
  return t + "  balance " + cents_text(s.balance) + " EUR\n";
}

}  // namespace renofee::io
