// Tests of adapters/io/camt053.hpp: the hand-written statement tests/data/collections/camt053_december.xml read
// transaction by transaction, and every refusal with the element it names.
#include "renofee/adapters/io/camt053.hpp"

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "support/literals.hpp"

namespace renofee::io {
namespace {

using collections::BankTransaction;
using collections::Direction;

std::string december() {
  return read_file(std::string(RENOFEE_TEST_DATA_DIR) + "/collections/camt053_december.xml");
}

// The December statement with `from` replaced by `to` (once).
std::string edited(const std::string& from, const std::string& to) {
  std::string xml = december();
  const std::size_t at = xml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) xml.replace(at, from.size(), to);
  return xml;
}

TEST(Camt053, ReadsTheBookedTransactions) {
  const std::vector<collections::BankStatement> statements = read_camt053(december()).value();
  ASSERT_EQ(statements.size(), 1u);
  const collections::BankStatement& s = statements.front();
  EXPECT_EQ(s.message_id, "STMT-20270131-RABO-1");
  EXPECT_EQ(s.statement_id, "NL44RABO0123456789-2027-01");
  EXPECT_EQ(s.account_iban, "NL44RABO0123456789");
  ASSERT_EQ(s.transactions.size(), 6u);  // the batch as two, the pending entry skipped
  const auto day = [](const char* text) { return calendar::parse_date(text).value(); };
  EXPECT_EQ(s.transactions[0], (BankTransaction{1, 1, Direction::credit, eur("255.33"), day("2026-12-01"),
                                                "RF-nom-tussenwoning-M010", "RF-nom-1", "",
                                                "Maandtermijn nom-tussenwoning maand 10"}));
  EXPECT_EQ(s.transactions[1].amount, eur("95.20"));
  EXPECT_EQ(s.transactions[1].detail, 2);
  EXPECT_EQ(s.transactions[2], (BankTransaction{2, 1, Direction::debit, eur("95.20"), day("2026-12-05"),
                                                "RF-epv-huurappartement-M006", "RF-epv-1", "AM04", ""}));
  // NOTPROVIDED is no end-to-end id; two remittance lines are joined by a space.
  EXPECT_EQ(s.transactions[3].end_to_end_id, "");
  EXPECT_EQ(s.transactions[3].remittance, "Betaling RF-epv-huurappartement december");
  EXPECT_EQ(s.transactions[4].amount, eur("12.00"));
  EXPECT_EQ(s.transactions[5].entry, 6);                         // entry 5 is pending
  EXPECT_EQ(s.transactions[5].booking_date, day("2027-01-20"));  // from DtTm
  EXPECT_EQ(s.transactions[5].return_reason, "MD06");
}

TEST(Camt053, RefusesNamingTheElement) {
  struct Case {
    std::string xml;
    std::string field;
    std::string says;
  };
  const std::vector<Case> cases{
      {"<Document><unclosed>", "", "not well-formed XML"},
      {"<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>", "",
       "no DOCTYPE"},
      {edited("xsd:camt.053.001.02\"", "xsd:pain.008.001.02\""), "", "not a camt.053 bank statement"},
      {edited("<Amt Ccy=\"EUR\">12.00</Amt>", "<Amt Ccy=\"USD\">12.00</Amt>"), "/Stmt[1]/Ntry[4]/Amt",
       "euro"},
      {edited("<Amt Ccy=\"EUR\">12.00</Amt>", "<Amt Ccy=\"EUR\">12.005</Amt>"), "/Stmt[1]/Ntry[4]/Amt",
       "at most two places"},
      {edited("<Amt Ccy=\"EUR\">12.00</Amt>", "<Amt Ccy=\"EUR\">-12.00</Amt>"), "/Stmt[1]/Ntry[4]/Amt",
       "positive"},
      {edited("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>RVSL</CdtDbtInd>"), "/Stmt[1]/Ntry[2]/CdtDbtInd",
       "CRDT or DBIT"},
      {edited("<BookgDt><Dt>2026-12-10</Dt></BookgDt>", ""), "/Stmt[1]/Ntry[3]/BookgDt", "booking date"},
      {edited("<Amt Ccy=\"EUR\">350.53</Amt>", "<Amt Ccy=\"EUR\">350.54</Amt>"), "/Stmt[1]/Ntry[1]/NtryDtls",
       "add up to 350.53"},
      {edited("<IBAN>NL44RABO0123456789</IBAN>", ""), "/Stmt[1]/Acct/Id/IBAN", "IBAN"},
      // The SEPA maximum, and an amount beyond Decimal's 76 digits (the fuzz finding in
      // fuzz/regressions/bank_message/amount-beyond-decimal-range threw instead).
      {edited("<Amt Ccy=\"EUR\">12.00</Amt>", "<Amt Ccy=\"EUR\">1000000000.00</Amt>"), "/Stmt[1]/Ntry[4]/Amt",
       "at most 999999999.99"},
      {edited("<Amt Ccy=\"EUR\">12.00</Amt>",
              "<Amt "
              "Ccy=\"EUR\">"
              "0000000000200000000000000000000000000000000000008000000000000000004786676012225018077.2"
              "</Amt>"),
       "/Stmt[1]/Ntry[4]/Amt", "at most 999999999.99"},
  };
  for (const Case& c : cases) {
    const Result<std::vector<collections::BankStatement>> r = read_camt053(c.xml);
    ASSERT_FALSE(r.ok()) << c.says;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << c.says;
    EXPECT_EQ(r.error().field, c.field) << c.says;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
}

TEST(Camt054, ANotificationIsReadAsAStatement) {
  const std::string xml =
      read_file(std::string(RENOFEE_TEST_DATA_DIR) + "/collections/camt054_notification.xml");
  const std::vector<collections::BankStatement> notes = read_camt053(xml).value();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].message_id, "NTFC-20270102-RABO-7");
  EXPECT_EQ(notes[0].statement_id, "NL44RABO0123456789-NTF-20270102");
  EXPECT_EQ(notes[0].account_iban, "NL44RABO0123456789");
  ASSERT_EQ(notes[0].transactions.size(), 2u);
  EXPECT_EQ(notes[0].transactions[0].return_reason, "AM04");
  EXPECT_EQ(notes[0].transactions[0].direction, Direction::debit);
  EXPECT_EQ(notes[0].transactions[1].end_to_end_id, "RF-epv-huurappartement-M007");
  EXPECT_EQ(notes[0].transactions[1].amount, eur("95.20"));
  // Refusals name the notification's elements.
  std::string bad = xml;
  bad.replace(bad.find("<Amt Ccy=\"EUR\">95.20</Amt>"), 27, "<Amt Ccy=\"USD\">95.20</Amt>");
  const Result<std::vector<collections::BankStatement>> refused = read_camt053(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "/Ntfctn[1]/Ntry[1]/Amt");
  std::string empty = xml;
  empty.replace(empty.find("<Ntfctn>"), empty.find("</Ntfctn>") + 9 - empty.find("<Ntfctn>"), "");
  const Result<std::vector<collections::BankStatement>> none = read_camt053(empty);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "/BkToCstmrDbtCdtNtfctn/Ntfctn");
}

}  // namespace
}  // namespace renofee::io
