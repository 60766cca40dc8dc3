// renofee/app/audit_bundle.hpp
//
// Purpose: the audit bundle of one settled contract-year (trust issue, item 3; docs/reconciliation.md "The
// audit bundle"): everything a third party needs to check a report without renofee, with a short python3
// script (scripts/verify_bundle.py, standard library only). Its files:
//   report.json                 the stored report, byte for byte (its SHA-256 is the one the ledger names)
//   contract_version.json       the offer text of the contract version the report settled (report's
//                               contract.sha256)
//   readings/<channel>.txt      per metered channel, the readings the report used, one line per reading
//                               "meter|channel|Unix seconds|value" in digest order: exactly the text whose
//                               SHA-256 is the report's readings_sha256
//   weather/<station>.txt       per station, the days of the period, "station|YYYYMMDD|TG|Q" (days_sha256)
//   weather/<fill>-fill-for-<station>.txt   the fill station's days (fill_days_sha256), when there is one
//   ledger.txt                  the contract's ledger from entry 1 through the last entry that posted this
//                               report: per line the entry's digest text (app::entry_digest_text) and "|"
//                               and its hash, so the chain can be recomputed from 64 zeros
//   manifest.json               schema, contract, year, report version and SHA-256, and the SHA-256 of
//                               every other file (canonical JSON)
// Nothing is written here: the command writes the files (main/commands/bundle.cpp).
#pragma once

#include <string>
#include <vector>

#include "renofee/app/reconcile.hpp"

namespace renofee::app {

struct BundleFile {
  std::string path;  // relative, '/'-separated
  std::string bytes;
};

// The bundle of `stored` (whose value `report` is, read back from its bytes), through the ports.
Result<std::vector<BundleFile>> audit_bundle(ReconcileDeps& deps, const StoredReport& stored,
                                             const ReconciliationReport& report);

}  // namespace renofee::app
