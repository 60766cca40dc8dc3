#include "renofee/adapters/db/sql_campaign_store.hpp"

#include "renofee/adapters/db/sql_values.hpp"

namespace renofee::db {
namespace {

constexpr const char* home_columns =
    "number, address_key, postcode, house_number, bag_id, house_type, template_ref, use_source, income_band,"
    " offer_json, trace_json, share_hash, steps_json";

// A stored income band ("20000-25000"); internal_error for anything else.
Result<campaign::IncomeBand> stored_band(const std::string& text) {
  const std::size_t dash = text.find('-');
  try {
    if (dash != std::string::npos)
      return campaign::IncomeBand{std::stoi(text.substr(0, dash)), std::stoi(text.substr(dash + 1))};
  } catch (const std::exception&) {
  }
  return internal_error("the database holds a malformed income band \"" + text + "\"");
}

Result<app::CampaignHome> home_of(const soci::row& r) {
  app::CampaignHome h;
  h.number = static_cast<int>(row_integer(r, 0));
  h.address_key = r.get<std::string>(1);
  h.postcode = r.get<std::string>(2);
  h.house_number = r.get<std::string>(3);
  if (r.get_indicator(4) == soci::i_ok) h.bag_id = r.get<std::string>(4);
  h.house_type = r.get<std::string>(5);
  h.template_ref = r.get<std::string>(6);
  h.use_source = r.get<std::string>(7);
  if (r.get_indicator(8) == soci::i_ok) {
    RENOFEE_TRY(h.income_band, stored_band(r.get<std::string>(8)));
  }
  h.offer_json = r.get<std::string>(9);
  h.trace_json = r.get<std::string>(10);
  h.share_hash = r.get<std::string>(11);
  if (r.get_indicator(12) == soci::i_ok) h.steps_json = r.get<std::string>(12);
  return h;
}

}  // namespace

Result<void> SqlCampaignStore::insert_campaign(const app::Campaign& c) {
  return guard("storing a campaign", [&]() -> Result<void> {
    const std::string start = calendar::to_string(c.start);
    const long long created = unix_seconds(c.created_at);
    db_.session() << "INSERT INTO campaigns (id, name, start_date, created_at, created_by)"
                     " VALUES (:id, :name, :start, :created, :by)",
        soci::use(c.id), soci::use(c.name), soci::use(start), soci::use(created), soci::use(c.created_by);
    return success();
  });
}

Result<std::vector<app::Campaign>> SqlCampaignStore::select_campaigns(const std::string* id) {
  return guard("reading campaigns", [&]() -> Result<std::vector<app::Campaign>> {
    const std::string wanted = id ? *id : std::string();
    const int all = id ? 0 : 1;
    soci::rowset<soci::row> rows =
        (db_.session().prepare << "SELECT c.id, c.name, c.start_date, c.created_at, c.created_by,"
                                  " (SELECT COUNT(*) FROM campaign_homes h WHERE h.campaign_id = c.id)"
                                  " FROM campaigns c WHERE (:all = 1 OR c.id = :id) ORDER BY c.id",
         soci::use(all), soci::use(wanted));
    std::vector<app::Campaign> out;
    for (const soci::row& r : rows) {
      app::Campaign c;
      c.id = r.get<std::string>(0);
      c.name = r.get<std::string>(1);
      RENOFEE_TRY(c.start, stored_date(r.get<std::string>(2)));
      c.created_at = instant_from_unix(row_integer(r, 3));
      c.created_by = r.get<std::string>(4);
      c.homes = static_cast<int>(row_integer(r, 5));
      out.push_back(std::move(c));
    }
    return out;
  });
}

Result<std::optional<app::Campaign>> SqlCampaignStore::find_campaign(std::string_view id) {
  const std::string wanted(id);
  RENOFEE_TRY(std::vector<app::Campaign> found, select_campaigns(&wanted));
  if (found.empty()) return std::optional<app::Campaign>();
  return std::optional<app::Campaign>(std::move(found.front()));
}

Result<std::vector<app::Campaign>> SqlCampaignStore::campaigns() {
  return select_campaigns(nullptr);
}

Result<bool> SqlCampaignStore::has_address(std::string_view campaign_id, std::string_view address_key) {
  return guard("looking up an address", [&]() -> Result<bool> {
    const std::string campaign(campaign_id), key(address_key);
    int count = 0;
    db_.session() << "SELECT COUNT(*) FROM campaign_homes WHERE campaign_id = :c AND address_key = :k",
        soci::into(count), soci::use(campaign), soci::use(key);
    return count > 0;
  });
}

Result<int> SqlCampaignStore::insert_homes(
    std::string_view campaign_id, calendar::Instant at, const std::string& by,
    const std::function<Result<std::optional<app::CampaignHome>>(int number)>& next) {
  const std::string campaign(campaign_id);
  const long long created = unix_seconds(at);
  return in_transaction<int>(db_, "storing campaign homes", [&]() -> Result<int> {
    app::CampaignHome h;
    std::string bag, band;
    soci::indicator bag_ind = soci::i_null, band_ind = soci::i_null, steps_ind = soci::i_null;
    soci::statement insert =
        (db_.session().prepare << "INSERT INTO campaign_homes (campaign_id, " << home_columns
                               << ", created_at, created_by) VALUES (:campaign, :number, :key, :postcode,"
                                  " :house_number, :bag, :house_type, :template, :source, :band, :offer,"
                                  " :trace, :share, :steps, :created, :by)",
         soci::use(campaign), soci::use(h.number), soci::use(h.address_key), soci::use(h.postcode),
         soci::use(h.house_number), soci::use(bag, bag_ind), soci::use(h.house_type),
         soci::use(h.template_ref), soci::use(h.use_source), soci::use(band, band_ind),
         soci::use(h.offer_json), soci::use(h.trace_json), soci::use(h.share_hash),
         soci::use(h.steps_json, steps_ind), soci::use(created), soci::use(by));
    if (db_.dialect() == Dialect::postgresql)  // two batches of one campaign wait for each other
      db_.session() << "SELECT id FROM campaigns WHERE id = :c FOR UPDATE", soci::use(campaign);
    int highest = 0;
    soci::indicator highest_ind = soci::i_null;
    db_.session() << "SELECT MAX(number) FROM campaign_homes WHERE campaign_id = :c", soci::use(campaign),
        soci::into(highest, highest_ind);
    if (highest_ind != soci::i_ok) highest = 0;
    int stored = 0;
    for (;;) {
      RENOFEE_TRY(std::optional<app::CampaignHome> home, next(highest + stored + 1));
      if (!home) return stored;
      h = std::move(*home);
      bag = h.bag_id.value_or("");
      bag_ind = h.bag_id ? soci::i_ok : soci::i_null;
      band = h.income_band ? h.income_band->to_string() : std::string();
      band_ind = h.income_band ? soci::i_ok : soci::i_null;
      steps_ind = h.steps_json.empty() ? soci::i_null : soci::i_ok;
      insert.execute(true);
      ++stored;
    }
  });
}

Result<void> SqlCampaignStore::each_home(std::string_view campaign_id,
                                         const std::function<Result<void>(const app::CampaignHome&)>& visit) {
  return guard("reading campaign homes", [&]() -> Result<void> {
    const std::string campaign(campaign_id);
    soci::rowset<soci::row> rows = (db_.session().prepare << "SELECT " << home_columns
                                                          << " FROM campaign_homes WHERE campaign_id = :c"
                                                             " ORDER BY number",
                                    soci::use(campaign));
    for (const soci::row& r : rows) {
      RENOFEE_TRY(const app::CampaignHome home, home_of(r));
      RENOFEE_CHECK(visit(home));
    }
    return success();
  });
}

Result<std::optional<app::CampaignHome>> SqlCampaignStore::find_home(std::string_view campaign_id,
                                                                     int number) {
  return guard("reading a campaign home", [&]() -> Result<std::optional<app::CampaignHome>> {
    const std::string campaign(campaign_id);
    // One statement whether or not the home has a newer link (the time does not tell).
    soci::rowset<soci::row> rows =
        (db_.session().prepare
             << "SELECT " << home_columns
             << ", (SELECT l.share_hash FROM campaign_links l WHERE l.campaign_id = h.campaign_id"
                " AND l.number = h.number ORDER BY l.version DESC LIMIT 1)"
                " FROM campaign_homes h WHERE h.campaign_id = :c AND h.number = :n",
         soci::use(campaign), soci::use(number));
    std::optional<app::CampaignHome> found;
    for (const soci::row& r : rows) {
      RENOFEE_TRY(app::CampaignHome home, home_of(r));
      if (r.get_indicator(13) == soci::i_ok) home.share_hash = r.get<std::string>(13);
      found = std::move(home);
    }
    return found;
  });
}

Result<int> SqlCampaignStore::insert_link(std::string_view campaign_id, int number,
                                          const std::string& share_hash, calendar::Instant at,
                                          const std::string& by) {
  const std::string campaign(campaign_id);
  const long long created = unix_seconds(at);
  return in_transaction<int>(db_, "storing a share link", [&]() -> Result<int> {
    long long version = 1;
    soci::indicator ind = soci::i_null;
    db_.session() << "SELECT MAX(version) FROM campaign_links WHERE campaign_id = :c AND number = :n",
        soci::use(campaign), soci::use(number), soci::into(version, ind);
    const long long next = ind == soci::i_ok ? version + 1 : 2;
    db_.session()
        << "INSERT INTO campaign_links (campaign_id, number, version, share_hash, created_at, created_by)"
           " VALUES (:c, :n, :v, :h, :t, :b)",
        soci::use(campaign), soci::use(number), soci::use(next), soci::use(share_hash), soci::use(created),
        soci::use(by);
    return static_cast<int>(next);
  });
}

}  // namespace renofee::db
