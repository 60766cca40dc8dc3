// Test plan for renofee/adapters/db/sql_contract_book.hpp on every backend (contracts, reports, ledger):
//  - contracts: version 1 stored once (a second create is already_exists), amendments numbered 2, 3, ...,
//    a stale version number refused, every version readable, listing by owner with a cursor;
//  - the ledger: appended entries are numbered and chained (prev_hash = previous hash, hash = SHA-256 of
//    entry_digest_text), a posting key is never posted twice, the head follows the last entry;
//  - a report and its postings commit together; a second writer of the same version changes nothing;
//  - the auditor's overview: every contract with its version count, version 1's start date and settlement
//    year (read from the stored offer by the database) and the latest version of each reported year; the
//    limit bounds the list;
//  - append-only: the database itself refuses UPDATE and DELETE on versions, reports and entries;
//  - tampering behind renofee's back (triggers dropped, then an amount edited, a row removed, the tail
//  removed)
//    is found by verify_ledger, which names the first bad entry.
#include "renofee/adapters/db/sql_contract_book.hpp"

#include <gtest/gtest.h>

#include "db_fixture.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "support/literals.hpp"

namespace renofee::db {
namespace {

using calendar::make_date;

calendar::Instant at(long long seconds) {
  return calendar::Instant{std::chrono::seconds{seconds}};
}

app::ContractVersion version(const std::string& id, int number, const std::string& owner = "cli") {
  app::ContractVersion v;
  v.contract_id = id;
  v.version = number;
  // A valid offer (the book parses what it reads back); the monthly fee tells the versions apart.
  v.offer_json = R"({"id": ")" + id + R"(",
    "dwelling": {"type": "single_family", "floor_area_m2": 112, "build_year": 1968, "tenure": "owner"},
    "start_date": "2026-03-01", "measures": [{"kind": "heat_pump", "cost": "14200.00", "lifetime_years": 20}],
    "financing": {"annual_rate": "0.039", "term_months": 240, "method": "annuity"},
    "service_fee": {"monthly": ")" +
                 std::to_string(number) + R"("},
    "expected_use": {"before": {"electricity_import_kwh": "3100", "gas_m3": "1450"},
                     "after": {"electricity_import_kwh": "4300", "gas_m3": "0"}},
    "tariffs": ["nl-2026"], "guarantees": [{"kind": "epv_generation", "term_years": 25}]})";
  v.offer = io::parse_offer_json(v.offer_json).value();
  v.sha256 = io::sha256_hex(v.offer_json);
  v.effective_date = make_date(2026, 3, number);
  v.reason = number == 1 ? "created" : "amendment " + std::to_string(number);
  v.created_at = at(1'790'000'000 + number);
  v.created_by = owner;
  return v;
}

std::vector<app::NewEntry> fees(int from, int to) {
  std::vector<app::NewEntry> out;
  for (int m = from; m <= to; ++m) {
    out.push_back(app::NewEntry{app::EntryKind::fee, make_date(2026, static_cast<unsigned>(m), 1),
                                eur("153.77"), "fee:" + std::to_string(m),
                                "fee of contract month " + std::to_string(m)});
  }
  return out;
}

class ContractBook : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    book_ = std::make_unique<SqlContractBook>(db(), io::sha256_port());
  }
  void TearDown() override {
    book_.reset();
    DbTest::TearDown();
  }
  std::vector<app::ChainCheck> verify() { return app::verify_ledger(*book_, io::sha256_port()).value(); }
  // Drops the append-only guards, as someone editing the database by hand would.
  void drop_guards() {
    if (is_postgresql()) {
      ASSERT_TRUE(db().execute("DROP TRIGGER ledger_entries_append_only ON ledger_entries").ok());
    } else {
      ASSERT_TRUE(db().execute("DROP TRIGGER ledger_entries_append_only").ok());
      ASSERT_TRUE(db().execute("DROP TRIGGER ledger_entries_no_delete").ok());
    }
  }
  std::unique_ptr<SqlContractBook> book_;
};

TEST_P(ContractBook, VersionsAreStoredOnceAndInOrder) {
  ASSERT_TRUE(book_->create_contract(version("nom-1", 1)).ok());
  Result<void> again = book_->create_contract(version("nom-1", 1));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::already_exists);
  ASSERT_TRUE(book_->add_version(version("nom-1", 2)).ok());
  Result<void> stale = book_->add_version(version("nom-1", 2));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::already_exists);
  Result<void> gap = book_->add_version(version("nom-1", 4));
  ASSERT_FALSE(gap.ok());
  Result<void> unknown = book_->add_version(version("nobody", 2));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);

  const std::vector<app::ContractVersion> versions = book_->versions("nom-1").value();
  ASSERT_EQ(versions.size(), 2U);
  EXPECT_EQ(versions[0], version("nom-1", 1));
  EXPECT_EQ(versions[1], version("nom-1", 2));
  EXPECT_EQ(book_->versions("nobody").error().code, ErrorCode::not_found);
}

