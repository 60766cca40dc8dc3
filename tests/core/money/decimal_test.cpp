// Test plan for renofee::Decimal (hand-checked tables; the randomized oracle is decimal_oracle_test.cpp).
//   Parse:        accepted plain/exponent forms keep their scale; every rejected form names its text; range
//   bounds. Print:        scale kept, negative zero has no sign, leading zeros for |x| < 1, wide values.
//   Arithmetic:   + - * exact with the scale rules; wide path (beyond __int128) equals the native path.
//   Rounding:     every mode at ties and either side of ties, negatives, carries (9.995 -> 10.00), padding.
//   Division:     by zero, non-terminating quotients, every mode, scale from the divisor, wide operands.
//   Comparison:   1.0 == 1.00, ordering across scales and paths.
//   Conversions:  to_units exact or refused; no construction from floating point (static_assert).
#include "renofee/core/money/decimal.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <type_traits>

namespace renofee {
namespace {

Decimal D(std::string_view text) {
  Result<Decimal> parsed = Decimal::parse(text);
  if (!parsed) throw std::runtime_error("bad test literal " + std::string(text));
  return *parsed;
}

// No implicit or explicit construction from binary floating point.
static_assert(!std::is_constructible_v<Decimal, double>);
static_assert(!std::is_constructible_v<Decimal, float>);
static_assert(!std::is_constructible_v<Decimal, long double>);
static_assert(!std::is_convertible_v<double, Decimal>);
static_assert(!std::is_constructible_v<Decimal, bool>);
static_assert(std::is_convertible_v<int, Decimal>);
static_assert(std::is_convertible_v<long long, Decimal>);

TEST(DecimalParse, AcceptsPlainAndExponentNotationKeepingScale) {
  struct Row {
    int line;
    const char* text;
    const char* printed;
    int scale;
  };
  const Row rows[] = {
      {__LINE__, "-12.50", "-12.50", 2},
      {__LINE__, "12.50", "12.50", 2},
      {__LINE__, "+7", "7", 0},
      {__LINE__, "0", "0", 0},
      {__LINE__, "0.000", "0.000", 3},
      {__LINE__, "-0.00", "0.00", 2},
      {__LINE__, "007.10", "7.10", 2},
      {__LINE__, "1E+3", "1000", 0},
      {__LINE__, "1e3", "1000", 0},
      {__LINE__, "1.50E+1", "15.0", 1},
      {__LINE__, "2.5e-3", "0.0025", 4},
      {__LINE__, "-1E-2", "-0.01", 2},
      {__LINE__, "0E+5", "0", 0},
      {__LINE__, "0.000000000000000001", "0.000000000000000001", 18},
      {__LINE__, "12345678901234567890123456789012345678", "12345678901234567890123456789012345678", 0},
      {__LINE__, "123456789012345678901234567890123456789012", "123456789012345678901234567890123456789012",
       0},
      {__LINE__, "-9999999999999999999999999999999999999999.9999999999",
       "-9999999999999999999999999999999999999999.9999999999", 10},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line) + ": " + row.text);
    Result<Decimal> parsed = Decimal::parse(row.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_EQ(parsed->to_string(), row.printed);
    EXPECT_EQ(parsed->scale(), row.scale);
  }
}

TEST(DecimalParse, RejectsEverythingElseNamingTheText) {
  const char* rejected[] = {"",    " 1",  "1 ",    "1,5",   "1.2.3",     ".5",      "5.",  "-",   "+",
                            "--1", "NaN", "nan",   "Inf",   "-Infinity", "0x10",    "1e",  "1e+", "1E3.5",
                            "12a", "€12", "1_000", "1e--3", "٣",         "1.0e+3x", "\t1", "+-1", "e3"};
  for (const char* text : rejected) {
    SCOPED_TRACE(text);
    Result<Decimal> parsed = Decimal::parse(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(parsed.error().message.find(std::string("\"") + text), std::string::npos) << parsed.error();
  }
}

TEST(DecimalParse, RangeLimitsAreOutOfRange) {
  // 76 significant digits are the documented maximum; 77 are not.
  const std::string digits76(76, '9');
  EXPECT_TRUE(Decimal::parse(digits76).ok());
  EXPECT_EQ(Decimal::parse(digits76)->digits(), 76);
  EXPECT_EQ(Decimal::parse(digits76 + "9").error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::parse("1E+76").error().code, ErrorCode::out_of_range);
  EXPECT_TRUE(Decimal::parse("1E+75").ok());
  // Leading zeros are not significant, but the text length is bounded.
  EXPECT_TRUE(Decimal::parse("000000000000000000000000000000000000000000001").ok());
  // 50 decimals allowed, 51 not.
  EXPECT_TRUE(Decimal::parse("0." + std::string(49, '0') + "1").ok());
  EXPECT_EQ(Decimal::parse("0." + std::string(50, '0') + "1").error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::parse("1E-51").error().code, ErrorCode::out_of_range);
  // 10000 digits: rejected early with the length, the message stays short.
  const Result<Decimal> huge = Decimal::parse(std::string(10000, '1'));
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, ErrorCode::out_of_range);
  EXPECT_NE(huge.error().message.find("10000 characters"), std::string::npos);
  EXPECT_LT(huge.error().message.size(), 200u);
  // An absurd exponent does not overflow the parser.
  EXPECT_EQ(Decimal::parse("1E+99999999999999999999").error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::parse("1E-99999999999999999999").error().code, ErrorCode::out_of_range);
  EXPECT_TRUE(Decimal::parse("0E-50").ok());
}

// parse_plain: the one grammar of decimals read from outside (offers, tariff files, readings). It accepts the
// plain notation to_string writes, with the same value and scale as parse, and refuses the spellings parse
// also takes ('+', exponents) as invalid_argument naming the text; the range stays parse's.
TEST(DecimalParsePlain, AcceptsOnlyPlainNotation) {
  for (const char* text : {"0", "7", "12.50", "-12.50", "-0.00", "007.10", "00981.443", "35000.00", "-0.02",
                           "0.000000000000000001"}) {
    SCOPED_TRACE(text);
    const Result<Decimal> plain = Decimal::parse_plain(text);
    ASSERT_TRUE(plain.ok()) << plain.error();
    EXPECT_EQ(plain->to_string(), Decimal::parse(text)->to_string());
    EXPECT_EQ(plain->scale(), Decimal::parse(text)->scale());
  }
  for (const char* text :
       {"1e4", "1E+3", "+5200.00", "+7",  "2.5e-3", "-1E-2", "0E+5",  "",    "-",    ".5",  "5.",
        " 1",  "1 ",   "1,5",      "--1", "-+1",    "+-1",   "1.2.3", "NaN", "0x10", "-.5", "1.e3"}) {
    SCOPED_TRACE(text);
    const Result<Decimal> plain = Decimal::parse_plain(text);
    ASSERT_FALSE(plain.ok());
    EXPECT_EQ(plain.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(plain.error().message.find(std::string("not a decimal number: \"") + text), std::string::npos)
        << plain.error();
    EXPECT_NE(plain.error().message.find("no '+' or exponent"), std::string::npos) << plain.error();
  }
  // The range is parse's: 77 digits, 51 decimals and 121 characters are out_of_range, also when not plain.
  EXPECT_EQ(Decimal::parse_plain(std::string(77, '9')).error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::parse_plain("0." + std::string(50, '0') + "1").error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::parse_plain(std::string(121, '1')).error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::parse_plain("+" + std::string(120, '1')).error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::parse_plain("-" + std::string(76, '9'))->to_string(), "-" + std::string(76, '9'));
}

// Found by fuzz/decimal (a slow input): zero with a large exponent built 10^exponent digit by digit, about
// 0.3 s of CPU for "0E+99999" in the Release build, so a request body full of such strings could tie up the
// server. Zero is now returned before any padding: 200 parses take microseconds (the bound leaves a factor of
// a thousand for slow machines and sanitizers).
TEST(DecimalParse, ZeroWithAHugeExponentIsCheap) {
  for (const char* text : {"0E+99999", "0e190000", "-0.000E+99999999999999999999", "00000E99999"}) {
    SCOPED_TRACE(text);
    const Result<Decimal> parsed = Decimal::parse(text);
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_TRUE(parsed->is_zero());
    EXPECT_EQ(parsed->scale(), 0);
    EXPECT_EQ(parsed->to_string(), "0");
  }
  EXPECT_EQ(Decimal::parse("0.00E-48")->scale(), 50);
  EXPECT_EQ(Decimal::parse("0.00E-49").error().code, ErrorCode::out_of_range);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i)
    ASSERT_TRUE(Decimal::parse("0E+99999").ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(DecimalPrint, IntegersAndUnits) {
  EXPECT_EQ(Decimal(0).to_string(), "0");
  EXPECT_EQ(Decimal(-42).to_string(), "-42");
  EXPECT_EQ(Decimal(std::numeric_limits<std::int64_t>::min()).to_string(), "-9223372036854775808");
  EXPECT_EQ(Decimal::from_units(1250, 2).to_string(), "12.50");
  EXPECT_EQ(Decimal::from_units(-5, 3).to_string(), "-0.005");
  EXPECT_EQ(Decimal::from_units(0, 2).to_string(), "0.00");
  EXPECT_THROW((void)Decimal::from_units(1, 51), std::invalid_argument);
  EXPECT_THROW((void)Decimal::from_units(1, -1), std::invalid_argument);
}

TEST(DecimalArithmetic, SumsAndDifferencesTakeTheLargerScale) {
  EXPECT_EQ((D("0.1") + D("0.2")).to_string(), "0.3");
  EXPECT_EQ((D("1.10") + D("2.205")).to_string(), "3.305");
  EXPECT_EQ((D("1.00") - D("1.00")).to_string(), "0.00");
  EXPECT_EQ((D("-5") + D("0.001")).to_string(), "-4.999");
  EXPECT_EQ((D("100") - D("0.01")).to_string(), "99.99");
  EXPECT_EQ((-D("3.50")).to_string(), "-3.50");
  EXPECT_EQ(D("-3.50").abs().to_string(), "3.50");
}

TEST(DecimalArithmetic, ProductScaleIsSumOfScales) {
  EXPECT_EQ((D("1.5") * D("1.5")).to_string(), "2.25");
  EXPECT_EQ((D("3100") * D("0.09160")).to_string(), "283.96000");
  EXPECT_EQ((D("-0.10") * D("0.10")).to_string(), "-0.0100");
  EXPECT_EQ((D("0.00") * D("-7")).to_string(), "0.00");
  EXPECT_EQ(D("2") * 3, D("6"));
}

TEST(DecimalArithmetic, WidePathBeyondInt128IsExact) {
  // 10^20 × 10^20 = 10^40 does not fit __int128 (about 1.7 × 10^38).
  const Decimal big = D("100000000000000000000");
  const Decimal product = big * big;
  EXPECT_TRUE(product.is_wide());
  EXPECT_EQ(product.to_string(), "1" + std::string(40, '0'));
  // Back into native range after subtracting: results are stored natively again.
  const Decimal back = product - (product - D("12.5"));
  EXPECT_FALSE(back.is_wide());
  EXPECT_EQ(back.to_string(), "12.5");
  // 170141183460469231731687303715884105727 = 2^127 - 1 (native max) plus 1 goes wide and prints exactly.
  const Decimal max128 = D("170141183460469231731687303715884105727");
  EXPECT_FALSE(max128.is_wide());
  EXPECT_EQ((max128 + 1).to_string(), "170141183460469231731687303715884105728");
  EXPECT_TRUE((max128 + 1).is_wide());
  EXPECT_EQ((-(max128 + 1) - 1).to_string(), "-170141183460469231731687303715884105729");
  // Scale alignment that overflows the native path: 1E+37 + 0.5 needs 39 digits.
  EXPECT_EQ((D("1E+37") + D("0.5")).to_string(), "10000000000000000000000000000000000000.5");
}

TEST(DecimalArithmetic, OverflowIsAnErrorNeverAWrap) {
  const Decimal almost = D(std::string(76, '9'));
  EXPECT_THROW((void)(almost + 1), DecimalOverflow);
  EXPECT_EQ(Decimal::add(almost, 1).error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::subtract(-almost, 1).error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::multiply(almost, 10).error().code, ErrorCode::out_of_range);
  EXPECT_TRUE(Decimal::add(almost, -1).ok());
  // A product whose scale exceeds 50 is refused; the fused multiply rounds it instead.
  const Decimal tiny = D("0.00000000000000000000000000001");  // scale 29
  EXPECT_EQ(Decimal::multiply(tiny, tiny).error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::multiply(tiny, tiny, 50, Rounding::half_even)->to_string(), "0." + std::string(50, '0'));
  EXPECT_EQ(Decimal::multiply(tiny, tiny, 2, Rounding::up)->to_string(), "0.01");
}

TEST(DecimalRound, EveryModeAtTiesAndAround) {
  // Rows: value, scale, expected for half_even, half_up, down, up, floor, ceiling. Hand-checked against the
  // definitions in rounding.hpp (and python's decimal quantize, see the oracle test).
  struct Row {
    int line;
    const char* value;
    int scale;
    const char* expected[6];
  };
  const Row rows[] = {
      {__LINE__, "2.5", 0, {"2", "3", "2", "3", "2", "3"}},
      {__LINE__, "3.5", 0, {"4", "4", "3", "4", "3", "4"}},
      {__LINE__, "-2.5", 0, {"-2", "-3", "-2", "-3", "-3", "-2"}},
      {__LINE__, "-3.5", 0, {"-4", "-4", "-3", "-4", "-4", "-3"}},
      {__LINE__, "2.4999", 0, {"2", "2", "2", "3", "2", "3"}},
      {__LINE__, "2.5001", 0, {"3", "3", "2", "3", "2", "3"}},
      {__LINE__, "-2.5001", 0, {"-3", "-3", "-2", "-3", "-3", "-2"}},
      {__LINE__, "0.125", 2, {"0.12", "0.13", "0.12", "0.13", "0.12", "0.13"}},
      {__LINE__, "0.135", 2, {"0.14", "0.14", "0.13", "0.14", "0.13", "0.14"}},
      {__LINE__, "-0.125", 2, {"-0.12", "-0.13", "-0.12", "-0.13", "-0.13", "-0.12"}},
      {__LINE__, "9.995", 2, {"10.00", "10.00", "9.99", "10.00", "9.99", "10.00"}},
      {__LINE__, "-9.995", 2, {"-10.00", "-10.00", "-9.99", "-10.00", "-10.00", "-9.99"}},
      {__LINE__, "99.95", 1, {"100.0", "100.0", "99.9", "100.0", "99.9", "100.0"}},
      {__LINE__,
       "999999.9995",
       3,
       {"1000000.000", "1000000.000", "999999.999", "1000000.000", "999999.999", "1000000.000"}},
      {__LINE__, "0.004", 2, {"0.00", "0.00", "0.00", "0.01", "0.00", "0.01"}},
      {__LINE__, "-0.004", 2, {"0.00", "0.00", "0.00", "-0.01", "-0.01", "0.00"}},
      {__LINE__, "0.005", 2, {"0.00", "0.01", "0.00", "0.01", "0.00", "0.01"}},
      {__LINE__, "0.015", 2, {"0.02", "0.02", "0.01", "0.02", "0.01", "0.02"}},
      {__LINE__, "0.00", 0, {"0", "0", "0", "0", "0", "0"}},
      {__LINE__, "7", 2, {"7.00", "7.00", "7.00", "7.00", "7.00", "7.00"}},
      {__LINE__, "-1.23", 4, {"-1.2300", "-1.2300", "-1.2300", "-1.2300", "-1.2300", "-1.2300"}},
      {__LINE__, "12.50", 2, {"12.50", "12.50", "12.50", "12.50", "12.50", "12.50"}},
      // 40-digit values take the wide path; the results must be identical in kind.
      {__LINE__,
       "1234567890123456789012345678901234567.5",
       0,
       {"1234567890123456789012345678901234568", "1234567890123456789012345678901234568",
        "1234567890123456789012345678901234567", "1234567890123456789012345678901234568",
        "1234567890123456789012345678901234567", "1234567890123456789012345678901234568"}},
      {__LINE__,
       "-12345678901234567890123456789012345678.45",
       1,
       {"-12345678901234567890123456789012345678.4", "-12345678901234567890123456789012345678.5",
        "-12345678901234567890123456789012345678.4", "-12345678901234567890123456789012345678.5",
        "-12345678901234567890123456789012345678.5", "-12345678901234567890123456789012345678.4"}},
  };
  for (const Row& row : rows) {
    for (std::size_t m = 0; m < all_roundings.size(); ++m) {
      SCOPED_TRACE("line " + std::to_string(row.line) + ": " + row.value + " mode " +
                   std::string(to_string(all_roundings[m])));
      EXPECT_EQ(D(row.value).round(row.scale, all_roundings[m]).to_string(), row.expected[m]);
    }
  }
}

// Found by fuzz/decimal (UBSan: index 43 out of bounds): a native value dropping more than 38 digits read its
// divisor past the end of the 10^0..10^38 table, so the result was whatever memory lay there. Such drops now
// take the wide path.
TEST(DecimalRound, DroppingMoreThan38DigitsOfANativeValue) {
  const Decimal tiny = D("1E-45");  // coefficient 1, scale 45
  ASSERT_FALSE(tiny.is_wide());
  EXPECT_EQ(tiny.round(0, Rounding::up).to_string(), "1");
  EXPECT_EQ(tiny.round(0, Rounding::half_up).to_string(), "0");
  EXPECT_EQ(tiny.round(0, Rounding::down).to_string(), "0");
  EXPECT_EQ((-tiny).round(0, Rounding::floor).to_string(), "-1");
  EXPECT_EQ((-tiny).round(0, Rounding::ceiling).to_string(), "0");
  const Decimal found = D("997268473.00565658499413e-31");  // the fuzzer's input: 23 digits, scale 45
  ASSERT_FALSE(found.is_wide());
  EXPECT_EQ(found.round(2, Rounding::up).to_string(), "0.01");
  EXPECT_EQ(found.round(2, Rounding::half_up).to_string(), "0.00");
  // 38 nines at scale 45 (9.99...e-8): dropping 38 digits stays native, dropping 39 goes wide; both exact.
  const Decimal nines = D(std::string(38, '9') + "E-45");
  ASSERT_FALSE(nines.is_wide());
  EXPECT_EQ(nines.round(7, Rounding::half_up).to_string(), "0.0000001");
  EXPECT_EQ(nines.round(6, Rounding::half_up).to_string(), "0.000000");
  EXPECT_EQ(nines.round(6, Rounding::ceiling).to_string(), "0.000001");
}

TEST(DecimalRound, ScaleOutsideRange) {
  EXPECT_EQ(D("1.5").round_checked(51, Rounding::half_up).error().code, ErrorCode::out_of_range);
  EXPECT_EQ(D("1.5").round_checked(-1, Rounding::half_up).error().code, ErrorCode::out_of_range);
  EXPECT_THROW((void)D("1.5").round(-1, Rounding::half_up), std::invalid_argument);
  // Padding a 70-digit integer to 10 decimals leaves the range.
  EXPECT_EQ(D(std::string(70, '1')).round_checked(10, Rounding::down).error().code, ErrorCode::out_of_range);
}

TEST(DecimalDivide, ExactQuotientRoundedOnce) {
  struct Row {
    int line;
    const char* a;
    const char* b;
    int scale;
    Rounding mode;
    const char* expected;
  };
  const Row rows[] = {
      {__LINE__, "10000.00", "120", 2, Rounding::half_up, "83.33"},  // docs/domain.md §4 0% sample
      {__LINE__, "1", "3", 10, Rounding::half_even, "0.3333333333"},
      {__LINE__, "2", "3", 2, Rounding::half_up, "0.67"},
      {__LINE__, "2", "3", 2, Rounding::down, "0.66"},
      {__LINE__, "-1", "7", 6, Rounding::floor, "-0.142858"},
      {__LINE__, "-1", "7", 6, Rounding::ceiling, "-0.142857"},
      {__LINE__, "15", "3", 2, Rounding::half_even, "5.00"},  // cpp_dec_float printed 4.999... (boost #368)
      {__LINE__, "1", "8", 2, Rounding::half_even, "0.12"},   // 0.125, tie to even
      {__LINE__, "1", "8", 2, Rounding::half_up, "0.13"},
      {__LINE__, "-1", "8", 2, Rounding::half_up, "-0.13"},
      {__LINE__, "1", "-8", 2, Rounding::half_even, "-0.12"},
      {__LINE__, "0.039", "12", 10, Rounding::half_even, "0.0032500000"},
      {__LINE__, "1.000", "0.001", 0, Rounding::down, "1000"},
      {__LINE__, "5", "0.25", 1, Rounding::down, "20.0"},
      {__LINE__, "0.00", "3", 4, Rounding::up, "0.0000"},
      {__LINE__, "1", "3", 50, Rounding::down, "0.33333333333333333333333333333333333333333333333333"},
      {__LINE__, "100000000000000000000000000000", "0.0000000000000000000000000000001", 0, Rounding::down,
       "1000000000000000000000000000000000000000000000000000000000000"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    Result<Decimal> q = Decimal::divide(D(row.a), D(row.b), row.scale, row.mode);
    ASSERT_TRUE(q.ok()) << q.error();
    EXPECT_EQ(q->to_string(), row.expected);
  }
}

TEST(DecimalDivide, ByZeroAndOutOfRange) {
  const Result<Decimal> by_zero = Decimal::divide(D("1.00"), D("0.000"), 2, Rounding::half_up);
  ASSERT_FALSE(by_zero.ok());
  EXPECT_EQ(by_zero.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(by_zero.error().message.find("division by zero"), std::string::npos);
  EXPECT_EQ(Decimal::divide(1, 3, 51, Rounding::half_up).error().code, ErrorCode::out_of_range);
  EXPECT_EQ(Decimal::divide(D(std::string(70, '9')), D("0.000001"), 2, Rounding::half_up).error().code,
            ErrorCode::out_of_range);
}

TEST(DecimalMultiplyRounded, MatchesProductThenRound) {
  const Decimal balance = D("34871.23");
  const Decimal monthly_rate =
      D("0.003550934041397094283025113498152");  // 34 digits: an effective-basis rate
  const Result<Decimal> interest = Decimal::multiply(balance, monthly_rate, 2, Rounding::half_up);
  ASSERT_TRUE(interest.ok());
  EXPECT_EQ(*interest, (balance * monthly_rate).round(2, Rounding::half_up));
  EXPECT_EQ(interest->to_string(), "123.83");
  // Padding when the requested scale exceeds the exact one.
  EXPECT_EQ(Decimal::multiply(D("1.5"), D("2"), 3, Rounding::down)->to_string(), "3.000");
}

TEST(DecimalCompare, ByValueAcrossScalesAndPaths) {
  EXPECT_EQ(D("1.0"), D("1.00"));
  EXPECT_EQ(D("0.00"), D("-0"));
  EXPECT_LT(D("-0.01"), D("0"));
  EXPECT_LT(D("1.009"), D("1.01"));
  EXPECT_GT(D("2"), D("1.99999999999999999999999999999999999999"));
  EXPECT_LT(D(std::string(50, '9')), D("1" + std::string(50, '0')));
  EXPECT_GT(D("1" + std::string(50, '0')), D("-1" + std::string(50, '0')));
  EXPECT_EQ(D("1E+40"), D("1" + std::string(40, '0') + ".000"));
}

TEST(DecimalConversions, ToUnitsIsExactOrRefused) {
  EXPECT_EQ(D("12.5").to_units(2).value(), 1250);
  EXPECT_EQ(D("-0.001").to_units(3).value(), -1);
  EXPECT_EQ(D("1234.5670").to_units(3).value(), 1234567);
  EXPECT_EQ(D("0.125").to_units(2).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(D("1E+30").to_units(0).error().code, ErrorCode::out_of_range);
}

TEST(DecimalConversions, TrimmedAndDigits) {
  EXPECT_EQ(D("12.500").trimmed().to_string(), "12.5");
  EXPECT_EQ(D("3.00").trimmed().to_string(), "3");
  EXPECT_EQ(D("-0.000").trimmed().to_string(), "0");
  EXPECT_EQ(D("100").trimmed().to_string(), "100");
  EXPECT_EQ(D("12.50").digits(), 4);
  EXPECT_EQ(D("0.000").digits(), 1);
  EXPECT_NEAR(D("12.34").to_double_for_display(), 12.34, 1e-12);
}

// Square roots rounded down, against python: math.isqrt(floor(x × 10^(2k))) / 10^k.
TEST(DecimalSquareRoot, RoundsDownExactly) {
  const auto root = [](std::string_view x, int k) {
    return Decimal::square_root(Decimal::parse(x).value(), k).value().to_string();
  };
  EXPECT_EQ(root("2", 12), "1.414213562373");
  EXPECT_EQ(root("0.0001", 3), "0.010");
  EXPECT_EQ(root("0.000000000000000000000000000001", 12), "0.000000000000");
  EXPECT_EQ(root("123456789012345678901234567890.5", 5), "351364182882014.42531");
  EXPECT_EQ(root("99.99", 0), "9");
  EXPECT_EQ(root("0.25", 1), "0.5");
  EXPECT_EQ(root("1522.756", 12), "39.022506326477");
  EXPECT_EQ(root("0", 4), "0.0000");
  // A perfect square comes out exact at any scale; the root squared never exceeds the radicand.
  EXPECT_EQ(root("1.44", 6), "1.200000");
  const Decimal r = Decimal::square_root(Decimal(7), 20).value();
  EXPECT_LE(r * r, Decimal(7));
  EXPECT_GT((r + Decimal::parse("0.00000000000000000001").value()) *
                (r + Decimal::parse("0.00000000000000000001").value()),
            Decimal(7));
  EXPECT_EQ(Decimal::square_root(Decimal(-1), 2).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(Decimal::square_root(Decimal(4), 51).error().code, ErrorCode::out_of_range);
}

}  // namespace
}  // namespace renofee
