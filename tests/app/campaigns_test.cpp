// Test plan for renofee/app/campaigns.hpp, over an in-memory store with the committed templates and tariff
// files (io::TemplateCatalog, io::TariffDirectory) and the real SHA-256:
//  - a campaign's id and name are checked (field named), a taken id is already_exists;
//  - who sees a campaign: its energy desk and the auditor; another desk, a financier, a resident, the
//    operator and a meter_data key get the same not_found as for a campaign that does not exist;
//  - adding homes: numbered after the campaign's homes, each with a 43-character token whose SHA-256 is what
//    the store keeps; all or nothing when a later row is bad (row and field named) or an address is already
//    in the campaign; progress is reported;
//  - a share token opens its own home only; a wrong token is the not_found of a missing home;
//  - the summary equals the summary of the homes' offers quoted one by one, and counts the energy poverty of
//    the homes that gave an income band.
#include "renofee/app/campaigns.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "renofee/adapters/io/campaign_files.hpp"
#include "renofee/adapters/io/crypto.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/core/base/text.hpp"

namespace renofee::app {
namespace {

// The store as the SQL one behaves: insert_homes keeps nothing when `next` fails.
class MemoryCampaigns final : public CampaignStore {
 public:
  Result<void> insert_campaign(const Campaign& c) override {
    for (const Campaign& have : campaigns_)
      if (have.id == c.id) return already_exists("campaign taken");
    campaigns_.push_back(c);
    return success();
  }
  Result<std::optional<Campaign>> find_campaign(std::string_view id) override {
    for (Campaign c : campaigns_)
      if (c.id == id) {
        c.homes = count(id);
        return std::optional<Campaign>(c);
      }
    return std::optional<Campaign>();
  }
  Result<std::vector<Campaign>> campaigns() override { return campaigns_; }
  Result<bool> has_address(std::string_view campaign_id, std::string_view key) override {
    for (const auto& [id, h] : homes_)
      if (id == campaign_id && h.address_key == key) return true;
    return false;
  }
  Result<int> insert_homes(std::string_view campaign_id, calendar::Instant, const std::string&,
                           const std::function<Result<std::optional<CampaignHome>>(int)>& next) override {
    const std::size_t before = homes_.size();
    const int first = count(campaign_id) + 1;
    for (;;) {
      Result<std::optional<CampaignHome>> h = next(first + static_cast<int>(homes_.size() - before));
      if (!h) {
        homes_.resize(before);
        return h.error();
      }
      if (!*h) return static_cast<int>(homes_.size() - before);
      homes_.emplace_back(std::string(campaign_id), std::move(**h));
    }
  }
  Result<void> each_home(std::string_view campaign_id,
                         const std::function<Result<void>(const CampaignHome&)>& visit) override {
    for (const auto& [id, h] : homes_)
      if (id == campaign_id) RENOFEE_CHECK(visit(h));
    return success();
  }
  Result<std::optional<CampaignHome>> find_home(std::string_view campaign_id, int number) override {
    for (const auto& [id, h] : homes_)
      if (id == campaign_id && h.number == number) return std::optional<CampaignHome>(h);
    return std::optional<CampaignHome>();
  }
  Result<int> insert_link(std::string_view campaign_id, int number, const std::string& share_hash,
                          calendar::Instant, const std::string&) override {
    for (auto& [id, h] : homes_)
      if (id == campaign_id && h.number == number) {
        h.share_hash = share_hash;
        return ++links_;
      }
    return not_found("no home");
  }
  int count(std::string_view campaign_id) const {
    int n = 0;
    for (const auto& [id, h] : homes_)
      n += id == campaign_id ? 1 : 0;
    return n;
  }

 private:
  std::vector<Campaign> campaigns_;
  std::vector<std::pair<std::string, CampaignHome>> homes_;
  int links_ = 1;
};

constexpr const char* header =
    "postcode,number,bag_id,house_type,floor_area_m2,build_year,tenure,facade_m2,roof_m2,pv_kwp,electricity_"
    "kwh,"
    "gas_m3,use_source,income_band\n";

std::string row(int number, const char* type = "tussenwoning-1965-1974", const char* band = "") {
  return "3521 AB," + std::to_string(number) + ",," + type + ",100,1968,owner,,,,3000,1400,declared," + band +
         "\n";
}

Principal principal(Role role, const std::string& key_id = "aaaaaaaaaaaa") {
  Principal p;
  p.key_id = key_id;
  p.role = role;
  return p;
}

class Campaigns : public ::testing::Test {
 protected:
  Campaigns()
      : templates_(io::TemplateCatalog::load(io::default_template_directory("")).value()),
        tariffs_(io::default_tariff_directory("")) {}

