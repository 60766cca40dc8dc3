// Test plan for error.hpp and result.hpp: value and error alternatives, wrong-alternative access throws,
// RENOFEE_TRY/RENOFEE_CHECK propagate, field prefixes compose, codes have stable names, nodiscard is present.
#include "renofee/core/base/result.hpp"

#include <gtest/gtest.h>

#include <string>

namespace renofee {
namespace {

Result<int> parse_positive(int value) {
  if (value <= 0) return invalid_argument("must be positive, got " + std::to_string(value), "/n");
  return value;
}

Result<int> doubled(int value) {
  RENOFEE_TRY(const int checked, parse_positive(value));
  return checked * 2;
}

Result<void> check_even(int value) {
  if (value % 2 != 0) return failed_precondition("odd");
  return success();
}

Result<std::string> describe_even(int value) {
  RENOFEE_CHECK(check_even(value));
  return std::string("even");
}

TEST(Result, HoldsValueOrError) {
  const Result<int> good = parse_positive(3);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  EXPECT_EQ(good.value_or(7), 3);
  const Result<int> bad = parse_positive(-1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(bad.error().field, "/n");
  EXPECT_EQ(bad.value_or(7), 7);
}

TEST(Result, WrongAlternativeAccessThrows) {
  EXPECT_THROW((void)parse_positive(0).value(), BadResultAccess);
  EXPECT_THROW((void)parse_positive(1).error(), BadResultAccess);
  EXPECT_THROW((void)check_even(2).error(), BadResultAccess);
}

TEST(Result, TryAndCheckPropagate) {
  EXPECT_EQ(doubled(21).value(), 42);
  EXPECT_EQ(doubled(-2).error().message, "must be positive, got -2");
  EXPECT_EQ(describe_even(4).value(), "even");
  EXPECT_EQ(describe_even(3).error().code, ErrorCode::failed_precondition);
}

TEST(Error, FieldPrefixesCompose) {
  const Error e = invalid_argument("rate above 1", "/annual_rate").at("/financing");
  EXPECT_EQ(e.field, "/financing/annual_rate");
  EXPECT_EQ(describe(e), "invalid_argument: rate above 1 (at /financing/annual_rate)");
}

TEST(Error, CodesHaveStableNames) {
  EXPECT_EQ(to_string(ErrorCode::invalid_argument), "invalid_argument");
  EXPECT_EQ(to_string(ErrorCode::out_of_range), "out_of_range");
  EXPECT_EQ(to_string(ErrorCode::failed_precondition), "failed_precondition");
  EXPECT_EQ(to_string(ErrorCode::not_found), "not_found");
  EXPECT_EQ(to_string(ErrorCode::already_exists), "already_exists");
  EXPECT_EQ(to_string(ErrorCode::unavailable), "unavailable");
  EXPECT_EQ(to_string(ErrorCode::internal), "internal");
  EXPECT_EQ(unavailable("db down").code, ErrorCode::unavailable);
  EXPECT_EQ(not_found("x").code, ErrorCode::not_found);
  EXPECT_EQ(already_exists("x").code, ErrorCode::already_exists);
  EXPECT_EQ(out_of_range("x").code, ErrorCode::out_of_range);
  EXPECT_EQ(internal_error("x").code, ErrorCode::internal);
}

}  // namespace
}  // namespace renofee
