// renofee/adapters/io/reconciliation_output.hpp
//
// Purpose: the JSON and CSV shapes of contracts, reconciliation reports, statements and ledger entries,
// shared by the commands (contract, report, statement, ledger) and the HTTP routes (contract_routes.hpp), so
// the CLI and the API print the same fields. Amounts are strings with two decimals; dates ISO; the stored
// report itself is printed byte for byte (its SHA-256 covers those bytes), never re-serialised.
#pragma once

#include <Poco/JSON/Object.h>

#include <ostream>
#include <span>
#include <string_view>

#include "renofee/app/contracts.hpp"
#include "renofee/app/ledger.hpp"
#include "renofee/app/reconcile.hpp"
#include "renofee/app/report_store.hpp"

namespace renofee::io {

// {"id", "versions": [{"version", "effective_date", "reason", "created_at", "created_by", "sha256"}]}
Poco::JSON::Object::Ptr contract_versions_json(std::string_view contract_id,
                                               std::span<const app::ContractVersion> versions);
// {"contract_id", "year", "version", "replaces", "reason", "sha256", "contract_version", "compensation_eur",
//  "excess_charge_eur", "created_at"}
Poco::JSON::Object::Ptr report_summary_json(const app::StoredReport& report);
// {"sequence", "kind", "value_date", "amount_eur", "reference", "occupant", "hash"}
Poco::JSON::Object::Ptr ledger_entry_json(const app::LedgerEntry& entry);
// The figures of a statement, "opening_balance_eur" .. "closing_balance_eur" (statement_json's order), shared by
// the yearly statement and an outgoing occupant's final statement (occupant_output.hpp).
void set_statement_figures(Poco::JSON::Object& object, const app::Statement& statement);
// The statement with its entries, the reconciliation versions of the year and the ledger head.
Poco::JSON::Object::Ptr statement_json(int year, const app::StatementOutcome& outcome);
// One row per figure of every guarantee, then each guarantee's results and the settlement; header
// contract_id,year,version,report_sha256,guarantee,kind,name,value,unit,estimated,formula. Rendered from the
// report value; the stored row gives the contract, year, version and SHA-256 of each line.
void write_report_csv(const app::StoredReport& stored, const app::ReconciliationReport& report,
                      std::ostream& out);
// The same from the stored bytes (read back with report_json.hpp's report_from_json); a stored report that
// cannot be read back throws std::runtime_error (a broken invariant).
void write_report_csv(const app::StoredReport& stored, std::ostream& out);

std::string cents_text(const Money& amount);         // "12.50", "-0.10"
std::string iso_instant(calendar::Instant instant);  // "2026-11-23T03:04:05Z"

}  // namespace renofee::io
