#include "renofee/adapters/db/migrations.hpp"

#include <string>

namespace renofee::db {
namespace {

// Channel names as in metering::to_string; the CHECK keeps foreign text out of the table.
#define RENOFEE_CHANNEL_CHECK \
  "CHECK (channel IN ('import_t1','import_t2','export_t1','export_t2','gas','heat_pump','pv_generation'))"

// Migration 1. Readings are normalised into series: `reading_series` names each (contract, meter, channel)
// once and `readings` is keyed (series_id, instant) with integers only, so the B-tree key is two integers
// instead of three strings and an integer (4x smaller rows, cheap compares: the ingest benchmark's margin
// over sqlite3 .import, docs/performance.md). The view `reading_values` shows the flat (contract_id,
// meter_id, channel, instant, value_milli, upload_id) rows for people and reports.
const std::vector<Migration> all_migrations = {
    Migration{
        1,
        "readings and the upload log",
        {
            "CREATE TABLE uploads ("
            " id INTEGER PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " content_sha256 TEXT NOT NULL,"
            " received_at INTEGER NOT NULL,"
            " correction INTEGER NOT NULL CHECK (correction IN (0, 1)),"
            " rows_read INTEGER NOT NULL DEFAULT 0,"
            " rows_stored INTEGER NOT NULL DEFAULT 0,"
            " duplicates_skipped INTEGER NOT NULL DEFAULT 0,"
            " rows_corrected INTEGER NOT NULL DEFAULT 0,"
            " UNIQUE (contract_id, content_sha256))",
            "CREATE TABLE reading_series ("
            " id INTEGER PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " meter_id TEXT NOT NULL,"
            " channel TEXT NOT NULL " RENOFEE_CHANNEL_CHECK ","
            " UNIQUE (contract_id, channel, meter_id))",
            "CREATE TABLE readings ("
            " series_id INTEGER NOT NULL REFERENCES reading_series (id),"
            " instant INTEGER NOT NULL,"
            " value_milli INTEGER NOT NULL CHECK (value_milli >= 0),"
            " upload_id INTEGER NOT NULL REFERENCES uploads (id),"
            " PRIMARY KEY (series_id, instant)) WITHOUT ROWID",
            "CREATE TABLE reading_corrections ("
            " id INTEGER PRIMARY KEY,"
            " upload_id INTEGER NOT NULL REFERENCES uploads (id),"
            " replaced_upload_id INTEGER NOT NULL REFERENCES uploads (id),"
            " series_id INTEGER NOT NULL REFERENCES reading_series (id),"
            " instant INTEGER NOT NULL,"
            " old_value_milli INTEGER NOT NULL,"
            " new_value_milli INTEGER NOT NULL)",
            "CREATE INDEX reading_corrections_by_upload ON reading_corrections (upload_id)",
            "CREATE VIEW reading_values AS SELECT s.contract_id, s.meter_id, s.channel, r.instant, "
            "r.value_milli,"
            " r.upload_id FROM readings r JOIN reading_series s ON s.id = r.series_id",
        },
        {
            "CREATE TABLE uploads ("
            " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " content_sha256 TEXT NOT NULL,"
            " received_at BIGINT NOT NULL,"
            " correction INTEGER NOT NULL CHECK (correction IN (0, 1)),"
            " rows_read BIGINT NOT NULL DEFAULT 0,"
            " rows_stored BIGINT NOT NULL DEFAULT 0,"
            " duplicates_skipped BIGINT NOT NULL DEFAULT 0,"
            " rows_corrected BIGINT NOT NULL DEFAULT 0,"
            " UNIQUE (contract_id, content_sha256))",
            "CREATE TABLE reading_series ("
            " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " meter_id TEXT NOT NULL,"
            " channel TEXT NOT NULL " RENOFEE_CHANNEL_CHECK ","
            " UNIQUE (contract_id, channel, meter_id))",
            "CREATE TABLE readings ("
            " series_id BIGINT NOT NULL REFERENCES reading_series (id),"
            " instant BIGINT NOT NULL,"
            " value_milli BIGINT NOT NULL CHECK (value_milli >= 0),"
            " upload_id BIGINT NOT NULL REFERENCES uploads (id),"
            " PRIMARY KEY (series_id, instant))",
            "CREATE TABLE reading_corrections ("
            " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " upload_id BIGINT NOT NULL REFERENCES uploads (id),"
            " replaced_upload_id BIGINT NOT NULL REFERENCES uploads (id),"
            " series_id BIGINT NOT NULL REFERENCES reading_series (id),"
            " instant BIGINT NOT NULL,"
            " old_value_milli BIGINT NOT NULL,"
            " new_value_milli BIGINT NOT NULL)",
            "CREATE INDEX reading_corrections_by_upload ON reading_corrections (upload_id)",
            "CREATE VIEW reading_values AS SELECT s.contract_id, s.meter_id, s.channel, r.instant, "
            "r.value_milli,"
            " r.upload_id FROM readings r JOIN reading_series s ON s.id = r.series_id",
        },
    },
    Migration{
        2,
        "KNMI weather days",
        {
            "CREATE TABLE weather_days ("
            " station INTEGER NOT NULL,"
            " day INTEGER NOT NULL,"  // civil date as YYYYMMDD, as KNMI writes it
            " tg INTEGER,"            // daily mean temperature, 0.1 degC; NULL = missing
            " q INTEGER,"             // global radiation, J/cm2; NULL = missing
            " PRIMARY KEY (station, day)) WITHOUT ROWID",
        },
        {
            "CREATE TABLE weather_days ("
            " station INTEGER NOT NULL,"
            " day INTEGER NOT NULL,"
            " tg INTEGER,"
            " q INTEGER,"
            " PRIMARY KEY (station, day))",
        },
    },
    Migration{
        3,
        "contracts, reconciliation reports and the ledger",
        {
            "CREATE TABLE contract_versions ("
            " contract_id TEXT NOT NULL,"
            " version INTEGER NOT NULL CHECK (version >= 1),"
            " offer_json TEXT NOT NULL,"
            " sha256 TEXT NOT NULL,"
            " effective_date TEXT NOT NULL,"  // ISO date
            " reason TEXT NOT NULL,"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (contract_id, version))",
            "CREATE TABLE reports ("
            " contract_id TEXT NOT NULL,"
            " year INTEGER NOT NULL,"
            " version INTEGER NOT NULL CHECK (version >= 1),"
            " replaces INTEGER,"
            " reason TEXT NOT NULL,"
            " report_json TEXT NOT NULL,"
            " sha256 TEXT NOT NULL,"
            " contract_version INTEGER NOT NULL,"
            " compensation_cents INTEGER NOT NULL,"
            " excess_charge_cents INTEGER NOT NULL,"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (contract_id, year, version))",
            "CREATE TABLE ledger_entries ("
            " id INTEGER PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " sequence INTEGER NOT NULL CHECK (sequence >= 1),"
            " kind TEXT NOT NULL CHECK (kind IN ('fee','compensation','excess_share','reversal')),"
            " value_date TEXT NOT NULL,"
            " amount_cents INTEGER NOT NULL,"
            " posting_key TEXT NOT NULL,"
            " reference TEXT NOT NULL,"
            " posted_at INTEGER NOT NULL,"
            " prev_hash TEXT NOT NULL,"
            " hash TEXT NOT NULL,"
            " UNIQUE (contract_id, sequence),"
            " UNIQUE (contract_id, posting_key))",
            "CREATE TABLE ledger_heads ("
            " contract_id TEXT PRIMARY KEY,"
            " entries INTEGER NOT NULL,"
            " hash TEXT NOT NULL)",
            // Append-only by construction: renofee never updates or deletes these rows, and the database
            // refuses it too (someone editing behind renofee's back must drop the trigger first; the hash
            // chain shows it).
            "CREATE TRIGGER contract_versions_append_only BEFORE UPDATE ON contract_versions"
            " BEGIN SELECT RAISE(ABORT, 'contract versions are append-only'); END",
            "CREATE TRIGGER contract_versions_no_delete BEFORE DELETE ON contract_versions"
            " BEGIN SELECT RAISE(ABORT, 'contract versions are append-only'); END",
            "CREATE TRIGGER reports_append_only BEFORE UPDATE ON reports"
            " BEGIN SELECT RAISE(ABORT, 'reports are append-only'); END",
            "CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports"
            " BEGIN SELECT RAISE(ABORT, 'reports are append-only'); END",
            "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE ON ledger_entries"
            " BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END",
            "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries"
            " BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END",
        },
        {
            "CREATE TABLE contract_versions ("
            " contract_id TEXT NOT NULL,"
            " version INTEGER NOT NULL CHECK (version >= 1),"
            " offer_json TEXT NOT NULL,"
            " sha256 TEXT NOT NULL,"
            " effective_date TEXT NOT NULL,"
            " reason TEXT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (contract_id, version))",
            "CREATE TABLE reports ("
            " contract_id TEXT NOT NULL,"
            " year INTEGER NOT NULL,"
            " version INTEGER NOT NULL CHECK (version >= 1),"
            " replaces INTEGER,"
            " reason TEXT NOT NULL,"
            " report_json TEXT NOT NULL,"
            " sha256 TEXT NOT NULL,"
            " contract_version INTEGER NOT NULL,"
            " compensation_cents BIGINT NOT NULL,"
            " excess_charge_cents BIGINT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (contract_id, year, version))",
            "CREATE TABLE ledger_entries ("
            " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " sequence BIGINT NOT NULL CHECK (sequence >= 1),"
            " kind TEXT NOT NULL CHECK (kind IN ('fee','compensation','excess_share','reversal')),"
            " value_date TEXT NOT NULL,"
            " amount_cents BIGINT NOT NULL,"
            " posting_key TEXT NOT NULL,"
            " reference TEXT NOT NULL,"
            " posted_at BIGINT NOT NULL,"
            " prev_hash TEXT NOT NULL,"
            " hash TEXT NOT NULL,"
            " UNIQUE (contract_id, sequence),"
            " UNIQUE (contract_id, posting_key))",
            "CREATE TABLE ledger_heads ("
            " contract_id TEXT PRIMARY KEY,"
            " entries BIGINT NOT NULL,"
            " hash TEXT NOT NULL)",
            "CREATE FUNCTION renofee_append_only() RETURNS trigger LANGUAGE plpgsql AS"
            " 'BEGIN RAISE EXCEPTION ''% is append-only'', TG_TABLE_NAME; END'",
            "CREATE TRIGGER contract_versions_append_only BEFORE UPDATE OR DELETE ON contract_versions"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER reports_append_only BEFORE UPDATE OR DELETE ON reports"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
        },
    },
    // Migration 4 (docs/api.md "Authentication"): API keys, stored as a per-key salt and SHA-256(salt ||
    // secret), never the secret; a resident key names its one contract, other roles none. Idempotency
    // records (the Idempotency-Key header) per calling key, with the response that was sent.
    Migration{
        4,
        "API keys and idempotency records",
        {
            "CREATE TABLE api_keys ("
            " id TEXT PRIMARY KEY CHECK (length(id) = 12),"
            " salt TEXT NOT NULL CHECK (length(salt) = 32),"
            " hash TEXT NOT NULL CHECK (length(hash) = 64),"
            " role TEXT NOT NULL CHECK (role IN ('financier','resident','auditor','operator')),"
            " contract_id TEXT,"
            " label TEXT NOT NULL DEFAULT '',"
            " created_at INTEGER NOT NULL,"
            " revoked_at INTEGER,"
            " CHECK ((role = 'resident') = (contract_id IS NOT NULL))) WITHOUT ROWID",
            "CREATE TABLE idempotency_records ("
            " scope TEXT NOT NULL,"
            " idempotency_key TEXT NOT NULL,"
            " fingerprint TEXT NOT NULL,"
            " status INTEGER NOT NULL,"
            " content_type TEXT NOT NULL,"
            " body TEXT NOT NULL,"
            " created_at INTEGER NOT NULL,"
            " PRIMARY KEY (scope, idempotency_key)) WITHOUT ROWID",
        },
        {
            "CREATE TABLE api_keys ("
            " id TEXT PRIMARY KEY CHECK (length(id) = 12),"
            " salt TEXT NOT NULL CHECK (length(salt) = 32),"
            " hash TEXT NOT NULL CHECK (length(hash) = 64),"
            " role TEXT NOT NULL CHECK (role IN ('financier','resident','auditor','operator')),"
            " contract_id TEXT,"
            " label TEXT NOT NULL DEFAULT '',"
            " created_at BIGINT NOT NULL,"
            " revoked_at BIGINT,"
            " CHECK ((role = 'resident') = (contract_id IS NOT NULL)))",
            "CREATE TABLE idempotency_records ("
            " scope TEXT NOT NULL,"
            " idempotency_key TEXT NOT NULL,"
            " fingerprint TEXT NOT NULL,"
            " status INTEGER NOT NULL,"
            " content_type TEXT NOT NULL,"
            " body TEXT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " PRIMARY KEY (scope, idempotency_key))",
        },
    },
    // Migration 5 (docs/storage.md "The event log"): provenance and the database-wide chain. audit_events is
    // the hash-chained event log (event_log.hpp) and audit_head its last seq and hash, which may only move one
    // step forward. Uploads record the actor that sent them. Triggers now cover every append-only table: an
    // upload's row is final once its counts are written (rows_read > 0), a ledger head only moves forward,
    // reading corrections are never changed.
    Migration{
        5,
        "the event log, upload actors and append-only triggers everywhere",
        {
            "CREATE TABLE audit_events ("
            " seq INTEGER PRIMARY KEY CHECK (seq >= 1),"
            " at INTEGER NOT NULL,"
            " actor TEXT NOT NULL,"
            " kind TEXT NOT NULL CHECK (kind IN ('upload','contract_version','report','ledger_entry',"
            "'key_created','key_revoked')),"
            " contract_id TEXT NOT NULL,"
            " subject TEXT NOT NULL,"
            " item_sha256 TEXT NOT NULL CHECK (length(item_sha256) = 64),"
            " prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),"
            " hash TEXT NOT NULL CHECK (length(hash) = 64))",
            "CREATE INDEX audit_events_by_contract ON audit_events (contract_id, seq)",
            "CREATE TABLE audit_head (seq INTEGER NOT NULL, hash TEXT NOT NULL)",
            "INSERT INTO audit_head (seq, hash) VALUES (0, '')",
            "ALTER TABLE uploads ADD COLUMN actor TEXT NOT NULL DEFAULT '-'",
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events"
            " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
            "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events"
            " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
            "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.seq <> OLD.seq + 1"
            " BEGIN SELECT RAISE(ABORT, 'the event log head only moves forward'); END",
            "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
            " BEGIN SELECT RAISE(ABORT, 'the event log head only moves forward'); END",
            "CREATE TRIGGER uploads_final BEFORE UPDATE ON uploads WHEN OLD.rows_read > 0"
            " BEGIN SELECT RAISE(ABORT, 'uploads are append-only'); END",
            "CREATE TRIGGER uploads_no_delete BEFORE DELETE ON uploads"
            " BEGIN SELECT RAISE(ABORT, 'uploads are append-only'); END",
            "CREATE TRIGGER ledger_heads_forward BEFORE UPDATE ON ledger_heads WHEN NEW.entries < OLD.entries"
            " OR (NEW.entries = OLD.entries AND NEW.hash <> OLD.hash) OR NEW.contract_id <> OLD.contract_id"
            " BEGIN SELECT RAISE(ABORT, 'ledger heads only move forward'); END",
            "CREATE TRIGGER ledger_heads_no_delete BEFORE DELETE ON ledger_heads"
            " BEGIN SELECT RAISE(ABORT, 'ledger heads only move forward'); END",
            "CREATE TRIGGER reading_corrections_append_only BEFORE UPDATE ON reading_corrections"
            " BEGIN SELECT RAISE(ABORT, 'reading corrections are append-only'); END",
            "CREATE TRIGGER reading_corrections_no_delete BEFORE DELETE ON reading_corrections"
            " BEGIN SELECT RAISE(ABORT, 'reading corrections are append-only'); END",
        },
        {
            "CREATE TABLE audit_events ("
            " seq BIGINT PRIMARY KEY CHECK (seq >= 1),"
            " at BIGINT NOT NULL,"
            " actor TEXT NOT NULL,"
            " kind TEXT NOT NULL CHECK (kind IN ('upload','contract_version','report','ledger_entry',"
            "'key_created','key_revoked')),"
            " contract_id TEXT NOT NULL,"
            " subject TEXT NOT NULL,"
            " item_sha256 TEXT NOT NULL CHECK (length(item_sha256) = 64),"
            " prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),"
            " hash TEXT NOT NULL CHECK (length(hash) = 64))",
            "CREATE INDEX audit_events_by_contract ON audit_events (contract_id, seq)",
            "CREATE TABLE audit_head (seq BIGINT NOT NULL, hash TEXT NOT NULL)",
            "INSERT INTO audit_head (seq, hash) VALUES (0, '')",
            "ALTER TABLE uploads ADD COLUMN actor TEXT NOT NULL DEFAULT '-'",
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE FUNCTION renofee_forward_only() RETURNS trigger LANGUAGE plpgsql AS"
            " 'BEGIN RAISE EXCEPTION ''% only moves forward'', TG_TABLE_NAME; END'",
            "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head FOR EACH ROW"
            " WHEN (NEW.seq <> OLD.seq + 1) EXECUTE FUNCTION renofee_forward_only()",
            "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head FOR EACH ROW"
            " EXECUTE FUNCTION renofee_forward_only()",
            "CREATE TRIGGER uploads_final BEFORE UPDATE ON uploads FOR EACH ROW WHEN (OLD.rows_read > 0)"
            " EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER uploads_no_delete BEFORE DELETE ON uploads FOR EACH ROW"
            " EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER ledger_heads_forward BEFORE UPDATE ON ledger_heads FOR EACH ROW"
            " WHEN (NEW.entries < OLD.entries OR (NEW.entries = OLD.entries AND NEW.hash <> OLD.hash)"
            " OR NEW.contract_id <> OLD.contract_id) EXECUTE FUNCTION renofee_forward_only()",
            "CREATE TRIGGER ledger_heads_no_delete BEFORE DELETE ON ledger_heads FOR EACH ROW"
            " EXECUTE FUNCTION renofee_forward_only()",
            "CREATE TRIGGER reading_corrections_append_only BEFORE UPDATE OR DELETE ON reading_corrections"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
        },
    },
    // Migration 6 (docs/api.md "Routes and roles"): the meter_data role, for whoever delivers meter data. Its
    // key is scoped to contracts (key_scopes, fixed when the key is made: append-only). SQLite cannot change a
    // CHECK, so api_keys is copied into a table with the new one; PostgreSQL replaces the constraint.
    Migration{
        6,
        "the meter_data role and key scopes",
        {
            "CREATE TABLE api_keys_v6 ("
            " id TEXT PRIMARY KEY CHECK (length(id) = 12),"
            " salt TEXT NOT NULL CHECK (length(salt) = 32),"
            " hash TEXT NOT NULL CHECK (length(hash) = 64),"
            " role TEXT NOT NULL CHECK (role IN ('financier','resident','auditor','operator','meter_data')),"
            " contract_id TEXT,"
            " label TEXT NOT NULL DEFAULT '',"
            " created_at INTEGER NOT NULL,"
            " revoked_at INTEGER,"
            " CHECK ((role = 'resident') = (contract_id IS NOT NULL))) WITHOUT ROWID",
            "INSERT INTO api_keys_v6 (id, salt, hash, role, contract_id, label, created_at, revoked_at)"
            " SELECT id, salt, hash, role, contract_id, label, created_at, revoked_at FROM api_keys",
            "DROP TABLE api_keys",
            "ALTER TABLE api_keys_v6 RENAME TO api_keys",
            "CREATE TABLE key_scopes ("
            " key_id TEXT NOT NULL REFERENCES api_keys (id),"
            " contract_id TEXT NOT NULL,"
            " PRIMARY KEY (key_id, contract_id)) WITHOUT ROWID",
            "CREATE TRIGGER key_scopes_append_only BEFORE UPDATE ON key_scopes"
            " BEGIN SELECT RAISE(ABORT, 'key scopes are append-only'); END",
            "CREATE TRIGGER key_scopes_no_delete BEFORE DELETE ON key_scopes"
            " BEGIN SELECT RAISE(ABORT, 'key scopes are append-only'); END",
            // A key row changes once: its revocation time is set.
            "CREATE TRIGGER api_keys_revoke_only BEFORE UPDATE ON api_keys WHEN OLD.revoked_at IS NOT NULL"
            " OR NEW.revoked_at IS NULL OR NEW.id <> OLD.id OR NEW.salt <> OLD.salt OR NEW.hash <> OLD.hash"
            " OR NEW.role <> OLD.role OR NEW.contract_id IS NOT OLD.contract_id OR NEW.label <> OLD.label"
            " OR NEW.created_at <> OLD.created_at"
            " BEGIN SELECT RAISE(ABORT, 'an API key only changes by its revocation'); END",
            "CREATE TRIGGER api_keys_no_delete BEFORE DELETE ON api_keys"
            " BEGIN SELECT RAISE(ABORT, 'API keys are revoked, never deleted'); END",
        },
        {
            "ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check",
            "ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check"
            " CHECK (role IN ('financier','resident','auditor','operator','meter_data'))",
            "CREATE TABLE key_scopes ("
            " key_id TEXT NOT NULL REFERENCES api_keys (id),"
            " contract_id TEXT NOT NULL,"
            " PRIMARY KEY (key_id, contract_id))",
            "CREATE TRIGGER key_scopes_append_only BEFORE UPDATE OR DELETE ON key_scopes"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER api_keys_revoke_only BEFORE UPDATE ON api_keys FOR EACH ROW"
            " WHEN (OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.id <> OLD.id"
            " OR NEW.salt <> OLD.salt OR NEW.hash <> OLD.hash OR NEW.role <> OLD.role"
            " OR NEW.contract_id IS DISTINCT FROM OLD.contract_id OR NEW.label <> OLD.label"
            " OR NEW.created_at <> OLD.created_at) EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER api_keys_no_delete BEFORE DELETE ON api_keys FOR EACH ROW"
            " EXECUTE FUNCTION renofee_append_only()",
        },
    },
    // Migration 7 (docs/reconciliation.md "Data that arrives after settlement"): an upload that stores or
    // corrects readings inside a settled year is marked against that year's report version, in the upload's
    // transaction. Append-only: a mark stays, and a later report version settles it.
    Migration{
        7,
        "uploads that changed settled years",
        {
            "CREATE TABLE late_uploads ("
            " contract_id TEXT NOT NULL,"
            " year INTEGER NOT NULL,"
            " report_version INTEGER NOT NULL CHECK (report_version >= 1),"
            " upload_id INTEGER NOT NULL REFERENCES uploads (id),"
            " readings INTEGER NOT NULL CHECK (readings >= 1),"
            " PRIMARY KEY (contract_id, year, report_version, upload_id)) WITHOUT ROWID",
            "CREATE TRIGGER late_uploads_append_only BEFORE UPDATE ON late_uploads"
            " BEGIN SELECT RAISE(ABORT, 'late upload marks are append-only'); END",
            "CREATE TRIGGER late_uploads_no_delete BEFORE DELETE ON late_uploads"
            " BEGIN SELECT RAISE(ABORT, 'late upload marks are append-only'); END",
        },
        {
            "CREATE TABLE late_uploads ("
            " contract_id TEXT NOT NULL,"
            " year INTEGER NOT NULL,"
            " report_version INTEGER NOT NULL CHECK (report_version >= 1),"
            " upload_id BIGINT NOT NULL REFERENCES uploads (id),"
            " readings BIGINT NOT NULL CHECK (readings >= 1),"
            " PRIMARY KEY (contract_id, year, report_version, upload_id))",
            "CREATE TRIGGER late_uploads_append_only BEFORE UPDATE OR DELETE ON late_uploads"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
        },
    },
    // Migration 8 (docs/collections.md "SEPA direct debit"): the creditor (a new row replaces the old for
    // later runs), one mandate per contract, each pain.008 file with its bytes, and one collection row per
    // contract month, so a fee is collected once. All append-only. The ledger and the event log get the kinds
    // of collections, payments, returns, refunds, collection costs and payoffs (issue 20), and of the rows
    // above.
    Migration{
        8,
        "SEPA collections: creditor, mandates, pain.008 files",
        {
            "CREATE TABLE creditors ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " iban TEXT NOT NULL,"
            " bic TEXT,"
            " creditor_id TEXT NOT NULL,"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL)",
            "CREATE TABLE mandates ("
            " mandate_id TEXT PRIMARY KEY,"
            " contract_id TEXT NOT NULL UNIQUE,"
            " signed_on TEXT NOT NULL,"
            " debtor_name TEXT NOT NULL,"
            " debtor_iban TEXT NOT NULL,"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL) WITHOUT ROWID",
            "CREATE TABLE collection_files ("
            " message_id TEXT PRIMARY KEY,"
            " collection_date TEXT NOT NULL,"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL,"
            " transactions INTEGER NOT NULL CHECK (transactions >= 1),"
            " control_sum_cents INTEGER NOT NULL CHECK (control_sum_cents >= 1),"
            " sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"
            " xml TEXT NOT NULL) WITHOUT ROWID",
            "CREATE INDEX collection_files_by_date ON collection_files (collection_date)",
            "CREATE TABLE collections ("
            " contract_id TEXT NOT NULL,"
            " month INTEGER NOT NULL CHECK (month >= 1),"
            " due_date TEXT NOT NULL,"
            " amount_cents INTEGER NOT NULL CHECK (amount_cents >= 1),"
            " end_to_end_id TEXT NOT NULL UNIQUE,"
            " mandate_id TEXT NOT NULL REFERENCES mandates (mandate_id),"
            " sequence_type TEXT NOT NULL CHECK (sequence_type IN ('FRST','RCUR')),"
            " message_id TEXT NOT NULL REFERENCES collection_files (message_id),"
            " PRIMARY KEY (contract_id, month)) WITHOUT ROWID",
            "CREATE TRIGGER creditors_append_only BEFORE UPDATE ON creditors"
            " BEGIN SELECT RAISE(ABORT, 'creditors are append-only'); END",
            "CREATE TRIGGER creditors_no_delete BEFORE DELETE ON creditors"
            " BEGIN SELECT RAISE(ABORT, 'creditors are append-only'); END",
            "CREATE TRIGGER mandates_append_only BEFORE UPDATE ON mandates"
            " BEGIN SELECT RAISE(ABORT, 'mandates are append-only'); END",
            "CREATE TRIGGER mandates_no_delete BEFORE DELETE ON mandates"
            " BEGIN SELECT RAISE(ABORT, 'mandates are append-only'); END",
            "CREATE TRIGGER collection_files_append_only BEFORE UPDATE ON collection_files"
            " BEGIN SELECT RAISE(ABORT, 'collection files are append-only'); END",
            "CREATE TRIGGER collection_files_no_delete BEFORE DELETE ON collection_files"
            " BEGIN SELECT RAISE(ABORT, 'collection files are append-only'); END",
            "CREATE TRIGGER collections_append_only BEFORE UPDATE ON collections"
            " BEGIN SELECT RAISE(ABORT, 'collections are append-only'); END",
            "CREATE TRIGGER collections_no_delete BEFORE DELETE ON collections"
            " BEGIN SELECT RAISE(ABORT, 'collections are append-only'); END",
            // SQLite cannot change a CHECK: the ledger and the event log are copied into tables with the new kinds,
            // row for row (ids, sequences and hashes unchanged), and their index and triggers made again.
            "CREATE TABLE ledger_entries_v8 ("
            " id INTEGER PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " sequence INTEGER NOT NULL CHECK (sequence >= 1),"
            " kind TEXT NOT NULL CHECK (kind IN "
            "('fee','compensation','excess_share','reversal','collection','payment','return','refund','"
            "collection_costs','payoff')),"
            " value_date TEXT NOT NULL,"
            " amount_cents INTEGER NOT NULL,"
            " posting_key TEXT NOT NULL,"
            " reference TEXT NOT NULL,"
            " posted_at INTEGER NOT NULL,"
            " prev_hash TEXT NOT NULL,"
            " hash TEXT NOT NULL,"
            " UNIQUE (contract_id, sequence),"
            " UNIQUE (contract_id, posting_key))",
            "INSERT INTO ledger_entries_v8 SELECT id, contract_id, sequence, kind, value_date, amount_cents,"
            " posting_key, reference, posted_at, prev_hash, hash FROM ledger_entries",
            "DROP TABLE ledger_entries",
            "ALTER TABLE ledger_entries_v8 RENAME TO ledger_entries",
            "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE ON ledger_entries"
            " BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END",
            "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries"
            " BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END",
            "CREATE TABLE audit_events_v8 ("
            " seq INTEGER PRIMARY KEY CHECK (seq >= 1),"
            " at INTEGER NOT NULL,"
            " actor TEXT NOT NULL,"
            " kind TEXT NOT NULL CHECK (kind IN ('upload','contract_version','report','ledger_entry'"
            ",'key_created','key_revoked','creditor','mandate','collection_file','bank_statement')),"
            " contract_id TEXT NOT NULL,"
            " subject TEXT NOT NULL,"
            " item_sha256 TEXT NOT NULL CHECK (length(item_sha256) = 64),"
            " prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),"
            " hash TEXT NOT NULL CHECK (length(hash) = 64))",
            "INSERT INTO audit_events_v8 SELECT seq, at, actor, kind, contract_id, subject, item_sha256,"
            " prev_hash, hash FROM audit_events",
            "DROP TABLE audit_events",
            "ALTER TABLE audit_events_v8 RENAME TO audit_events",
            "CREATE INDEX audit_events_by_contract ON audit_events (contract_id, seq)",
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events"
            " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
            "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events"
            " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
        },
        {
            "CREATE TABLE creditors ("
            " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " iban TEXT NOT NULL,"
            " bic TEXT,"
            " creditor_id TEXT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL)",
            "CREATE TABLE mandates ("
            " mandate_id TEXT PRIMARY KEY,"
            " contract_id TEXT NOT NULL UNIQUE,"
            " signed_on TEXT NOT NULL,"
            " debtor_name TEXT NOT NULL,"
            " debtor_iban TEXT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL)",
            "CREATE TABLE collection_files ("
            " message_id TEXT PRIMARY KEY,"
            " collection_date TEXT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL,"
            " transactions BIGINT NOT NULL CHECK (transactions >= 1),"
            " control_sum_cents BIGINT NOT NULL CHECK (control_sum_cents >= 1),"
            " sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"
            " xml TEXT NOT NULL)",
            "CREATE INDEX collection_files_by_date ON collection_files (collection_date)",
            "CREATE TABLE collections ("
            " contract_id TEXT NOT NULL,"
            " month BIGINT NOT NULL CHECK (month >= 1),"
            " due_date TEXT NOT NULL,"
            " amount_cents BIGINT NOT NULL CHECK (amount_cents >= 1),"
            " end_to_end_id TEXT NOT NULL UNIQUE,"
            " mandate_id TEXT NOT NULL REFERENCES mandates (mandate_id),"
            " sequence_type TEXT NOT NULL CHECK (sequence_type IN ('FRST','RCUR')),"
            " message_id TEXT NOT NULL REFERENCES collection_files (message_id),"
            " PRIMARY KEY (contract_id, month))",
            "CREATE TRIGGER creditors_append_only BEFORE UPDATE OR DELETE ON creditors"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER mandates_append_only BEFORE UPDATE OR DELETE ON mandates"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER collection_files_append_only BEFORE UPDATE OR DELETE ON collection_files"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER collections_append_only BEFORE UPDATE OR DELETE ON collections"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check",
            "ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN"
            " ('fee','compensation','excess_share','reversal','collection','payment','return','refund','"
            "collection_costs','payoff'))",
            "ALTER TABLE audit_events DROP CONSTRAINT audit_events_kind_check",
            "ALTER TABLE audit_events ADD CONSTRAINT audit_events_kind_check CHECK (kind IN"
            " ('upload','contract_version','report','ledger_entry'"
            ",'key_created','key_revoked','creditor','mandate','collection_file','bank_statement'))",
        },
    },
    // Migration 9 (docs/collections.md "Bank statements in"): each imported camt.053 statement (by its Id, with
    // the SHA-256 of the file it came in) and every booked transaction with what matching made of it: a payment,
    // return or refund of a contract, or unmatched with the reason, waiting for an operator. Append-only. And the
    // ledger kind `reminder` (docs/collections.md "Arrears from the ledger").
    Migration{
        9,
        "bank statements and their transactions; the ledger kind reminder",
        {
            "CREATE TABLE bank_statements ("
            " statement_id TEXT PRIMARY KEY,"
            " message_id TEXT NOT NULL,"
            " account_iban TEXT NOT NULL,"
            " file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),"
            " transactions INTEGER NOT NULL,"
            " imported_at INTEGER NOT NULL,"
            " imported_by TEXT NOT NULL) WITHOUT ROWID",
            "CREATE TABLE bank_transactions ("
            " statement_id TEXT NOT NULL REFERENCES bank_statements (statement_id),"
            " entry INTEGER NOT NULL CHECK (entry >= 1),"
            " detail INTEGER NOT NULL CHECK (detail >= 0),"
            " direction TEXT NOT NULL CHECK (direction IN ('CRDT','DBIT')),"
            " amount_cents INTEGER NOT NULL CHECK (amount_cents >= 1),"
            " booking_date TEXT NOT NULL,"
            " end_to_end_id TEXT NOT NULL,"
            " return_reason TEXT NOT NULL,"
            " remittance TEXT NOT NULL,"
            " kind TEXT NOT NULL CHECK (kind IN ('payment','return','refund','unmatched','duplicate')),"
            " contract_id TEXT,"
            " why TEXT NOT NULL,"
            " PRIMARY KEY (statement_id, entry, detail)) WITHOUT ROWID",
            "CREATE TRIGGER bank_statements_append_only BEFORE UPDATE ON bank_statements"
            " BEGIN SELECT RAISE(ABORT, 'bank statements are append-only'); END",
            "CREATE TRIGGER bank_statements_no_delete BEFORE DELETE ON bank_statements"
            " BEGIN SELECT RAISE(ABORT, 'bank statements are append-only'); END",
            "CREATE TRIGGER bank_transactions_append_only BEFORE UPDATE ON bank_transactions"
            " BEGIN SELECT RAISE(ABORT, 'bank transactions are append-only'); END",
            "CREATE TRIGGER bank_transactions_no_delete BEFORE DELETE ON bank_transactions"
            " BEGIN SELECT RAISE(ABORT, 'bank transactions are append-only'); END",
            // The ledger gains the kind `reminder` (the 14-day letter, app/arrears.hpp): copied as in migration 8.
            "CREATE TABLE ledger_entries_v9 ("
            " id INTEGER PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " sequence INTEGER NOT NULL CHECK (sequence >= 1),"
            " kind TEXT NOT NULL CHECK (kind IN "
            "('fee','compensation','excess_share','reversal','collection','payment','return','refund','"
            "collection_costs','payoff','reminder')),"
            " value_date TEXT NOT NULL,"
            " amount_cents INTEGER NOT NULL,"
            " posting_key TEXT NOT NULL,"
            " reference TEXT NOT NULL,"
            " posted_at INTEGER NOT NULL,"
            " prev_hash TEXT NOT NULL,"
            " hash TEXT NOT NULL,"
            " UNIQUE (contract_id, sequence),"
            " UNIQUE (contract_id, posting_key))",
            "INSERT INTO ledger_entries_v9 SELECT id, contract_id, sequence, kind, value_date, amount_cents,"
            " posting_key, reference, posted_at, prev_hash, hash FROM ledger_entries",
            "DROP TABLE ledger_entries",
            "ALTER TABLE ledger_entries_v9 RENAME TO ledger_entries",
            "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE ON ledger_entries"
            " BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END",
            "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries"
            " BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END",
        },
        {
            "CREATE TABLE bank_statements ("
            " statement_id TEXT PRIMARY KEY,"
            " message_id TEXT NOT NULL,"
            " account_iban TEXT NOT NULL,"
            " file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),"
            " transactions BIGINT NOT NULL,"
            " imported_at BIGINT NOT NULL,"
            " imported_by TEXT NOT NULL)",
            "CREATE TABLE bank_transactions ("
            " statement_id TEXT NOT NULL REFERENCES bank_statements (statement_id),"
            " entry BIGINT NOT NULL CHECK (entry >= 1),"
            " detail BIGINT NOT NULL CHECK (detail >= 0),"
            " direction TEXT NOT NULL CHECK (direction IN ('CRDT','DBIT')),"
            " amount_cents BIGINT NOT NULL CHECK (amount_cents >= 1),"
            " booking_date TEXT NOT NULL,"
            " end_to_end_id TEXT NOT NULL,"
            " return_reason TEXT NOT NULL,"
            " remittance TEXT NOT NULL,"
            " kind TEXT NOT NULL CHECK (kind IN ('payment','return','refund','unmatched','duplicate')),"
            " contract_id TEXT,"
            " why TEXT NOT NULL,"
            " PRIMARY KEY (statement_id, entry, detail))",
            "CREATE TRIGGER bank_statements_append_only BEFORE UPDATE OR DELETE ON bank_statements"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER bank_transactions_append_only BEFORE UPDATE OR DELETE ON bank_transactions"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check",
            "ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN"
            " ('fee','compensation','excess_share','reversal','collection','payment','return','refund','"
            "collection_costs','payoff','reminder'))",
        },
    },
    // Migration 10 (docs/occupants.md): the occupants of a contract. Each dated change (a new tenant, a sale
    // the buyer takes over, a sale that ends the contract) is a row, append-only. Ledger entries, resident keys
    // and mandates name the occupant they belong to (1 = whoever lived there from the start, so every existing
    // row keeps its meaning and every ledger hash stays valid: the hash covers the occupant only from 2 on).
    // The ledger gains the kind `handover` (the fee of the month of a change, shared to the day) and the event
    // log the kind `occupant_change`. A contract may have one mandate per occupant. And each replacement of a
    // worn-out measure (docs/offers.md "Replacement reserve"), append-only, in the event log as `replacement`.
    Migration{
        10,
        "occupants: dated changes; ledger entries, resident keys and mandates per occupant; replacements",
        {
            "CREATE TABLE occupant_changes ("
            " contract_id TEXT NOT NULL,"
            " number INTEGER NOT NULL CHECK (number >= 1),"
            " on_date TEXT NOT NULL,"
            " event TEXT NOT NULL CHECK (event IN ('tenant_change','sale','sale_payoff')),"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (contract_id, number)) WITHOUT ROWID",
            "CREATE TRIGGER occupant_changes_append_only BEFORE UPDATE ON occupant_changes"
            " BEGIN SELECT RAISE(ABORT, 'occupant changes are append-only'); END",
            "CREATE TRIGGER occupant_changes_no_delete BEFORE DELETE ON occupant_changes"
            " BEGIN SELECT RAISE(ABORT, 'occupant changes are append-only'); END",
            "CREATE TABLE replacements ("
            " contract_id TEXT NOT NULL,"
            " number INTEGER NOT NULL CHECK (number >= 1),"
            " on_date TEXT NOT NULL,"
            " measure TEXT NOT NULL,"
            " cost_cents INTEGER NOT NULL CHECK (cost_cents >= 1),"
            " note TEXT NOT NULL,"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (contract_id, number)) WITHOUT ROWID",
            "CREATE TRIGGER replacements_append_only BEFORE UPDATE ON replacements"
            " BEGIN SELECT RAISE(ABORT, 'replacements are append-only'); END",
            "CREATE TRIGGER replacements_no_delete BEFORE DELETE ON replacements"
            " BEGIN SELECT RAISE(ABORT, 'replacements are append-only'); END",
            "CREATE TABLE ledger_entries_v10 ("
            " id INTEGER PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " sequence INTEGER NOT NULL CHECK (sequence >= 1),"
            " kind TEXT NOT NULL CHECK (kind IN "
            "('fee','compensation','excess_share','reversal','collection','payment','return','refund','"
            "collection_costs','payoff','reminder','handover')),"
            " value_date TEXT NOT NULL,"
            " amount_cents INTEGER NOT NULL,"
            " posting_key TEXT NOT NULL,"
            " reference TEXT NOT NULL,"
            " posted_at INTEGER NOT NULL,"
            " prev_hash TEXT NOT NULL,"
            " hash TEXT NOT NULL,"
            " occupant INTEGER NOT NULL DEFAULT 1 CHECK (occupant >= 1),"
            " UNIQUE (contract_id, sequence),"
            " UNIQUE (contract_id, posting_key))",
            "INSERT INTO ledger_entries_v10 (id, contract_id, sequence, kind, value_date, amount_cents,"
            " posting_key, reference, posted_at, prev_hash, hash) SELECT id, contract_id, sequence, kind,"
            " value_date, amount_cents, posting_key, reference, posted_at, prev_hash, hash FROM "
            "ledger_entries",
            "DROP TABLE ledger_entries",
            "ALTER TABLE ledger_entries_v10 RENAME TO ledger_entries",
            "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE ON ledger_entries"
            " BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END",
            "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries"
            " BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END",
            "CREATE TABLE audit_events_v10 ("
            " seq INTEGER PRIMARY KEY CHECK (seq >= 1),"
            " at INTEGER NOT NULL,"
            " actor TEXT NOT NULL,"
            " kind TEXT NOT NULL CHECK (kind IN ('upload','contract_version','report','ledger_entry'"
            ",'key_created','key_revoked','creditor','mandate','collection_file','bank_statement'"
            ",'occupant_change','replacement')),"
            " contract_id TEXT NOT NULL,"
            " subject TEXT NOT NULL,"
            " item_sha256 TEXT NOT NULL CHECK (length(item_sha256) = 64),"
            " prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),"
            " hash TEXT NOT NULL CHECK (length(hash) = 64))",
            "INSERT INTO audit_events_v10 SELECT seq, at, actor, kind, contract_id, subject, item_sha256,"
            " prev_hash, hash FROM audit_events",
            "DROP TABLE audit_events",
            "ALTER TABLE audit_events_v10 RENAME TO audit_events",
            "CREATE INDEX audit_events_by_contract ON audit_events (contract_id, seq)",
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events"
            " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
            "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events"
            " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
            "ALTER TABLE api_keys ADD COLUMN occupant INTEGER CHECK (occupant >= 1)",
            "DROP TRIGGER api_keys_revoke_only",
            "CREATE TRIGGER api_keys_revoke_only BEFORE UPDATE ON api_keys WHEN OLD.revoked_at IS NOT NULL"
            " OR NEW.revoked_at IS NULL OR NEW.id <> OLD.id OR NEW.salt <> OLD.salt OR NEW.hash <> OLD.hash"
            " OR NEW.role <> OLD.role OR NEW.contract_id IS NOT OLD.contract_id OR NEW.label <> OLD.label"
            " OR NEW.created_at <> OLD.created_at OR NEW.occupant IS NOT OLD.occupant"
            " BEGIN SELECT RAISE(ABORT, 'an API key only changes by its revocation'); END",
            // mandates loses UNIQUE (contract_id): copied aside and made again under its own name, so that the
            // collections referring to it still do; the foreign keys are checked at commit.
            "PRAGMA defer_foreign_keys = ON",
            "CREATE TABLE mandates_copy AS SELECT mandate_id, contract_id, signed_on, debtor_name, "
            "debtor_iban,"
            " created_at, created_by FROM mandates",
            "DROP TABLE mandates",
            "CREATE TABLE mandates ("
            " mandate_id TEXT PRIMARY KEY,"
            " contract_id TEXT NOT NULL,"
            " signed_on TEXT NOT NULL,"
            " debtor_name TEXT NOT NULL,"
            " debtor_iban TEXT NOT NULL,"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL,"
            " occupant INTEGER NOT NULL DEFAULT 1 CHECK (occupant >= 1),"
            " UNIQUE (contract_id, occupant)) WITHOUT ROWID",
            "INSERT INTO mandates (mandate_id, contract_id, signed_on, debtor_name, debtor_iban, created_at,"
            " created_by) SELECT mandate_id, contract_id, signed_on, debtor_name, debtor_iban, created_at,"
            " created_by FROM mandates_copy",
            "DROP TABLE mandates_copy",
            "CREATE TRIGGER mandates_append_only BEFORE UPDATE ON mandates"
            " BEGIN SELECT RAISE(ABORT, 'mandates are append-only'); END",
            "CREATE TRIGGER mandates_no_delete BEFORE DELETE ON mandates"
            " BEGIN SELECT RAISE(ABORT, 'mandates are append-only'); END",
        },
        {
            "CREATE TABLE occupant_changes ("
            " contract_id TEXT NOT NULL,"
            " number BIGINT NOT NULL CHECK (number >= 1),"
            " on_date TEXT NOT NULL,"
            " event TEXT NOT NULL CHECK (event IN ('tenant_change','sale','sale_payoff')),"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (contract_id, number))",
            "CREATE TRIGGER occupant_changes_append_only BEFORE UPDATE OR DELETE ON occupant_changes"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TABLE replacements ("
            " contract_id TEXT NOT NULL,"
            " number BIGINT NOT NULL CHECK (number >= 1),"
            " on_date TEXT NOT NULL,"
            " measure TEXT NOT NULL,"
            " cost_cents BIGINT NOT NULL CHECK (cost_cents >= 1),"
            " note TEXT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (contract_id, number))",
            "CREATE TRIGGER replacements_append_only BEFORE UPDATE OR DELETE ON replacements"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "ALTER TABLE ledger_entries ADD COLUMN occupant BIGINT NOT NULL DEFAULT 1 CHECK (occupant >= 1)",
            "ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check",
            "ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN"
            " ('fee','compensation','excess_share','reversal','collection','payment','return','refund','"
            "collection_costs','payoff','reminder','handover'))",
            "ALTER TABLE audit_events DROP CONSTRAINT audit_events_kind_check",
            "ALTER TABLE audit_events ADD CONSTRAINT audit_events_kind_check CHECK (kind IN"
            " ('upload','contract_version','report','ledger_entry'"
            ",'key_created','key_revoked','creditor','mandate','collection_file','bank_statement'"
            ",'occupant_change','replacement'))",
            "ALTER TABLE api_keys ADD COLUMN occupant BIGINT CHECK (occupant >= 1)",
            "DROP TRIGGER api_keys_revoke_only ON api_keys",
            "CREATE TRIGGER api_keys_revoke_only BEFORE UPDATE ON api_keys FOR EACH ROW"
            " WHEN (OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.id <> OLD.id"
            " OR NEW.salt <> OLD.salt OR NEW.hash <> OLD.hash OR NEW.role <> OLD.role"
            " OR NEW.contract_id IS DISTINCT FROM OLD.contract_id OR NEW.label <> OLD.label"
            " OR NEW.created_at <> OLD.created_at OR NEW.occupant IS DISTINCT FROM OLD.occupant)"
            " EXECUTE FUNCTION renofee_append_only()",
            "ALTER TABLE mandates ADD COLUMN occupant BIGINT NOT NULL DEFAULT 1 CHECK (occupant >= 1)",
            "ALTER TABLE mandates DROP CONSTRAINT mandates_contract_id_key",
            "ALTER TABLE mandates ADD CONSTRAINT mandates_contract_occupant_key UNIQUE (contract_id, "
            "occupant)",
        },
    },
    // Migration 11 (docs/campaigns.md "Campaigns in the service"): the energy_desk role (a municipal energy
    // desk), its campaigns and their homes, each home with its derived offer, the trace of its figures and the
    // SHA-256 of its share link's token (a link made again for a lost letter is a new version in campaign_links;
    // the newest is the one that opens the page). The tables are append-only: a home's offer never changes once stored
    // (a new template version makes a new campaign). SQLite cannot change a CHECK, so api_keys is copied into a
    // table with the new one (its foreign key from key_scopes checked at commit); PostgreSQL replaces the
    // constraint.
    Migration{
        11,
        "the energy_desk role, campaigns and their homes",
        {
            // key_scopes refers to api_keys: it is set aside and made again, so that dropping the old key
            // table leaves no child row behind (SQLite counts such a violation even when the new table
            // takes the old one's name).
            "CREATE TABLE key_scopes_copy AS SELECT key_id, contract_id FROM key_scopes",
            "DROP TABLE key_scopes",
            "CREATE TABLE api_keys_v11 ("
            " id TEXT PRIMARY KEY CHECK (length(id) = 12),"
            " salt TEXT NOT NULL CHECK (length(salt) = 32),"
            " hash TEXT NOT NULL CHECK (length(hash) = 64),"
            " role TEXT NOT NULL CHECK (role IN"
            " ('financier','resident','auditor','operator','meter_data','energy_desk')),"
            " contract_id TEXT,"
            " label TEXT NOT NULL DEFAULT '',"
            " created_at INTEGER NOT NULL,"
            " revoked_at INTEGER,"
            " occupant INTEGER CHECK (occupant >= 1),"
            " CHECK ((role = 'resident') = (contract_id IS NOT NULL))) WITHOUT ROWID",
            "INSERT INTO api_keys_v11 (id, salt, hash, role, contract_id, label, created_at, revoked_at, "
            "occupant)"
            " SELECT id, salt, hash, role, contract_id, label, created_at, revoked_at, occupant FROM "
            "api_keys",
            "DROP TABLE api_keys",
            "ALTER TABLE api_keys_v11 RENAME TO api_keys",
            "CREATE TRIGGER api_keys_revoke_only BEFORE UPDATE ON api_keys WHEN OLD.revoked_at IS NOT NULL"
            " OR NEW.revoked_at IS NULL OR NEW.id <> OLD.id OR NEW.salt <> OLD.salt OR NEW.hash <> OLD.hash"
            " OR NEW.role <> OLD.role OR NEW.contract_id IS NOT OLD.contract_id OR NEW.label <> OLD.label"
            " OR NEW.created_at <> OLD.created_at OR NEW.occupant IS NOT OLD.occupant"
            " BEGIN SELECT RAISE(ABORT, 'an API key only changes by its revocation'); END",
            "CREATE TRIGGER api_keys_no_delete BEFORE DELETE ON api_keys"
            " BEGIN SELECT RAISE(ABORT, 'API keys are revoked, never deleted'); END",
            "CREATE TABLE key_scopes ("
            " key_id TEXT NOT NULL REFERENCES api_keys (id),"
            " contract_id TEXT NOT NULL,"
            " PRIMARY KEY (key_id, contract_id)) WITHOUT ROWID",
            "INSERT INTO key_scopes (key_id, contract_id) SELECT key_id, contract_id FROM key_scopes_copy",
            "DROP TABLE key_scopes_copy",
            "CREATE TRIGGER key_scopes_append_only BEFORE UPDATE ON key_scopes"
            " BEGIN SELECT RAISE(ABORT, 'key scopes are append-only'); END",
            "CREATE TRIGGER key_scopes_no_delete BEFORE DELETE ON key_scopes"
            " BEGIN SELECT RAISE(ABORT, 'key scopes are append-only'); END",
            "CREATE TABLE campaigns ("
            " id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),"
            " name TEXT NOT NULL,"
            " start_date TEXT NOT NULL,"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL) WITHOUT ROWID",
            "CREATE TABLE campaign_homes ("
            " campaign_id TEXT NOT NULL REFERENCES campaigns (id),"
            " number INTEGER NOT NULL CHECK (number >= 1),"
            " address_key TEXT NOT NULL,"
            " postcode TEXT NOT NULL,"
            " house_number TEXT NOT NULL,"
            " bag_id TEXT,"
            " house_type TEXT NOT NULL,"
            " template_ref TEXT NOT NULL,"
            " use_source TEXT NOT NULL CHECK (use_source IN ('meter','declared')),"
            " income_band TEXT,"
            " offer_json TEXT NOT NULL,"
            " trace_json TEXT NOT NULL,"
            " share_hash TEXT NOT NULL CHECK (length(share_hash) = 64),"
            " steps_json TEXT,"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (campaign_id, number),"
            " UNIQUE (campaign_id, address_key)) WITHOUT ROWID",
            "CREATE TABLE campaign_links ("
            " campaign_id TEXT NOT NULL,"
            " number INTEGER NOT NULL,"
            " version INTEGER NOT NULL CHECK (version >= 2),"
            " share_hash TEXT NOT NULL CHECK (length(share_hash) = 64),"
            " created_at INTEGER NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (campaign_id, number, version),"
            " FOREIGN KEY (campaign_id, number) REFERENCES campaign_homes (campaign_id, number)) WITHOUT "
            "ROWID",
            "CREATE TRIGGER campaign_links_append_only BEFORE UPDATE ON campaign_links"
            " BEGIN SELECT RAISE(ABORT, 'share links are append-only'); END",
            "CREATE TRIGGER campaign_links_no_delete BEFORE DELETE ON campaign_links"
            " BEGIN SELECT RAISE(ABORT, 'share links are append-only'); END",
            "CREATE TRIGGER campaigns_append_only BEFORE UPDATE ON campaigns"
            " BEGIN SELECT RAISE(ABORT, 'campaigns are append-only'); END",
            "CREATE TRIGGER campaigns_no_delete BEFORE DELETE ON campaigns"
            " BEGIN SELECT RAISE(ABORT, 'campaigns are append-only'); END",
            "CREATE TRIGGER campaign_homes_append_only BEFORE UPDATE ON campaign_homes"
            " BEGIN SELECT RAISE(ABORT, 'campaign homes are append-only'); END",
            "CREATE TRIGGER campaign_homes_no_delete BEFORE DELETE ON campaign_homes"
            " BEGIN SELECT RAISE(ABORT, 'campaign homes are append-only'); END",
        },
        {
            "ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check",
            "ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check"
            " CHECK (role IN ('financier','resident','auditor','operator','meter_data','energy_desk'))",
            "CREATE TABLE campaigns ("
            " id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),"
            " name TEXT NOT NULL,"
            " start_date TEXT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL)",
            "CREATE TABLE campaign_homes ("
            " campaign_id TEXT NOT NULL REFERENCES campaigns (id),"
            " number BIGINT NOT NULL CHECK (number >= 1),"
            " address_key TEXT NOT NULL,"
            " postcode TEXT NOT NULL,"
            " house_number TEXT NOT NULL,"
            " bag_id TEXT,"
            " house_type TEXT NOT NULL,"
            " template_ref TEXT NOT NULL,"
            " use_source TEXT NOT NULL CHECK (use_source IN ('meter','declared')),"
            " income_band TEXT,"
            " offer_json TEXT NOT NULL,"
            " trace_json TEXT NOT NULL,"
            " share_hash TEXT NOT NULL CHECK (length(share_hash) = 64),"
            " steps_json TEXT,"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (campaign_id, number),"
            " UNIQUE (campaign_id, address_key))",
            "CREATE TABLE campaign_links ("
            " campaign_id TEXT NOT NULL,"
            " number BIGINT NOT NULL,"
            " version BIGINT NOT NULL CHECK (version >= 2),"
            " share_hash TEXT NOT NULL CHECK (length(share_hash) = 64),"
            " created_at BIGINT NOT NULL,"
            " created_by TEXT NOT NULL,"
            " PRIMARY KEY (campaign_id, number, version),"
            " FOREIGN KEY (campaign_id, number) REFERENCES campaign_homes (campaign_id, number))",
            "CREATE TRIGGER campaign_links_append_only BEFORE UPDATE OR DELETE ON campaign_links"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER campaigns_append_only BEFORE UPDATE OR DELETE ON campaigns"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
            "CREATE TRIGGER campaign_homes_append_only BEFORE UPDATE OR DELETE ON campaign_homes"
            " FOR EACH ROW EXECUTE FUNCTION renofee_append_only()",
        },
    },
};

