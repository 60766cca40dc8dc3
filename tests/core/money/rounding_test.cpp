// Test plan for rounding.hpp: names round-trip for every mode; unknown names are rejected naming the text.
#include "renofee/core/money/rounding.hpp"

#include <gtest/gtest.h>

namespace renofee {
namespace {

TEST(Rounding, NamesRoundTrip) {
  for (Rounding mode : all_roundings)
    EXPECT_EQ(parse_rounding(to_string(mode)).value(), mode);
  EXPECT_EQ(to_string(Rounding::half_up), "half_up");
  EXPECT_EQ(to_string(Rounding::half_even), "half_even");
}

TEST(Rounding, UnknownNameIsInvalidArgument) {
  for (const char* text : {"", "HALF_UP", "half-up", "bankers", "half_up "}) {
    const Result<Rounding> parsed = parse_rounding(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(parsed.error().message.find(std::string("\"") + text + "\""), std::string::npos);
  }
}

}  // namespace
}  // namespace renofee
