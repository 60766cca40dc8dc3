// renofee/adapters/db/integrity.hpp
//
// Purpose: `renofee verify` (trust issue, item 3): whether everything settled is still what renofee wrote.
// Checks, each problem named with the row it concerns:
//   - the event log (event_log.hpp): consecutive seq from 1, each prev_hash the hash before it, each hash
//     recomputed, and audit_head at the last event;
//   - every report: its bytes against its SHA-256; its row against the event that recorded it; its credit and
//     charge against the ledger entries that posted them (posting key "compensation:Y:vV", the reference
//     naming the report's SHA-256, the amount);
//   - every contract version: its offer text against its SHA-256, its row against its event;
//   - every upload log row against its event;
//   - every ledger chain (app::verify_ledger) and every ledger entry against its event, so a chain deleted
//     together with its head is still noticed; each head at its chain's end;
//   - every event names a row that still exists, and every row has its event (a row stored behind renofee's
//     back has none).
// Rows stored before migration 5 have no event: they are reported as such (`renofee verify` on a database
// that predates the event log reports each of them once).
#pragma once

#include <string>
#include <vector>

#include "renofee/adapters/db/database.hpp"

namespace renofee::db {

struct IntegrityReport {
  std::vector<std::string> problems;  // empty: intact
  std::int64_t events = 0;
  std::string head_hash;  // the event log's last hash: keep a copy elsewhere to notice a cut tail
  std::int64_t reports = 0, versions = 0, uploads = 0, ledger_entries = 0;
};

Result<IntegrityReport> verify_integrity(Database& db);

}  // namespace renofee::db