#undef RENOFEE_CHANNEL_CHECK

// An arbitrary constant naming renofee's migration lock among PostgreSQL advisory locks.
constexpr long long advisory_lock_key = 0x72656e6f666565;  // "renofee"

Result<void> create_version_table(Database& db) {
  return db.execute(db.dialect() == Dialect::sqlite
                        ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                          " name TEXT NOT NULL, applied_at INTEGER NOT NULL)"
                        : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                          " name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
}

Result<int> read_version(Database& db) {
  return guard("reading the schema version", [&]() -> Result<int> {
    int version = 0;
    soci::indicator ind = soci::i_null;
    db.session() << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
  });
}

// Applies one migration inside an open transaction, unless another process applied it meanwhile.
Result<bool> apply(Database& db, const Migration& migration, calendar::Instant now) {
  if (db.dialect() == Dialect::postgresql) {
    RENOFEE_CHECK(db.execute("SELECT pg_advisory_xact_lock(" + std::to_string(advisory_lock_key) + ")"));
  }
  RENOFEE_TRY(int current, read_version(db));
  if (current >= migration.version) return false;
  for (std::string_view statement :
       db.dialect() == Dialect::sqlite ? migration.sqlite : migration.postgresql) {
    Result<void> done = db.execute(statement);
    if (!done) {
      Error error = done.error();
      error.message = "migration " + std::to_string(migration.version) + " (" + std::string(migration.name) +
                      "): " + error.message;
      return error;
    }
  }
  return guard("recording migration " + std::to_string(migration.version), [&]() -> Result<bool> {
    const long long applied_at = now.time_since_epoch().count();
    const std::string name(migration.name);
    db.session() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
        soci::use(migration.version), soci::use(name), soci::use(applied_at);
    return true;
  });
}

}  // namespace

const std::vector<Migration>& migrations() {
  return all_migrations;
}

Result<int> schema_version(Database& db) {
  RENOFEE_CHECK(create_version_table(db));
  return read_version(db);
}

Result<MigrationReport> migrate(Database& db, calendar::Instant now) {
  RENOFEE_CHECK(create_version_table(db));
  RENOFEE_TRY(int current, read_version(db));
  const int newest = all_migrations.empty() ? 0 : all_migrations.back().version;
  if (current > newest) {
    return failed_precondition("database " + db.description() + " has schema version " +
                               std::to_string(current) + ", newer than this renofee (" +
                               std::to_string(newest) + ")");
  }
  MigrationReport report;
  for (const Migration& migration : all_migrations) {
    if (migration.version <= current) continue;
    RENOFEE_CHECK(db.begin());
    Result<bool> applied = apply(db, migration, now);
    if (!applied) {
      db.rollback();
      return applied.error();
    }
    RENOFEE_CHECK(db.commit());
    if (*applied) report.applied.push_back(migration.version);
  }
  RENOFEE_TRY(report.version, read_version(db));
  return report;
}

}  // namespace renofee::db
