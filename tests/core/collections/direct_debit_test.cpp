// Tests of core/collections/direct_debit.hpp: the SEPA identifier rules by hand, 650 creditor identifiers and
// IBANs against scripts/gen_sepa_reference.py (python integers), and building a collection run.
#include "renofee/core/collections/direct_debit.hpp"
#include "renofee/core/collections/iban.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/literals.hpp"

namespace renofee::collections {
namespace {

using calendar::make_date;

Creditor sample_creditor() {
  return Creditor{"Renofee Woningdiensten B.V.", "nl44 rabo 0123 4567 89", "nl69 zzz 1234 5678 0000",
                  std::nullopt};
}

Mandate sample_mandate(std::string contract, std::string id, std::string iban) {
  return Mandate{std::move(contract), std::move(id),   make_date(2026, 2, 14),
                 "J. de Vries",       std::move(iban), 1};
}

DirectDebit debit(std::string e2e, const char* amount, SequenceType type,
                  std::string iban = "NL91ABNA0417164300") {
  return DirectDebit{std::move(e2e), eur(amount), sample_mandate("demo-1", "RF-demo-1-1", std::move(iban)),
                     type, "Maandtermijn demo-1 maand 10"};
}

TEST(DirectDebit, SepaIdentifiers) {
  EXPECT_TRUE(check_sepa_identifier("RF-demo-1-M010", "/id").ok());
  EXPECT_TRUE(check_sepa_identifier("a/b c.d", "/id").ok());
  EXPECT_TRUE(check_sepa_identifier(std::string(35, 'X'), "/id").ok());
  for (const std::string& bad :
       {std::string(), std::string(36, 'X'), std::string("/AB"), std::string("AB/"), std::string("A//B"),
        std::string("A_B"), std::string("caf\xC3\xA9"), std::string("A&B")}) {
    const Result<void> r = check_sepa_identifier(bad, "/id");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "/id");
  }
  EXPECT_TRUE(is_sepa_text("Maandtermijn (10/360) + indexatie: 2,5%") == false);  // '%' is not SEPA
  EXPECT_TRUE(is_sepa_text("Maandtermijn (10/360) + indexatie: 2,5 pct."));
}

TEST(DirectDebit, CreditorIdentifierByHand) {
  // The Deutsche Bundesbank's published test identifier: national id 09999999999, check digits 98.
  EXPECT_EQ(normalise_creditor_id("DE98ZZZ09999999999").value(), "DE98ZZZ09999999999");
  // NL: 98 - (123456780000 232100 mod 97) = 69 (NL = 23 21); written on paper in groups and lower case.
  EXPECT_EQ(normalise_creditor_id("nl69 zzz 1234 5678 0000").value(), "NL69ZZZ123456780000");
  EXPECT_EQ(normalise_creditor_id("NL70ZZZ123456780000").error().field, "/creditor_id");
  EXPECT_NE(normalise_creditor_id("NL69ZZZ12345678000").error().message.find("19 characters"),
            std::string::npos);
  EXPECT_FALSE(normalise_creditor_id("NL69ZZZ1234567800-0").ok());
  EXPECT_FALSE(normalise_creditor_id("6900ZZZ123").ok());
}

TEST(DirectDebit, IdentifiersAgainstThePythonReference) {
  std::ifstream in(std::string(RENOFEE_TEST_DATA_DIR) + "/collections/sepa_identifiers.tsv");
  ASSERT_TRUE(in) << "run scripts/gen_sepa_reference.py";
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("kind\t", 0) == 0) continue;
    std::istringstream cells(line);
    std::string kind, text, valid, normal;
    std::getline(cells, kind, '\t');
    std::getline(cells, text, '\t');
    std::getline(cells, valid, '\t');
    std::getline(cells, normal, '\t');
    const Result<std::string> got = kind == "iban" ? normalise_iban(text) : normalise_creditor_id(text);
    if (valid == "yes") {
      ASSERT_TRUE(got.ok()) << text << ": " << got.error().message;
      EXPECT_EQ(*got, normal) << text;
    } else {
      EXPECT_FALSE(got.ok()) << text;
    }
    ++rows;
  }
  EXPECT_EQ(rows, 650);
}

