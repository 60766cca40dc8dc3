// renofee/adapters/db/event_log.hpp
//
// Purpose: provenance and the database-wide chain (trust issue, items 2 and 3; docs/storage.md "The event
// log"). Every write that matters appends one event, in the writer's own transaction: an upload, a contract
// version, a reconciliation report (first or correction), a ledger entry, an API key created or revoked.
// An event records who did it (`actor`: "key:<id>" for an API key, "cli" for the command line at the
// machine), when (the row's own time) and a SHA-256 of the row it records (`item_sha256`, item_* below), and
// is hash-chained to the event before it across the whole database:
//   hash = SHA-256 of the text "renofee-event-v1\n" seq "\n" at "\n" actor "\n" kind "\n" contract_id "\n"
//          subject "\n" item_sha256 "\n" prev_hash
// (at in UTC epoch seconds, decimal; prev_hash of event 1 is 64 zeros). `audit_head` holds the last seq and
// hash; a trigger lets it only move one step forward. So deleting a whole ledger chain with its head, or
// editing a stored row, leaves an event that names the row and no longer matches (integrity.hpp checks it).
// Cutting the log's own tail together with its head is only visible against a copy of the head hash kept
// elsewhere: `renofee verify` prints it for that.
//
// Concurrency: append_event updates `audit_head` first (a row lock on PostgreSQL; SQLite has one writer), so
// events get consecutive numbers in commit order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/adapters/db/database.hpp"
#include "renofee/app/api_keys.hpp"
#include "renofee/app/collections.hpp"
#include "renofee/app/contracts.hpp"
#include "renofee/app/ledger.hpp"
#include "renofee/app/provenance.hpp"
#include "renofee/app/reading_store.hpp"
#include "renofee/app/replacements.hpp"
#include "renofee/app/report_store.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::db {

using AuditEvent = app::AuditEvent;

// app::EventLog on this database.
class SqlEventLog final : public app::EventLog {
 public:
  explicit SqlEventLog(Database& db) : db_(db) {}
  Result<std::vector<AuditEvent>> contract_events(std::string_view contract_id) override;

 private:
  Database& db_;
};

// The event's own hash (formula above).
std::string event_hash(const AuditEvent& event);

// Appends an event (seq, prev_hash and hash are filled in) inside the caller's open transaction.
Result<AuditEvent> append_event(Database& db, AuditEvent event);

// Events in seq order: all, or those of one contract.
Result<std::vector<AuditEvent>> read_events(Database& db, std::optional<std::string_view> contract_id = {});

// The row digests the events carry: SHA-256 (hex) of one line of the row's fields, "|"-separated, in the
// order written here.
std::string item_of_upload(const app::UploadRecord& upload, std::string_view actor);  // id contract sha
// received_at correction rows_read rows_stored duplicates rows_corrected actor
std::string item_of_version(const app::ContractVersion& version);  // contract version sha256 effective
// reason created_at created_by
std::string item_of_report(const app::StoredReport& report);  // contract year version replaces sha256
// contract_version compensation_cents excess_charge_cents created_at created_by
std::string item_of_key(const app::ApiKey& key);  // id role contract scope(",") created_at revoked_at
// Collections (migration 8). A creditor row: id name iban bic("-") creditor_id created_at created_by.
std::string item_of_creditor(long long id, const collections::Creditor& creditor, calendar::Instant at,
                             std::string_view actor);
// mandate_id contract signed_on debtor_name debtor_iban created_at created_by
std::string item_of_mandate(const collections::Mandate& mandate, calendar::Instant at,
                            std::string_view actor);
// message_id collection_date created_at created_by transactions control_sum sha256 (the file's bytes are
// covered by their SHA-256, which the check recomputes), then per collection row by contract and month
// ";contract month due_date amount end_to_end_id mandate_id sequence_type"
// statement_id message_id account_iban file_sha256 imported_at imported_by, then per transaction in order
// ";entry detail direction amount booking_date end_to_end_id return_reason remittance kind contract why"
std::string item_of_bank_statement(const app::ImportedStatement& statement);
// contract number on_date measure cost created_at created_by note (a replacement, migration 10)
std::string item_of_replacement(std::string_view contract_id, long long number, const app::Replacement& r,
                                calendar::Instant at, std::string_view actor);
// contract number on_date event created_at created_by (an occupant change, migration 10)
std::string item_of_occupant_change(std::string_view contract_id, long long number, std::string_view on_date,
                                    std::string_view event, calendar::Instant at, std::string_view actor);
std::string item_of_collection_file(const app::CollectionFile& file,
                                    std::span<const app::CollectionRecord> rows);

}  // namespace renofee::db
