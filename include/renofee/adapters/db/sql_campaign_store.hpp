// renofee/adapters/db/sql_campaign_store.hpp
//
// Purpose: app::CampaignStore on SQLite and PostgreSQL through SOCI (tables `campaigns` and `campaign_homes`,
// migration 11, docs/storage.md). Both tables are append-only (triggers refuse UPDATE and DELETE). Dates are
// ISO text, instants UTC Unix seconds; a home's income band is its text ("20000-25000") or NULL. The homes of
// one call are written in one transaction; reading walks the rows one at a time. A home's share link made again
// is a row of `campaign_links` (version 2, 3, ...); find_home gives the newest link's hash.
#pragma once

#include "renofee/adapters/db/database.hpp"
#include "renofee/app/campaigns.hpp"

namespace renofee::db {

class SqlCampaignStore final : public app::CampaignStore {
 public:
  // `db` must outlive the store and have been migrated.
  explicit SqlCampaignStore(Database& db) : db_(db) {}
  Result<void> insert_campaign(const app::Campaign& campaign) override;
  Result<std::optional<app::Campaign>> find_campaign(std::string_view id) override;
  Result<std::vector<app::Campaign>> campaigns() override;
  Result<bool> has_address(std::string_view campaign_id, std::string_view address_key) override;
  Result<int> insert_homes(
      std::string_view campaign_id, calendar::Instant at, const std::string& by,
      const std::function<Result<std::optional<app::CampaignHome>>(int number)>& next) override;
  Result<void> each_home(std::string_view campaign_id,
                         const std::function<Result<void>(const app::CampaignHome&)>& visit) override;
  Result<std::optional<app::CampaignHome>> find_home(std::string_view campaign_id, int number) override;
  Result<int> insert_link(std::string_view campaign_id, int number, const std::string& share_hash,
                          calendar::Instant at, const std::string& by) override;

 private:
  Result<std::vector<app::Campaign>> select_campaigns(const std::string* id);
  Database& db_;
};

}  // namespace renofee::db
