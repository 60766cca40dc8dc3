// Tests of adapters/io/pain008.hpp: a collection run of two sequence types written as pain.008.001.02, byte for
// byte equal to tests/data/collections/pain008_two_batches.xml (RENOFEE_UPDATE_GOLDEN=1 rewrites it; review the
// diff). That file is validated against api/iso20022/pain.008.001.02.renofee.xsd by the ctest
// collections.pain008_xsd (tests/adapters/io/CMakeLists.txt), so what the writer produces is what the schema
// checks.
#include "renofee/adapters/io/pain008.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "support/files.hpp"
#include "support/literals.hpp"

namespace renofee::io {
namespace {

using collections::DirectDebit;
using collections::Mandate;
using collections::SequenceType;

collections::CollectionRun two_batches(std::optional<std::string> bic) {
  const collections::Creditor creditor{"Renofee Woningdiensten B.V.", "NL44RABO0123456789",
                                       "NL69ZZZ123456780000", std::move(bic)};
  const auto mandate = [](const char* contract, const char* id, const char* name, const char* iban) {
    return Mandate{contract, id, calendar::make_date(2026, 2, 14), name, iban, 1};
  };
  std::vector<DirectDebit> debits{
      {"RF-demo-1-M010", eur("148.47"), mandate("demo-1", "RF-demo-1-1", "J. de Vries", "NL91ABNA0417164300"),
       SequenceType::recurring, "Maandtermijn demo-1 maand 10"},
      {"RF-demo-2-M001", eur("96.10"), mandate("demo-2", "RF-demo-2-1", "A. 't Hart", "NL20INGB0001234567"),
       SequenceType::first, "Maandtermijn demo-2 maand 1"},
      {"RF-demo-3-M010", eur("201.00"), mandate("demo-3", "RF-demo-3-1", "K. Bakker", "NL12TRIO0198765432"),
       SequenceType::recurring, ""},
  };
  return collections::build_collection_run("RF-20261201-1",
                                           calendar::Instant(std::chrono::seconds(1'796'083'200)), creditor,
                                           calendar::make_date(2026, 12, 1), std::move(debits))
      .value();
}

TEST(Pain008, TwoBatchesAsTheGoldenFile) {
  const std::string xml = pain008_xml(two_batches(std::nullopt));
  const std::string path = std::string(RENOFEE_TEST_DATA_DIR) + "/collections/pain008_two_batches.xml";
  if (std::getenv("RENOFEE_UPDATE_GOLDEN") != nullptr) std::ofstream(path, std::ios::binary) << xml;
  EXPECT_EQ(xml, read_file(path));
}

TEST(Pain008, WhatTheFileSays) {
  const std::string xml = pain008_xml(two_batches("RABONL2U"));
  const auto has = [&](const std::string& text) { return xml.find(text) != std::string::npos; };
  EXPECT_TRUE(has("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.008.001.02\">"));
  EXPECT_TRUE(has("<CreDtTm>2026-12-01T00:00:00Z</CreDtTm>"));                // 1 796 083 200 s after 1970
  EXPECT_TRUE(has("<NbOfTxs>3</NbOfTxs>\n      <CtrlSum>445.57</CtrlSum>"));  // 148.47 + 96.10 + 201.00
  EXPECT_TRUE(has("<CdtrAgt>\n        <FinInstnId>\n          <BIC>RABONL2U</BIC>"));
  EXPECT_TRUE(
      has("<DbtrAgt>\n          <FinInstnId>\n            <Othr>\n              <Id>NOTPROVIDED</Id>"));
  EXPECT_TRUE(has("<Nm>A. 't Hart</Nm>"));  // an apostrophe needs no escaping in element content
  // FRST comes first, with its own control sum; the debit without remittance has no RmtInf.
  EXPECT_LT(xml.find("<SeqTp>FRST</SeqTp>"), xml.find("<SeqTp>RCUR</SeqTp>"));
  EXPECT_TRUE(has(
      "<PmtInfId>RF-20261201-1-RCUR</PmtInfId>\n      <PmtMtd>DD</PmtMtd>\n      <BtchBookg>true</BtchBookg>"
      "\n      <NbOfTxs>2</NbOfTxs>\n      <CtrlSum>349.47</CtrlSum>"));
  const std::size_t last = xml.find("RF-demo-3-M010");
  EXPECT_EQ(xml.find("<RmtInf>", last), std::string::npos);
}

TEST(Pain008, TextOutsideTheSepaSetIsRefused) {
  collections::CollectionRun run = two_batches(std::nullopt);
  run.creditor.name = "A & B";  // not built by build_collection_run, which refuses it
  EXPECT_THROW(pain008_xml(run), std::invalid_argument);
}

TEST(Pain008, SameRunSameBytes) {
  EXPECT_EQ(pain008_xml(two_batches(std::nullopt)), pain008_xml(two_batches(std::nullopt)));
}

}  // namespace
}  // namespace renofee::io
