#include "renofee/adapters/io/campaign_files.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "renofee/adapters/io/offer_json.hpp"

namespace renofee::io {
namespace {

Result<std::string> read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string amount_text(const Money& m) {
  return m.value().to_string();
}

}  // namespace

const char* const co2_factors_text =
    "1.780 kg/m3 gas, 0.34 kg/kWh electricity (NTA 8800, klimapedia energievademecum bijlage 2)";
const char* const energy_poverty_text =
    "energiequote (CBS/TNO Monitor Energiearmoede, indicator HEQ): yearly energy cost > 10% of the "
    "household's "
    "net income; income = midpoint of the recorded band; after = bill after + 12 x the tested monthly fee; "
    "the "
    "monitor's low-income condition is not tested";

std::filesystem::path default_template_directory(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("RENOFEE_TEMPLATES"); env != nullptr && *env != '\0') return env;
  if (std::filesystem::is_directory("contracts/templates")) return "contracts/templates";
  return std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts" / "templates";
}

Result<std::shared_ptr<TemplateCatalog>> TemplateCatalog::load_files(const std::vector<std::string>& paths) {
  auto catalog = std::make_shared<TemplateCatalog>();
  for (const std::string& path : paths) {
    RENOFEE_TRY(const std::string text, read_whole(path));
    Result<TemplateDocument> doc = parse_template_json(text);
    if (!doc) return Error{doc.error().code, path + ": " + doc.error().message, doc.error().field};
    const std::string id = doc->rules.id;
    if (!catalog->templates_.emplace(id, std::move(*doc)).second)
      return invalid_argument(path + ": template " + id + " is given twice", "/template");
  }
  return catalog;
}

Result<std::shared_ptr<TemplateCatalog>> TemplateCatalog::load(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
  if (ec) return unavailable("cannot read the template directory " + dir.string() + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  return load_files(paths);
}

Result<app::DerivedOffer> TemplateCatalog::derive(const campaign::Home& home, const std::string& offer_id,
                                                  calendar::Date start) {
  const std::lock_guard lock(mutex_);
  const auto it = templates_.find(home.house_type);
  if (it == templates_.end()) {
    return not_found(
        "row " + std::to_string(home.row) + ": no template for house type '" + home.house_type + "'",
        "/house_type");
  }
  RENOFEE_TRY(const campaign::Derived derived, campaign::derive(it->second.rules, home));
  RENOFEE_TRY(OfferDocument offer, home_offer(it->second, home, derived, offer_id, start));
  return app::DerivedOffer{it->second.rules.id + "@" + std::to_string(it->second.rules.version),
                           std::move(offer.canonical_json),
                           trace_json(derived.trace),
                           std::move(offer.offer),
                           steps_json(derived),
                           derived.steps,
                           derived.after_steps};
}

Result<std::pair<std::vector<campaign::PlanStep>, std::vector<quote::YearlyUse>>> TemplateCatalog::read_steps(
    std::string_view text) {
  RENOFEE_TRY(StoredSteps stored, parse_steps_json(text));
  return std::pair{std::move(stored.steps), std::move(stored.after)};
}

Result<quote::Offer> TemplateCatalog::read(std::string_view offer_json) {
  RENOFEE_TRY(OfferDocument doc, parse_offer_document(offer_json));
  return std::move(doc.offer);
}

Poco::JSON::Object::Ptr summary_json(const std::string& campaign,
                                     const std::vector<campaign::GroupSummary>& groups) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const campaign::GroupSummary& g : groups) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("group", g.group);
    o->set("homes", g.homes);
    o->set("shown", g.shown);
    list->add(o);
    if (!g.shown) continue;
    Poco::JSON::Object::Ptr neutral = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [tariff, count] : g.woonlastenneutraal)
      neutral->set(tariff, count);
    o->set("woonlastenneutraal", neutral);
    o->set("investment", amount_text(g.investment));
    o->set("subsidies", amount_text(g.subsidies));
    o->set("principal", amount_text(g.principal));
    o->set("gas_saved_m3", g.gas_saved_m3.to_string());
    o->set("electricity_change_kwh", g.electricity_change_kwh.to_string());
    o->set("co2_avoided_kg", g.co2_avoided_kg.round(0, Rounding::half_up).to_string());
    Poco::JSON::Object::Ptr effect = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    effect->set("lowest", amount_text(g.net_monthly_effect.lowest));
    effect->set("p25", amount_text(g.net_monthly_effect.p25));
    effect->set("median", amount_text(g.net_monthly_effect.median));
    effect->set("p75", amount_text(g.net_monthly_effect.p75));
    effect->set("highest", amount_text(g.net_monthly_effect.highest));
    o->set("net_monthly_effect", effect);
    Poco::JSON::Object::Ptr costs = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [tariff, cost] : g.average_monthly_cost) {
      Poco::JSON::Object::Ptr c = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      c->set("before", cost.first.to_string());
      c->set("after_with_fee", cost.second.to_string());
      costs->set(tariff, c);
    }
    o->set("average_monthly_cost", costs);
    Poco::JSON::Object::Ptr poverty = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    poverty->set("households_with_income", g.with_income);
    poverty->set("shown", g.poverty_shown);
    if (g.poverty_shown) {
      poverty->set("before", g.energy_poor_before);
      poverty->set("after", g.energy_poor_after);
      poverty->set("leaving", g.leaving_energy_poverty);
      poverty->set("entering", g.entering_energy_poverty);
    }
    o->set("energy_poverty", poverty);
  }
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  doc->set("campaign", campaign);
  doc->set("co2_factors", co2_factors_text);
  doc->set("energy_poverty_definition", energy_poverty_text);
  doc->set("groups", list);
  return doc;
}

