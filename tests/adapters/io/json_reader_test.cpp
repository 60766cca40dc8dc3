// Test plan for io::JsonObjectReader (json_reader.hpp), the strict reader under every JSON input. Its typed
// reads are tested through their users (offer_json_test, guarantee_json_test, tariff_file_test,
// json_readings_test); these tests pin the member lookup itself, which walks Poco's ordered member map
// instead of calling `has` + `get`:
//  - every member of an object whose keys sort in all positions (first, middle, last, a prefix of another
//    key, upper before lower case, UTF-8 bytes above 0x7F, the empty key) is found with its own value, and
//    a key missing before, between and after them is reported missing with its pointer;
//  - a key repeated in the document reads as its last value (Poco keeps the last), as before;
//  - unknown members are reported in byte order of their keys, each with its escaped JSON pointer, and the
//    known ones are not;
//  - arrays hand each element, with its pointer, to the callback in document order.
#include "renofee/adapters/io/json_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace renofee::io {
namespace {

JsonObjectReader reader_of(const std::string& text, std::vector<Error>& problems) {
  return JsonObjectReader(parse_json_object(text).value(), "", problems);
}

TEST(JsonObjectReader, FindsEveryMemberWhereverItsKeySorts) {
  const std::string text =
      R"({"b":"2","a":"1","ab":"3","B":"4","\u00e9t\u00e9":"5","z":"6","":"7","a/b~c":"8","zz":"9"})";
  std::vector<Error> problems;
  JsonObjectReader reader = reader_of(text, problems);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"b", "2"}, {"a", "1"}, {"ab", "3"},    {"B", "4"}, {"\xc3\xa9t\xc3\xa9", "5"},
      {"z", "6"}, {"", "7"},  {"a/b~c", "8"}, {"zz", "9"}};
  for (const auto& [key, value] : expected) {
    EXPECT_TRUE(reader.has(key)) << key;
    EXPECT_EQ(reader.string(key, Presence::required).value_or("<none>"), value) << key;
  }
  EXPECT_TRUE(problems.empty());
  for (const char* missing : {"A", "aa", "b2", "zzz", "\xc3\xa9", "0"}) {
    EXPECT_FALSE(reader.has(missing)) << missing;
    EXPECT_FALSE(reader.string(missing, Presence::required).has_value()) << missing;
  }
  ASSERT_EQ(problems.size(), 6u);
  EXPECT_EQ(problems[0].field, "/A");
  EXPECT_EQ(problems[4].field, "/\xc3\xa9");
  EXPECT_EQ(problems[5].field, "/0");
  EXPECT_NE(problems[0].message.find("missing required field"), std::string::npos) << problems[0].message;
}

TEST(JsonObjectReader, RepeatedKeyReadsAsItsLastValue) {
  std::vector<Error> problems;
  JsonObjectReader reader = reader_of(R"({"term":"1","term":"2"})", problems);
  EXPECT_EQ(reader.string("term", Presence::required).value_or(""), "2");
  EXPECT_TRUE(problems.empty());
}

TEST(JsonObjectReader, NullOptionalIsAbsentAndNullRequiredIsRefused) {
  std::vector<Error> problems;
  JsonObjectReader reader = reader_of(R"({"note":null,"cost":null})", problems);
  EXPECT_FALSE(reader.string("note", Presence::optional).has_value());
  EXPECT_TRUE(problems.empty());
  EXPECT_FALSE(reader.decimal("cost", Presence::required).has_value());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "/cost");
}

TEST(JsonObjectReader, UnknownMembersInByteOrderWithEscapedPointers) {
  std::vector<Error> problems;
  JsonObjectReader reader =
      reader_of(R"({"kind":"x","zeta":1,"a/b":2,"Kind":3,"\u00e9":4,"cost":"1"})", problems);
  reader.reject_unknown({"kind", "cost"});
  std::vector<std::string> fields;
  for (const Error& problem : problems)
    fields.push_back(problem.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/Kind", "/a~1b", "/zeta", "/\xc3\xa9"}));
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].message.find("unknown field (expected: kind, cost)"), std::string::npos)
      << problems[0].message;
}

TEST(JsonObjectReader, ArrayElementsInDocumentOrderWithPointers) {
  std::vector<Error> problems;
  JsonObjectReader reader = reader_of(R"({"list":["c","a","b"]})", problems);
  std::vector<std::string> seen;
  const auto count = reader.array("list", Presence::required, 10,
                                  [&](const std::string& pointer, const Poco::Dynamic::Var& value) {
                                    seen.push_back(pointer + "=" + value.extract<std::string>());
                                  });
  EXPECT_EQ(count, std::optional<std::size_t>(3));
  EXPECT_EQ(seen, (std::vector<std::string>{"/list/0=c", "/list/1=a", "/list/2=b"}));
  EXPECT_FALSE(
      reader.array("list", Presence::required, 2, [](const std::string&, const Poco::Dynamic::Var&) {}));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "/list");
}

}  // namespace
}  // namespace renofee::io
