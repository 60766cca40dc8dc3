#include "renofee/adapters/db/sql_key_store.hpp"
#include "renofee/adapters/db/sql_values.hpp"

#include "renofee/adapters/db/event_log.hpp"

namespace renofee::db {
namespace {

constexpr const char* key_columns =
    "id, salt, hash, role, contract_id, label, created_at, revoked_at, occupant";

// One row of api_keys as SOCI fills it.
struct KeyRow {
  std::string id, salt, hash, role, contract_id, label;
  long long created_at = 0, revoked_at = 0, occupant = 0;
  soci::indicator contract_ind = soci::i_null, revoked_ind = soci::i_null, occupant_ind = soci::i_null;

  Result<app::ApiKey> to_key() const {
    RENOFEE_TRY(const app::Role parsed_role, app::parse_role(role));
    app::ApiKey key;
    key.id = id;
    key.salt_hex = salt;
    key.hash_hex = hash;
    key.role = parsed_role;
    if (contract_ind == soci::i_ok) key.contract_id = contract_id;
    key.label = label;
    key.created_at = instant_from_unix(created_at);
    if (revoked_ind == soci::i_ok) key.revoked_at = instant_from_unix(revoked_at);
    // Resident keys made before occupants existed (migration 10) belong to the first occupant.
    if (parsed_role == app::Role::resident)
      key.occupant = occupant_ind == soci::i_ok ? static_cast<int>(occupant) : 1;
    return key;
  }
};

// The lookup of every authenticated request, prepared once per connection. No key is cached: each lookup
// reads the table, so a revocation applies on the next request.
struct KeyLookup {
  explicit KeyLookup(soci::session& session)
      : statement((session.prepare << "SELECT " << key_columns << " FROM api_keys WHERE id = :id",
                   soci::into(row.id), soci::into(row.salt), soci::into(row.hash), soci::into(row.role),
                   soci::into(row.contract_id, row.contract_ind), soci::into(row.label),
                   soci::into(row.created_at), soci::into(row.revoked_at, row.revoked_ind),
                   soci::into(row.occupant, row.occupant_ind), soci::use(wanted))) {}
  KeyRow row;
  std::string wanted;
  soci::statement statement;  // after the variables it is bound to
};

// The scope of a meter_data key (migration 6), sorted. One extra query, for meter_data keys only.
std::vector<std::string> read_scope(soci::session& session, const std::string& key_id) {
  std::string contract;
  soci::statement st = (session.prepare << "SELECT contract_id FROM key_scopes WHERE key_id = :id"
                                           " ORDER BY contract_id",
                        soci::into(contract), soci::use(key_id));
  st.execute();
  std::vector<std::string> scope;
  while (st.fetch())
    scope.push_back(contract);
  return scope;
}

void add_scope(app::ApiKey& key, soci::session& session) {
  if (key.role == app::Role::meter_data) key.scope = read_scope(session, key.id);
}

}  // namespace

Result<void> SqlKeyStore::insert(const app::ApiKey& key) {
  if (db_.in_transaction()) return insert_rows(key);  // the caller's transaction holds both
  RENOFEE_CHECK(db_.begin());
  Result<void> stored = insert_rows(key);
  if (!stored) {
    db_.rollback();
    return stored;
  }
  return db_.commit();
}

Result<void> SqlKeyStore::insert_rows(const app::ApiKey& key) {
  return guard("storing an API key", [&]() -> Result<void> {
    const std::string role(app::to_string(key.role));
    const std::string contract = key.contract_id.value_or("");
    soci::indicator contract_ind = key.contract_id ? soci::i_ok : soci::i_null;
    const long long created = unix_seconds(key.created_at);
    const long long revoked = key.revoked_at ? unix_seconds(*key.revoked_at) : 0;
    soci::indicator revoked_ind = key.revoked_at ? soci::i_ok : soci::i_null;
    const long long occupant = key.occupant;
    soci::indicator occupant_ind = key.occupant > 0 ? soci::i_ok : soci::i_null;
    db_.session() << "INSERT INTO api_keys (" << key_columns
                  << ") VALUES (:id, :salt, :hash, :role, :contract, :label, :created, :revoked, :occupant)",
        soci::use(key.id), soci::use(key.salt_hex), soci::use(key.hash_hex), soci::use(role),
        soci::use(contract, contract_ind), soci::use(key.label), soci::use(created),
        soci::use(revoked, revoked_ind), soci::use(occupant, occupant_ind);
    for (const std::string& scoped : key.scope) {
      db_.session() << "INSERT INTO key_scopes (key_id, contract_id) VALUES (:id, :contract)",
          soci::use(key.id), soci::use(scoped);
    }
    // Keys are made at the machine (renofee keys create, actor "cli") or by an occupant change (its actor).
    RENOFEE_TRY(
        const AuditEvent recorded,
        append_event(db_, AuditEvent{0, key.created_at, actor_, "key_created", key.contract_id.value_or(""),
                                     "key " + key.id + " (" + std::string(app::to_string(key.role)) + ")",
                                     item_of_key(key), "", ""}));
    (void)recorded;
    return success();
  });
}

Result<std::optional<app::ApiKey>> SqlKeyStore::find(std::string_view id) {
  return guard("looking up an API key", [&]() -> Result<std::optional<app::ApiKey>> {
    KeyLookup& lookup = db_.per_connection<KeyLookup>();
    lookup.wanted.assign(id);
    lookup.statement.execute();
    const bool found = lookup.statement.fetch();
    // Fetch to the end (the id is the key: no second row), so SQLite finishes the statement and the idle
    // connection holds no read transaction open until its next use.
    if (found && lookup.statement.fetch()) return internal_error("two API keys with one id");
    if (!found) return std::optional<app::ApiKey>();
    RENOFEE_TRY(app::ApiKey key, lookup.row.to_key());
    add_scope(key, db_.session());
    return std::optional<app::ApiKey>(std::move(key));
  });
}

Result<std::vector<app::ApiKey>> SqlKeyStore::list() {
  return guard("listing API keys", [&]() -> Result<std::vector<app::ApiKey>> {
    KeyRow row;
    soci::statement st =
        (db_.session().prepare << "SELECT " << key_columns << " FROM api_keys ORDER BY created_at, id",
         soci::into(row.id), soci::into(row.salt), soci::into(row.hash), soci::into(row.role),
         soci::into(row.contract_id, row.contract_ind), soci::into(row.label), soci::into(row.created_at),
         soci::into(row.revoked_at, row.revoked_ind), soci::into(row.occupant, row.occupant_ind));
    st.execute();
    std::vector<app::ApiKey> keys;
    while (st.fetch()) {
      RENOFEE_TRY(app::ApiKey key, row.to_key());
      keys.push_back(std::move(key));
    }
    for (app::ApiKey& key : keys)
      add_scope(key, db_.session());
    return keys;
  });
}

Result<bool> SqlKeyStore::revoke(std::string_view id, calendar::Instant at) {
  const bool own_transaction = !db_.in_transaction();
  if (own_transaction) RENOFEE_CHECK(db_.begin());
  Result<bool> revoked = revoke_row(id, at);
  if (!own_transaction) return revoked;
  if (!revoked) {
    db_.rollback();
    return revoked;
  }
  RENOFEE_CHECK(db_.commit());
  return revoked;
}

Result<bool> SqlKeyStore::revoke_row(std::string_view id, calendar::Instant at) {
  return guard("revoking an API key", [&]() -> Result<bool> {
    const std::string wanted(id);
    const long long when = unix_seconds(at);
    soci::statement st = (db_.session().prepare << "UPDATE api_keys SET revoked_at = :at"
                                                   " WHERE id = :id AND revoked_at IS NULL",
                          soci::use(when), soci::use(wanted));
    st.execute(true);
    if (st.get_affected_rows() > 0) {
      KeyRow row;
      db_.session() << "SELECT " << key_columns << " FROM api_keys WHERE id = :id", soci::into(row.id),
          soci::into(row.salt), soci::into(row.hash), soci::into(row.role),
          soci::into(row.contract_id, row.contract_ind), soci::into(row.label), soci::into(row.created_at),
          soci::into(row.revoked_at, row.revoked_ind), soci::into(row.occupant, row.occupant_ind),
          soci::use(wanted);
      RENOFEE_TRY(app::ApiKey key, row.to_key());
      add_scope(key, db_.session());
      RENOFEE_TRY(
          const AuditEvent recorded,
          append_event(db_, AuditEvent{0, at, actor_, "key_revoked", key.contract_id.value_or(""),
                                       "key " + key.id + " (" + std::string(app::to_string(key.role)) + ")",
                                       item_of_key(key), "", ""}));
      (void)recorded;
      return true;
    }
    long long exists = 0;
    db_.session() << "SELECT COUNT(*) FROM api_keys WHERE id = :id", soci::into(exists), soci::use(wanted);
    if (exists == 0) return not_found("no API key with id \"" + wanted.substr(0, 40) + "\"", "id");
    return false;
  });
}

Result<std::optional<app::IdempotencyRecord>> SqlIdempotencyStore::find(std::string_view scope,
                                                                        std::string_view key) {
  return guard("looking up an idempotency key", [&]() -> Result<std::optional<app::IdempotencyRecord>> {
    app::IdempotencyRecord record;
    record.scope = scope;
    record.key = key;
    long long created = 0;
    db_.session() << "SELECT fingerprint, status, content_type, body, created_at FROM idempotency_records"
                     " WHERE scope = :scope AND idempotency_key = :key",
        soci::into(record.fingerprint), soci::into(record.status), soci::into(record.content_type),
        soci::into(record.body), soci::into(created), soci::use(record.scope), soci::use(record.key);
    if (!db_.session().got_data()) return std::optional<app::IdempotencyRecord>();
    record.created_at = instant_from_unix(created);
    return std::optional<app::IdempotencyRecord>(std::move(record));
  });
}

Result<void> SqlIdempotencyStore::save(const app::IdempotencyRecord& record) {
  return guard("recording an idempotency key", [&]() -> Result<void> {
    const long long created = unix_seconds(record.created_at);
    db_.session()
        << "INSERT INTO idempotency_records (scope, idempotency_key, fingerprint, status, content_type,"
           " body, created_at) VALUES (:scope, :key, :fingerprint, :status, :type, :body, :created)",
        soci::use(record.scope), soci::use(record.key), soci::use(record.fingerprint),
        soci::use(record.status), soci::use(record.content_type), soci::use(record.body), soci::use(created);
    return success();
  });
}

}  // namespace renofee::db