TEST_P(ContractBook, ListPagesByIdAndFiltersByOwner) {
  for (const char* id : {"c", "a", "d", "b"}) {
    ASSERT_TRUE(book_->create_contract(version(id, 1, std::string(id) < "c" ? "key:1" : "key:2")).ok());
  }
  ASSERT_TRUE(book_->add_version(version("b", 2, "key:1")).ok());
  const auto page1 = book_->list_contracts("", 3, std::nullopt).value();
  ASSERT_EQ(page1.size(), 3U);
  EXPECT_EQ(page1[0].contract_id, "a");
  EXPECT_EQ(page1[1].contract_id, "b");
  EXPECT_EQ(page1[1].versions, 2);
  const auto page2 = book_->list_contracts(page1.back().contract_id, 3, std::nullopt).value();
  ASSERT_EQ(page2.size(), 1U);
  EXPECT_EQ(page2[0].contract_id, "d");
  const auto mine = book_->list_contracts("", 10, std::string("key:2")).value();
  ASSERT_EQ(mine.size(), 2U);
  EXPECT_EQ(mine[0].contract_id, "c");
  EXPECT_EQ(mine[1].contract_id, "d");
}

// The tenancy rule's lookup (app/tenancy.hpp): version 1's author, whoever amended it later; nothing for an
// unknown contract; the same answer as the default through versions().
TEST_P(ContractBook, OwnerIsVersionOnesAuthor) {
  ASSERT_TRUE(book_->create_contract(version("a", 1, "key:1")).ok());
  ASSERT_TRUE(book_->add_version(version("a", 2, "key:2")).ok());
  EXPECT_EQ(book_->owner("a").value(), std::optional<std::string>("key:1"));
  EXPECT_EQ(book_->owner("b").value(), std::nullopt);
  EXPECT_EQ(book_->owner("a' OR '1'='1").value(), std::nullopt);
  EXPECT_EQ(book_->app::ContractStore::owner("a").value(), std::optional<std::string>("key:1"));
  EXPECT_EQ(book_->app::ContractStore::owner("b").value(), std::nullopt);
}

TEST_P(ContractBook, AppendChainsAndNeverPostsTwice) {
  const app::AppendOutcome first = book_->append("nom-1", fees(1, 3), at(1'800'000'000)).value();
  ASSERT_EQ(first.appended.size(), 3U);
  const app::AppendOutcome second = book_->append("nom-1", fees(2, 5), at(1'800'000'100)).value();
  EXPECT_EQ(second.skipped, 2);
  ASSERT_EQ(second.appended.size(), 2U);
  const std::vector<app::LedgerEntry> entries = book_->entries("nom-1").value();
  ASSERT_EQ(entries.size(), 5U);
  std::string prev = app::genesis_hash;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].sequence, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(entries[i].prev_hash, prev);
    EXPECT_EQ(entries[i].hash, io::sha256_hex(app::entry_digest_text(entries[i])));
    prev = entries[i].hash;
  }
  EXPECT_EQ(entries[3].entry.posting_key, "fee:4");
  EXPECT_EQ(entries[3].entry.amount, eur("153.77"));
  EXPECT_EQ(entries[3].posted_at, at(1'800'000'100));
  const std::vector<app::LedgerHead> heads = book_->heads().value();
  ASSERT_EQ(heads.size(), 1U);
  EXPECT_EQ(heads[0], (app::LedgerHead{"nom-1", 5, prev}));
  const std::vector<app::ChainCheck> checks = verify();
  ASSERT_EQ(checks.size(), 1U);
  EXPECT_FALSE(checks[0].problem.has_value()) << *checks[0].problem;
  EXPECT_EQ(checks[0].entries, 5);
}

TEST_P(ContractBook, ReportAndPostingsCommitTogetherOnce) {
  app::StoredReport report;
  report.contract_id = "nom-1";
  report.year = 2027;
  report.version = 1;
  report.report_json = "{\"a\":1}";
  report.sha256 = io::sha256_hex(report.report_json);
  report.contract_version = 1;
  report.compensation = eur("180.00");
  report.excess_charge = eur("0.00");
  report.created_at = at(1'830'000'000);
  report.created_by = "cli";
  const std::vector<app::NewEntry> postings = {{app::EntryKind::compensation, make_date(2027, 12, 31),
                                                eur("-180.00"), "compensation:2027:v1", "report"}};
  ASSERT_EQ(book_->store_report(report, postings).value().appended.size(), 1U);

  app::StoredReport rival = report;
  rival.report_json = "{\"a\":2}";
  rival.compensation = eur("999.00");
  const std::vector<app::NewEntry> rival_postings = {{app::EntryKind::compensation, make_date(2027, 12, 31),
                                                      eur("-999.00"), "compensation:2027:v1b", "rival"}};
  Result<app::AppendOutcome> refused = book_->store_report(rival, rival_postings);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::already_exists);

  const std::vector<app::StoredReport> stored = book_->report_versions("nom-1", 2027).value();
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0], report);
  EXPECT_TRUE(book_->report_versions("nom-1", 2026).value().empty());
  EXPECT_EQ(book_->contract_reports("nom-1").value().size(), 1U);
  const std::vector<app::LedgerEntry> entries = book_->entries("nom-1").value();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].entry.amount, eur("-180.00"));
}

