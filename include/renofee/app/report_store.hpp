// renofee/app/report_store.hpp
//
// Purpose: the storage port for reconciliation reports (docs/domain.md §8.8). A stored report is
// never changed: a correction is a new version of the same contract-year that names the version it replaces
// and why. A report and the ledger postings it causes are stored in one transaction, so a crash never leaves
// a report without its postings or postings without their report.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/app/ledger.hpp"
#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::app {

struct StoredReport {
  std::string contract_id;
  int year = 0;                 // as the reconciliation names it: contract-year number, or calendar year
  int version = 0;              // 1, 2, ...
  std::optional<int> replaces;  // the version this one corrects
  std::string reason;           // why (corrections), empty for version 1
  std::string report_json;      // canonical JSON (app/canonical_json.hpp)
  std::string sha256;           // of report_json
  int contract_version = 0;     // the contract version it settled
  Money compensation;           // credited to the resident (>= 0)
  Money excess_charge;          // charged to the resident (>= 0)
  calendar::Instant created_at;
  std::string created_by;
  friend bool operator==(const StoredReport&, const StoredReport&) = default;
};

class ReportStore {
 public:
  virtual ~ReportStore() = default;
  // Every version of a contract-year, ascending (empty when none).
  virtual Result<std::vector<StoredReport>> report_versions(std::string_view contract_id, int year) = 0;
  // Every report of a contract, by year then version.
  virtual Result<std::vector<StoredReport>> contract_reports(std::string_view contract_id) = 0;
  // Stores `report` and appends `postings` to its contract's ledger, atomically. already_exists when that
  // (contract, year, version) exists (another process stored it meanwhile): nothing is written.
  virtual Result<AppendOutcome> store_report(const StoredReport& report,
                                             std::span<const NewEntry> postings) = 0;
};

}  // namespace renofee::app
