// renofee/adapters/db/sql_contract_book.hpp
//
// Purpose: contracts (immutable versions), reconciliation reports and the hash-chained ledger on SOCI, SQLite
// and PostgreSQL (migration 3). One class implements the three ports because a report and its ledger postings
// must commit in one transaction on one connection (app/report_store.hpp); it also answers the auditor's
// overview (app/reconciliation_overview.hpp) over the same tables in two queries, whatever the number of
// contracts: version 1's start date and settlement year are read inside the database from the stored offer
// text (SQLite json_extract, PostgreSQL ->>), so no offer is parsed.
//
// Concurrency: SQLite transactions start with BEGIN IMMEDIATE (one writer at a time). On PostgreSQL an append
// locks its contract's `ledger_heads` row (SELECT ... FOR UPDATE), so two service instances appending to one
// contract queue instead of forking the chain; (contract, sequence) and (contract, posting key) are unique,
// so nothing can be posted twice even by a bug. Reports are keyed (contract, year, version): the second of
// two concurrent writers of one version gets already_exists and nothing of its transaction remains. Money is
// stored as integer cents, dates as ISO text, instants as Unix seconds.
#pragma once

#include <map>

#include "renofee/adapters/db/database.hpp"
#include "renofee/app/contracts.hpp"
#include "renofee/app/digest.hpp"
#include "renofee/app/ledger.hpp"
#include "renofee/app/occupants.hpp"
#include "renofee/app/reconciliation_overview.hpp"
#include "renofee/app/replacements.hpp"
#include "renofee/app/report_store.hpp"

namespace renofee::db {

class SqlContractBook final : public app::ContractStore,
                              public app::ReportStore,
                              public app::LedgerStore,
                              public app::OverviewStore,
                              public app::OccupantStore,
                              public app::ReplacementStore {
 public:
  // `db` must outlive the book and have been migrated; `sha256` chains ledger entries.
  SqlContractBook(Database& db, app::Sha256 sha256);
  ~SqlContractBook() override;
  SqlContractBook(const SqlContractBook&) = delete;
  SqlContractBook& operator=(const SqlContractBook&) = delete;

  // ContractStore
  Result<void> create_contract(const app::ContractVersion& first) override;
  Result<void> add_version(const app::ContractVersion& next) override;
  Result<std::vector<app::ContractVersion>> versions(std::string_view contract_id) override;
  Result<std::optional<std::string>> owner(std::string_view contract_id) override;
  Result<std::vector<app::ContractSummary>> list_contracts(std::string_view after_id, int limit,
                                                           const std::optional<std::string>& owner) override;
  Result<std::vector<finance::OccupantChange>> occupant_changes(std::string_view contract_id) override;
  // OccupantStore
  Result<app::StoredOccupantChange> record_occupant_change(const app::OccupantChangeRecord& record) override;
  // ReplacementStore
  Result<void> record_replacement(std::string_view contract_id, const app::Replacement& replacement,
                                  calendar::Instant at, const std::string& actor) override;
  Result<std::vector<app::Replacement>> replacements(std::string_view contract_id) override;
  // ReportStore
  Result<std::vector<app::StoredReport>> report_versions(std::string_view contract_id, int year) override;
  Result<std::vector<app::StoredReport>> contract_reports(std::string_view contract_id) override;
  Result<app::AppendOutcome> store_report(const app::StoredReport& report,
                                          std::span<const app::NewEntry> postings) override;
  // LedgerStore
  Result<app::AppendOutcome> append(std::string_view contract_id, std::span<const app::NewEntry> entries,
                                    calendar::Instant posted_at) override;
  Result<std::vector<app::LedgerEntry>> entries(std::string_view contract_id) override;
  Result<std::vector<app::LedgerHead>> heads() override;
  Result<std::vector<std::string>> contract_ids_with_entries() override;
  // OverviewStore
  Result<std::vector<app::OverviewContract>> overview_contracts(int limit) override;

  // `append`'s work inside the caller's open transaction on the same database (a collection run stores its
  // file and its postings together, sql_collection_book.hpp); throws SOCI errors for the caller's guard.
  Result<app::AppendOutcome> append_in_open_transaction(const std::string& contract_id,
                                                        std::span<const app::NewEntry> entries,
                                                        calendar::Instant posted_at);

 private:
  // overview_contracts' last step: the marks of late uploads against each listed year's latest version.
  Result<void> add_late_uploads(const std::string& last,
                                const std::map<std::string, std::size_t, std::less<>>& position,
                                std::vector<app::OverviewContract>& out);
  // The reports of one contract with `where` on the year (":y" bound to `year`), through the query kept in
  // `query` (prepared on first use).
  struct ReportQuery;
  Result<std::vector<app::StoredReport>> select_reports(std::unique_ptr<ReportQuery>& query,
                                                        const char* where, std::string_view contract_id,
                                                        int year);
  Result<void> insert_version(const app::ContractVersion& v);

  Database& db_;
  app::Sha256 sha256_;
  // Queries run on every reconciliation, kept prepared per connection (compiling them each time was about a
  // tenth of a reconciliation, docs/performance.md); dropped after an error.
  struct VersionQuery;
  std::unique_ptr<VersionQuery> version_query_;
  std::unique_ptr<ReportQuery> year_reports_, all_reports_;
};

}  // namespace renofee::db
