#include "renofee/adapters/http/arrears_letter.hpp"

#include "renofee/adapters/http/html.hpp"

namespace renofee::http {

std::string arrears_letter_text(const std::string& contract_id, const std::string& debtor,
                                const app::ArrearsLetter& letter, const collections::Arrears& on_sent) {
  const Language nl = Language::nl;
  std::string s = "Betreft: betalingsherinnering, contract " + contract_id + "\n";
  s += "Datum: " + format_date(letter.sent, nl) + "\n\n";
  s += (debtor.empty() ? std::string("Geachte bewoner") : "Geachte " + debtor) + ",\n\n";
  s += "Op " + format_date(letter.sent, nl) + " staan de volgende maandbedragen nog open:\n\n";
  for (const collections::OpenCharge& c : on_sent.open_charges) {
    if (!(c.due < letter.sent)) continue;
    s += "  vervallen op " + format_date(c.due, nl) + ": " + format_money(c.open, nl) + "\n";
  }
  s += "\nSamen: " + format_money(letter.principal, nl) + ".\n\n";
  s += "Wij vragen u dit bedrag uiterlijk op " + format_date(letter.pay_by(), nl) +
       " te betalen. Dat is 14 dagen na de dag waarop u deze brief ontvangt (" +
       format_date(letter.received, nl) + ").\n\n";
  s += "Betaalt u niet op tijd, dan brengen wij vanaf " + format_date(letter.costs_from(), nl) +
       " incassokosten in rekening: " + format_money(letter.costs, nl) +
       ". Dat is het bedrag dat de wet toestaat (Besluit vergoeding voor buitengerechtelijke incassokosten). "
       "Betaalt u een deel, dan berekenen wij de kosten over wat dan nog openstaat.\n\n";
  s += "Heeft u inmiddels betaald, dan kunt u deze brief als niet verzonden beschouwen. Kunt u niet betalen, "
       "neem dan contact met ons op: samen zoeken wij naar een regeling.\n\n";
  s += "Met vriendelijke groet,\n\n(14-daagse brief " + std::to_string(letter.number) + ")\n";
  return s;
}

}  // namespace renofee::http
