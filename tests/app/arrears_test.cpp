// Test plan for renofee/app/arrears.hpp (hand-checked against docs/collections.md, "Arrears from the ledger"):
//  - ledger_claims: fees, excess sharing and costs are charges; payments, returns, refunds, compensation and
//    reversals are payments of −amount; collection and reminder entries count for nothing;
//  - ledger_arrears on the worked example (three fees of 150.00, a returned debit): open 200.00, 41 days;
//  - the 14-day letter: its principal, costs, pay-by and costs-from days; the reference round trip and a
//    tampered reference refused; a second letter refused while the first runs, and nothing overdue refused;
//  - collection costs: refused before the first chargeable day; on the unpaid part only (80.00 -> 40.00, the
//    minimum; 3,000.00 -> 425.00, with VAT 514.25); paid in time -> nothing posted; posted once;
//  - arrears_list: only contracts overdue for at least min days, most days first.
#include "renofee/app/arrears.hpp"

#include <gtest/gtest.h>

#include <map>

#include "memory_ledger.hpp"
#include "support/literals.hpp"

namespace renofee::app {
namespace {

using calendar::make_date;

using test::MemoryLedger;

const calendar::Instant posted{};

void post(MemoryLedger& ledger, const std::string& id, EntryKind kind, calendar::Date day, const char* amount,
          const std::string& key) {
  const NewEntry e{kind, day, eur(amount), key, key};
  ASSERT_TRUE(ledger.append(id, std::span<const NewEntry>(&e, 1), posted));
}

// The worked example of docs/collections.md, in 2027: three fees of 150.00; 150.00 paid on 2 Jan; 150.00 paid
// on 3 Feb and returned (AM04) on 8 Feb; 100.00 paid on 5 Mar; each fee presented (0.00) on its due day.
MemoryLedger worked_example(const std::string& id = "c1") {
  MemoryLedger l;
  for (unsigned m = 1; m <= 3; ++m) {
    post(l, id, EntryKind::fee, make_date(2027, m, 1), "150.00", "fee:" + std::to_string(m));
    post(l, id, EntryKind::collection, make_date(2027, m, 1), "0.00", "collection:" + std::to_string(m));
  }
  post(l, id, EntryKind::payment, make_date(2027, 1, 2), "-150.00", "payment:1");
  post(l, id, EntryKind::payment, make_date(2027, 2, 3), "-150.00", "payment:2");
  post(l, id, EntryKind::returned, make_date(2027, 2, 8), "150.00", "return:2");
  post(l, id, EntryKind::payment, make_date(2027, 3, 5), "-100.00", "payment:3");
  return l;
}

TEST(LedgerClaims, MapsEveryKind) {
  MemoryLedger l;
  post(l, "c", EntryKind::fee, make_date(2027, 1, 1), "150.00", "fee:1");
  post(l, "c", EntryKind::excess_share, make_date(2027, 1, 2), "12.00", "excess");
  post(l, "c", EntryKind::collection_costs, make_date(2027, 1, 3), "40.00", "costs");
  post(l, "c", EntryKind::compensation, make_date(2027, 1, 4), "-30.00", "comp");
  post(l, "c", EntryKind::reversal, make_date(2027, 1, 5), "30.00", "rev");
  post(l, "c", EntryKind::payment, make_date(2027, 1, 6), "-150.00", "pay");
  post(l, "c", EntryKind::refund, make_date(2027, 1, 7), "150.00", "refund");
  post(l, "c", EntryKind::collection, make_date(2027, 1, 8), "0.00", "coll");
  post(l, "c", EntryKind::reminder, make_date(2027, 1, 9), "0.00", "rem");
  const LedgerClaims c = ledger_claims(*l.entries("c"));
  ASSERT_EQ(c.charges.size(), 3u);
  EXPECT_EQ(c.charges[2].amount, eur("40.00"));
  ASSERT_EQ(c.payments.size(), 4u);
  EXPECT_EQ(c.payments[0].amount, eur("30.00"));   // compensation set off
  EXPECT_EQ(c.payments[1].amount, eur("-30.00"));  // its reversal undoes that
  EXPECT_EQ(c.payments[2].amount, eur("150.00"));
  EXPECT_EQ(c.payments[3].amount, eur("-150.00"));
  EXPECT_EQ(c.payments[3].on, make_date(2027, 1, 7));
}

TEST(LedgerArrears, WorkedExample) {
  MemoryLedger l = worked_example();
  const Result<collections::Arrears> a = ledger_arrears(*l.entries("c1"), make_date(2027, 3, 14));
  ASSERT_TRUE(a) << a.error();
  EXPECT_EQ(a->charged, eur("450.00"));
  EXPECT_EQ(a->paid, eur("250.00"));
  EXPECT_EQ(a->open, eur("200.00"));
  EXPECT_EQ(a->overdue, eur("200.00"));
  EXPECT_EQ(a->days_past_due, 41);  // 1 Feb .. 14 Mar
}

TEST(ArrearsLetter, RecordsPrincipalCostsAndDays) {
  MemoryLedger l = worked_example();
  const Result<SentLetter> letter =
      send_arrears_letter(l, "c1", make_date(2027, 3, 14), make_date(2027, 3, 16), true, posted);
  ASSERT_TRUE(letter) << letter.error();
  EXPECT_EQ(letter->letter.number, 1);
  EXPECT_EQ(letter->letter.principal, eur("200.00"));
  EXPECT_EQ(letter->letter.oldest_due, make_date(2027, 2, 1));
  EXPECT_EQ(letter->letter.costs, eur("40.00"));  // 15 % of 200.00 = 30.00, raised to the minimum
  EXPECT_EQ(letter->letter.pay_by(), make_date(2027, 3, 30));
  EXPECT_EQ(letter->letter.costs_from(), make_date(2027, 3, 31));
  const LedgerEntry& e = l.chains["c1"].back();
  EXPECT_EQ(e.entry.kind, EntryKind::reminder);
  EXPECT_EQ(e.entry.amount, eur("0.00"));
  EXPECT_EQ(e.entry.posting_key, "reminder:1");
  EXPECT_EQ(
      e.entry.reference,
      "14-day letter 1: principal 200.00, oldest due 2027-02-01, received 2027-03-16, pay by 2027-03-30, "
      "costs 40.00 from 2027-03-31");
  const Result<ArrearsLetter> back = parse_letter_reference(e.entry.reference, e.entry.value_date);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, letter->letter);
  EXPECT_EQ(letter->on_sent.overdue, eur("200.00"));  // what the letter lists
}

TEST(ArrearsLetter, RefusesTamperedReferences) {
  const std::string good =
      "14-day letter 1: principal 200.00, oldest due 2027-02-01, received 2027-03-16, pay by 2027-03-30, "
      "costs 40.00 from 2027-03-31";
  ASSERT_TRUE(parse_letter_reference(good, make_date(2027, 3, 14)));
  for (const std::string& bad :
       {std::string("14-day letter 1: principal 200.00, oldest due 2027-02-01, received 2027-03-16, pay by "
                    "2027-04-30, costs 40.00 from 2027-03-31"),
        std::string("14-day letter 0: principal 200.00, oldest due 2027-02-01, received 2027-03-16, pay by "
                    "2027-03-30, costs 40.00 from 2027-03-31"),
        std::string("14-day letter 1: principal x, oldest due 2027-02-01, received 2027-03-16, pay by "
                    "2027-03-30, costs 40.00 from 2027-03-31"),
        std::string("fee of month 3")}) {
    const Result<ArrearsLetter> r = parse_letter_reference(bad, make_date(2027, 3, 14));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "/reference");
  }
}

