// renofee/adapters/io/campaign_files.hpp
//
// Purpose: what the campaign use cases (app/campaigns.hpp) need from files: the house-type templates of a
// directory (contracts/templates/*.json, read and checked once) as app::HomeOffers, and a campaign summary
// (core/campaign/summary.hpp) as JSON or text, the same for `renofee campaign summary` and
// GET /v1/campaigns/{id}/summary.
//
// Summary JSON: {"campaign", "co2_factors", "energy_poverty_definition", "groups": [{"group", "homes", "shown",
// and when shown: "woonlastenneutraal": {tariff id: homes}, "investment", "subsidies", "principal" (EUR,
// 2 decimals), "gas_saved_m3", "electricity_change_kwh", "co2_avoided_kg" (whole kg, half up),
// "net_monthly_effect": {"lowest", "p25", "median", "p75", "highest"}, "average_monthly_cost": {tariff id:
// {"before", "after_with_fee"}} (EUR a month), "energy_poverty": {"households_with_income",
// "shown", and when shown "before", "after", "leaving", "entering"}}]}.
#pragma once

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "renofee/adapters/io/template_json.hpp"
#include "renofee/app/campaigns.hpp"

namespace renofee::io {

// The directory of `flag` when given, else $RENOFEE_TEMPLATES, else ./contracts/templates when it exists,
// else the source tree's contracts/templates.
std::filesystem::path default_template_directory(const std::string& flag);

class TemplateCatalog final : public app::HomeOffers {
 public:
  // Every *.json of `dir` (sorted by name); the first problem names the file and field. A house type given
  // twice is refused.
  static Result<std::shared_ptr<TemplateCatalog>> load(const std::filesystem::path& dir);
  // The same from files named one by one (the command line's --template).
  static Result<std::shared_ptr<TemplateCatalog>> load_files(const std::vector<std::string>& paths);

  // Thread-safe (one derivation at a time).
  Result<app::DerivedOffer> derive(const campaign::Home& home, const std::string& offer_id,
                                   calendar::Date start) override;
  Result<quote::Offer> read(std::string_view offer_json) override;
  Result<std::pair<std::vector<campaign::PlanStep>, std::vector<quote::YearlyUse>>> read_steps(
      std::string_view steps_json) override;
  [[nodiscard]] const std::map<std::string, TemplateDocument>& templates() const noexcept {
    return templates_;
  }

 private:
  std::map<std::string, TemplateDocument> templates_;
  std::mutex mutex_;  // the handler threads share one catalog; a Poco JSON object is not safe to share
};

// The NTA 8800 factors and the energy-poverty definition as the output states them.
extern const char* const co2_factors_text;
extern const char* const energy_poverty_text;

Poco::JSON::Object::Ptr summary_json(const std::string& campaign,
                                     const std::vector<campaign::GroupSummary>& groups);
void summary_text(const std::vector<campaign::GroupSummary>& groups, std::ostream& out);

}  // namespace renofee::io
