// Test plan for renofee/app/ledger.hpp (pure parts; the SQL store is tested in tests/adapters/db):
//  - entry_digest_text: the exact line that is hashed, amounts always with two decimals;
//  - verify_ledger over an in-memory store: an intact chain passes; an edited field, a broken prev link, a
//  gap,
//    a removed tail, a missing head each give a problem naming the first bad entry;
//  - fee_entries posts only fees due on or before the date, keyed "fee:<month>";
//  - make_statement: opening balance from earlier entries, sums per kind, net and closing balance (hand
//  sums).
#include "renofee/app/ledger.hpp"

#include <gtest/gtest.h>

#include <map>
#include "memory_ledger.hpp"
#include "support/literals.hpp"

namespace renofee::app {
namespace {

using calendar::make_date;

using test::MemoryLedger;
using test::toy_hash;

std::vector<NewEntry> five_fees() {
  std::vector<NewEntry> out;
  for (unsigned m = 1; m <= 5; ++m) {
    out.push_back(NewEntry{EntryKind::fee, make_date(2026, m, 1), eur("100.5"), "fee:" + std::to_string(m),
                           "fee of contract month " + std::to_string(m)});
  }
  return out;
}

const calendar::Instant ledger_time{std::chrono::seconds{1'800'000'000}};

TEST(LedgerDigest, IsOneFixedLine) {
  LedgerEntry e{
      7,
      "nom-1",
      3,
      NewEntry{EntryKind::compensation, make_date(2027, 2, 28), eur("-180"), "compensation:1:v1", "report 1"},
      ledger_time,
      std::string(64, 'a'),
      ""};
  EXPECT_EQ(
      entry_digest_text(e),
      "renofee.ledger/1|nom-1|3|compensation|2027-02-28|-180.00|compensation:1:v1|report 1|1800000000|" +
          std::string(64, 'a'));
}

TEST(LedgerVerify, IntactChainPasses) {
  MemoryLedger store;
  ASSERT_TRUE(store.append("a", five_fees(), ledger_time).ok());
  const std::vector<ChainCheck> checks = verify_ledger(store, toy_hash).value();
  ASSERT_EQ(checks.size(), 1U);
  EXPECT_FALSE(checks[0].problem) << *checks[0].problem;
  EXPECT_EQ(checks[0].entries, 5);
  EXPECT_EQ(checks[0].head_hash, store.chains["a"].back().hash);
}

TEST(LedgerVerify, NamesTheFirstBadEntry) {
  struct Case {
    const char* name;
    std::function<void(MemoryLedger&)> tamper;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"edited amount", [](MemoryLedger& s) { s.chains["a"][2].entry.amount = eur("1.00"); },
       "entry 3 (row 3) was edited"},
      {"edited reference", [](MemoryLedger& s) { s.chains["a"][1].entry.reference = "x"; },
       "entry 2 (row 2) was edited"},
      {"re-hashed edit",
       [](MemoryLedger& s) {
         LedgerEntry& e = s.chains["a"][1];
         e.entry.amount = eur("1.00");
         e.hash = toy_hash(entry_digest_text(e));
       },
       "entry 3 (row 3): prev_hash"},
      {"removed middle", [](MemoryLedger& s) { s.chains["a"].erase(s.chains["a"].begin() + 3); },
       "entry 4 is missing (the chain jumps from 3 to 5)"},
      {"removed tail", [](MemoryLedger& s) { s.chains["a"].pop_back(); },
       "the head records 5 entries but 4 remain: entry 5 onwards was removed"},
      {"missing head", [](MemoryLedger& s) { s.head_of.clear(); },
       "the head record of the ledger is missing"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    MemoryLedger store;
    ASSERT_TRUE(store.append("a", five_fees(), ledger_time).ok());
    c.tamper(store);
    const std::vector<ChainCheck> checks = verify_ledger(store, toy_hash).value();
    ASSERT_EQ(checks.size(), 1U);
    ASSERT_TRUE(checks[0].problem.has_value());
    EXPECT_NE(checks[0].problem->find(c.expected), std::string::npos) << *checks[0].problem;
  }
}

TEST(LedgerFees, OnlyFeesDueByTheDate) {
  const std::vector<DueFee> due = {{1, make_date(2026, 3, 1), eur("120.00")},
                                   {2, make_date(2026, 4, 1), eur("120.00")},
                                   {3, make_date(2026, 5, 1), eur("121.50")}};
  const std::vector<NewEntry> entries = fee_entries(due, make_date(2026, 4, 1));
  ASSERT_EQ(entries.size(), 2U);
  EXPECT_EQ(entries[1].posting_key, "fee:2");
  EXPECT_EQ(entries[1].value_date, make_date(2026, 4, 1));
  EXPECT_TRUE(fee_entries(due, make_date(2026, 2, 28)).empty());
}

TEST(LedgerStatement, SumsAndBalancesByHand) {
  MemoryLedger store;
  std::vector<NewEntry> entries = five_fees();  // 2026-01..05, 100.50 each
  entries.push_back(
      {EntryKind::compensation, make_date(2026, 3, 31), eur("-180.00"), "compensation:1:v1", "r"});
  entries.push_back(
      {EntryKind::reversal, make_date(2026, 3, 31), eur("180.00"), "reversal:compensation:1:v1", "r"});
  entries.push_back(
      {EntryKind::compensation, make_date(2026, 3, 31), eur("-150.25"), "compensation:1:v2", "r"});
  entries.push_back(
      {EntryKind::excess_share, make_date(2026, 4, 30), eur("12.34"), "excess_share:1:v2", "r"});
  ASSERT_TRUE(store.append("a", entries, ledger_time).ok());
  const calendar::Period period = calendar::make_period(make_date(2026, 3, 1), make_date(2026, 5, 1)).value();
  const Statement s = make_statement("a", period, store.chains["a"], store.head_of["a"]);
  EXPECT_EQ(s.opening_balance, eur("201.00"));  // fees of January and February
  EXPECT_EQ(s.fees, eur("201.00"));             // March and April
  EXPECT_EQ(s.compensation, eur("330.25"));     // 180.00 + 150.25 credited
  EXPECT_EQ(s.reversals, eur("180.00"));
  EXPECT_EQ(s.excess_share, eur("12.34"));
  EXPECT_EQ(s.net, eur("63.09"));  // 201.00 - 330.25 + 12.34 + 180.00
  EXPECT_EQ(s.closing_balance, eur("264.09"));
  EXPECT_EQ(s.entries.size(), 6U);
}

TEST(LedgerStatement, SplitsCollectedFromPaidOtherwiseAndAddsTheHandover) {
  MemoryLedger store;
  std::vector<NewEntry> entries = five_fees();  // 100.50 each
  entries.push_back({EntryKind::payment, make_date(2026, 1, 3), eur("-100.50"), "payment:S1:1.1",
                     "bank statement S1 entry 1.1: collection RF-a-M001 paid"});
  entries.push_back({EntryKind::payment, make_date(2026, 2, 9), eur("-60.00"), "payment:S1:2.1",
                     "bank statement S1 entry 2.1: transfer with payment reference RF-a"});
  entries.push_back({EntryKind::payment, make_date(2026, 2, 10), eur("-40.50"), "payment:S1:3.1",
                     "bank statement S1 entry 3.1: assigned by cli: collection RF-a-M002 paid by hand"});
  entries.push_back({EntryKind::handover, make_date(2026, 5, 14), eur("-58.35"), "handover:1:out", "h"});
  ASSERT_TRUE(store.append("a", entries, ledger_time).ok());
  const calendar::Period period = calendar::make_period(make_date(2026, 1, 1), make_date(2026, 6, 1)).value();
  const Statement s = make_statement("a", period, store.chains["a"], store.head_of["a"]);
  EXPECT_EQ(s.payments, eur("201.00"));
  EXPECT_EQ(s.collected, eur("100.50"));  // the direct debit only: an assignment's note does not make it one
  EXPECT_EQ(s.paid_otherwise, eur("100.50"));  // 60.00 + 40.50
  EXPECT_EQ(s.handover, eur("-58.35"));
  EXPECT_EQ(s.due, eur("444.15"));  // 5 x 100.50 - 58.35
  EXPECT_EQ(s.net, eur("243.15"));  // 502.50 - 201.00 - 58.35
  EXPECT_EQ(s.closing_balance, eur("243.15"));
}

TEST(LedgerDigest, OccupantsFromTheSecondAreHashed) {
  LedgerEntry e{
      7,           "epv-1",
      9,           NewEntry{EntryKind::handover, make_date(2027, 3, 15), eur("52.21"), "handover:1:in", "h"},
      ledger_time, std::string(64, 'a'),
      ""};
  e.entry.occupant = 1;
  EXPECT_EQ(entry_digest_text(e),
            "renofee.ledger/1|epv-1|9|handover|2027-03-15|52.21|handover:1:in|h|1800000000|" +
                std::string(64, 'a'));
  e.entry.occupant = 2;
  EXPECT_EQ(entry_digest_text(e),
            "renofee.ledger/2|epv-1|9|handover|2027-03-15|52.21|handover:1:in|h|1800000000|2|" +
                std::string(64, 'a'));
}

}  // namespace
}  // namespace renofee::app