TEST(ArrearsLetter, RefusedWhileOneRunsOrWhenNothingIsOverdue) {
  MemoryLedger l = worked_example();
  const Result<SentLetter> early =
      send_arrears_letter(l, "c1", make_date(2027, 1, 1), make_date(2027, 1, 1), true, posted);
  ASSERT_FALSE(early);  // the January fee falls due that day: nothing overdue yet
  EXPECT_EQ(early.error().code, ErrorCode::failed_precondition);
  const Result<SentLetter> backwards =
      send_arrears_letter(l, "c1", make_date(2027, 3, 14), make_date(2027, 3, 13), true, posted);
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().field, "/received");
  ASSERT_TRUE(send_arrears_letter(l, "c1", make_date(2027, 3, 14), make_date(2027, 3, 16), true, posted));
  const Result<SentLetter> second =
      send_arrears_letter(l, "c1", make_date(2027, 3, 31), make_date(2027, 3, 31), true, posted);
  ASSERT_FALSE(second);  // costs-from day of letter 1
  EXPECT_EQ(second.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(l.chains["c1"].size(), 11u);  // 10 + the first letter only
  const Result<SentLetter> later =
      send_arrears_letter(l, "c1", make_date(2027, 4, 1), make_date(2027, 4, 3), true, posted);
  ASSERT_TRUE(later) << later.error();
  EXPECT_EQ(later->letter.number, 2);
  EXPECT_EQ(later->letter.principal, eur("200.00"));  // the April fee is due that day, not overdue
}

