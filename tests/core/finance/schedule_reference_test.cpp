// Test plan: replay tests/data/schedule_reference.tsv, written by scripts/gen_schedule_reference.py from an
// independent python implementation (integers, fractions, decimal; fixed seed). For each of the 2,412 offers
// (2,400 random: principal 1,000-100,000 with cents, rates 0-12% with up to 4 decimals as a percentage, terms
// 12-480, both methods and bases, grace 0-24, all six roundings, service fees with fixed or series
// indexation, EPV caps; plus 12 hand-picked ones) the schedule built by renofee must match to the cent:
// regular payment, row count, Σ interest, Σ financing payments, Σ service fees, Σ cap reductions, Σ totals,
// the month the loan is settled, a position-weighted checksum over every amount of every row and one over
// every due date, the sample rows in full, and the APR (12 decimals within 1e-12, percentages exactly).
// Independently of python, every schedule must end at exactly 0.00, Σ principal = P, and each row must add
// up.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "finance_test_util.hpp"
#include "renofee/core/finance/apr.hpp"
#include "renofee/core/finance/schedule.hpp"

namespace renofee::finance {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, separator))
    parts.push_back(part);
  return parts;
}

using testing::csv;
using testing::dec;

std::int64_t in_cents(const Money& amount) {
  return amount.value().to_units(2).value();
}

TEST(ScheduleReference, EveryOfferMatchesPythonToTheCent) {
  std::ifstream file(std::string(RENOFEE_TEST_DATA_DIR) + "/schedule_reference.tsv");
  ASSERT_TRUE(file.is_open());
  std::string line;
  int offers = 0;
  int line_number = 0;
  while (std::getline(file, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = split(line, '\t');
    ASSERT_EQ(f.size(), 27u) << "line " << line_number;
    SCOPED_TRACE("line " + std::to_string(line_number) + " " + f[0]);

    ScheduleInput input = testing::financing_from_fields(f);
    input.service_fee.monthly = eur(f[9]);
    input.service_fee.indexation.kind = parse_indexation_kind(f[10]).value();
    if (input.service_fee.indexation.kind == IndexationKind::fixed)
      input.service_fee.indexation.annual_rate = dec(f[11]);
    if (input.service_fee.indexation.kind == IndexationKind::series) {
      for (const std::string& factor : split(f[11], '|'))
        input.service_fee.indexation.factors.push_back(dec(factor));
    }
    if (f[12] != "-") input.monthly_cap = eur(f[12]);

    const Result<Schedule> built = build_schedule(input);
    ASSERT_TRUE(built.ok()) << describe(built.error());
    const Schedule& s = *built;
    EXPECT_EQ(s.regular_payment, eur(f[13]));
    ASSERT_EQ(static_cast<int>(s.rows.size()), std::stoi(f[14]));

    // Sums, settlement, checksums: recomputed from the rows here, not taken from the totals.
    std::int64_t interest = 0, payments = 0, service = 0, reduction = 0, total = 0, principal = 0;
    long long checksum = 0, date_checksum = 0;
    int settled = 0;
    std::int64_t expected_opening = in_cents(input.financing.principal);
    for (const ScheduleRow& row : s.rows) {
      const std::int64_t o = in_cents(row.opening_balance), i = in_cents(row.interest),
                         p = in_cents(row.principal), pay = in_cents(row.financing_payment),
                         fee = in_cents(row.service_fee), t = in_cents(row.total),
                         c = in_cents(row.closing_balance);
      ASSERT_EQ(o, expected_opening) << row.month;
      ASSERT_EQ(pay, i + p) << row.month;
      ASSERT_EQ(c, o - p) << row.month;
      ASSERT_GE(c, 0) << row.month;
      ASSERT_EQ(in_cents(row.cap_reduction), pay + fee - t) << row.month;
      expected_opening = c;
      interest += i;
      payments += pay;
      service += fee;
      reduction += pay + fee - t;
      total += t;
      principal += p;
      if (settled == 0 && c == 0) settled = row.month;
      const long long m = row.month;
      checksum += m * (o + 3 * i + 5 * p + 7 * pay + 11 * fee + 13 * t + 17 * c);
      date_checksum +=
          m * (static_cast<int>(row.due_date.year()) * 10000 +
               static_cast<unsigned>(row.due_date.month()) * 100 + static_cast<unsigned>(row.due_date.day()));
    }
    EXPECT_EQ(expected_opening, 0);  // the balance ends at exactly 0.00
    EXPECT_EQ(principal, in_cents(input.financing.principal));
    EXPECT_EQ(cents(interest), eur(f[15]));
    EXPECT_EQ(cents(payments), eur(f[16]));
    EXPECT_EQ(cents(service), eur(f[17]));
    EXPECT_EQ(cents(reduction), eur(f[18]));
    EXPECT_EQ(cents(total), eur(f[19]));
    EXPECT_EQ(settled, std::stoi(f[20]));
    EXPECT_EQ(std::to_string(checksum), f[21]);
    EXPECT_EQ(std::to_string(date_checksum), f[22]);
    // The totals the quote shows agree with the rows.
    EXPECT_EQ(s.totals.interest, cents(interest));
    EXPECT_EQ(s.totals.financing_payments, cents(payments));
    EXPECT_EQ(s.totals.cost_of_credit, cents(payments - principal));
    EXPECT_EQ(s.totals.service_fees, cents(service));
    EXPECT_EQ(s.totals.cap_reductions, cents(reduction));
    EXPECT_EQ(s.totals.total_payable, cents(total));
    for (const std::string& sample : split(f[26], ';')) {
      const int month = std::stoi(sample.substr(0, sample.find(',')));
      EXPECT_EQ(csv(s.rows[static_cast<std::size_t>(month - 1)]), sample);
    }

    const Result<Apr> apr = apr_of(s);
    ASSERT_TRUE(apr.ok()) << describe(apr.error());
    EXPECT_LE((apr->annual_rate - dec(f[23])).abs(), dec("0.000000000001")) << apr->annual_rate;
    EXPECT_EQ(apr->percent_one_decimal, dec(f[24]));
    EXPECT_EQ(apr->percent_two_decimals, dec(f[25]));
    ++offers;
  }
  EXPECT_GE(offers, 2000);
}

}  // namespace
}  // namespace renofee::finance
