// Shared helpers of the finance test drivers: decimals and money from text, a plain loan offer, and a
// schedule row as the fixture's CSV text ("m,due,opening,interest,principal,payment,service,total,closing").
#pragma once

#include <string>

#include "renofee/core/finance/schedule.hpp"

namespace renofee::finance::testing {

inline Decimal dec(const std::string& text) {
  return Decimal::parse(text).value();
}

inline Money eur(const std::string& text) {
  return Money(dec(text));
}

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

inline std::string csv(const ScheduleRow& row) {
  std::string out = std::to_string(row.month) + "," + calendar::to_string(row.due_date);
  for (const Money* amount : {&row.opening_balance, &row.interest, &row.principal, &row.financing_payment,
                              &row.service_fee, &row.total, &row.closing_balance})
    out += "," + amount->value().round(2, Rounding::down).to_string();
  return out;
}

}  // namespace renofee::finance::testing
