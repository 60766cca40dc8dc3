// Test plan for renofee/app/canonical_json.hpp: the exact bytes of canonical JSON (the report hash rests on
// them): keys sorted by bytes whatever the insertion order, no whitespace, minimal string escapes with
// lower-case \u00XX for other control characters, UTF-8 verbatim, integers, decimals as strings keeping their
// scale, null/true/false, nesting; text that is not UTF-8 refused with its JSON pointer.
#include "renofee/app/canonical_json.hpp"

#include <gtest/gtest.h>
#include "support/literals.hpp"

namespace renofee::app {
namespace {

TEST(CanonicalJson, SortsKeysAndWritesNoWhitespace) {
  Json inner = Json::object();
  inner.set("b", 2).set("a", Json());
  Json doc = Json::object();
  doc.set("zeta", true).set("alpha", inner).set("Beta", false).set("_", Json::array());
  EXPECT_EQ(to_canonical_json(doc).value(), R"({"Beta":false,"_":[],"alpha":{"a":null,"b":2},"zeta":true})");
}

TEST(CanonicalJson, InsertionOrderDoesNotMatter) {
  Json one = Json::object();
  one.set("x", 1).set("y", "2").set("z", dec("3.00"));
  Json two = Json::object();
  two.set("z", dec("3.00")).set("x", 1).set("y", "2");
  EXPECT_EQ(to_canonical_json(one).value(), to_canonical_json(two).value());
  EXPECT_EQ(to_canonical_json(one).value(), R"({"x":1,"y":"2","z":"3.00"})");
}

TEST(CanonicalJson, EscapesOnlyWhatMustBeEscaped) {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"plain", R"("plain")"},
      {"quote \" and backslash \\", R"("quote \" and backslash \\")"},
      {"tab\tnew\nline\rback\bform\f", R"("tab\tnew\nline\rback\bform\f")"},
      {std::string("nul\0x", 5), R"("nul\u0000x")"},
      {"\x1f\x7f", "\"\\u001f\x7f\""},
      {"slash / stays", R"("slash / stays")"},
      {"€ 1.234,56 — één", "\"€ 1.234,56 — één\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expected);
    EXPECT_EQ(to_canonical_json(Json(c.text)).value(), c.expected);
  }
}

TEST(CanonicalJson, NumbersAreIntegersAndDecimalsAreStrings) {
  Json a = Json::array();
  a.push(0)
      .push(-42)
      .push(static_cast<std::int64_t>(9'007'199'254'740'993))
      .push(dec("-0.50"))
      .push(dec("1E+3"));
  EXPECT_EQ(to_canonical_json(a).value(), R"([0,-42,9007199254740993,"-0.50","1000"])");
}

TEST(CanonicalJson, RefusesInvalidUtf8NamingWhere) {
  Json doc = Json::object();
  Json list = Json::array();
  list.push("ok").push(std::string("bad \xC3\x28"));
  doc.set("inputs", list);
  Result<std::string> refused = to_canonical_json(doc);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(refused.error().field, "/inputs/1");
  for (const char* bad : {"\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80", "\xE2\x82", "\x80"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(to_canonical_json(Json(std::string(bad))).ok());
  }
  EXPECT_TRUE(to_canonical_json(Json(std::string("\xF0\x9F\x98\x80"))).ok());
}

}  // namespace
}  // namespace renofee::app
