// Test plan for io::JsonObjectReader and parse_json_value (json_reader.hpp), the strict reader under every
// JSON input. Its typed reads are tested through their users (offer_json_test, guarantee_json_test,
// tariff_file_test, json_readings_test); these tests pin the parse and the member lookup itself, which walks
// Poco's ordered member map instead of calling `has` + `get`:
//  - every member of an object whose keys sort in all positions (first, middle, last, a prefix of another
//    key, upper before lower case, UTF-8 bytes above 0x7F, the empty key) is found with its own value, and
//    a key missing before, between and after them is reported missing with its pointer;
//  - parse_json_value refuses a member given twice (Poco would keep the last) and a whole number beyond 64
//    bits (Poco could not convert it), each at its JSON pointer, and accepts repeats that are none;
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

// Poco keeps the last of two members with one name ("term" twice read as its second value); the strict parse
// refuses the document instead, at the pointer of the repeated member, however deep it is and however the name
// is spelt (escapes are compared decoded). The same name in two different objects is fine.
TEST(ParseJson, MemberGivenTwiceIsRefusedAtItsPointer) {
  struct Row {
    int line;
    const char* text;
    const char* pointer;
    const char* name;  // as the message quotes it
  };
  const Row rows[] = {
      {__LINE__, R"({"term":"1","term":"2"})", "/term", R"("term")"},
      {__LINE__, R"({"id":"a","x":1,"id":"a"})", "/id", R"("id")"},  // the same value twice too
      {__LINE__, R"({"id":"a","\u0069d":"b"})", "/id", R"("id")"},
      {__LINE__, R"({"financing":{"rate":"0.01","term":12,"rate":"0.09"}})", "/financing/rate", R"("rate")"},
      {__LINE__, R"({"a":[{"k":1},{"k":1,"m":{"n":null,"n":2}}]})", "/a/1/m/n", R"("n")"},
      {__LINE__, R"({"a":[[1,2],[3,{"x/y~":1,"x/y~":2}]]})", "/a/1/1/x~1y~0", R"("x/y~")"},
      {__LINE__, R"({"":1,"":2})", "/", R"("")"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const Result<Poco::Dynamic::Var> parsed = parse_json_value(row.text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(parsed.error().field, row.pointer);
    EXPECT_EQ(
        parsed.error().message.rfind("member " + std::string(row.name) + " given twice in one object", 0), 0u)
        << parsed.error();
    EXPECT_EQ(parse_json_object(row.text).error(), parsed.error());
  }
  // The same name in sibling and nested objects, and an array of equal values, are not repeats.
  for (const char* text : {R"({"a":{"k":1},"b":{"k":1},"k":{"k":{"k":1}}})", R"({"a":[{"k":1},{"k":1}]})",
                           R"({"a":["k","k"],"k":"k"})", R"([{"k":1},{"k":2}])"}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(parse_json_value(text).ok()) << parse_json_value(text).error();
  }
}

// A whole number beyond the 64-bit range made Poco throw while converting it, which read as "malformed JSON"
// (a 400 naming nothing), or, just past the range, was wrapped without a word (2^64 read as 0, -2^63 - 1 as
// -2^63). Each is a number out of range at its pointer now (a 422 naming the field), as is a number beyond
// double (1e400). Numbers Poco holds exactly (-2^63 .. 2^64 - 1, fractions and exponents within double, an
// underflow to 0) still parse; the typed reads refuse them where they do not belong.
TEST(ParseJson, NumberPocoCannotReadIsOutOfRangeAtItsPointer) {
  struct Row {
    int line;
    const char* text;
    const char* pointer;
  };
  const Row rows[] = {
      {__LINE__, R"({"dwelling":{"type":"x","floor_area_m2":1000000000000000000000000000000}})",
       "/dwelling/floor_area_m2"},
      {__LINE__, R"({"n":18446744073709551616})", "/n"},  // 2^64: was 0
      {__LINE__, R"({"n":-9223372036854775809})", "/n"},  // -2^63 - 1: was -2^63
      {__LINE__, R"({"n":18446744073709551856})", "/n"},  // 2^64 + 240
      {__LINE__, R"({"n":-18446744073709551616})", "/n"},
      {__LINE__, R"({"n":1e400})", "/n"},
      {__LINE__, R"({"n":-1.5E+400})", "/n"},
      {__LINE__, R"({"a":[1,2,{"b":[0,99999999999999999999999]}]})", "/a/2/b/1"},
      {__LINE__, R"({"a":[18446744073709551616]})", "/a/0"},
      {__LINE__, R"({"s":"-99999999999999999999999","k":{"99999999999999999999999":1},"n":[1,2e999]})",
       "/n/1"},
      {__LINE__, R"(99999999999999999999999)", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const Result<Poco::Dynamic::Var> parsed = parse_json_value(row.text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::out_of_range);
    EXPECT_EQ(parsed.error().field, row.pointer);
    EXPECT_EQ(parsed.error().message.rfind("number out of range (whole numbers -9223372036854775808.."
                                           "18446744073709551615, others within the range of binary "
                                           "floating point)",
                                           0),
              0u)
        << parsed.error();
  }
  struct Held {
    const char* text;
    const char* as;  // Poco's value, converted to text
  };
  for (const Held& held : {Held{R"({"n":18446744073709551615})", "18446744073709551615"},
                           Held{R"({"n":-9223372036854775808})", "-9223372036854775808"},
                           Held{R"({"n":9223372036854775808})", "9223372036854775808"},
                           Held{R"({"n":"99999999999999999999999"})", "99999999999999999999999"},
                           Held{R"({"n":1e-400})", "0"}, Held{R"({"n":1.5})", "1.5"}}) {
    SCOPED_TRACE(held.text);
    const Result<Poco::JSON::Object::Ptr> parsed = parse_json_object(held.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_EQ((*parsed)->get("n").convert<std::string>(), held.as);
  }
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
