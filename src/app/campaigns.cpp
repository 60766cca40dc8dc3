#include "renofee/app/campaigns.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "renofee/core/base/text.hpp"

namespace renofee::app {
namespace {

constexpr std::size_t max_campaign_id = 40;
constexpr std::size_t max_campaign_name = 200;
constexpr int progress_every = 500;

Error no_campaign(std::string_view id) {
  return not_found("no campaign \"" + std::string(id.substr(0, max_campaign_id)) + "\"");
}

// The error of a home's row, with "row N: " in front unless it is there already.
// One house type's steps summed over its homes (campaign_choices).
struct StepSums {
  std::string house_type;
  int homes = 0;
  std::vector<campaign::PlanStep> first;  // the first home's steps: labels, months, measure kinds
  quote::Financing financing;
  std::vector<Decimal> drawdowns;
  std::vector<quote::YearlyUse> uses;
};

Decimal averaged(const Decimal& sum, int n, int places, Rounding mode) {
  return Decimal::divide(sum, Decimal(n), places, mode).value();
}

// The average home of a type: one measure per step (its kind that of the step's first measure, so the order
// warnings still apply) costing the average drawdown.
GroupChoice average_choice(const std::string& group, const StepSums& s, std::vector<quote::YearlyUse>& uses) {
  GroupChoice g;
  g.group = group;
  g.homes = s.homes;
  for (std::size_t k = 0; k < s.first.size(); ++k) {
    quote::Measure m = s.first[k].measures.front();
    m.cost = Money(averaged(s.drawdowns[k], s.homes, 2, Rounding::half_up));
    g.steps.push_back({s.first[k].month, s.first[k].label, {m}, {}});
    const quote::YearlyUse& u = s.uses[k];
    uses.push_back({Kwh(averaged(u.electricity_import.value(), s.homes, 3, Rounding::half_even)),
                    Kwh(averaged(u.electricity_export.value(), s.homes, 3, Rounding::half_even)),
                    CubicMetres(averaged(u.gas.value(), s.homes, 3, Rounding::half_even)), std::nullopt});
  }
  return g;
}

Error at_row(const Error& e, int row) {
  const std::string prefix = "row " + std::to_string(row);
  if (e.message.rfind(prefix, 0) == 0) return e;
  return Error{e.code, prefix + ": " + e.message, e.field};
}

}  // namespace

Result<void> validate_campaign_id(std::string_view id) {
  const bool ok = !id.empty() && id.size() <= max_campaign_id && id.front() != '-' &&
                  std::all_of(id.begin(), id.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                  });
  if (!ok)
    return invalid_argument("a campaign id is 1..40 characters of a-z, 0-9 and '-', not starting with '-'",
                            "/id");
  return success();
}

