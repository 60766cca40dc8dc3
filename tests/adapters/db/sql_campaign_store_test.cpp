// Test plan for renofee/adapters/db/sql_campaign_store.hpp, on every backend:
//  - a campaign round-trips (id, name, start date, creator, time) with its count of homes; campaigns() is by
//    id; a taken id is already_exists;
//  - homes round-trip field by field (bag id and income band present and absent), each_home walks them by
//    number, find_home finds one, has_address sees the address key;
//  - insert_homes is one transaction: when `next` fails after two homes, none is stored; an address key twice
//    in a campaign is already_exists (the UNIQUE constraint) and leaves nothing either;
//  - both tables are append-only: UPDATE and DELETE are refused.
#include "renofee/adapters/db/sql_campaign_store.hpp"

#include <gtest/gtest.h>

#include "db_fixture.hpp"

namespace renofee::db {
namespace {

using testing::utc;

app::CampaignHome home(int number, const std::string& key) {
  app::CampaignHome h;
  h.number = number;
  h.postcode = "3521 AB";
  h.house_number = key;
  h.address_key = "3521ab-" + key;
  h.house_type = "tussenwoning-1965-1974";
  h.template_ref = "tussenwoning-1965-1974@1";
  h.use_source = number % 2 == 0 ? "meter" : "declared";
  if (number == 1) {
    h.bag_id = "0344010000123456";
    h.income_band = campaign::IncomeBand{20000, 25000};
  }
  h.offer_json = "{\"id\": \"lombok-3521ab-" + key + "\"}";
  h.trace_json = "[]";
  h.share_hash = std::string(64, static_cast<char>('a' + number));
  return h;
}

// A `next` that hands out `homes` and then, when `fail`, an error; each home must get the number it holds.
std::function<Result<std::optional<app::CampaignHome>>(int)> handing(std::vector<app::CampaignHome> homes,
                                                                     bool fail) {
  auto left = std::make_shared<std::vector<app::CampaignHome>>(std::move(homes));
  return [left, fail](int number) -> Result<std::optional<app::CampaignHome>> {
    if (left->empty()) {
      if (fail) return invalid_argument("row 9: bad", "/gas_m3");
      return std::optional<app::CampaignHome>();
    }
    app::CampaignHome h = left->front();
    if (h.number != number) return internal_error("numbered " + std::to_string(number));
    left->erase(left->begin());
    return std::optional<app::CampaignHome>(h);
  };
}

class CampaignStore : public testing::DbTest {};

TEST_P(CampaignStore, CampaignsAndHomesRoundTrip) {
  SqlCampaignStore store(db());
  const app::Campaign c{"lombok",           "Lombok-Oost",       calendar::parse_date("2027-03-01").value(),
                        "key:aaaaaaaaaaaa", utc(2026, 12, 4, 9), 0};
  ASSERT_TRUE(store.insert_campaign(c).ok());
  ASSERT_TRUE(store.insert_campaign({"abc", "A", c.start, "cli", utc(2026, 12, 4), 0}).ok());
  EXPECT_EQ(store.insert_campaign(c).error().code, ErrorCode::already_exists);
  Result<int> stored = store.insert_homes("lombok", utc(2026, 12, 4, 10), "key:aaaaaaaaaaaa",
                                          handing({home(1, "1"), home(2, "3"), home(3, "5")}, false));
  ASSERT_TRUE(stored.ok()) << describe(stored.error());
  EXPECT_EQ(*stored, 3);
  app::Campaign found = store.find_campaign("lombok").value().value();
  EXPECT_EQ(found.homes, 3);
  found.homes = 0;
  EXPECT_EQ(found, c);
  std::vector<app::Campaign> all = store.campaigns().value();
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].id, "abc");
  EXPECT_EQ(all[1].homes, 3);
  EXPECT_FALSE(store.find_campaign("none").value().has_value());
  std::vector<app::CampaignHome> walked;
  ASSERT_TRUE(store
                  .each_home("lombok",
                             [&](const app::CampaignHome& h) {
                               walked.push_back(h);
                               return success();
                             })
                  .ok());
  ASSERT_EQ(walked.size(), 3U);
  EXPECT_EQ(walked[0], home(1, "1"));
  EXPECT_EQ(walked[1], home(2, "3"));
  EXPECT_FALSE(walked[1].income_band.has_value());
  EXPECT_EQ(store.find_home("lombok", 3).value().value(), home(3, "5"));
  EXPECT_FALSE(store.find_home("lombok", 4).value().has_value());
  EXPECT_TRUE(store.has_address("lombok", "3521ab-3").value());
  EXPECT_FALSE(store.has_address("abc", "3521ab-3").value());
}

