// renofee/app/provenance.hpp
//
// Purpose: provenance (trust issue, item 2): who did what to a contract, and when. Every upload, contract
// version, reconciliation report (first or correction), ledger entry and API key event is recorded as one
// event of a database-wide, hash-chained log, written in the same transaction as the row it records
// (adapters/db/event_log.hpp gives the hash formula). This header is the port the API reads it through.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::app {

struct AuditEvent {
  std::int64_t seq = 0;
  calendar::Instant at;  // the row's own time (received, created, posted, revoked), UTC
  std::string actor;     // "key:<12 hex>" for an API key, "cli" for the command line, "-" for a ledger entry
  std::string kind;      // upload, contract_version, report, ledger_entry, key_created, key_revoked
  std::string contract_id;  // empty for keys without a contract
  std::string
      subject;  // "upload 17", "version 2", "year 1 version 2", "entry 5", "key 0a1b2c3d4e5f (auditor)"
  std::string item_sha256;  // SHA-256 of the row it records
  std::string prev_hash;
  std::string hash;
  friend bool operator==(const AuditEvent&, const AuditEvent&) = default;
};

class EventLog {
 public:
  virtual ~EventLog() = default;
  // The events of one contract, in the order they happened (seq).
  virtual Result<std::vector<AuditEvent>> contract_events(std::string_view contract_id) = 0;
};

}  // namespace renofee::app
