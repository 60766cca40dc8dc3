// renofee/adapters/http/arrears_letter.hpp
//
// Purpose: the 14-day letter (veertiendagenbrief, BW 6:96 lid 6) in plain Dutch text, as `renofee arrears
// letter --out FILE` writes it for the post or e-mail. The law asks that it states the amount owed, the
// collection costs that follow if it is not paid, and a period of 14 days after receipt to pay; so it lists
// the open charges on the day it is sent, the principal, the costs (Besluit vergoeding voor
// buitengerechtelijke incassokosten) and the last day to pay (app/arrears.hpp).
#pragma once

#include <string>

#include "renofee/app/arrears.hpp"

namespace renofee::http {

// `debtor` is the name on the mandate (empty: "Geachte bewoner").
std::string arrears_letter_text(const std::string& contract_id, const std::string& debtor,
                                const app::ArrearsLetter& letter, const collections::Arrears& on_sent);

}  // namespace renofee::http