void summary_text(const std::vector<campaign::GroupSummary>& groups, std::ostream& out) {
  for (const campaign::GroupSummary& g : groups) {
    out << g.group << ": " << g.homes << " homes";
    if (!g.shown) {
      if (g.homes < campaign::min_group) {
        out << " (fewer than " << campaign::min_group << ": no figures shown)\n";
      } else {
        out << " (hidden with a smaller group, so the total tells nothing of a group under "
            << campaign::min_group << ")\n";
      }
      continue;
    }
    out << "\n  woonlastenneutraal:";
    for (const auto& [tariff, count] : g.woonlastenneutraal)
      out << ' ' << tariff << ' ' << count << " of " << g.homes;
    out << "\n  investment " << amount_text(g.investment) << " EUR, subsidies " << amount_text(g.subsidies)
        << " EUR, financed " << amount_text(g.principal) << " EUR\n  gas saved " << g.gas_saved_m3.to_string()
        << " m3 a year, net electricity " << g.electricity_change_kwh.to_string()
        << " kWh a year, CO2 avoided " << g.co2_avoided_kg.round(0, Rounding::half_up).to_string()
        << " kg a year\n  net monthly effect (EUR): lowest " << amount_text(g.net_monthly_effect.lowest)
        << ", P25 " << amount_text(g.net_monthly_effect.p25) << ", median "
        << amount_text(g.net_monthly_effect.median) << ", P75 " << amount_text(g.net_monthly_effect.p75)
        << ", highest " << amount_text(g.net_monthly_effect.highest) << '\n';
    out << "  energy poverty (energy cost > 10% of income): " << g.with_income
        << " households gave an income";
    if (g.poverty_shown) {
      out << "; " << g.energy_poor_before << " before, " << g.energy_poor_after << " after, "
          << g.leaving_energy_poverty << " leave it, " << g.entering_energy_poverty << " enter it\n";
    } else {
      out << " (fewer than " << campaign::min_group << ": no counts shown)\n";
    }
  }
}

}  // namespace renofee::io
