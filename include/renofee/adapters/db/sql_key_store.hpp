// renofee/adapters/db/sql_key_store.hpp
//
// Purpose: app::KeyStore and app::IdempotencyStore on SQLite and PostgreSQL through SOCI (tables
// `api_keys` and `idempotency_records`, migration 3, docs/storage.md). Instants are UTC epoch seconds;
// the salt and hash are lower-case hex text; `contract_id` is NULL except for resident keys (a CHECK
// constraint keeps it so). A meter_data key's scope is in `key_scopes` (migration 6), one row per contract,
// written with the key in one transaction and never changed.
#pragma once

#include <string>
#include <utility>

#include "renofee/adapters/db/database.hpp"
#include "renofee/app/api_keys.hpp"
#include "renofee/app/idempotency.hpp"

namespace renofee::db {

class SqlKeyStore final : public app::KeyStore {
 public:
  // `db` must outlive the store and have been migrated. `actor` is who the event log records for the keys this
  // store makes and revokes: the command line ("cli"), or the API key of an occupant change ("key:<id>").
  explicit SqlKeyStore(Database& db, std::string actor = "cli") : db_(db), actor_(std::move(actor)) {}

  Result<void> insert(const app::ApiKey& key) override;
  Result<std::optional<app::ApiKey>> find(std::string_view id) override;
  Result<std::vector<app::ApiKey>> list() override;
  Result<bool> revoke(std::string_view id, calendar::Instant at) override;

 private:
  Result<void> insert_rows(const app::ApiKey& key);                    // inside insert's transaction
  Result<bool> revoke_row(std::string_view id, calendar::Instant at);  // inside revoke's transaction
  Database& db_;
  std::string actor_;
};

class SqlIdempotencyStore final : public app::IdempotencyStore {
 public:
  explicit SqlIdempotencyStore(Database& db) : db_(db) {}

  Result<std::optional<app::IdempotencyRecord>> find(std::string_view scope, std::string_view key) override;
  Result<void> save(const app::IdempotencyRecord& record) override;

 private:
  Database& db_;
};

}  // namespace renofee::db