TEST(CollectionCostsPosting, OnTheUnpaidPartOnceAndNotBeforeTheirDay) {
  MemoryLedger l = worked_example();
  ASSERT_TRUE(send_arrears_letter(l, "c1", make_date(2027, 3, 14), make_date(2027, 3, 16), true, posted));
  const Result<CostsOutcome> too_early =
      charge_collection_costs(l, "c1", make_date(2027, 3, 30), true, posted);
  ASSERT_FALSE(too_early);
  EXPECT_EQ(too_early.error().code, ErrorCode::failed_precondition);
  post(l, "c1", EntryKind::payment, make_date(2027, 3, 25), "-120.00", "payment:4");
  post(l, "c1", EntryKind::fee, make_date(2027, 4, 1), "150.00", "fee:4");  // not part of the letter
  const Result<CostsOutcome> c = charge_collection_costs(l, "c1", make_date(2027, 3, 31), false, posted);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->unpaid, eur("80.00"));  // 450.00 − (150 + 150 − 150 + 100 + 120)
  ASSERT_TRUE(c->costs);
  EXPECT_EQ(c->costs->costs, eur("40.00"));
  EXPECT_EQ(c->costs->vat, eur("8.40"));
  EXPECT_EQ(c->costs->total, eur("48.40"));
  EXPECT_FALSE(c->already_charged);
  const LedgerEntry& e = l.chains["c1"].back();
  EXPECT_EQ(e.entry.kind, EntryKind::collection_costs);
  EXPECT_EQ(e.entry.posting_key, "collection_costs:1");
  EXPECT_EQ(e.entry.amount, eur("48.40"));
  EXPECT_EQ(e.entry.value_date, make_date(2027, 3, 31));
  const std::size_t entries = l.chains["c1"].size();
  const Result<CostsOutcome> again = charge_collection_costs(l, "c1", make_date(2027, 4, 2), false, posted);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->already_charged);
  EXPECT_EQ(l.chains["c1"].size(), entries);
  // The costs are a charge from then on: 450 + 150 + 48.40 charged, 370.00 paid.
  const Result<collections::Arrears> a = ledger_arrears(*l.entries("c1"), make_date(2027, 4, 2));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->charged, eur("648.40"));
  EXPECT_EQ(a->open, eur("278.40"));
}

TEST(CollectionCostsPosting, TiersOnALargeClaimAndNothingWhenPaidInTime) {
  MemoryLedger l;
  for (unsigned m = 1; m <= 3; ++m)
    post(l, "big", EntryKind::fee, make_date(2027, m, 1), "1000.00", "fee:" + std::to_string(m));
  const Result<SentLetter> letter =
      send_arrears_letter(l, "big", make_date(2027, 3, 2), make_date(2027, 3, 4), false, posted);
  ASSERT_TRUE(letter) << letter.error();
  EXPECT_EQ(letter->letter.principal, eur("3000.00"));
  EXPECT_EQ(letter->letter.costs, eur("514.25"));  // 375.00 + 50.00 = 425.00, + 21 % VAT 89.25
  MemoryLedger paid = l;
  post(paid, "big", EntryKind::payment, make_date(2027, 3, 18), "-3000.00", "payment:all");
  const Result<CostsOutcome> none =
      charge_collection_costs(paid, "big", make_date(2027, 3, 19), false, posted);
  ASSERT_TRUE(none) << none.error();
  EXPECT_FALSE(none->costs);
  EXPECT_EQ(none->unpaid, eur("0.00"));
  EXPECT_EQ(paid.chains["big"].back().entry.posting_key, "payment:all");  // nothing posted
  const Result<CostsOutcome> owed = charge_collection_costs(l, "big", make_date(2027, 3, 19), true, posted);
  ASSERT_TRUE(owed);
  EXPECT_EQ(owed->costs->total, eur("425.00"));
}

TEST(ArrearsList, OnlyLongEnoughOverdueMostDaysFirst) {
  MemoryLedger l = worked_example("c1");
  post(l, "c2", EntryKind::fee, make_date(2027, 3, 1), "99.00", "fee:1");
  post(l, "c3", EntryKind::fee, make_date(2027, 3, 1), "99.00", "fee:1");
  post(l, "c3", EntryKind::payment, make_date(2027, 3, 1), "-99.00", "payment:1");
  const std::vector<std::string> ids{"c1", "c2", "c3", "c4"};
  const Result<std::vector<ArrearsLine>> all = arrears_list(l, ids, make_date(2027, 3, 14), 1);
  ASSERT_TRUE(all) << all.error();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].contract_id, "c1");
  EXPECT_EQ((*all)[1].contract_id, "c2");
  EXPECT_EQ((*all)[1].arrears.days_past_due, 13);
  EXPECT_EQ((*all)[1].costs_charged, eur("0.00"));
  const Result<std::vector<ArrearsLine>> long_ones = arrears_list(l, ids, make_date(2027, 3, 14), 30);
  ASSERT_TRUE(long_ones);
  ASSERT_EQ(long_ones->size(), 1u);
  EXPECT_FALSE((*long_ones)[0].last_letter);
}

}  // namespace
}  // namespace renofee::app