// A report version of `id` as store_report takes it (no postings needed for the overview).
app::StoredReport report_of(const std::string& id, int year, int version, const char* compensation) {
  app::StoredReport r;
  r.contract_id = id;
  r.year = year;
  r.version = version;
  if (version > 1) {
    r.replaces = version - 1;
    r.reason = "corrected";
  }
  r.report_json = "{\"v\":" + std::to_string(version) + "}";
  r.sha256 = io::sha256_hex(r.report_json);
  r.contract_version = 1;
  r.compensation = eur(compensation);
  r.excess_charge = eur("0.00");
  r.created_at = at(1'830'000'000 + version);
  r.created_by = "cli";
  return r;
}

TEST_P(ContractBook, OverviewReadsEveryContractAtOnce) {
  EXPECT_TRUE(book_->overview_contracts(10).value().empty());
  ASSERT_TRUE(book_->create_contract(version("b", 1)).ok());
  ASSERT_TRUE(book_->add_version(version("b", 2)).ok());
  // "a" settles per calendar year and starts on another day (version 1's terms count).
  app::ContractVersion a = version("a", 1);
  const std::string from = R"("start_date": "2026-03-01",)";
  a.offer_json.replace(a.offer_json.find(from), from.size(),
                       R"("start_date": "2026-07-01", "settlement_year": "calendar",)");
  a.offer = io::parse_offer_json(a.offer_json).value();
  a.sha256 = io::sha256_hex(a.offer_json);
  ASSERT_TRUE(book_->create_contract(a).ok());
  ASSERT_TRUE(book_->create_contract(version("c", 1)).ok());
  const std::vector<app::NewEntry> none;
  for (const app::StoredReport& r :
       {report_of("b", 1, 1, "12.34"), report_of("b", 1, 2, "0.00"), report_of("b", 2, 1, "7.00"),
        report_of("a", 2027, 1, "0.00"), report_of("c", 1, 1, "1.00")}) {
    ASSERT_TRUE(book_->store_report(r, none).ok());
  }

  const std::vector<app::OverviewContract> all = book_->overview_contracts(10).value();
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0],
            (app::OverviewContract{
                "a", 1, make_date(2026, 7, 1), quote::SettlementYear::calendar, {{2027, 1, eur("0.00")}}}));
  EXPECT_EQ(all[1], (app::OverviewContract{"b",
                                           2,
                                           make_date(2026, 3, 1),
                                           quote::SettlementYear::contract,
                                           {{1, 2, eur("0.00")}, {2, 1, eur("7.00")}}}));
  EXPECT_EQ(all[2].contract_id, "c");
  EXPECT_EQ(all[2].reports, (std::vector<app::LatestReport>{{1, 1, eur("1.00")}}));

  // The limit bounds the contracts and their reports alike.
  const std::vector<app::OverviewContract> two = book_->overview_contracts(2).value();
  ASSERT_EQ(two.size(), 2U);
  EXPECT_EQ(two[1], all[1]);
}