  Result<std::vector<AddedHome>> add(const Campaign& c, const std::string& csv,
                                     std::vector<int>* progress = nullptr) {
    std::istringstream in(csv);
    io::HomesReader reader(in);
    return add_homes(store_, *templates_, tariffs_, crypto_,
                     AddHomesInput{.campaign = &c,
                                   .next_home = [&reader]() { return reader.next(); },
                                   .actor = "key:aaaaaaaaaaaa",
                                   .now = calendar::Instant(std::chrono::seconds(1800000000)),
                                   .progress =
                                       [progress](int done) {
                                         if (progress) progress->push_back(done);
                                       }});
  }
  Campaign made(const std::string& id, const std::string& actor = "key:aaaaaaaaaaaa") {
    return create_campaign(store_, {id, "Straat " + id, calendar::parse_date("2027-03-01").value()}, actor,
                           calendar::Instant(std::chrono::seconds(1800000000)))
        .value();
  }
  Campaign reread(const std::string& id) { return store_.find_campaign(id).value().value(); }

  MemoryCampaigns store_;
  std::shared_ptr<io::TemplateCatalog> templates_;
  io::TariffDirectory tariffs_;
  io::SystemKeyCrypto crypto_;
};

TEST_F(Campaigns, IdNameAndTakenIdAreChecked) {
  const calendar::Date start = calendar::parse_date("2027-03-01").value();
  for (const char* id :
       {"", "-lombok", "Lombok", "lombok oost", "lombok/oost", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    Result<Campaign> c = create_campaign(store_, {id, "x", start}, "cli", calendar::Instant{});
    ASSERT_FALSE(c.ok()) << id;
    EXPECT_EQ(c.error().field, "/id") << id;
  }
  EXPECT_EQ(create_campaign(store_, {"ok", "", start}, "cli", calendar::Instant{}).error().field, "/name");
  EXPECT_EQ(create_campaign(store_, {"ok", "a\nb", start}, "cli", calendar::Instant{}).error().field,
            "/name");
  ASSERT_TRUE(create_campaign(store_, {"lombok-2", "Lombok", start}, "cli", calendar::Instant{}).ok());
  EXPECT_EQ(create_campaign(store_, {"lombok-2", "again", start}, "cli", calendar::Instant{}).error().code,
            ErrorCode::already_exists);
}

TEST_F(Campaigns, OnlyItsDeskAndTheAuditorSeeACampaign) {
  made("lombok");
  EXPECT_TRUE(visible_campaign(store_, principal(Role::energy_desk), "lombok").ok());
  EXPECT_TRUE(visible_campaign(store_, principal(Role::auditor, "bbbbbbbbbbbb"), "lombok").ok());
  const Error missing = visible_campaign(store_, principal(Role::auditor), "nowhere").error();
  EXPECT_EQ(missing.code, ErrorCode::not_found);
  EXPECT_EQ(missing.message, "no campaign \"nowhere\"");
  for (const Principal& p :
       {principal(Role::energy_desk, "bbbbbbbbbbbb"), principal(Role::financier), principal(Role::resident),
        principal(Role::operator_), principal(Role::meter_data)}) {
    const Result<Campaign> seen = visible_campaign(store_, p, "lombok");
    ASSERT_FALSE(seen.ok()) << to_string(p.role);
    EXPECT_EQ(seen.error().message, "no campaign \"lombok\"");  // as if it did not exist
    EXPECT_TRUE(visible_campaigns(store_, p).value().empty());
  }
  EXPECT_EQ(visible_campaigns(store_, principal(Role::energy_desk)).value().size(), 1U);
}

TEST_F(Campaigns, HomesAreAddedAllOrNothingWithTokensWhoseHashIsStored) {
  Campaign c = made("lombok");
  std::vector<int> progress;
  Result<std::vector<AddedHome>> first = add(c, std::string(header) + row(1) + row(3) + row(5), &progress);
  ASSERT_TRUE(first.ok()) << describe(first.error());
  ASSERT_EQ(first->size(), 3U);
  EXPECT_EQ(progress, std::vector<int>{3});
  for (std::size_t i = 0; i < 3; ++i) {
    const AddedHome& h = (*first)[i];
    EXPECT_EQ(h.number, static_cast<int>(i) + 1);
    ASSERT_EQ(h.share_token.size(), 43U);
    const CampaignHome stored = store_.find_home("lombok", h.number).value().value();
    EXPECT_EQ(stored.share_hash, text::to_hex(crypto_.sha256(h.share_token)));
    EXPECT_EQ(stored.template_ref, "tussenwoning-1965-1974@2");
    EXPECT_NE(stored.offer_json.find("\"lombok-3521ab-" + h.house_number + "\""), std::string::npos);
  }
  EXPECT_NE((*first)[0].share_token, (*first)[1].share_token);
  c = reread("lombok");
  // A bad third row: nothing of the batch is stored, the row and field are named.
  Result<std::vector<AddedHome>> bad = add(c, std::string(header) + row(7) + row(9) + row(11, "villa-2020"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::not_found);
  EXPECT_EQ(bad.error().field, "/house_type");
  EXPECT_EQ(bad.error().message.rfind("row 4: ", 0), 0U) << bad.error().message;
  EXPECT_EQ(store_.count("lombok"), 3);
  // An address already in the campaign.
  Result<std::vector<AddedHome>> again = add(c, std::string(header) + row(7) + row(3));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::already_exists);
  EXPECT_EQ(again.error().message, "row 3: the address 3521 AB 3 is in campaign lombok already");
  EXPECT_EQ(store_.count("lombok"), 3);
  // The next batch is numbered after the first.
  Result<std::vector<AddedHome>> next = add(c, std::string(header) + row(7));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->front().number, 4);
}

TEST_F(Campaigns, AShareTokenOpensItsOwnHomeOnly) {
  const Campaign c = made("lombok");
  const std::vector<AddedHome> added = add(c, std::string(header) + row(1) + row(3)).value();
  EXPECT_EQ(shared_home(store_, crypto_, "lombok", 1, added[0].share_token).value().house_number, "1");
  const Error wrong = shared_home(store_, crypto_, "lombok", 1, added[1].share_token).error();
  const Error missing = shared_home(store_, crypto_, "lombok", 9, added[1].share_token).error();
  EXPECT_EQ(wrong.code, ErrorCode::not_found);
  EXPECT_EQ(wrong.message, "no home 1 in campaign \"lombok\"");
  EXPECT_EQ(missing.message, "no home 9 in campaign \"lombok\"");
  EXPECT_FALSE(shared_home(store_, crypto_, "lombok", 1, "").ok());
  EXPECT_FALSE(shared_home(store_, crypto_, "other", 1, added[0].share_token).ok());
  // A new link for a lost letter: the old one stops working, the new one opens the home.
  const AddedHome renewed =
      renew_share_link(store_, crypto_, reread("lombok"), 1, "key:aaaaaaaaaaaa", calendar::Instant{}).value();
  EXPECT_NE(renewed.share_token, added[0].share_token);
  EXPECT_FALSE(shared_home(store_, crypto_, "lombok", 1, added[0].share_token).ok());
  EXPECT_EQ(shared_home(store_, crypto_, "lombok", 1, renewed.share_token).value().number, 1);
  EXPECT_EQ(renew_share_link(store_, crypto_, reread("lombok"), 7, "cli", calendar::Instant{}).error().field,
            "/number");
}

TEST_F(Campaigns, TheSummaryIsTheSummaryOfTheQuotedOffers) {
  const Campaign c = made("lombok");
  std::string csv = header;
  // Five homes with a band of 15,000-20,000 (midpoint 17,500): an energy cost above 1,750 a year is high.
  for (int n = 1; n <= 5; ++n)
    csv += row(n, "tussenwoning-1965-1974", "15000-20000");
  csv += row(7);  // no band
  ASSERT_TRUE(add(c, csv).ok());
  const std::vector<campaign::GroupSummary> summary =
      campaign_summary(store_, *templates_, tariffs_, reread("lombok")).value();
  campaign::SummaryBuilder by_hand;
  Money bill_before = cents(0), bill_after = cents(0);
  ASSERT_TRUE(store_
                  .each_home("lombok",
                             [&](const CampaignHome& h) -> Result<void> {
                               const quote::Offer offer = templates_->read(h.offer_json).value();
                               const quote::Quote q = quote_offer(offer, tariffs_).value();
                               const std::optional<Decimal> income =
                                   h.income_band ? std::optional<Decimal>(h.income_band->midpoint())
                                                 : std::nullopt;
                               by_hand.add(campaign::home_figures(h.house_type, offer, q, income));
                               bill_before = q.tariff_years.front().as_tariff.before.total;
                               bill_after = q.tariff_years.front().as_tariff.after.total +
                                            Money(q.fees.tested_fee.value() * Decimal(12));
                               return success();
                             })
                  .ok());
  const std::vector<campaign::GroupSummary> expected = by_hand.finish();
  ASSERT_EQ(summary.size(), expected.size());
  const campaign::GroupSummary& total = summary.back();
  EXPECT_EQ(total.homes, 6);
  EXPECT_EQ(total.principal, expected.back().principal);
  EXPECT_EQ(total.net_monthly_effect.median, expected.back().net_monthly_effect.median);
  EXPECT_EQ(total.with_income, 5);
  EXPECT_TRUE(total.poverty_shown);
  // Every home is the same home: all five are high before or none, and the same after.
  const bool high_before = bill_before.value() > Decimal(1750);
  const bool high_after = bill_after.value() > Decimal(1750);
  EXPECT_EQ(total.energy_poor_before, high_before ? 5 : 0) << bill_before.value().to_string();
  EXPECT_EQ(total.energy_poor_after, high_after ? 5 : 0) << bill_after.value().to_string();
  EXPECT_EQ(total.leaving_energy_poverty, high_before && !high_after ? 5 : 0);
}

}  // namespace
}  // namespace renofee::app
