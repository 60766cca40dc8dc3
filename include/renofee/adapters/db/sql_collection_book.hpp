// renofee/adapters/db/sql_collection_book.hpp
//
// Purpose: app::CollectionStore on SQLite and PostgreSQL (migration 8): the creditor, mandates, pain.008 files
// and collection rows, each write with its event in the event log (event_log.hpp: kinds creditor, mandate,
// collection_file, bank_statement). A collection run's file, rows and ledger postings commit in one transaction on the
// database the contract book uses, so a run is stored whole or not at all. Money as integer cents, dates as
// ISO text, instants as Unix seconds; every table is append-only (triggers).
#pragma once

#include "renofee/adapters/db/database.hpp"
#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/app/collections.hpp"

namespace renofee::db {

class SqlCollectionBook final : public app::CollectionStore {
 public:
  // `db` and `ledger` (on the same database) must outlive the book; the database must be migrated.
  SqlCollectionBook(Database& db, SqlContractBook& ledger) : db_(db), ledger_(ledger) {}

  Result<void> set_creditor(const collections::Creditor& creditor, calendar::Instant at,
                            const std::string& actor) override;
  Result<std::optional<collections::Creditor>> creditor() override;
  Result<void> add_mandate(const collections::Mandate& mandate, calendar::Instant at,
                           const std::string& actor) override;
  Result<std::vector<collections::Mandate>> mandates() override;
  Result<std::vector<app::CollectionRecord>> collections(std::string_view contract_id) override;
  Result<int> files_on(calendar::Date collection_date) override;
  Result<void> store_collection(const app::CollectionFile& file,
                                std::span<const app::CollectionRecord> records,
                                std::span<const app::ContractPostings> postings) override;
  Result<std::optional<app::CollectionFile>> collection_file(std::string_view message_id) override;
  Result<std::vector<collections::KnownCollection>> known_collections() override;
  Result<std::optional<std::string>> imported_statement(std::string_view statement_id) override;
  Result<void> store_statement(const app::ImportedStatement& statement,
                               std::span<const app::ContractPostings> postings) override;
  Result<std::vector<app::BankRecord>> unmatched() override;
  Result<std::optional<app::BankRecord>> bank_transaction(std::string_view statement_id, int entry,
                                                          int detail) override;
  Result<void> resolve_unmatched(const app::BankRecord& record, std::string_view contract_id,
                                 const app::NewEntry& posting, calendar::Instant at) override;
  // Every stored transaction of a statement, in order (integrity checks and listings).
  Result<std::vector<app::BankRecord>> statement_records(std::string_view statement_id);

 private:
  Database& db_;
  SqlContractBook& ledger_;
};

}  // namespace renofee::db