// Inputs changed since settlement (trust issue, item 4): the overview carries, with each year's latest report
// version, the uploads marked against that version; a mark against an earlier version (settled by the
// correction) is not shown. The marks table refuses updates and deletes.
TEST_P(ContractBook, OverviewNamesUploadsMarkedAgainstTheLatestVersion) {
  ASSERT_TRUE(book_->create_contract(version("b", 1)).ok());
  const std::vector<app::NewEntry> none;
  for (const app::StoredReport& r :
       {report_of("b", 1, 1, "12.34"), report_of("b", 1, 2, "0.00"), report_of("b", 2, 1, "7.00")}) {
    ASSERT_TRUE(book_->store_report(r, none).ok());
  }
  for (int id : {1, 2, 3}) {
    ASSERT_TRUE(
        db().execute("INSERT INTO uploads (contract_id, content_sha256, received_at, correction) VALUES "
                     "('b', '" +
                     std::string(63, '0') + std::to_string(id) + "', " + std::to_string(1'800'000'000 + id) +
                     ", 1)")
            .ok());
  }
  ASSERT_TRUE(db().execute("INSERT INTO late_uploads (contract_id, year, report_version, upload_id, readings)"
                           " VALUES ('b', 1, 1, 1, 4), ('b', 1, 2, 2, 1), ('b', 1, 2, 3, 6)")
                  .ok());
  const std::vector<app::OverviewContract> all = book_->overview_contracts(10).value();
  ASSERT_EQ(all.size(), 1U);
  ASSERT_EQ(all[0].reports.size(), 2U);
  const std::vector<app::LateUpload> want = {
      {1, 2, 2, at(1'800'000'002), 1},
      {1, 2, 3, at(1'800'000'003), 6},
  };
  EXPECT_EQ(all[0].reports[0].late, want);
  EXPECT_TRUE(all[0].reports[1].late.empty());
  EXPECT_FALSE(db().execute("UPDATE late_uploads SET readings = 9").ok());
  EXPECT_FALSE(db().execute("DELETE FROM late_uploads").ok());
}

TEST_P(ContractBook, DatabaseRefusesUpdatesAndDeletes) {
  ASSERT_TRUE(book_->create_contract(version("nom-1", 1)).ok());
  ASSERT_TRUE(book_->append("nom-1", fees(1, 2), at(1'800'000'000)).ok());
  EXPECT_FALSE(db().execute("UPDATE ledger_entries SET amount_cents = 1").ok());
  EXPECT_FALSE(db().execute("DELETE FROM ledger_entries").ok());
  EXPECT_FALSE(db().execute("UPDATE contract_versions SET reason = 'x'").ok());
  EXPECT_FALSE(db().execute("DELETE FROM contract_versions").ok());
  EXPECT_EQ(book_->entries("nom-1").value().size(), 2U);
  EXPECT_EQ(book_->versions("nom-1").value()[0].reason, "created");
}

TEST_P(ContractBook, VerifyNamesTheFirstEditedEntry) {
  ASSERT_TRUE(book_->append("nom-1", fees(1, 6), at(1'800'000'000)).ok());
  ASSERT_TRUE(book_->append("other", fees(1, 2), at(1'800'000'000)).ok());
  drop_guards();
  ASSERT_TRUE(
      db().execute(
              "UPDATE ledger_entries SET amount_cents = 1 WHERE contract_id = 'nom-1' AND sequence IN (4, 5)")
          .ok());
  const std::vector<app::ChainCheck> checks = verify();
  ASSERT_EQ(checks.size(), 2U);
  ASSERT_TRUE(checks[0].problem.has_value());
  EXPECT_NE(checks[0].problem->find("entry 4 "), std::string::npos) << *checks[0].problem;
  EXPECT_NE(checks[0].problem->find("was edited"), std::string::npos) << *checks[0].problem;
  EXPECT_FALSE(checks[1].problem.has_value());
}

TEST_P(ContractBook, VerifyFindsRemovedRowsAndRemovedTail) {
  ASSERT_TRUE(book_->append("nom-1", fees(1, 6), at(1'800'000'000)).ok());
  ASSERT_TRUE(book_->append("tail", fees(1, 6), at(1'800'000'000)).ok());
  drop_guards();
  ASSERT_TRUE(db().execute("DELETE FROM ledger_entries WHERE contract_id = 'nom-1' AND sequence = 3").ok());
  ASSERT_TRUE(db().execute("DELETE FROM ledger_entries WHERE contract_id = 'tail' AND sequence = 6").ok());
  const std::vector<app::ChainCheck> checks = verify();
  ASSERT_EQ(checks.size(), 2U);
  ASSERT_TRUE(checks[0].problem.has_value());
  EXPECT_NE(checks[0].problem->find("entry 3 is missing"), std::string::npos) << *checks[0].problem;
  ASSERT_TRUE(checks[1].problem.has_value());
  EXPECT_NE(checks[1].problem->find("head records 6 entries but 5 remain"), std::string::npos)
      << *checks[1].problem;
}

RENOFEE_INSTANTIATE_BACKENDS(ContractBook);

}  // namespace
}  // namespace renofee::db
