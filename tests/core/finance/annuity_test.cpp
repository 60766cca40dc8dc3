// Test plan for annuity.hpp (docs/domain.md §4). Expected values come from scripts/gen_schedule_reference.py
// (python integers, fractions and decimal; see its docstring), printed once and pasted here; the fixture
// test (schedule_reference_test.cpp) covers thousands more.
//   - rate basis names round-trip, unknown names are refused naming the text;
//   - effective monthly rates equal python's floor(((1 + r) 10^480)^(1/12)) - 10^40, and satisfy the
//     root bracket y^12 <= N < (y + 1)^12 exactly; nominal rates are r/12 in lowest terms;
//   - interest rounding per mode, including exact half-cent ties;
//   - annuity payments per mode (worked examples, a tie at n = 1, the range extremes), and the fast
//     interval path equals the exact path on a sweep;
//   - invalid rates and principals are refused naming the field.
#include "renofee/core/finance/annuity.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "finance_test_util.hpp"

namespace renofee::finance {
namespace {

using Big = boost::multiprecision::cpp_int;

using testing::dec;

MonthlyRate rate_of(const char* annual, RateBasis basis) {
  return MonthlyRate::make(dec(annual), basis).value();
}

constexpr std::array<Rounding, 6> modes = {Rounding::half_up, Rounding::half_even, Rounding::down,
                                           Rounding::up,      Rounding::floor,     Rounding::ceiling};

TEST(RateBasis, NamesRoundTrip) {
  EXPECT_EQ(parse_rate_basis("nominal").value(), RateBasis::nominal);
  EXPECT_EQ(parse_rate_basis("effective").value(), RateBasis::effective);
  EXPECT_EQ(to_string(RateBasis::effective), "effective");
  const Result<RateBasis> bad = parse_rate_basis("Effective");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("\"Effective\""), std::string::npos);
}

TEST(MonthlyRate, EffectiveMatchesPythonAndBracketsTheRoot) {
  struct Row {
    int line;
    const char* annual;
    const char* i_times_1e40;  // python: effective_y(r) - 10**40
  };
  const Row rows[] = {
      {__LINE__, "0.0435", "35546735478100704339168289247839595535"},
      {__LINE__, "0.12", "94887929345829741263550691934939563944"},
      {__LINE__, "1", "594630943592952645618252949463417007792"},
      {__LINE__, "0.0001", "83329514132891158881463861942139658"},  // 35 significant digits
      {__LINE__, "0.039", "31933138078820754083172007232272212290"},
  };
  const Big one40 = Big("10000000000000000000000000000000000000000");
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const MonthlyRate rate = rate_of(row.annual, RateBasis::effective);
    const Big scaled = rate.numerator() * one40 / rate.denominator();
    EXPECT_EQ(scaled * rate.denominator(), rate.numerator() * one40);  // i has at most 40 decimals
    EXPECT_EQ(scaled.str(), row.i_times_1e40);
    // y = 10^40 (1 + i) is the floor of the 12th root of (1 + r) 10^480.
    const Decimal r = dec(row.annual);
    const Big radicand =
        Big(Decimal(1) == r ? 2 : 1) * boost::multiprecision::pow(Big(10), 480) +
        (Decimal(1) == r ? Big(0)
                         : Big(r.trimmed().to_units(r.trimmed().scale()).value()) *
                               boost::multiprecision::pow(Big(10), 480 - r.trimmed().scale()));
    const Big y = one40 + scaled;
    EXPECT_LE(boost::multiprecision::pow(y, 12), radicand);
    EXPECT_GT(boost::multiprecision::pow(Big(y + 1), 12), radicand);
    EXPECT_EQ(rate.to_decimal(40, Rounding::down).to_string(),
              "0." + std::string(40 - scaled.str().size(), '0') + scaled.str());
  }
}

TEST(MonthlyRate, NominalIsAnnualOverTwelveInLowestTerms) {
  const MonthlyRate rate = rate_of("0.0390", RateBasis::nominal);
  EXPECT_EQ(rate.numerator(), 13);  // 0.039 / 12 = 39 / 12000 = 13 / 4000
  EXPECT_EQ(rate.denominator(), 4000);
  EXPECT_EQ(rate.to_decimal(5, Rounding::half_up).to_string(), "0.00325");
  const MonthlyRate zero = rate_of("0.00", RateBasis::effective);
  EXPECT_TRUE(zero.is_zero());
  EXPECT_EQ(zero.interest_cents(123456, Rounding::up), 0);
}

