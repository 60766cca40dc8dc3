// Shared helpers of the finance test drivers: decimals and money from text, a plain loan offer, a fixture row
// as a schedule input, and a schedule row as the fixture's CSV text
// ("m,due,opening,interest,principal,payment,service,total,closing").
#pragma once

#include <string>
#include <vector>

#include "renofee/core/finance/schedule.hpp"
#include "support/literals.hpp"

namespace renofee::finance::testing {

using renofee::dec;
using renofee::eur;

// An annuity (unless `method` says otherwise) on the nominal basis, half_up, starting 1 March 2026.
inline ScheduleInput loan(const char* principal, const char* rate, int term,
                          Method method = Method::annuity) {
  ScheduleInput input;
  input.financing.principal = eur(principal);
  input.financing.annual_rate = dec(rate);
  input.financing.term_months = term;
  input.financing.method = method;
  input.start = calendar::make_date(2026, 3, 1);
  return input;
}

// The financing of a reference-fixture row: fields 1..8 are principal, rate, basis, term, method, grace,
// rounding and start (scripts/gen_schedule_reference.py and gen_payoff_reference.py write them so).
inline ScheduleInput financing_from_fields(const std::vector<std::string>& f) {
  ScheduleInput input;
  input.financing.principal = eur(f.at(1));
  input.financing.annual_rate = dec(f.at(2));
  input.financing.rate_basis = parse_rate_basis(f.at(3)).value();
  input.financing.term_months = std::stoi(f.at(4));
  input.financing.method = parse_method(f.at(5)).value();
  input.financing.grace_months = std::stoi(f.at(6));
  input.financing.rounding = parse_rounding(f.at(7)).value();
  input.start = calendar::parse_date(f.at(8)).value();
  return input;
}

inline std::string csv(const ScheduleRow& row) {
  std::string out = std::to_string(row.month) + "," + calendar::to_string(row.due_date);
  for (const Money* amount : {&row.opening_balance, &row.interest, &row.principal, &row.financing_payment,
                              &row.service_fee, &row.total, &row.closing_balance})
    out += "," + amount->value().round(2, Rounding::down).to_string();
  return out;
}

}  // namespace renofee::finance::testing
