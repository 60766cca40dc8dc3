// renofee/app/campaigns.hpp
//
// Purpose: an energy desk's campaigns in the system of record (docs/campaigns.md, "Campaigns in the service"):
// a campaign (a street or neighbourhood) is created by an energy-desk key, homes are added by CSV (the
// homes file of core/campaign/template.hpp), and every home's offer is derived from its house type's template
// and its own data, quoted, and stored with the trace of every figure, all or nothing. Each home gets a
// share link for its resident; the desk itself sees only the campaign's aggregates
// (core/campaign/summary.hpp: no figure for a group under 5 homes).
//
// Who sees what (docs/api.md "Routes and roles"):
//   energy_desk  the campaigns its key created (created_by = key_actor), their homes' addresses and house
//                types, the summary and the meeting page; never one home's figures
//   auditor      every campaign and its summary
//   others       none
// A campaign the caller may not see is refused like one that does not exist (not_found "no campaign").
//
// Share links: per home 32 random bytes, base64url (43 characters), shown once when the home is added; the
// store keeps only SHA-256(token) in hex. The link `/campaigns/<id>/homes/<number>?share=<token>` opens that
// home's offer page; a wrong token is refused like a missing home, compared in constant time.
//
// Ports: CampaignStore (adapters/db), HomeOffers (the templates and the strict offer reader, adapters/io),
// TariffSource (quoting), KeyCrypto (randomness and SHA-256).
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/app/api_keys.hpp"
#include "renofee/app/quoting.hpp"
#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/campaign/summary.hpp"
#include "renofee/core/campaign/template.hpp"