Result<Campaign> create_campaign(CampaignStore& store, const CampaignRequest& request,
                                 const std::string& actor, calendar::Instant now) {
  RENOFEE_CHECK(validate_campaign_id(request.id));
  if (request.name.empty() || request.name.size() > max_campaign_name)
    return invalid_argument("a campaign name is 1..200 bytes", "/name");
  if (std::any_of(request.name.begin(), request.name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return invalid_argument("a campaign name holds no control characters", "/name");
  Campaign campaign{.id = request.id,
                    .name = request.name,
                    .start = request.start,
                    .created_by = actor,
                    .created_at = now,
                    .homes = 0};
  Result<void> stored = store.insert_campaign(campaign);
  if (!stored && stored.error().code == ErrorCode::already_exists)  // the same words whoever holds the id
    return already_exists("the campaign id \"" + request.id + "\" is taken", "/id");
  if (!stored) return stored.error();
  return campaign;
}

bool may_see_campaign(const Principal& principal, const Campaign& campaign) noexcept {
  switch (principal.role) {
    case Role::auditor:
      return true;
    case Role::energy_desk:
      return campaign.created_by == key_actor(principal);
    case Role::financier:
    case Role::resident:
    case Role::operator_:
    case Role::meter_data:
      return false;
  }
  return false;
}

Result<Campaign> visible_campaign(CampaignStore& store, const Principal& principal, std::string_view id) {
  if (principal.role != Role::auditor && principal.role != Role::energy_desk) return no_campaign(id);
  if (!validate_campaign_id(id)) return no_campaign(id);
  RENOFEE_TRY(std::optional<Campaign> found, store.find_campaign(id));
  if (!found || !may_see_campaign(principal, *found)) return no_campaign(id);
  return *found;
}

Result<std::vector<Campaign>> visible_campaigns(CampaignStore& store, const Principal& principal) {
  RENOFEE_TRY(std::vector<Campaign> all, store.campaigns());
  std::erase_if(all, [&](const Campaign& c) { return !may_see_campaign(principal, c); });
  return all;
}

Result<std::vector<AddedHome>> add_homes(CampaignStore& store, HomeOffers& offers, TariffSource& tariffs,
                                         KeyCrypto& crypto, const AddHomesInput& input) {
  const Campaign& campaign = *input.campaign;
  std::vector<AddedHome> added;
  // One transaction: every home is derived, quoted and checked as it is stored; the first failure rolls
  // every row back (CampaignStore::insert_homes).
  const auto next = [&](int number) -> Result<std::optional<CampaignHome>> {
    RENOFEE_TRY(const std::optional<campaign::Home> home, input.next_home());
    if (!home) return std::optional<CampaignHome>();
    const std::string key = campaign::address_key(*home);
    RENOFEE_TRY(const bool taken, store.has_address(campaign.id, key));
    if (taken) {
      return already_exists("row " + std::to_string(home->row) + ": the address " + home->postcode + " " +
                                home->number + " is in campaign " + campaign.id + " already",
                            "/number");
    }
    Result<DerivedOffer> derived = offers.derive(*home, campaign.id + "-" + key, campaign.start);
    if (!derived) return at_row(derived.error(), home->row);
    Result<quote::Quote> quoted = quote_offer(derived->offer, tariffs);
    if (!quoted) return at_row(quoted.error(), home->row);
    RENOFEE_TRY(const std::string random, crypto.random_bytes(32));
    const std::string token = base64url(random);
    CampaignHome row{.number = number,
                     .postcode = home->postcode,
                     .house_number = home->number,
                     .address_key = key,
                     .bag_id = home->bag_id,
                     .house_type = home->house_type,
                     .template_ref = derived->template_ref,
                     .use_source = std::string(campaign::to_string(home->use_source)),
                     .income_band = home->income_band,
                     .offer_json = std::move(derived->offer_json),
                     .trace_json = std::move(derived->trace_json),
                     .share_hash = text::to_hex(crypto.sha256(token)),
                     .steps_json = std::move(derived->steps_json)};
    added.push_back(AddedHome{row.number, row.postcode, row.house_number, row.house_type, token});
    if (input.progress && added.size() % progress_every == 0) input.progress(static_cast<int>(added.size()));
    return std::optional<CampaignHome>(std::move(row));
  };
  Result<int> stored = store.insert_homes(campaign.id, input.now, input.actor, next);
  if (!stored) return stored.error();
  if (added.empty()) return invalid_argument("the homes file lists no home", "/row");
  if (input.progress) input.progress(static_cast<int>(added.size()));
  return added;
}

Result<std::vector<campaign::GroupSummary>> campaign_summary(CampaignStore& store, HomeOffers& offers,
                                                             TariffSource& tariffs,
                                                             const Campaign& campaign) {
  campaign::SummaryBuilder builder;
  RENOFEE_CHECK(store.each_home(campaign.id, [&](const CampaignHome& home) -> Result<void> {
    RENOFEE_TRY(const quote::Offer offer, offers.read(home.offer_json));
    RENOFEE_TRY(const quote::Quote quoted, quote_offer(offer, tariffs));
    builder.add(campaign::home_figures(
        home.house_type, offer, quoted,
        home.income_band ? std::optional<Decimal>(home.income_band->midpoint()) : std::nullopt));
    return success();
  }));
  return builder.finish();
}

Result<CampaignHome> shared_home(CampaignStore& store, KeyCrypto& crypto, std::string_view campaign_id,
                                 int number, std::string_view token) {
  const Error none = not_found("no home " + std::to_string(number) + " in campaign \"" +
                               std::string(campaign_id.substr(0, max_campaign_id)) + "\"");
  if (!validate_campaign_id(campaign_id) || number < 1 || token.size() != 43) return none;
  RENOFEE_TRY(const std::optional<CampaignHome> home, store.find_home(campaign_id, number));
  // Hashed and compared whether or not the home exists, so the time does not tell which.
  const std::string presented = text::to_hex(crypto.sha256(token));
  const bool matches = constant_time_equal(presented, home ? home->share_hash : std::string(64, '-'));
  if (!home || !matches) return none;
  return *home;
}

Result<HomeChoice> home_choice(const quote::Offer& offer, const std::vector<campaign::PlanStep>& steps,
                               const std::vector<quote::YearlyUse>& after_steps, TariffSource& tariffs) {
  const quote::Financing& f = offer.financing;
  // The integral plan is the offer's own financing only when the offer borrows exactly the measures less the
  // subsidies, from the first month on.
  if (!offer.down_payment.value().is_zero() || f.grace_months > 0 || f.principal)
    return failed_precondition(
        "steps are compared only for offers without a down payment, grace months or a set "
        "principal",
        "/financing");
  RENOFEE_TRY(
      campaign::StepComparison comparison,
      campaign::compare_steps({steps, f.annual_rate, f.rate_basis, f.method, f.term_months, f.rounding}));
  // The monthly bill of each state, on the offer's last tariff year.
  std::vector<Money> bills;
  HomeChoice choice;
  for (const quote::YearlyUse& use : after_steps) {
    quote::Offer state = offer;
    state.expected_use.after = use;
    RENOFEE_TRY(const quote::Quote q, quote_offer(state, tariffs));
    if (q.tariff_years.empty()) return invalid_argument("the offer names no tariff year", "/tariffs");
    choice.tariff_id = q.tariff_years.back().tariff_id;
    choice.service_fee = q.fees.first_month.service_fee;
    bills.push_back(Money(Decimal::divide(q.tariff_years.back().as_tariff.after.total.value(), Decimal(12), 2,
                                          Rounding::half_up)
                              .value()));
  }
  choice.steps_cost = choice.integral_cost = cents(0);
  for (const campaign::ChoiceYear& y : campaign::choice_years(comparison, steps, after_steps)) {
    ChoiceRow row{y, bills[y.steps_state], bills.back(), cents(0), cents(0)};
    row.steps_total = y.steps_financing + choice.service_fee + row.steps_bill;
    row.integral_total = y.integral_financing + choice.service_fee + row.integral_bill;
    choice.steps_gas_m3 += y.steps.gas_m3;
    choice.integral_gas_m3 += y.integral.gas_m3;
    choice.steps_co2_kg += y.steps.co2_kg;
    choice.integral_co2_kg += y.integral.co2_kg;
    choice.rows.push_back(row);
  }
  // The totals month by month: a step in the middle of a year counts from its own month.
  for (std::size_t m = 0; m < comparison.steps.payments.size(); ++m) {
    choice.steps_cost = choice.steps_cost + comparison.steps.payments[m] + choice.service_fee +
                        bills[campaign::step_at(steps, m)];
    choice.integral_cost =
        choice.integral_cost + comparison.integral.payments[m] + choice.service_fee + bills.back();
  }
  choice.comparison = std::move(comparison);
  return choice;
}

Result<std::vector<GroupChoice>> campaign_choices(CampaignStore& store, HomeOffers& offers,
                                                  const Campaign& campaign,
                                                  const std::set<std::string>& shown) {
  std::map<std::string, StepSums> sums;
  RENOFEE_CHECK(store.each_home(campaign.id, [&](const CampaignHome& home) -> Result<void> {
    if (home.steps_json.empty()) return success();
    RENOFEE_TRY(auto stored, offers.read_steps(home.steps_json));
    StepSums& s = sums[home.template_ref];  // one template version: one set of steps
    s.house_type = home.house_type;
    if (s.homes == 0) {
      RENOFEE_TRY(const quote::Offer offer, offers.read(home.offer_json));
      s.first = stored.first;
      s.financing = offer.financing;
      s.drawdowns.assign(stored.first.size(), Decimal(0));
      s.uses.assign(stored.first.size(), quote::YearlyUse{});
    }
    if (stored.first.size() != s.first.size())
      return internal_error("homes of one house type with other steps");
    ++s.homes;
    for (std::size_t k = 0; k < stored.first.size(); ++k) {
      s.drawdowns[k] += campaign::drawdown_of(stored.first[k]).value();
      quote::YearlyUse& u = s.uses[k];
      u.electricity_import = Kwh(u.electricity_import.value() + stored.second[k].electricity_import.value());
      u.electricity_export = Kwh(u.electricity_export.value() + stored.second[k].electricity_export.value());
      u.gas = CubicMetres(u.gas.value() + stored.second[k].gas.value());
    }
    return success();
  }));
  std::vector<GroupChoice> out;
  for (const auto& [ref, s] : sums) {
    if (s.homes < campaign::min_group || !shown.contains(s.house_type)) continue;
    std::vector<quote::YearlyUse> uses;
    GroupChoice g = average_choice(s.house_type, s, uses);
    g.template_ref = ref;
    const quote::Financing& f = s.financing;
    RENOFEE_TRY(g.comparison, campaign::compare_steps({g.steps, f.annual_rate, f.rate_basis, f.method,
                                                       f.term_months, f.rounding}));
    g.years = campaign::choice_years(g.comparison, g.steps, uses);
    for (const campaign::ChoiceYear& y : g.years) {
      g.steps_co2_kg += y.steps.co2_kg;
      g.integral_co2_kg += y.integral.co2_kg;
    }
    out.push_back(std::move(g));
  }
  return out;
}

Result<AddedHome> renew_share_link(CampaignStore& store, KeyCrypto& crypto, const Campaign& campaign,
                                   int number, const std::string& actor, calendar::Instant now) {
  RENOFEE_TRY(const std::optional<CampaignHome> home, store.find_home(campaign.id, number));
  if (!home)
    return not_found("no home " + std::to_string(number) + " in campaign \"" + campaign.id + "\"", "/number");
  RENOFEE_TRY(const std::string random, crypto.random_bytes(32));
  const std::string token = base64url(random);
  RENOFEE_CHECK(store.insert_link(campaign.id, number, text::to_hex(crypto.sha256(token)), now, actor));
  return AddedHome{home->number, home->postcode, home->house_number, home->house_type, token};
}

}  // namespace renofee::app
