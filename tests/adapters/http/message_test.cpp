// Test plan for message.hpp's shared rules:
//  - media_type_of: parameters dropped, blanks trimmed, lower case; what the router's 415 check and the upload
//    routes' parser choice both use;
//  - query_parameters: every allowed name once, in any order, values up to 256 bytes; the first offending
//    parameter refused with its pointer (names cut to 40 bytes) and one of the three messages, the allowed
//    names listed ("none" for a resource without parameters).
#include "renofee/adapters/http/message.hpp"

#include <gtest/gtest.h>

namespace renofee::http {
namespace {

TEST(MediaType, ParametersBlanksAndCase) {
  EXPECT_EQ(media_type_of("text/csv"), "text/csv");
  EXPECT_EQ(media_type_of("Application/JSON; charset=utf-8"), "application/json");
  EXPECT_EQ(media_type_of(" \tapplication/x-ndjson ;charset=UTF-8"), "application/x-ndjson");
  EXPECT_EQ(media_type_of("TEXT/PLAIN"), "text/plain");
  EXPECT_EQ(media_type_of(""), "");
  EXPECT_EQ(media_type_of(";charset=utf-8"), "");
}

Request with_query(std::vector<std::pair<std::string, std::string>> query) {
  Request r;
  r.query = std::move(query);
  return r;
}

TEST(QueryParameters, AcceptedByName) {
  const auto values =
      query_parameters(with_query({{"to", "2026-02-01"}, {"from", "2026-01-01"}}), {"from", "to"});
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(values->size(), 2u);
  EXPECT_EQ(values->at("from"), "2026-01-01");
  EXPECT_EQ(values->at("to"), "2026-02-01");
  EXPECT_TRUE(query_parameters(with_query({}), {}).ok());
  EXPECT_TRUE(query_parameters(with_query({{"a", std::string(256, 'v')}}), {"a"}).ok());
}

TEST(QueryParameters, FirstOffenderRefused) {
  struct Row {
    int line;
    std::vector<std::pair<std::string, std::string>> query;
    std::initializer_list<std::string_view> allowed;
    std::string field;
    std::string message;
  };
  const Row rows[] = {
      {__LINE__,
       {{"debug", "true"}},
       {"from", "to"},
       "/debug",
       "unknown query parameter (this resource takes from, to)"},
      {__LINE__, {{"x", "1"}}, {}, "/x", "unknown query parameter (this resource takes none)"},
      {__LINE__, {{"from", "a"}, {"from", "b"}}, {"from"}, "/from", "is given more than once"},
      {__LINE__, {{"from", std::string(257, 'v')}}, {"from"}, "/from", "is longer than 256 bytes"},
      {__LINE__,
       {{std::string(50, 'n'), "1"}},
       {"from"},
       "/" + std::string(40, 'n'),
       "unknown query parameter (this resource takes from)"},
      {__LINE__,
       {{"from", "a"}, {"zzz", "1"}, {"from", "b"}},
       {"from"},
       "/zzz",
       "unknown query parameter (this resource takes from)"},
  };
  for (const Row& row : rows) {
    const auto refused = query_parameters(with_query(row.query), row.allowed);
    ASSERT_FALSE(refused.ok()) << "line " << row.line;
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument) << "line " << row.line;
    EXPECT_EQ(refused.error().field, row.field) << "line " << row.line;
    EXPECT_EQ(refused.error().message, row.message) << "line " << row.line;
  }
}

}  // namespace
}  // namespace renofee::http