namespace renofee::app {

struct Campaign {
  std::string id;          // 1..40 characters of a-z, 0-9 and '-', starting with a letter or digit
  std::string name;        // 1..200 characters for people ("Kanaalstraat en omgeving"), no control characters
  calendar::Date start{};  // the start date of every offer of the campaign
  std::string created_by;  // key_actor of the energy desk ("key:<id>"), or "cli"
  calendar::Instant created_at{};
  int homes = 0;  // filled when read
  friend bool operator==(const Campaign&, const Campaign&) = default;
};

struct CampaignHome {
  int number = 0;  // 1, 2, ... in the order the homes were added
  std::string postcode;
  std::string house_number;
  std::string address_key;  // campaign::address_key: unique in the campaign
  std::optional<std::string> bag_id;
  std::string house_type;
  std::string template_ref;  // "<template id>@<version>"
  std::string use_source;    // "meter" or "declared": where the current use came from
  std::optional<campaign::IncomeBand> income_band;
  std::string offer_json;  // the offer document (canonical JSON), id "<campaign>-<address key>"
  std::string trace_json;  // every derived figure and its template rule
  std::string share_hash;  // 64 hex digits: SHA-256 of the share token (find_home: of the newest link)
  std::string steps_json;  // the template's steps for this home (io::steps_json), "" without steps
  friend bool operator==(const CampaignHome&, const CampaignHome&) = default;
};

class CampaignStore {
 public:
  virtual ~CampaignStore() = default;
  // already_exists when the id is taken.
  virtual Result<void> insert_campaign(const Campaign& campaign) = 0;
  // The campaign with its number of homes, or nullopt.
  virtual Result<std::optional<Campaign>> find_campaign(std::string_view id) = 0;
  // Every campaign by id, with its number of homes.
  virtual Result<std::vector<Campaign>> campaigns() = 0;
  // Whether the campaign holds a home with this address key.
  virtual Result<bool> has_address(std::string_view campaign_id, std::string_view address_key) = 0;
  // Stores what `next` hands out until it gives nullopt, in one transaction: when `next` or a statement
  // fails, nothing is stored and that error is returned. `next` is given the number its home gets: the
  // campaign's highest number + 1, + 2, ..., read inside the transaction (the campaign row locked on
  // PostgreSQL), so two batches added at once are numbered one after the other.
  virtual Result<int> insert_homes(
      std::string_view campaign_id, calendar::Instant at, const std::string& by,
      const std::function<Result<std::optional<CampaignHome>>(int number)>& next) = 0;
  // Every home of the campaign by number, one at a time (a campaign is never held whole).
  virtual Result<void> each_home(std::string_view campaign_id,
                                 const std::function<Result<void>(const CampaignHome&)>& visit) = 0;
  // The home with the hash of its newest share link, or nullopt.
  virtual Result<std::optional<CampaignHome>> find_home(std::string_view campaign_id, int number) = 0;
  // Stores a new share link for the home (its previous links stop working); returns its version (2, 3, ...).
  virtual Result<int> insert_link(std::string_view campaign_id, int number, const std::string& share_hash,
                                  calendar::Instant at, const std::string& by) = 0;
};

// One home's offer under its template (adapters/io/template_json.hpp).
struct DerivedOffer {
  std::string template_ref;
  std::string offer_json;
  std::string trace_json;
  quote::Offer offer;
  std::string steps_json;  // "" when the template has no steps
  std::vector<campaign::PlanStep> steps{};
  std::vector<quote::YearlyUse> after_steps{};
};

class HomeOffers {
 public:
  virtual ~HomeOffers() = default;
  // not_found naming "row N" and /house_type when no template has the home's house type; the template's
  // and the offer reader's errors with the row.
  virtual Result<DerivedOffer> derive(const campaign::Home& home, const std::string& offer_id,
                                      calendar::Date start) = 0;
  // A stored offer document read back.
  virtual Result<quote::Offer> read(std::string_view offer_json) = 0;
  // Stored steps read back (io::parse_steps_json): the steps and the use after each.
  virtual Result<std::pair<std::vector<campaign::PlanStep>, std::vector<quote::YearlyUse>>> read_steps(
      std::string_view steps_json) = 0;
};

// invalid_argument (field "/id") unless 1..40 characters of a-z, 0-9 and '-' starting with a letter or digit.
Result<void> validate_campaign_id(std::string_view id);

struct CampaignRequest {
  std::string id;
  std::string name;
  calendar::Date start{};
};

// Checks and stores a new campaign made by `actor`. invalid_argument naming /id or /name; already_exists
// when the id is taken.
Result<Campaign> create_campaign(CampaignStore& store, const CampaignRequest& request,
                                 const std::string& actor, calendar::Instant now);

// Whether `principal` may see `campaign` (rules above).
bool may_see_campaign(const Principal& principal, const Campaign& campaign) noexcept;

// The campaign when it exists and `principal` may see it; otherwise not_found "no campaign \"<id>\"".
Result<Campaign> visible_campaign(CampaignStore& store, const Principal& principal, std::string_view id);

// The campaigns `principal` may see, by id.
Result<std::vector<Campaign>> visible_campaigns(CampaignStore& store, const Principal& principal);

struct AddedHome {
  int number = 0;
  std::string postcode;
  std::string house_number;
  std::string house_type;
  std::string share_token;  // shown once
};

struct AddHomesInput {
  const Campaign* campaign = nullptr;
  // The homes, one at a time (io::HomesReader::next), nullopt at the end.
  std::function<Result<std::optional<campaign::Home>>()> next_home;
  std::string actor;
  calendar::Instant now{};
  // Called after every 500th home and at the end with the number done (may be empty).
  std::function<void(int)> progress;
};

// Derives, quotes and stores every home, numbered after the campaign's homes, all or nothing: an unknown
// house type, a rule that gives a negative amount, an address already in the file or in the campaign, or
// an offer that cannot be quoted is refused naming the row and field, and no home is stored.
Result<std::vector<AddedHome>> add_homes(CampaignStore& store, HomeOffers& offers, TariffSource& tariffs,
                                         KeyCrypto& crypto, const AddHomesInput& input);

// The campaign's summary per house type and in total, every stored offer quoted again under today's tariff
// files (the same files give the same figures).
Result<std::vector<campaign::GroupSummary>> campaign_summary(CampaignStore& store, HomeOffers& offers,
                                                             TariffSource& tariffs, const Campaign& campaign);

// A resident's choice between the template's steps and the integral renovation of its own home (docs/campaigns.md,
// "The resident's choice"): both plans' financing (core/campaign/plan.hpp, the offer's financing terms), per
// contract year the monthly cost = financing payment of the year's first month + the offer's service fee of the
// first month (the same in both plans, not indexed here) + the monthly energy bill of the state the home is in
// then (the last tariff year's bill of that state's use, / 12, half up to cents), the year's gas, net
// electricity and CO2 (the table shows each year's first month), and the totals over the term month by month.
struct ChoiceRow {
  campaign::ChoiceYear year;
  Money steps_bill;  // EUR a month
  Money integral_bill;
  Money steps_total;  // financing + service fee + bill, EUR a month
  Money integral_total;
};
struct HomeChoice {
  campaign::StepComparison comparison;
  std::vector<ChoiceRow> rows;
  Money service_fee;
  std::string tariff_id;            // the tariff year the bills are on
  Money steps_cost, integral_cost;  // Σ over every month of the term of that month's total
  Decimal steps_gas_m3, integral_gas_m3, steps_co2_kg, integral_co2_kg;  // Σ over the term
};
// failed_precondition (field /financing) for an offer with a down payment, grace months or a set principal (its
// own financing is then not the integral plan); invalid_argument when the offer has no tariff year; the errors of
// compare_steps and quote_offer otherwise.
Result<HomeChoice> home_choice(const quote::Offer& offer, const std::vector<campaign::PlanStep>& steps,
                               const std::vector<quote::YearlyUse>& after_steps, TariffSource& tariffs);

// Steps against the integral renovation for the neighbourhood meeting (docs/campaigns.md, "The neighbourhood
// meeting page"): per template version (a house type's homes added under one version share its steps) with at
// least campaign::min_group homes that have steps, and only for the house types in `shown` (the summary's shown
// groups, after its secondary suppression), the plan of the average home of the type: each step's drawdown and use after it averaged over the type's homes (drawdowns
// half up to cents, use half_even to 3 decimals), financed on the terms of the type's first offer, with
// core/campaign/plan.hpp's comparison and years. Aggregates only: no home's own figures.
struct GroupChoice {
  std::string group;         // the house type
  std::string template_ref;  // "<id>@<version>"
  int homes = 0;
  std::vector<campaign::PlanStep> steps;  // the average home's steps (one measure each: its average drawdown)
  campaign::StepComparison comparison;
  std::vector<campaign::ChoiceYear> years;
  Decimal steps_co2_kg, integral_co2_kg;  // Σ over the term
};
Result<std::vector<GroupChoice>> campaign_choices(CampaignStore& store, HomeOffers& offers,
                                                  const Campaign& campaign,
                                                  const std::set<std::string>& shown);

// A new share link for one home of the campaign (a lost or misdelivered letter): a fresh token, shown once; the
// home's previous links stop working at once. not_found "no home N in campaign" for a missing home.
Result<AddedHome> renew_share_link(CampaignStore& store, KeyCrypto& crypto, const Campaign& campaign,
                                   int number, const std::string& actor, calendar::Instant now);

// The home a share link opens: not_found "no home" for a missing home or a wrong token alike.
Result<CampaignHome> shared_home(CampaignStore& store, KeyCrypto& crypto, std::string_view campaign_id,
                                 int number, std::string_view token);

}  // namespace renofee::app