TEST(DirectDebit, CreditorAndMandateChecks) {
  const Creditor c = check_creditor(sample_creditor()).value();
  EXPECT_EQ(c.iban, "NL44RABO0123456789");
  EXPECT_EQ(c.creditor_id, "NL69ZZZ123456780000");
  for (const char* bic : {"RABONL2U", "INGBNL2A", "ABNANL2AXXX"}) {
    Creditor with = sample_creditor();
    with.bic = bic;
    EXPECT_TRUE(check_creditor(with).ok()) << bic;
  }
  for (const char* bic : {"RABONL2", "RABONL2O", "RAB0NL2U", "rabonl2u", "RABONL1U", "ABNANL2AXX"}) {
    Creditor with = sample_creditor();
    with.bic = bic;
    EXPECT_EQ(check_creditor(with).error().field, "/bic") << bic;
  }
  Creditor unnamed = sample_creditor();
  unnamed.name = "";
  EXPECT_EQ(check_creditor(unnamed).error().field, "/name");

  EXPECT_EQ(check_mandate(sample_mandate("c", "RF-c-1", "nl91 abna 0417 1643 00")).value().debtor_iban,
            "NL91ABNA0417164300");
  EXPECT_EQ(check_mandate(sample_mandate("c", "RF-c-1", "NL92ABNA0417164300")).error().field, "/iban");
  EXPECT_EQ(check_mandate(sample_mandate("c", "RF//1", "NL91ABNA0417164300")).error().field, "/mandate_id");
  Mandate long_name = sample_mandate("c", "RF-c-1", "NL91ABNA0417164300");
  long_name.debtor_name = std::string(71, 'a');
  EXPECT_EQ(check_mandate(long_name).error().field, "/debtor_name");
}

TEST(DirectDebit, RunGroupsBySequenceTypeWithControlSums) {
  const calendar::Instant at = calendar::Instant(std::chrono::seconds(1'798'000'000));
  std::vector<DirectDebit> debits{
      debit("RF-demo-1-M010", "150", SequenceType::recurring),
      debit("RF-demo-2-M001", "99.99", SequenceType::first, "NL20INGB0001234567"),
      debit("RF-demo-3-M010", "0.01", SequenceType::recurring, "NL12TRIO0198765432")};
  const CollectionRun run =
      build_collection_run("RF-20261201-1", at, sample_creditor(), make_date(2026, 12, 1), debits).value();
  EXPECT_EQ(run.creditor.creditor_id, "NL69ZZZ123456780000");
  EXPECT_EQ(run.transactions, 3);
  EXPECT_EQ(run.control_sum.value().to_string(), "250.00");  // 150.00 + 99.99 + 0.01
  ASSERT_EQ(run.batches.size(), 2u);
  EXPECT_EQ(run.batches[0].payment_id, "RF-20261201-1-FRST");
  EXPECT_EQ(run.batches[0].debits.size(), 1u);
  EXPECT_EQ(run.batches[0].control_sum.value().to_string(), "99.99");
  EXPECT_EQ(run.batches[1].payment_id, "RF-20261201-1-RCUR");
  EXPECT_EQ(run.batches[1].control_sum.value().to_string(), "150.01");
  EXPECT_EQ(run.batches[1].debits[0].amount.value().to_string(), "150.00");  // written with two decimals
  EXPECT_EQ(run.batches[1].debits[1].end_to_end_id, "RF-demo-3-M010");       // order kept
}

TEST(DirectDebit, RunRefusesWhatABankWouldRefuse) {
  const calendar::Instant at = calendar::Instant(std::chrono::seconds(1'798'000'000));
  const calendar::Date collection_day = make_date(2026, 12, 1);
  const auto field_of = [&](std::vector<DirectDebit> debits, std::string message_id = "RF-1") {
    return build_collection_run(message_id, at, sample_creditor(), collection_day, std::move(debits))
        .error()
        .field;
  };
  EXPECT_EQ(field_of({}), "/debits");
  EXPECT_EQ(field_of({debit("A", "1.00", SequenceType::first)}, std::string(31, 'M')), "/message_id");
  EXPECT_EQ(field_of({debit("A", "1.00", SequenceType::first), debit("A", "2.00", SequenceType::recurring)}),
            "/debits/1/end_to_end_id");
  EXPECT_EQ(field_of({debit("A", "0.00", SequenceType::first)}), "/debits/0/amount");
  EXPECT_EQ(field_of({debit("A", "-5.00", SequenceType::first)}), "/debits/0/amount");
  EXPECT_EQ(field_of({debit("A", "12.345", SequenceType::first)}), "/debits/0/amount");
  EXPECT_EQ(field_of({debit("A", "1000000000.00", SequenceType::first)}), "/debits/0/amount");
  EXPECT_EQ(field_of({debit("A", "1.00", SequenceType::first, "NL91ABNA0417164301")}),
            "/debits/0/mandate/iban");
  DirectDebit late = debit("A", "1.00", SequenceType::first);
  late.mandate.signed_on = make_date(2026, 12, 2);
  EXPECT_EQ(field_of({late}), "/debits/0/mandate/signed_on");
  DirectDebit note = debit("A", "1.00", SequenceType::first);
  note.remittance = std::string(141, 'x');
  EXPECT_EQ(field_of({note}), "/debits/0/remittance");
  // 12.340 is whole cents written with three decimals: accepted and written as 12.34.
  EXPECT_TRUE(build_collection_run("RF-1", at, sample_creditor(), collection_day,
                                   {debit("A", "12.340", SequenceType::first)})
                  .ok());
}

}  // namespace
}  // namespace renofee::collections
