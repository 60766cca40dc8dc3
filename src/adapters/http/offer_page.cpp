#include "renofee/adapters/http/offer_page.hpp"

#include <algorithm>
#include <variant>

#include "renofee/adapters/http/html.hpp"
#include "renofee/adapters/http/page_frame.hpp"
#include "renofee/app/cost_comparison.hpp"
#include "renofee/core/guarantee/evaluate.hpp"

namespace renofee::http::pages {
namespace {

// A fraction (0.039) as a percentage with two decimals ("3,90 %").
std::string percent(const Decimal& fraction, Language language) {
  return escape_html(format_number(fraction * Decimal(100), 2, language)) + "&nbsp;%";
}

std::string pass_fail(bool passed, Language language) {
  return passed ? "<span class=\"pass\">" + in_language(language, "voldoet", "passes") + "</span>"
                : "<span class=\"fail\">" + in_language(language, "voldoet niet", "fails") + "</span>";
}

std::string contract_years_text(int months, Language language) {
  if (months % 12 == 0) return std::to_string(months / 12) + in_language(language, " jaar", " years");
  return std::to_string(months) + in_language(language, " maanden", " months");
}

std::string indexation_text(const quote::Offer& offer, Language language) {
  const quote::Indexation& ix = offer.service_fee.indexation;
  const std::string fee = money(offer.service_fee.monthly, language);
  switch (ix.kind) {
    case quote::IndexationKind::none:
      return in_language(language, "De servicekosten (", "The service fee (") + fee +
             in_language(
                 language,
                 " per maand) worden niet geïndexeerd. Het deel voor de financiering verandert ook niet.",
                 " a month) is not indexed. The financing part does not change either.");
    case quote::IndexationKind::fixed:
      return in_language(language, "De servicekosten (", "The service fee (") + fee +
             in_language(language,
                         " per maand in het eerste jaar) stijgen op elke verjaardag van het contract met ",
                         " a month in the first year) rises on every anniversary of the contract by ") +
             percent(ix.annual_rate, language) +
             in_language(
                 language,
                 ". Het deel voor de financiering blijft de hele looptijd gelijk: indexatie raakt alleen de "
                 "servicekosten.",
                 ". The financing part stays the same for the whole term: indexation touches the service fee "
                 "only.");
    case quote::IndexationKind::series: {
      std::string rates;
      for (std::size_t i = 0; i < ix.annual_rates.size(); ++i)
        rates += (i == 0 ? "" : ", ") + percent(ix.annual_rates[i], language);
      return in_language(language, "De servicekosten (", "The service fee (") + fee +
             in_language(
                 language,
                 " per maand in het eerste jaar) veranderen op de verjaardagen van het contract met de "
                 "afgesproken reeks: ",
                 " a month in the first year) changes on the contract's anniversaries by the agreed "
                 "series: ") +
             rates +
             in_language(language,
                         "; daarna blijven ze gelijk. Het deel voor de financiering verandert niet.",
                         "; after that it stays the same. The financing part does not change.");
    }
  }
  return {};
}

// The EPV caps after the first (by date: the maximum is adjusted to inflation each 1 July) and who carries
// what the cap cuts off (rules issue, item 3).
std::string epv_cap_changes_text(const quote::Quote& q, Language language) {
  std::string s;
  for (std::size_t i = 1; i < q.epv_caps.size(); ++i)
    s += in_language(language, " Vanaf ", " From ") + escape_html(calendar::to_string(q.epv_caps[i].from)) +
         in_language(language, " is het maximum ", " the maximum is ") +
         money(q.epv_caps[i].monthly_cap, language) + in_language(language, " per maand.", " a month.");
  if (!q.schedule.totals.cap_reductions.is_zero()) {
    const bool provider = q.cap_reductions_carried_by == quote::CapReductionsCarrier::provider;
    s += in_language(language, " Wat boven het maximum uitkomt, ", " What exceeds the maximum, ") +
         money(q.schedule.totals.cap_reductions, language) +
         in_language(language, " over de hele looptijd, betaalt u niet: dat draagt ",
                     " over the whole term, you never pay: it is carried by ") +
         (provider ? in_language(language, "de aanbieder.", "the provider.")
                   : in_language(language, "de verhuurder.", "the landlord."));
  }
  return s;
}

std::string fee_section(const quote::Quote& q, const quote::Offer& offer, bool tenant, Language language) {
  const finance::ScheduleRow& first = q.fees.first_month;
  std::string s = "<section aria-labelledby=\"fee-heading\">\n<h2 id=\"fee-heading\">" +
                  in_language(language, "Uw maandbedrag", "Your monthly fee") + "</h2>\n";
  s += "<p class=\"key\">" + in_language(language, "U betaalt ", "You pay ") +
       money_data("monthly-fee", first.total, language) +
       in_language(language, " per maand, vanaf ", " a month, from ") +
       escape_html(format_date(first.due_date, language)) + ".</p>\n";
  s += "<table>\n<caption>" +
       in_language(language, "Opbouw van het maandbedrag in de eerste maand",
                   "The monthly fee in the first month") +
       "</caption>\n<tbody>\n";
  s += "<tr><th scope=\"row\">" +
       (tenant ? in_language(language, "Deel voor de renovatie", "Part for the renovation")
               : in_language(language, "Financiering (rente en aflossing)",
                             "Financing (interest and repayment)")) +
       "</th><td class=\"num\">" + money_data("fee-financing", first.financing_payment, language) +
       "</td></tr>\n";
  s += "<tr><th scope=\"row\">" +
       in_language(language, "Servicekosten (onderhoud, monitoring, verzekering)",
                   "Service fee (maintenance, monitoring, insurance)") +
       "</th><td class=\"num\">" + money_data("fee-service", first.service_fee, language) + "</td></tr>\n";
  if (!first.cap_reduction.is_zero()) {
    s += "<tr><th scope=\"row\">" +
         in_language(language, "Korting tot het EPV-maximum", "Reduction to the EPV cap") +
         "</th><td class=\"num\">-" + money(first.cap_reduction, language) + "</td></tr>\n";
  }
  s += "<tr><th scope=\"row\">" + in_language(language, "Totaal per maand", "Total a month") +
       "</th><td class=\"num\">" + money(first.total, language) + "</td></tr>\n</tbody>\n</table>\n";
  s += "<h3>" + in_language(language, "Indexatie", "Indexation") + "</h3>\n<p>" +
       indexation_text(offer, language) + "</p>\n";
  if (q.epv_monthly_cap) {
    s += "<p>" +
         in_language(
             language,
             "Dit is een huurwoning: het maandbedrag is nooit hoger dan de energieprestatievergoeding (EPV) "
             "van ",
             "This is a rented home: the monthly fee never exceeds the energy performance fee (EPV) of ") +
         money_data("epv-cap", *q.epv_monthly_cap, language) +
         in_language(language, " per maand.", " a month.") + epv_cap_changes_text(q, language) + "</p>\n";
  }
  s += "<table>\n<caption>" +
       in_language(language, "Maandbedrag per contractjaar", "Monthly fee by contract year") +
       "</caption>\n<thead><tr><th scope=\"col\">" + in_language(language, "Contractjaar", "Contract year") +
       "</th><th scope=\"col\" class=\"num\">" + in_language(language, "Financiering", "Financing") +
       "</th><th scope=\"col\" class=\"num\">" + in_language(language, "Servicekosten", "Service fee") +
       "</th><th scope=\"col\" class=\"num\">" + in_language(language, "Totaal per maand", "Total a month") +
       "</th></tr></thead>\n<tbody>\n";
  for (const finance::YearFee& fee : q.fees.fee_by_year) {
    const std::string y = std::to_string(fee.year);
    s += "<tr><th scope=\"row\">" + y + "</th><td class=\"num\">" + money(fee.financing_payment, language) +
         "</td><td class=\"num\">" + money(fee.service_fee, language) + "</td><td class=\"num\">" +
         money_data("fee-year-" + y, fee.total, language) + "</td></tr>\n";
  }
  s += "</tbody>\n</table>\n</section>\n";
  return s;
}

std::string netting_text(const quote::TariffYearQuote& ty, Language language) {
  const std::string other = money(ty.alternative.monthly_saving, language);
  if (ty.as_tariff.netting) {
    return in_language(
               language,
               "In dit jaar geldt nog de salderingsregeling: stroom die uw zonnepanelen terugleveren wordt "
               "weggestreept tegen stroom die u van het net haalt. Zonder saldering zou de besparing ",
               "This year net metering (the salderingsregeling) still applies: electricity your panels feed "
               "in "
               "is "
               "offset against electricity you take from the grid. Without net metering the saving would "
               "be ") +
           other + in_language(language, " per maand zijn.", " a month.");
  }
  return in_language(
             language,
             "De salderingsregeling is per 1 januari 2027 afgeschaft: u betaalt voor alle stroom die u van "
             "het "
             "net "
             "haalt (met energiebelasting), en voor stroom die u teruglevert krijgt u alleen de "
             "terugleververgoeding "
             "van uw leverancier, minus eventuele terugleverkosten. Met saldering zou de besparing ",
             "Net metering (the salderingsregeling) ends on 1 January 2027: you pay for all electricity you "
             "take "
             "from the grid (with energy tax), and for electricity you feed in you only get your supplier's "
             "feed-in "
             "price, minus any feed-in cost. With net metering the saving would be ") +
         other + in_language(language, " per maand zijn geweest.", " a month.");
}

// The affordability checks in words, with the figures the checks used.
std::string affordability_list(const quote::TariffYearQuote& ty, Language language) {
  const std::string id = ty.tariff_id;
  const quote::WoonlastenCheck& w = ty.woonlasten;
  const quote::PaysCheck& p = ty.pays;
  std::string s = "<h4>" + in_language(language, "Betaalbaarheid", "Affordability") + "</h4>\n<ul>\n";
  s += "<li id=\"woonlasten-" + escape_html(id) + "\" data-passed=\"" + (w.passed ? "true" : "false") +
       "\"><strong>" + in_language(language, "Woonlastentoets", "Housing-cost test (woonlastenimpacttoets)") +
       ":</strong> " + pass_fail(w.passed, language) + ". " +
       in_language(language, "Het maandbedrag (", "The monthly fee (") + money(w.monthly_fee, language) +
       (w.passed ? in_language(language, ") is niet hoger dan de verwachte besparing (",
                               ") is not higher than the expected saving (")
                 : in_language(language, ") is hoger dan de verwachte besparing (",
                               ") is higher than the expected saving (")) +
       money(w.monthly_saving, language) +
       in_language(language, " per maand); verschil ", " a month); difference ") +
       money(w.headroom, language) + ".</li>\n";
  s += "<li id=\"pays-" + escape_html(id) + "\" data-passed=\"" + (p.passed ? "true" : "false") +
       "\"><strong>PAYS:</strong> " + pass_fail(p.passed, language) + ". " +
       in_language(language, "Het maandbedrag mag hoogstens 80 % van de besparing zijn (",
                   "The fee may be at most 80 % of the saving (") +
       money(p.fee_limit, language) + "): " + pass_fail(p.fee_passed, language) + ". " +
       in_language(language, "De looptijd (", "The term (") + std::to_string(p.term_months) +
       in_language(language,
                   " maanden) mag hoogstens 80 % van de gewogen levensduur van de maatregelen zijn (",
                   " months) may be at most 80 % of the weighted useful life of the measures (") +
       escape_html(format_number(p.term_limit_months, 2, language)) +
       in_language(language, " maanden): ", " months): ") + pass_fail(p.term_passed, language) +
       ".</li>\n</ul>\n";
  return s;
}

// When the tariff year holds figures not published yet: a notice naming the method of each (rules issue,
// item 1). The methods are the tariff file's own words (English, as the file gives them).
std::string projected_notice(const quote::TariffYearQuote& ty, Language language) {
  if (ty.projected.empty()) return {};
  std::string s = "<p class=\"projected\" data-projected=\"" + escape_html(ty.tariff_id) + "\"><strong>" +
                  in_language(language, "Prognose: ", "Projected: ") + "</strong>";
  if (language == Language::nl)  // the methods are the tariff file's English words: named, not quoted
    return s +
           "een deel van deze tarieven is nog niet gepubliceerd en is geschat; hoe, staat per bedrag in "
           "het tarievenbestand " +
           escape_html(ty.tariff_id) + ".</p>\n";
  s += "some of these tariffs are not published yet and are estimated. How: ";
  for (std::size_t i = 0; i < ty.projected.size(); ++i)
    s += (i == 0 ? "" : "; ") + escape_html(ty.projected[i].method);
  return s + ".</p>\n";
}

// One tariff year of the offer: the bills before and after, the saving, the net effect in figures and
// words, what netting does, and the affordability checks.
std::string tariff_year_section(const quote::TariffYearQuote& ty, Language language) {
  const std::string id = ty.tariff_id;
  const std::string year = std::to_string(ty.year);
  std::string s = "<section class=\"tariff-year\" data-tariff=\"" + escape_html(id) +
                  "\" aria-labelledby=\"ty-" + escape_html(id) + "\">\n<h3 id=\"ty-" + escape_html(id) +
                  "\">" + in_language(language, "Tarieven ", "Tariffs ") + year + " (" +
                  (ty.as_tariff.netting ? in_language(language, "met saldering", "with net metering")
                                        : in_language(language, "zonder saldering", "without net metering")) +
                  ")</h3>\n";
  s += projected_notice(ty, language);
  s += "<table>\n<caption>" + in_language(language, "Energierekening ", "Energy bill ") + year +
       "</caption>\n<tbody>\n";
  s += "<tr><th scope=\"row\">" +
       in_language(language, "Voor de renovatie, per jaar", "Before the renovation, a year") +
       "</th><td class=\"num\">" + money_data("bill-before-" + id, ty.as_tariff.before.total, language) +
       "</td></tr>\n";
  s += "<tr><th scope=\"row\">" +
       in_language(language, "Na de renovatie, per jaar", "After the renovation, a year") +
       "</th><td class=\"num\">" + money_data("bill-after-" + id, ty.as_tariff.after.total, language) +
       "</td></tr>\n";
  s += "<tr><th scope=\"row\">" + in_language(language, "Besparing per jaar", "Saving a year") +
       "</th><td class=\"num\">" + money(ty.as_tariff.yearly_saving, language) + "</td></tr>\n";
  s += "<tr><th scope=\"row\">" + in_language(language, "Besparing per maand", "Saving a month") +
       "</th><td class=\"num\">" + money_data("saving-month-" + id, ty.as_tariff.monthly_saving, language) +
       "</td></tr>\n";
  s += "<tr><th scope=\"row\">" + in_language(language, "Getoetst maandbedrag", "Tested monthly fee") +
       "</th><td class=\"num\">" + money(ty.woonlasten.monthly_fee, language) + "</td></tr>\n";
  s += "<tr><th scope=\"row\">" +
       in_language(language, "Netto effect per maand (besparing min maandbedrag)",
                   "Net effect a month (saving minus fee)") +
       "</th><td class=\"num\">" + money_data("net-effect-" + id, ty.net_monthly_effect, language) +
       "</td></tr>\n</tbody>\n</table>\n";
  s += "<p>" +
       (ty.net_monthly_effect.is_negative()
            ? in_language(language, "Met deze tarieven gaat u er per maand ", "At these tariffs you pay ") +
                  money(Money(ty.net_monthly_effect.value().abs()), language) +
                  in_language(language, " op achteruit: het maandbedrag is hoger dan de besparing.",
                              " a month more than you save: the fee is higher than the saving.")
            : in_language(language, "Met deze tarieven gaat u er per maand ", "At these tariffs you are ") +
                  money(ty.net_monthly_effect, language) +
                  in_language(language, " op vooruit.", " a month better off.")) +
       "</p>\n<p>" + netting_text(ty, language) + "</p>\n";
  s += affordability_list(ty, language);
  s += "<p class=\"muted\">" +
       in_language(language, "Deze toetsen worden gemeld, niet afgedwongen: u en de aanbieder beslissen.",
                   "These checks are reported, never enforced: you and the provider decide.") +
       "</p>\n</section>\n";
  return s;
}

std::string energy_section(const quote::Quote& q, Language language) {
  std::string s =
      "<section aria-labelledby=\"energy-heading\">\n<h2 id=\"energy-heading\">" +
      in_language(language, "Uw energierekening voor en na de renovatie",
                  "Your energy bill before and after the renovation") +
      "</h2>\n<p>" +
      in_language(
          language,
          "Verwachte jaarrekening (inclusief vaste kosten, netbeheer, energiebelasting, "
          "belastingvermindering en btw) met de tarieven van elk jaar in het aanbod, bij het verwachte "
          "verbruik voor en na de renovatie. De besparing per maand is een twaalfde van de besparing "
          "per jaar.",
          "Expected yearly bill (including fixed charges, network charges, energy tax, tax reduction "
          "and VAT) at the tariffs of each year in the offer, for the expected use before and after the "
          "renovation. The monthly saving is one twelfth of the yearly saving.") +
      "</p>\n";
  for (const quote::TariffYearQuote& ty : q.tariff_years)
    s += tariff_year_section(ty, language);
  s += "</section>\n";
  return s;
}

std::string deadband_text(const guarantee::Guarantee& g, Language language) {
  if (g.deadband.band && g.deadband.mode != guarantee::DeadbandMode::none) {
    const std::string band = g.deadband.band == guarantee::UncertaintyBand::ols ? "OLS" : "FSU";
    const bool threshold = g.deadband.mode == guarantee::DeadbandMode::threshold;
    const std::string nl =
        "Meetonzekerheid: een tekort binnen de onzekerheidsmarge (" + band +
        ") van de gemeten besparing is niet van ruis te onderscheiden" +
        (threshold ? " en wordt niet vergoed; is het groter, dan wordt het hele tekort vergoed."
                   : "; alleen het deel daarboven wordt vergoed.");
    const std::string en = "Measurement uncertainty: a shortfall within the uncertainty band (" + band +
                           ") of the measured savings cannot be told from noise" +
                           (threshold ? " and is not paid; when it is larger, the whole shortfall is paid."
                                      : "; only the part beyond it is paid.");
    return in_language(language, nl.c_str(), en.c_str());
  }
  const std::string pct = escape_html(format_number(g.deadband.percent, 0, language)) + "&nbsp;%";
  switch (g.deadband.mode) {
    case guarantee::DeadbandMode::none:
      return in_language(language, "Elk tekort wordt vergoed, hoe klein ook.",
                         "Every shortfall is compensated, however small.");
    case guarantee::DeadbandMode::threshold:
      return in_language(language, "Drempel: is het tekort niet groter dan ",
                         "Threshold: when the shortfall is not more than ") +
             pct +
             in_language(
                 language,
                 " van de gegarandeerde hoeveelheid, dan volgt geen vergoeding; is het groter, dan wordt het "
                 "hele "
                 "tekort vergoed.",
                 " of the guaranteed amount, nothing is paid; when it is more, the whole shortfall is paid.");
    case guarantee::DeadbandMode::franchise:
      return in_language(language, "Eigen risico: een tekort tot ", "Franchise: a shortfall up to ") + pct +
             in_language(
                 language,
                 " van de gegarandeerde hoeveelheid is voor uw rekening; alleen het deel daarboven wordt "
                 "vergoed.",
                 " of the guaranteed amount is yours to bear; only the part beyond it is paid.");
  }
  return {};
}

std::string price_text(const guarantee::Price& price, const std::string& unit, Language language) {
  // Tariff rates carry up to 5 decimals (docs/domain.md §2): as many as the price has, at least 2.
  const int decimals = std::clamp(price.per_unit.trimmed().scale(), 2, 5);
  std::string s = "€&nbsp;" + escape_html(format_number(price.per_unit, decimals, language)) +
                  in_language(language, " per ", " per ") + escape_html(unit) +
                  in_language(language, " in het eerste jaar", " in the first year");
  if (!price.annual_escalation.is_zero()) {
    s += in_language(language, "; die prijs verandert elk jaar met ", "; the price changes every year by ") +
         percent(price.annual_escalation, language);
  }
  return s;
}

// What each kind of guarantee promises, in the resident's words, with its figures.
std::string net_zero_what(const guarantee::NetZeroTerms& nz, const std::string& area, Language language) {
  std::string s =
      in_language(language,
                  "Nul op de Meter: over een heel jaar wekken de zonnepanelen van uw woning minstens zoveel "
                  "stroom op als de woning zelf gebruikt (verwarming, warm water en ventilatie) plus het "
                  "huishoudelijk gebruik tot de energiebundel: ",
                  "Net zero (Nul op de Meter): over a whole year your home's solar panels generate at least "
                  "the electricity the building itself uses (heating, hot water, ventilation) plus the "
                  "household's use up to the energy bundle: ") +
      escape_html(format_number(nz.bundle_per_m2.value(), 0, language)) +
      in_language(language, " kWh per m² woonoppervlak (", " kWh per m² of floor area (") + area + " m²)";
  if (nz.bundle_cap) {
    s += in_language(language, ", ten hoogste ", ", at most ") +
         escape_html(format_number(nz.bundle_cap->value(), 0, language)) +
         in_language(language, " kWh per jaar", " kWh a year");
  }
  s += in_language(language,
                   ". Wat uw huishouden boven de bundel gebruikt, is voor uw eigen rekening. Het "
                   "stroomverbruik voor verwarming wordt omgerekend naar een normaal jaar (",
                   ". What your household uses above the bundle is your own. The electricity used for "
                   "heating is scaled to a normal year (") +
       escape_html(format_number(nz.normal_weighted_degree_days.value(), 0, language)) +
       in_language(language, " gewogen graaddagen), zodat een koude winter niet tegen u telt.",
                   " weighted degree days), so a cold winter does not count against you.");
  if (nz.building_use == guarantee::BuildingUse::total_minus_bundle) {
    s += in_language(language,
                     " De warmtepomp heeft geen eigen meter: er wordt aangenomen dat uw huishouden de hele "
                     "bundel gebruikte, de rest telt als gebruik van de woning.",
                     " The heat pump has no meter of its own: your household is taken to have used the whole "
                     "bundle, the rest counts as the building's use.");
  }
  return s;
}

std::string epv_what(const guarantee::EpvTerms& epv, Language language) {
  std::string hmin =
      epv.h_min
          ? escape_html(format_number(epv.h_min->value(), 0, language)) + " kWh"
          : in_language(
                language,
                "de wettelijke waarde voor uw woningtype (2.100 kWh eengezinswoning, 530 kWh "
                "meergezinswoning)",
                "the legal value for your dwelling type (2,100 kWh single-family, 530 kWh multi-family)");
  return in_language(language,
                     "EPV-garantie (energieprestatievergoeding): de zonnepanelen wekken per jaar minstens ",
                     "EPV guarantee (energy performance fee): the solar panels generate at least ") +
         hmin +
         in_language(
             language,
             " meer op dan de woning gebruikt voor verwarming, koeling en warm water plus een vast "
             "verbruik "
             "van ",
             " a year more than the home uses for heating, cooling and hot water plus a fixed use of ") +
         escape_html(format_number(epv.g_fixed.value(), 0, language)) + " kWh (H = O − W − G).";
}

std::string savings_what(const guarantee::SavingsTerms& sv, Language language) {
  const std::string unit = sv.carrier == guarantee::SavingsCarrier::gas
                               ? "m³ gas"
                               : in_language(language, "kWh stroom", "kWh of electricity");
  std::string s =
      in_language(language, "Besparingsgarantie: u verbruikt per jaar minstens ",
                  "Savings guarantee: you use at least ") +
      escape_html(format_number(sv.guaranteed_savings, 0, language)) + " " + unit +
      in_language(
          language,
          " minder dan vóór de renovatie, gerekend met het verbruik van vóór de renovatie aangepast aan "
          "het weer van het jaar (IPMVP optie C).",
          " a year less than before the renovation, measured against the pre-renovation use adjusted "
          "to the year's weather (IPMVP option C).");
  if (!sv.excess_share_percent.is_zero()) {
    s += in_language(language, " Bespaart u meer, dan betaalt u ", " When you save more, you pay ") +
         escape_html(format_number(sv.excess_share_percent, 0, language)) +
         in_language(language, "&nbsp;% van de waarde van die extra besparing aan de aanbieder.",
                     "&nbsp;% of the value of that extra saving to the provider.");
  }
  return s;
}

std::string pv_yield_what(const guarantee::PvYieldTerms& pv, Language language) {
  return in_language(language, "Opbrengstgarantie: de zonnepanelen wekken minstens ",
                     "Yield guarantee: the solar panels generate at least ") +
         escape_html(format_number(pv.guaranteed.value(), 0, language)) +
         in_language(language, " kWh per jaar op in een jaar met normale zoninstraling (",
                     " kWh a year in a year of normal sunshine (") +
         escape_html(format_number(pv.normal_irradiance.value(), 0, language)) +
         in_language(language, " J/cm²); in een zonniger of somberder jaar schaalt de garantie mee.",
                     " J/cm²); in a sunnier or duller year the guarantee scales with it.");
}

std::string guarantee_what(const guarantee::Guarantee& guarantee, const quote::Offer& offer,
                           Language language) {
  if (const auto* nz = std::get_if<guarantee::NetZeroTerms>(&guarantee.terms))
    return net_zero_what(*nz, std::to_string(offer.dwelling.floor_area_m2), language);
  if (const auto* epv = std::get_if<guarantee::EpvTerms>(&guarantee.terms)) return epv_what(*epv, language);
  if (const auto* sv = std::get_if<guarantee::SavingsTerms>(&guarantee.terms))
    return savings_what(*sv, language);
  if (const auto* pv = std::get_if<guarantee::PvYieldTerms>(&guarantee.terms))
    return pv_yield_what(*pv, language);
  return {};
}

std::string guarantee_compensation(const guarantee::Guarantee& g, Language language) {
  const std::string unit(guarantee::quantity_unit(g));
  std::string s;
  if (const auto* nz = std::get_if<guarantee::NetZeroTerms>(&g.terms)) {
    s = in_language(language, "Wekken de panelen minder op, dan vergoedt de aanbieder elke kWh tekort met ",
                    "If the panels generate less, the provider pays for every kWh short at ") +
        price_text(nz->price, unit, language) + ".";
  } else if (std::holds_alternative<guarantee::EpvTerms>(g.terms)) {
    s = in_language(
        language,
        "Elk kWh tekort wordt vergoed tegen de gemiddelde stroomprijs voor huishoudens van het CBS in dat "
        "jaar.",
        "Every kWh short is paid at the CBS average household electricity price of that year.");
  } else if (const auto* sv = std::get_if<guarantee::SavingsTerms>(&g.terms)) {
    s = in_language(language, "Elke eenheid die u te weinig bespaart wordt vergoed met ",
                    "Every unit saved too little is paid at ") +
        price_text(sv->price, unit, language) + ".";
  } else if (const auto* pv = std::get_if<guarantee::PvYieldTerms>(&g.terms)) {
    s = in_language(language, "Elk kWh te weinig wordt vergoed met ", "Every kWh short is paid at ") +
        price_text(pv->price, unit, language) + ".";
  }
  s += " " + deadband_text(g, language);
  if (g.yearly_cap) {
    s += in_language(language, " De vergoeding is ten hoogste ", " Compensation is at most ") +
         money(*g.yearly_cap, language) + in_language(language, " per jaar.", " a year.");
  }
  if (g.netted) {
    s += in_language(
        language,
        " Tekorten en overschotten van de garanties die tegen elkaar worden verrekend, worden eerst "
        "gesaldeerd.",
        " Shortfalls and surpluses of the guarantees that are netted are offset against each other first.");
  }
  return s;
}

std::string guarantees_section(const quote::Offer& offer, Language language) {
  std::string s = "<section aria-labelledby=\"guarantee-heading\">\n<h2 id=\"guarantee-heading\">" +
                  in_language(language, "Wat wordt gegarandeerd", "What is guaranteed") + "</h2>\n";
  if (offer.guarantees.empty()) {
    s += "<p>" +
         in_language(language, "Dit aanbod bevat geen prestatiegarantie.",
                     "This offer carries no performance guarantee.") +
         "</p>\n";
  }
  int n = 0;
  for (const guarantee::Guarantee& g : offer.guarantees) {
    ++n;
    s += "<section class=\"guarantee\" id=\"guarantee-" + std::to_string(n) + "\" data-kind=\"" +
         escape_html(guarantee::to_string(g.kind)) + "\">\n<h3>" +
         in_language(language, "Garantie ", "Guarantee ") + std::to_string(n) + "</h3>\n<dl>\n";
    s += "<dt>" + in_language(language, "Wat", "What") + "</dt><dd>" + guarantee_what(g, offer, language) +
         "</dd>\n";
    s += "<dt>" + in_language(language, "Vergoeding bij een tekort", "Compensation for a shortfall") +
         "</dt><dd>" + guarantee_compensation(g, language) + "</dd>\n";
    s +=
        "<dt>" + in_language(language, "Looptijd", "Term") + "</dt><dd>" + std::to_string(g.term_years) +
        in_language(
            language,
            " jaar vanaf het begin van het contract. Elk jaar rekent een onafhankelijke controleur af met de "
            "meterstanden; de vergoeding komt op uw jaaroverzicht.",
            " years from the start of the contract. Every year an independent auditor settles it from the "
            "meter "
            "readings; the compensation appears on your yearly statement.") +
        "</dd>\n</dl>\n</section>\n";
  }
  s += "</section>\n";
  return s;
}

// The offer's own early-repayment terms (quote::EarlyRepayment), never a promise the terms do not make.
std::string early_repayment_text(quote::EarlyRepayment rule, Language language) {
  if (rule == quote::EarlyRepayment::statutory_cap) {
    return in_language(
        language,
        "Vervroegd aflossen mag altijd, geheel of gedeeltelijk. De financier mag dan een vergoeding vragen "
        "van "
        "ten hoogste 1% van het bedrag dat u vervroegd aflost (0,5% als de looptijd nog hooguit een jaar "
        "is), "
        "en nooit meer dan de rente die u anders nog had betaald (artikel 7:69 Burgerlijk Wetboek).",
        "You may repay early at any time, in full or in part. The lender may then ask compensation of at "
        "most 1% of the amount you repay early (0.5% when at most one year of the term remains), and never "
        "more than the interest you would otherwise have paid (Dutch Civil Code, article 7:69).");
  }
  return in_language(
      language,
      "Vervroegd aflossen mag altijd, geheel of gedeeltelijk, zonder boete: u betaalt dan alleen de "
      "openstaande schuld.",
      "You may repay early at any time, in full or in part, without penalty: you pay only the "
      "outstanding balance.");
}

std::string loan_section(const quote::Quote& q, Language language) {
  const finance::FinancingTerms& f = q.schedule.input.financing;
  const finance::ScheduleTotals& totals = q.schedule.totals;
  const finance::ScheduleRow& last = q.schedule.rows.back();
  std::string s =
      "<section aria-labelledby=\"loan-heading\">\n<h2 id=\"loan-heading\">" +
      in_language(language, "De lening", "The loan") + "</h2>\n<table>\n<caption>" +
      in_language(language, "Wettelijke informatie over het krediet", "Credit information required by law") +
      "</caption>\n<tbody>\n";
  const auto row = [&](const std::string& label, const std::string& value) {
    s += "<tr><th scope=\"row\">" + label + "</th><td class=\"num\">" + value + "</td></tr>\n";
  };
  row(in_language(language, "Kredietbedrag", "Amount of credit"),
      money_data("principal", q.principal, language));
  row(in_language(language, "Rente per jaar", "Interest a year"),
      percent(f.annual_rate, language) + " (" +
          (f.rate_basis == finance::RateBasis::nominal ? in_language(language, "nominaal", "nominal")
                                                       : in_language(language, "effectief", "effective")) +
          ")");
  row(in_language(language, "Jaarlijks kostenpercentage (JKP)", "Annual percentage rate of charge (APR)"),
      "<data id=\"apr\" value=\"" + escape_html(q.apr.percent_two_decimals.to_string()) + "\">" +
          escape_html(format_number(q.apr.percent_two_decimals, 2, language)) + "&nbsp;%</data>");
  row(in_language(language, "Looptijd", "Term"),
      std::to_string(f.term_months) + in_language(language, " maanden (", " months (") +
          contract_years_text(f.term_months, language) + ")" +
          (f.grace_months > 0
               ? in_language(language, ", waarvan de eerste ", ", of which the first ") +
                     std::to_string(f.grace_months) + in_language(language, " alleen rente", " interest only")
               : ""));
  row(in_language(language, "Aflossing", "Repayment"),
      f.method == finance::Method::annuity
          ? in_language(language, "annuïteit (gelijke maandbedragen)", "annuity (equal payments)")
          : in_language(language, "lineair (gelijke aflossing, dalende rente)",
                        "linear (equal repayment, falling interest)"));
  row(in_language(language, "Laatste termijn", "Last payment"),
      escape_html(format_date(last.due_date, language)));
  row(in_language(language, "Totaal aan rente en aflossing", "Total of interest and repayment"),
      money_data("financing-total", totals.financing_payments, language));
  row(in_language(language, "Kosten van het krediet", "Total cost of credit"),
      money_data("cost-of-credit", totals.cost_of_credit, language));
  row(in_language(language, "Totaal te betalen (met servicekosten)", "Total payable (with service fees)"),
      money_data("total-payable", totals.total_payable, language));
  s += "</tbody>\n</table>\n<p id=\"early-repayment\">" + early_repayment_text(q.early_repayment, language) +
       "</p>\n</section>\n";
  return s;
}

// `projected`: the tariff year the chart uses holds projected figures (tariff_year_section says which).
std::string chart_section(const app::CostComparison& c, bool projected, Language language) {
  LineChart chart;
  chart.id = "cost-chart";
  chart.language = language;
  chart.y_unit_label = "€";
  chart.title = in_language(language, "Totale kosten met en zonder renovatie",
                            "Total cost with and without renovation");
  const std::string tariff_text =
      std::to_string(c.tariff_year) + " (" +
      (c.netting ? in_language(language, "met saldering", "with net metering")
                 : in_language(language, "zonder saldering", "without net metering")) +
      (projected ? in_language(language, ", deels een prognose", ", partly projected") : "") + ")";
  const app::CumulativeCost& end = c.points.back();
  chart.description =
      in_language(language,
                  "Opgetelde kosten per contractjaar. Zonder renovatie: alleen de energierekening, na ",
                  "Cumulative cost by contract year. Without renovation: the energy bill only, after ") +
      std::to_string(end.contract_year) + in_language(language, " jaar ", " years ") +
      format_money(end.without_renovation, language) +
      in_language(language, ". Met renovatie: maandbedragen plus de lagere energierekening, na ",
                  ". With renovation: the monthly fees plus the lower energy bill, after ") +
      std::to_string(end.contract_year) + in_language(language, " jaar ", " years ") +
      format_money(end.with_renovation, language) +
      in_language(language, ". Energieprijzen van ", ". Energy prices of ") + tariff_text +
      in_language(language, ", gelijk gehouden.", ", held constant.");
  ChartSeries without{in_language(language, "Zonder renovatie", "Without renovation"), "#9c3d00", "8 5", {}};
  ChartSeries with{in_language(language, "Met renovatie", "With renovation"), "#1d4e89", "", {}};
  for (const app::CumulativeCost& p : c.points) {
    chart.x_labels.push_back(std::to_string(p.contract_year));
    without.values.push_back(p.without_renovation.value());
    with.values.push_back(p.with_renovation.value());
  }
  chart.series = {without, with};

  std::string s =
      "<section aria-labelledby=\"chart-heading\">\n<h2 id=\"chart-heading\">" +
      in_language(language, "Wat kost het over de hele looptijd?", "What does it cost over the whole term?") +
      "</h2>\n<p>" +
      in_language(language, "Opgetelde kosten aan het eind van elk contractjaar, met de energieprijzen van ",
                  "Cumulative cost at the end of each contract year, at the energy prices of ") +
      tariff_text +
      in_language(language, " voor de hele looptijd (energieprijzen worden niet voorspeld).",
                  " for the whole term (energy prices are not forecast).") +
      "</p>\n<figure>\n" + line_chart_svg(chart) + "<figcaption class=\"muted\">" +
      in_language(
          language,
          "Horizontaal: contractjaar. Verticaal: opgetelde kosten in euro. De tabel hieronder "
          "bevat dezelfde cijfers.",
          "Across: contract year. Up: cumulative cost in euro. The table below holds the same figures.") +
      "</figcaption>\n</figure>\n<table id=\"cost-table\">\n<caption>" + chart.title +
      "</caption>\n<thead><tr><th scope=\"col\">" + in_language(language, "Contractjaar", "Contract year") +
      "</th><th scope=\"col\" class=\"num\">" +
      in_language(language, "Zonder renovatie", "Without renovation") +
      "</th><th scope=\"col\" class=\"num\">" + in_language(language, "Maandbedragen", "Monthly fees") +
      "</th><th scope=\"col\" class=\"num\">" +
      in_language(language, "Energierekening na renovatie", "Energy bill after renovation") +
      "</th><th scope=\"col\" class=\"num\">" + in_language(language, "Met renovatie", "With renovation") +
      "</th></tr></thead>\n<tbody>\n";
  for (const app::CumulativeCost& p : c.points) {
    const std::string y = std::to_string(p.contract_year);
    s += "<tr><th scope=\"row\">" + y + "</th><td class=\"num\">" +
         money_data("cum-without-" + y, p.without_renovation, language) + "</td><td class=\"num\">" +
         money(p.fees, language) + "</td><td class=\"num\">" + money(p.energy_after, language) +
         "</td><td class=\"num\">" + money_data("cum-with-" + y, p.with_renovation, language) +
         "</td></tr>\n";
  }
  s += "</tbody>\n</table>\n</section>\n";
  return s;
}

// A measure's name in the page's language (the offer's kind; the partner's own description follows it).
std::string measure_name(quote::MeasureKind kind, Language language) {
  using enum quote::MeasureKind;
  switch (kind) {
    case heat_pump:
      return in_language(language, "warmtepomp", "heat pump");
    case hybrid_heat_pump:
      return in_language(language, "hybride warmtepomp", "hybrid heat pump");
    case pv:
      return in_language(language, "zonnepanelen", "solar panels");
    case battery:
      return in_language(language, "thuisbatterij", "home battery");
    case insulation_roof:
      return in_language(language, "dakisolatie", "roof insulation");
    case insulation_facade:
      return in_language(language, "gevelisolatie", "facade insulation");
    case insulation_floor:
      return in_language(language, "vloerisolatie", "floor insulation");
    case glazing:
      return in_language(language, "isolatieglas", "insulating glazing");
    case ventilation:
      return in_language(language, "ventilatie", "ventilation");
    case solar_boiler:
      return in_language(language, "zonneboiler", "solar water heater");
    case other:
      break;
  }
  return in_language(language, "overige maatregel", "other measure");
}

// The tenant's view of an EPV home (rules issue, item 5): the tenant pays the EPV, not the loan, so the page
// shows the fee, the guarantee and the tenant's rights, and leaves out the credit terms, which are the
// landlord's (domain.md §1: the EPV is charged on top of the rent, is not rent, does not count for the rent
// allowance, and the Huurcommissie can assess it [5][6][22]).
std::string tenant_rights_section(const quote::Quote& q, Language language) {
  std::string s =
      "<section id=\"tenant-rights\" aria-labelledby=\"rights-heading\">\n<h2 id=\"rights-heading\">" +
      in_language(language, "Uw rechten als huurder", "Your rights as a tenant") + "</h2>\n<ul>\n";
  s += "<li>" +
       in_language(language,
                   "U betaalt de energieprestatievergoeding (EPV) naast de huur, nooit meer dan het "
                   "wettelijke maximum",
                   "You pay the energy performance fee (EPV) on top of the rent, never more than the legal "
                   "maximum") +
       (q.epv_monthly_cap
            ? " (" + money(*q.epv_monthly_cap, language) + in_language(language, " per maand)", " a month)")
            : "") +
       ".</li>\n";
  s += "<li>" +
       in_language(
           language,
           "De EPV is geen huur: de jaarlijkse huurverhoging geldt er niet voor en hij telt niet mee "
           "voor de huurtoeslag.",
           "The EPV is not rent: the yearly rent increase does not apply to it and it does not count for "
           "the rent allowance.") +
       "</li>\n";
  s += "<li>" +
       in_language(
           language,
           "Haalt de woning de beloofde prestatie niet, dan krijgt u het tekort vergoed (zie de garantie).",
           "If the home falls short of its promised performance, you are compensated (see the "
           "guarantee).") +
       "</li>\n";
  s += "<li>" +
       in_language(
           language, "Twijfelt u of de EPV klopt, dan kunt u de Huurcommissie vragen die te beoordelen.",
           "If you doubt the EPV is right, you can ask the Huurcommissie (rent tribunal) to assess it.") +
       "</li>\n";
  s += "<li>" +
       in_language(language,
                   "De renovatie wordt gefinancierd door uw verhuurder: u sluit geen lening af en hebt geen "
                   "kredietvoorwaarden.",
                   "Your landlord finances the renovation: you take out no loan and have no credit terms.") +
       "</li>\n</ul>\n</section>\n";
  return s;
}

// What happens when a measure wears out inside the term (core/finance/replacement.hpp): when, at today's price,
// what the replacement reserve in the service fee holds by then, and that the provider pays what it does not.
std::string replacement_section(const quote::Quote& q, Language language) {
  const finance::ReplacementPlan& p = q.replacement;
  std::string s = "<section aria-labelledby=\"replacement-heading\">\n<h2 id=\"replacement-heading\">" +
                  in_language(language, "Aan het eind van de levensduur", "At the end of a measure's life") +
                  "</h2>\n";
  if (p.replacements.empty()) {
    return s + "<p id=\"replacement-none\">" +
           in_language(language, "Alle maatregelen gaan langer mee dan het contract loopt.",
                       "Every measure lasts longer than the contract runs.") +
           "</p>\n</section>\n";
  }
  const std::string no_reserve =
      in_language(language, "Dit aanbod zet geen reserve opzij: de aanbieder betaalt elke vervanging.",
                  "This offer sets no reserve aside: the provider pays every replacement.");
  const std::string reserve =
      in_language(language, "Van uw servicekosten gaat ", "Of your service fee, ") +
      money_data("replacement-reserve", p.monthly, language) +
      in_language(
          language,
          " per maand naar een reserve voor vervanging. Wat de reserve niet dekt, betaalt de aanbieder: "
          "u betaalt nooit extra voor een vervanging.",
          " a month goes to a reserve for replacements. What the reserve does not cover, the provider "
          "pays: you never pay extra for a replacement.");
  s += "<p>" + (p.monthly.is_zero() ? no_reserve : reserve) +
       in_language(language, " Bedragen in prijzen van nu.", " Amounts at today's prices.") +
       "</p>\n<table>\n<caption>" + in_language(language, "Geplande vervangingen", "Planned replacements") +
       "</caption>\n<thead><tr><th scope=\"col\">" + in_language(language, "Maatregel", "Measure") +
       "</th><th scope=\"col\">" + in_language(language, "Datum", "Date") +
       "</th><th scope=\"col\" class=\"num\">" + in_language(language, "Kosten", "Cost") +
       "</th><th scope=\"col\" class=\"num\">" + in_language(language, "Uit de reserve", "From the reserve") +
       "</th><th scope=\"col\" class=\"num\">" +
       in_language(language, "Door de aanbieder", "By the provider") + "</th></tr></thead>\n<tbody>\n";
  for (const finance::PlannedReplacement& r : p.replacements) {
    const Result<quote::MeasureKind> kind = quote::parse_measure_kind(r.measure);
    s += "<tr><th scope=\"row\">" + escape_html(kind ? measure_name(*kind, language) : r.measure) +
         "</th><td>" + escape_html(format_date(r.on, language)) + "</td><td class=\"num\">" +
         money(r.cost, language) + "</td><td class=\"num\">" + money(r.paid_from_reserve, language) +
         "</td><td class=\"num\">" + money(r.shortfall, language) + "</td></tr>\n";
  }
  s += "</tbody>\n</table>\n<p>" +
       in_language(language, "Over de hele looptijd: reserve ", "Over the whole term: reserve ") +
       money_data("replacement-contributions", p.contributions, language) +
       in_language(language, ", vervangingen ", ", replacements ") +
       money_data("replacement-costs", p.replacement_costs, language) +
       in_language(language, ", door de aanbieder betaald ", ", paid by the provider ") +
       money_data("replacement-shortfall", p.shortfall, language) + ".</p>\n</section>\n";
  return s;
}

std::string measures_section(const quote::Offer& offer, const quote::Quote& q, Language language) {
  std::string s =
      "<section aria-labelledby=\"measures-heading\">\n<h2 id=\"measures-heading\">" +
      in_language(language, "De renovatie", "The renovation") + "</h2>\n<table>\n<caption>" +
      in_language(language, "Maatregelen", "Measures") + "</caption>\n<thead><tr><th scope=\"col\">" +
      in_language(language, "Maatregel", "Measure") + "</th><th scope=\"col\" class=\"num\">" +
      in_language(language, "Levensduur", "Useful life") + "</th><th scope=\"col\" class=\"num\">" +
      in_language(language, "Kosten", "Cost") + "</th></tr></thead>\n<tbody>\n";
  for (const quote::Measure& m : offer.measures) {
    const std::string name = measure_name(m.kind, language);
    s +=
        "<tr><th scope=\"row\">" + escape_html(name) +
        (m.description.empty() ? "" : "<br><span class=\"muted\">" + escape_html(m.description) + "</span>") +
        "</th><td class=\"num\">" + std::to_string(m.lifetime_years) +
        in_language(language, " jaar", " years") + "</td><td class=\"num\">" + money(m.cost, language) +
        "</td></tr>\n";
  }
  for (const quote::Subsidy& sub : offer.subsidies) {
    s += "<tr><th scope=\"row\">" + in_language(language, "Subsidie: ", "Subsidy: ") + escape_html(sub.name) +
         "</th><td></td><td class=\"num\">-" + money(sub.amount, language) + "</td></tr>\n";
  }
  if (!offer.down_payment.is_zero()) {
    s += "<tr><th scope=\"row\">" + in_language(language, "Eigen bijdrage", "Down payment") +
         "</th><td></td><td class=\"num\">-" + money(offer.down_payment, language) + "</td></tr>\n";
  }
  s += "<tr><th scope=\"row\">" + in_language(language, "Te financieren", "To be financed") +
       "</th><td></td><td class=\"num\">" + money(q.principal, language) +
       "</td></tr>\n</tbody>\n</table>\n</section>\n";
  return s;
}

// An EPV home's page is the tenant's view (no credit terms) unless a financier, operator or auditor asks for
// the landlord's view with ?view=landlord; a resident or a share link always gets the tenant's view.
bool tenant_view(const Request& request, const quote::Offer& offer) {
  if (offer.dwelling.tenure != quote::Tenure::rented) return false;
  const bool resident = !request.principal || request.principal->role == app::Role::resident ||
                        request.principal->key_id == "share";
  return resident || request.query_value("view").value_or("") != "landlord";
}

}  // namespace

std::string offer_sections(const Request& request, const quote::Offer& offer, const quote::Quote& q,
                           const app::CostComparison& costs, Language language) {
  const bool tenant = tenant_view(request, offer);
  std::string main = fee_section(q, offer, tenant, language);
  main += energy_section(q, language);
  main += chart_section(costs, !q.tariff_years.back().projected.empty(), language);
  main += guarantees_section(offer, language);
  main += tenant ? tenant_rights_section(q, language) : loan_section(q, language);
  main += measures_section(offer, q, language);
  main += replacement_section(q, language);
  return main;
}

Response offer_page(const PageRoutes& routes, const Request& request) {
  if (auto refused = check_query(request, {"lang", "share", "view"})) return *refused;
  const Language language = request_language(request);
  const std::string id = request.param("id");
  const calendar::Instant now = routes.clock();
  auto opened = open_contract(routes, request, id, calendar::local_date(now));
  if (auto* refused = std::get_if<Response>(&opened)) return *refused;
  const app::ContractVersion& version = std::get<OpenedContract>(opened).version;

  const quote::Offer& offer = version.offer;
  Result<quote::Quote> q = app::quote_offer(offer, *routes.tariffs);
  if (!q) return problem_response(request, q.error());
  Result<app::CostComparison> costs = app::cumulative_costs(*q, q->tariff_years.size() - 1);
  if (!costs) return problem_response(request, costs.error());

  std::string main =
      "<h1>" + in_language(language, "Uw aanbod voor de renovatie", "Your renovation offer") + "</h1>\n";
  main += "<p>" + in_language(language, "Contract ", "Contract ") + "<data id=\"contract-id\" value=\"" +
          escape_html(id) + "\">" + escape_html(id) + "</data>, " +
          in_language(language, "versie ", "version ") + std::to_string(version.version) +
          in_language(language, ", ingangsdatum ", ", starting ") +
          escape_html(format_date(offer.start_date, language)) + ". " +
          in_language(language, "Woning: ", "Home: ") + std::to_string(offer.dwelling.floor_area_m2) +
          " m², " + in_language(language, "bouwjaar ", "built ") + std::to_string(offer.dwelling.build_year) +
          (offer.dwelling.tenure == quote::Tenure::rented
               ? in_language(language, ", huurwoning", ", rented")
               : in_language(language, ", koopwoning", ", owner-occupied")) +
          ".</p>\n";
  if (request.principal && request.principal->key_id == "share") {
    main += "<p class=\"muted\">" +
            in_language(language, "U bekijkt deze pagina via een deellink.",
                        "You are viewing this page through a share link.") +
            "</p>\n";
  }
  main += offer_sections(request, offer, *q, *costs, language);
  return html_response(
      page(language, in_language(language, "Aanbod ", "Offer ") + id, nav_links(request, language), main));
}

}  // namespace renofee::http::pages
