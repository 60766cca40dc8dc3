// Tests of core/collections/bank_statement.hpp: each matching rule and each reason a transaction waits for an
// operator, by hand.
#include "renofee/core/collections/bank_statement.hpp"

#include <gtest/gtest.h>

#include "support/literals.hpp"

namespace renofee::collections {
namespace {

BankTransaction tx(Direction direction, const char* amount, std::string e2e, std::string reason = "",
                   std::string remittance = "") {
  return BankTransaction{1,
                         1,
                         direction,
                         eur(amount),
                         calendar::make_date(2026, 12, 1),
                         std::move(e2e),
                         "",
                         std::move(reason),
                         std::move(remittance)};
}

const std::vector<KnownCollection> known{
    {"RF-nom-tussenwoning-M010", "nom-tussenwoning", eur("255.33"), {}},
    {"RF-epv-huurappartement-M006", "epv-huurappartement", eur("95.20"), {}}};
const std::vector<std::string> contracts{"nom-tussenwoning", "epv-huurappartement", "epv-huurappartement-2"};

Match one(const BankTransaction& t) {
  std::vector<KnownCollection> fresh = known;
  const std::vector<Match> m =
      match_statement(BankStatement{"m", "s", "NL44RABO0123456789", {t}}, fresh, contracts);
  EXPECT_EQ(m.size(), 1u);
  return m.front();
}

TEST(BankStatementMatching, CollectionsAreMatchedByEndToEndIdAndExactAmount) {
  const Match paid = one(tx(Direction::credit, "255.33", "RF-nom-tussenwoning-M010"));
  EXPECT_EQ(paid.kind, MatchKind::payment);
  EXPECT_EQ(paid.contract_id, "nom-tussenwoning");
  const Match returned = one(tx(Direction::debit, "95.20", "RF-epv-huurappartement-M006", "AM04"));
  EXPECT_EQ(returned.kind, MatchKind::returned);
  EXPECT_EQ(returned.contract_id, "epv-huurappartement");
  EXPECT_EQ(returned.why, "collection RF-epv-huurappartement-M006 returned: AM04 insufficient funds");
  const Match refund = one(tx(Direction::debit, "255.33", "RF-nom-tussenwoning-M010", "MD06"));
  EXPECT_EQ(refund.kind, MatchKind::refund);
  EXPECT_EQ(refund.why, "collection RF-nom-tussenwoning-M010 refunded: MD06 refund on request of the debtor");
  EXPECT_EQ(one(tx(Direction::debit, "255.33", "RF-nom-tussenwoning-M010", "MS02")).kind,
            MatchKind::returned);
}

TEST(BankStatementMatching, TransfersNeedExactlyOnePaymentReference) {
  const Match transfer =
      one(tx(Direction::credit, "95.20", "", "", "Betaling RF-epv-huurappartement december"));
  EXPECT_EQ(transfer.kind, MatchKind::payment);
  EXPECT_EQ(transfer.contract_id, "epv-huurappartement");  // not epv-huurappartement-2: whole words only
  EXPECT_EQ(one(tx(Direction::credit, "95.20", "", "", "RF-epv-huurappartement-2")).contract_id,
            "epv-huurappartement-2");
  EXPECT_EQ(one(tx(Direction::credit, "95.20", "", "", "RF-nom-tussenwoning en RF-epv-huurappartement")).kind,
            MatchKind::unmatched);
  EXPECT_EQ(one(tx(Direction::credit, "95.20", "", "", "epv-huurappartement")).kind, MatchKind::unmatched);
}

TEST(BankStatementMatching, NothingIsGuessed) {
  struct Case {
    BankTransaction t;
    std::string why;
  };
  const std::vector<Case> cases{
      {tx(Direction::credit, "255.30", "RF-nom-tussenwoning-M010"),
       "end-to-end id RF-nom-tussenwoning-M010: 255.30 against the collection's 255.33"},
      {tx(Direction::debit, "255.33", "RF-nom-tussenwoning-M010"),
       "a debit of collection RF-nom-tussenwoning-M010 without a return reason"},
      {tx(Direction::debit, "10.00", "RF-other-M001", "AM04"),
       "a debit of unknown end-to-end id RF-other-M001"},
      {tx(Direction::debit, "10.00", ""), "a debit that names no collection"},
      {tx(Direction::credit, "12.00", "", "", "voor de koffie"),
       "no end-to-end id and no payment reference RF-<contract>"},
      {tx(Direction::credit, "12.00", "RF-other-M001"),
       "unknown end-to-end id RF-other-M001 and no payment reference RF-<contract>"},
  };
  for (const Case& c : cases) {
    const Match m = one(c.t);
    EXPECT_EQ(m.kind, MatchKind::unmatched) << c.why;
    EXPECT_EQ(m.contract_id, "") << c.why;
    EXPECT_EQ(m.why, c.why);
  }
  EXPECT_EQ(describe_return_reason("XX99"), "XX99");
  EXPECT_EQ(to_string(MatchKind::returned), "return");
}

TEST(BankStatementMatching, ALineReportedTwiceIsADuplicate) {
  // The return of M006 came in a camt.054 notification before; the statement reports it again.
  std::vector<KnownCollection> seen = known;
  seen[1].posted.push_back({MatchKind::returned, "NTF-1"});
  const BankTransaction again = tx(Direction::debit, "95.20", "RF-epv-huurappartement-M006", "AM04");
  std::vector<Match> m =
      match_statement(BankStatement{"m", "STMT-1", "NL44RABO0123456789", {again}}, seen, contracts);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].kind, MatchKind::duplicate);
  EXPECT_EQ(m[0].contract_id, "epv-huurappartement");
  EXPECT_EQ(m[0].why,
            "reported again: the return of collection RF-epv-huurappartement-M006 was posted from NTF-1");
  // Within one statement: the payment, its return, then the same payment again.
  const BankTransaction paid = tx(Direction::credit, "95.20", "RF-epv-huurappartement-M006");
  std::vector<KnownCollection> fresh = known;
  m = match_statement(BankStatement{"m", "STMT-2", "NL44RABO0123456789", {paid, again, paid}}, fresh,
                      contracts);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].kind, MatchKind::payment);
  EXPECT_EQ(m[1].kind, MatchKind::returned);  // another kind: not a duplicate
  EXPECT_EQ(m[2].kind, MatchKind::duplicate);
  EXPECT_EQ(m[2].why,
            "reported again: the payment of collection RF-epv-huurappartement-M006 was posted from STMT-2");
  // The caller's collections now hold what was posted, for the next statement of the file.
  EXPECT_EQ(fresh[1].posted,
            (std::vector<PostedBankLine>{{MatchKind::payment, "STMT-2"}, {MatchKind::returned, "STMT-2"}}));
  EXPECT_TRUE(fresh[0].posted.empty());
  // An amount that differs stays unmatched, not duplicate.
  m = match_statement(BankStatement{"m",
                                    "STMT-3",
                                    "NL44RABO0123456789",
                                    {tx(Direction::debit, "95.21", "RF-epv-huurappartement-M006", "AM04")}},
                      seen, contracts);
  EXPECT_EQ(m[0].kind, MatchKind::unmatched);
  EXPECT_EQ(to_string(MatchKind::duplicate), "duplicate");
}

}  // namespace
}  // namespace renofee::collections