TEST(MonthlyRate, InterestRoundsOncePerMode) {
  struct Row {
    int line;
    const char* annual;
    RateBasis basis;
    std::int64_t balance;
    std::array<std::int64_t, 6> expected;  // half_up, half_even, down, up, floor, ceiling
  };
  const Row rows[] = {
      // 0.12 / 12 = 0.01: 50 cents give exactly half a cent.
      {__LINE__, "0.12", RateBasis::nominal, 50, {1, 0, 0, 1, 0, 1}},
      {__LINE__, "0.12", RateBasis::nominal, 150, {2, 2, 1, 2, 1, 2}},
      {__LINE__, "0.12", RateBasis::nominal, 250, {3, 2, 2, 3, 2, 3}},
      {__LINE__, "0.12", RateBasis::nominal, 49, {0, 0, 0, 1, 0, 1}},
      {__LINE__, "0.12", RateBasis::nominal, 51, {1, 1, 0, 1, 0, 1}},
      {__LINE__, "0.12", RateBasis::nominal, 0, {0, 0, 0, 0, 0, 0}},
      // python round_div(b * i.numerator, i.denominator, mode) for the effective 4.35% rate.
      {__LINE__, "0.0435", RateBasis::effective, 1500000, {5332, 5332, 5332, 5333, 5332, 5333}},
      {__LINE__, "0.0435", RateBasis::effective, 1, {0, 0, 0, 1, 0, 1}},
      {__LINE__, "0.0435", RateBasis::effective, 12345678, {43885, 43885, 43884, 43885, 43884, 43885}},
      {__LINE__, "0.0435", RateBasis::effective, 99999999, {355467, 355467, 355467, 355468, 355467, 355468}},
      // 10,000,000.00 at 100% nominal: 1e9 / 12 = 83,333,333.33 cents.
      {__LINE__,
       "1",
       RateBasis::nominal,
       1'000'000'000,
       {83333333, 83333333, 83333333, 83333334, 83333333, 83333334}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const MonthlyRate rate = rate_of(row.annual, row.basis);
    for (std::size_t k = 0; k < modes.size(); ++k)
      EXPECT_EQ(rate.interest_cents(row.balance, modes[k]), row.expected[k]) << to_string(modes[k]);
  }
  EXPECT_EQ(rate_of("0.12", RateBasis::nominal).interest(cents(250), Rounding::half_even).value(), cents(2));
  EXPECT_FALSE(rate_of("0.12", RateBasis::nominal).interest(Money(dec("2.505")), Rounding::half_up).ok());
}

TEST(MonthlyRate, InterestEqualsExactRationalRoundingOnASweep) {
  // round(b × num / den) computed here with big integers, against the fast paths (binary bracket, limbs,
  // reciprocal) for balances 0..5000 cents and a spread of large ones, every mode, both bases.
  int checked = 0;
  for (const char* annual : {"0.0001", "0.0435", "0.12", "1", "0.039", "0.000001"}) {
    for (RateBasis basis : {RateBasis::nominal, RateBasis::effective}) {
      const MonthlyRate rate = rate_of(annual, basis);
      const Big num = rate.numerator();
      const Big den = rate.denominator();
      for (std::int64_t b = 0; b <= 1'000'000'000; b = b < 5000 ? b + 1 : b * 3 + 7) {
        const Big product = Big(b) * num;
        const Big q = product / den;
        const Big r = product - q * den;
        const int half = compare_with_half(r, den);
        for (Rounding mode : modes) {
          const std::int64_t expected =
              static_cast<std::int64_t>(q) + (rounds_away(r == 0, half, (q & 1) != 0, false, mode) ? 1 : 0);
          ASSERT_EQ(rate.interest_cents(b, mode), expected)
              << annual << " " << to_string(basis) << " b=" << b;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 6 * 2 * 5000 * 6);
}

TEST(Annuity, PaymentsPerModeMatchPython) {
  struct Row {
    int line;
    std::int64_t principal;
    const char* annual;
    RateBasis basis;
    int months;
    std::array<std::int64_t, 6> expected;  // half_up, half_even, down, up, floor, ceiling
  };
  const Row rows[] = {
      // docs/domain.md §4.9: Warmtefonds 15,000 over 10 years at 4.35% effective = 153.77.
      {__LINE__, 1500000, "0.0435", RateBasis::effective, 120, {15377, 15377, 15376, 15377, 15376, 15377}},
      {__LINE__, 1000000, "0.0435", RateBasis::effective, 120, {10251, 10251, 10251, 10252, 10251, 10252}},
      // The demo offer of docs/offers.md: 35,000 over 240 months at 3.9% nominal.
      {__LINE__, 3500000, "0.039", RateBasis::nominal, 240, {21025, 21025, 21025, 21026, 21025, 21026}},
      // n = 1: A = 1000.50 × 1.01 = 1010.505 exactly, a tie: the interval straddles it, the exact path
      // decides.
      {__LINE__, 100050, "0.12", RateBasis::nominal, 1, {101051, 101050, 101050, 101051, 101050, 101051}},
      // Range extremes.
      {__LINE__,
       1'000'000'000,
       "0.12",
       RateBasis::nominal,
       600,
       {10025603, 10025603, 10025602, 10025603, 10025602, 10025603}},
      {__LINE__, 100000, "1", RateBasis::nominal, 600, {8333, 8333, 8333, 8334, 8333, 8334}},
      {__LINE__, 123456, "0.0799", RateBasis::effective, 37, {3760, 3760, 3759, 3760, 3759, 3760}},
      // 0%: A = P / n rounded; 10,000.00 / 120 = 83.333...
      {__LINE__, 1000000, "0", RateBasis::nominal, 120, {8333, 8333, 8333, 8334, 8333, 8334}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const MonthlyRate rate = rate_of(row.annual, row.basis);
    for (std::size_t k = 0; k < modes.size(); ++k) {
      EXPECT_EQ(annuity_payment_cents(row.principal, rate, row.months, modes[k]), row.expected[k])
          << to_string(modes[k]);
      EXPECT_EQ(annuity_payment_exact_cents(row.principal, rate, row.months, modes[k]), row.expected[k])
          << to_string(modes[k]);
    }
  }
}

TEST(Annuity, WarmtefondsQuotes15380AtNominal427) {
  // The fund's example says 153.80 for "4.35%": that is its APR. The debit rate 4.27% nominal gives 153.80
  // and an APR of 4.35% (apr_test.cpp); 4.35% effective gives 153.77 (docs/domain.md §4.9).
  EXPECT_EQ(
      annuity_payment(cents(1500000), rate_of("0.0427", RateBasis::nominal), 120, Rounding::half_up).value(),
      cents(15380));
  EXPECT_EQ(
      annuity_payment(cents(1500000), rate_of("0.0435", RateBasis::nominal), 120, Rounding::half_up).value(),
      cents(15438));
}

TEST(Annuity, FastPathEqualsExactPathOnASweep) {
  // Principals with many digit patterns, small and large rates on both bases, short and long terms.
  const char* rates[] = {"0.0001", "0.005", "0.0199", "0.039", "0.0435", "0.0999", "0.12", "0.5", "1"};
  const std::int64_t principals[] = {1, 99, 100001, 1234567, 2500000, 9999999, 1'000'000'000};
  const int terms[] = {1, 2, 3, 11, 12, 119, 240, 360, 599, 600};
  int checked = 0;
  for (const char* annual : rates) {
    for (RateBasis basis : {RateBasis::nominal, RateBasis::effective}) {
      const MonthlyRate rate = rate_of(annual, basis);
      for (std::int64_t principal : principals) {
        for (int months : terms) {
          for (Rounding mode : {Rounding::half_up, Rounding::half_even, Rounding::up}) {
            ASSERT_EQ(annuity_payment_cents(principal, rate, months, mode),
                      annuity_payment_exact_cents(principal, rate, months, mode))
                << annual << " " << to_string(basis) << " P=" << principal << " n=" << months;
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 9 * 2 * 7 * 10 * 3);
}

TEST(MonthlyRate, InvalidRatesAreRefused) {
  struct Row {
    int line;
    const char* annual;
  };
  const Row rows[] = {{__LINE__, "-0.01"}, {__LINE__, "1.0001"}, {__LINE__, "0.1234567890123456789"}};
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    for (RateBasis basis : {RateBasis::nominal, RateBasis::effective}) {
      const Result<MonthlyRate> rate = MonthlyRate::make(dec(row.annual), basis);
      ASSERT_FALSE(rate.ok());
      EXPECT_NE(rate.error().message.find(row.annual), std::string::npos) << rate.error().message;
    }
  }
  // Trailing zeros do not count as decimals.
  EXPECT_TRUE(MonthlyRate::make(dec("0.039000000000000000000000"), RateBasis::nominal).ok());
}

TEST(Annuity, InvalidPrincipalOrTermNamesTheField) {
  const MonthlyRate rate = rate_of("0.039", RateBasis::nominal);
  struct Row {
    int line;
    Money principal;
    int months;
    const char* field;
  };
  const Row rows[] = {
      {__LINE__, cents(0), 12, "/financing/principal"},
      {__LINE__, cents(-100), 12, "/financing/principal"},
      {__LINE__, Money(dec("100.005")), 12, "/financing/principal"},
      {__LINE__, cents(1'000'000'001), 12, "/financing/principal"},
      {__LINE__, cents(100000), 0, "/financing/term_months"},
      {__LINE__, cents(100000), 601, "/financing/term_months"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const Result<Money> payment = annuity_payment(row.principal, rate, row.months, Rounding::half_up);
    ASSERT_FALSE(payment.ok());
    EXPECT_EQ(payment.error().field, row.field);
  }
}

TEST(DivideCents, RoundsPerMode) {
  EXPECT_EQ(divide_cents(1000000, 120, Rounding::half_up), 8333);
  EXPECT_EQ(divide_cents(1000000, 120, Rounding::ceiling), 8334);
  EXPECT_EQ(divide_cents(5, 2, Rounding::half_even), 2);
  EXPECT_EQ(divide_cents(5, 2, Rounding::half_up), 3);
  EXPECT_EQ(divide_cents(7, 2, Rounding::half_even), 4);
}

}  // namespace
}  // namespace renofee::finance