TEST_P(CampaignStore, AFailedBatchStoresNothing) {
  SqlCampaignStore store(db());
  ASSERT_TRUE(store
                  .insert_campaign(
                      {"lombok", "L", calendar::parse_date("2027-03-01").value(), "cli", utc(2026, 1, 1), 0})
                  .ok());
  Result<int> failed =
      store.insert_homes("lombok", utc(2026, 1, 1), "cli", handing({home(1, "1"), home(2, "3")}, true));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().field, "/gas_m3");
  EXPECT_EQ(store.find_campaign("lombok").value()->homes, 0);
  Result<int> twice =
      store.insert_homes("lombok", utc(2026, 1, 1), "cli", handing({home(1, "1"), home(2, "1")}, false));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::already_exists);
  EXPECT_EQ(store.find_campaign("lombok").value()->homes, 0);
}

// A share link made again: versions 2, 3; find_home gives the newest hash; each_home keeps the first.
TEST_P(CampaignStore, ANewLinkReplacesTheOldOne) {
  SqlCampaignStore store(db());
  ASSERT_TRUE(store
                  .insert_campaign(
                      {"lombok", "L", calendar::parse_date("2027-03-01").value(), "cli", utc(2026, 1, 1), 0})
                  .ok());
  ASSERT_TRUE(
      store.insert_homes("lombok", utc(2026, 1, 1), "cli", handing({home(1, "1"), home(2, "3")}, false))
          .ok());
  EXPECT_EQ(store.insert_link("lombok", 1, std::string(64, 'x'), utc(2026, 2, 1), "cli").value(), 2);
  EXPECT_EQ(store.insert_link("lombok", 1, std::string(64, 'y'), utc(2026, 3, 1), "cli").value(), 3);
  EXPECT_EQ(store.find_home("lombok", 1).value()->share_hash, std::string(64, 'y'));
  EXPECT_EQ(store.find_home("lombok", 2).value()->share_hash, home(2, "3").share_hash);
  EXPECT_FALSE(
      store.insert_link("lombok", 9, std::string(64, 'z'), utc(2026, 3, 1), "cli").ok());  // no home 9
  EXPECT_FALSE(db().execute("DELETE FROM campaign_links").ok());
}

TEST_P(CampaignStore, TablesAreAppendOnly) {
  SqlCampaignStore store(db());
  ASSERT_TRUE(store
                  .insert_campaign(
                      {"lombok", "L", calendar::parse_date("2027-03-01").value(), "cli", utc(2026, 1, 1), 0})
                  .ok());
  ASSERT_TRUE(store.insert_homes("lombok", utc(2026, 1, 1), "cli", handing({home(1, "1")}, false)).ok());
  EXPECT_FALSE(db().execute("UPDATE campaign_homes SET offer_json = '{}'").ok());
  EXPECT_FALSE(db().execute("DELETE FROM campaign_homes").ok());
  EXPECT_FALSE(db().execute("UPDATE campaigns SET start_date = '2028-01-01'").ok());
  EXPECT_FALSE(db().execute("DELETE FROM campaigns").ok());
  EXPECT_EQ(store.find_home("lombok", 1).value().value(), home(1, "1"));
}

RENOFEE_INSTANTIATE_BACKENDS(CampaignStore);

}  // namespace
}  // namespace renofee::db
