// Tests of core/collections/arrears.hpp: a hand-checked history with a partial payment and a returned debit,
// the refusals, and 500 random histories against scripts/gen_payoff_reference.py to the cent and the day.
#include "renofee/core/collections/arrears.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include "support/literals.hpp"

namespace renofee::collections {
namespace {

calendar::Date day(std::string_view text) {
  return calendar::parse_date(text).value();
}

TEST(Arrears, OldestFeeIsSettledFirst) {
  // Three fees of 150.00 due 1 Jan, 1 Feb, 1 Mar; 150.00 paid 2 Jan, 150.00 on 3 Feb returned (AM04) on
  // 8 Feb, 100.00 paid 5 Mar. Net paid 250.00 settles January and 100.00 of February: open 50.00 of
  // February (overdue 41 days on 14 Mar) and all of March.
  const std::vector<Charge> charges{{day("2026-03-01"), eur("150.00")},
                                    {day("2026-01-01"), eur("150.00")},
                                    {day("2026-02-01"), eur("150.00")}};
  const std::vector<Payment> payments{{day("2026-01-02"), eur("150.00")},
                                      {day("2026-02-03"), eur("150.00")},
                                      {day("2026-02-08"), eur("-150.00")},
                                      {day("2026-03-05"), eur("100.00")}};
  const Arrears a = arrears(charges, payments, day("2026-03-14")).value();
  EXPECT_EQ(a.charged, eur("450.00"));
  EXPECT_EQ(a.paid, eur("250.00"));
  EXPECT_EQ(a.open, eur("200.00"));
  EXPECT_EQ(a.overdue, eur("200.00"));
  EXPECT_EQ(a.credit, eur("0.00"));
  EXPECT_EQ(a.days_past_due, 41);
  ASSERT_EQ(a.open_charges.size(), 2u);
  EXPECT_EQ(a.open_charges[0].due, day("2026-02-01"));
  EXPECT_EQ(a.open_charges[0].open, eur("50.00"));
  EXPECT_EQ(a.open_charges[1].open, eur("150.00"));
  // On 1 March itself the March fee is due but not overdue, and the return of 8 Feb already counts.
  const Arrears on_due = arrears(charges, payments, day("2026-03-01")).value();
  EXPECT_EQ(on_due.open, eur("300.00"));
  EXPECT_EQ(on_due.overdue, eur("150.00"));
  EXPECT_EQ(on_due.days_past_due, 28);
  // Paid too much: a credit, nothing open.
  const std::vector<Payment> generous{{day("2026-01-01"), eur("500.00")}};
  const Arrears credit = arrears(charges, generous, day("2026-03-31")).value();
  EXPECT_EQ(credit.open, eur("0.00"));
  EXPECT_EQ(credit.credit, eur("50.00"));
  EXPECT_EQ(credit.days_past_due, 0);
}

TEST(Arrears, RefusesAmountsThatAreNotCents) {
  const std::vector<Charge> bad_charge{{day("2026-01-01"), eur("0.00")}};
  EXPECT_EQ(arrears(bad_charge, {}, day("2026-02-01")).error().field, "/charges/0/amount");
  const std::vector<Charge> charges{{day("2026-01-01"), eur("10.00")}};
  const std::vector<Payment> bad_payment{{day("2026-01-01"), eur("1.005")}};
  EXPECT_EQ(arrears(charges, bad_payment, day("2026-02-01")).error().field, "/payments/0/amount");
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string part;
  while (std::getline(in, part, separator))
    out.push_back(part);
  return out;
}

TEST(Arrears, MatchesThePythonReference) {
  std::ifstream in(std::string(RENOFEE_TEST_DATA_DIR) + "/finance/arrears_reference.tsv");
  ASSERT_TRUE(in.is_open());
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = split(line, '\t');
    ASSERT_EQ(f.size(), 11u);
    SCOPED_TRACE(f[0]);
    std::vector<Charge> charges;
    for (const std::string& item : split(f[2], ';'))
      charges.push_back({day(item.substr(0, 10)), eur(item.substr(11))});
    std::vector<Payment> payments;
    if (f[3] != "-") {
      for (const std::string& item : split(f[3], ';'))
        payments.push_back({day(item.substr(0, 10)), eur(item.substr(11))});
    }
    const Arrears a = arrears(charges, payments, day(f[1])).value();
    EXPECT_EQ(a.charged, eur(f[4]));
    EXPECT_EQ(a.paid, eur(f[5]));
    EXPECT_EQ(a.open, eur(f[6]));
    EXPECT_EQ(a.overdue, eur(f[7]));
    EXPECT_EQ(a.credit, eur(f[8]));
    EXPECT_EQ(a.days_past_due, std::stoi(f[9]));
    std::string open_list;
    for (const OpenCharge& c : a.open_charges)
      open_list += (open_list.empty() ? "" : ";") + calendar::to_string(c.due) + ":" + c.open.to_string();
    EXPECT_EQ(open_list.empty() ? "-" : open_list, f[10]);
    ++cases;
  }
  EXPECT_EQ(cases, 500);
}

}  // namespace
}  // namespace renofee::collections
