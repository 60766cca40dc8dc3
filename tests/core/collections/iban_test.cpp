// Tests of core/collections/iban.hpp: valid IBANs of several SEPA countries in electronic and paper form, and
// each rule's refusal with its reason.
#include "renofee/core/collections/iban.hpp"

#include <gtest/gtest.h>

namespace renofee::collections {
namespace {

TEST(Iban, ValidOnesAreNormalised) {
  // ISO 13616 / bank examples: the check digits verified with python (int(rearranged) % 97 == 1).
  EXPECT_EQ(normalise_iban("NL91ABNA0417164300").value(), "NL91ABNA0417164300");
  EXPECT_EQ(normalise_iban("nl91 abna 0417 1643 00").value(), "NL91ABNA0417164300");
  EXPECT_EQ(normalise_iban("NL20INGB0001234567").value(), "NL20INGB0001234567");
  EXPECT_EQ(normalise_iban("DE89 3704 0044 0532 0130 00").value(), "DE89370400440532013000");
  EXPECT_EQ(normalise_iban("BE68539007547034").value(), "BE68539007547034");
  EXPECT_EQ(iban_in_groups("NL91ABNA0417164300"), "NL91 ABNA 0417 1643 00");
}

TEST(Iban, EachRuleRefusesWithItsReason) {
  const auto why = [](std::string_view text) {
    Result<std::string> r = normalise_iban(text);
    EXPECT_FALSE(r);
    if (r) return std::string("(accepted)");
    EXPECT_EQ(r.error().field, "/iban");
    return r.error().message;
  };
  EXPECT_NE(why("NL91ABNA0417164301").find("check digits do not match"), std::string::npos);
  EXPECT_NE(why("NL91ABNA041716430").find("has 18 characters, not 17"), std::string::npos);
  EXPECT_NE(why("US64SVBKUS6S3300958879").find("not a SEPA country"), std::string::npos);
  EXPECT_NE(why("NL91-ABNA-0417-1643-00").find("only letters, digits and spaces"), std::string::npos);
  EXPECT_NE(why("9191ABNA0417164300").find("country code and two check digits"), std::string::npos);
  EXPECT_NE(why("NL9112340417164300").find("four letters (the bank) and ten digits"), std::string::npos);
  EXPECT_NE(why("").find("country code"), std::string::npos);
}

}  // namespace
}  // namespace renofee::collections
