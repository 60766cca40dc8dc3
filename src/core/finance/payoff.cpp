#include "renofee/core/finance/payoff.hpp"

#include <string>

namespace renofee::finance {
namespace {

Decimal big(const boost::multiprecision::cpp_int& value) {
  return Decimal::parse(value.str()).value();
}

}  // namespace

Result<PayoffQuote> payoff_quote(const Schedule& schedule, calendar::Date drawdown, calendar::Date as_of,
                                 EarlyRepayment rule) {
  const std::vector<ScheduleRow>& rows = schedule.rows;
  if (rows.empty() || as_of < drawdown || !(as_of < rows.back().due_date)) {
    return out_of_range("a payoff date must lie from the drawdown " + calendar::to_string(drawdown) +
                            " up to the day before the last due date " +
                            (rows.empty() ? std::string("-") : calendar::to_string(rows.back().due_date)) +
                            ", not " + calendar::to_string(as_of),
                        "/date");
  }
  PayoffQuote q;
  q.as_of = as_of;
  q.rule = rule;
  int k = 0;
  while (k < static_cast<int>(rows.size()) && !(as_of < rows[static_cast<std::size_t>(k)].due_date))
    ++k;
  q.instalments_due = k;
  q.months_remaining = static_cast<int>(rows.size()) - k;
  q.period_begin = k == 0 ? drawdown : rows[static_cast<std::size_t>(k - 1)].due_date;
  q.period_end = rows[static_cast<std::size_t>(k)].due_date;
  q.days_elapsed = calendar::days_between(q.period_begin, as_of);
  q.days_in_period = calendar::days_between(q.period_begin, q.period_end);
  RENOFEE_TRY(q.balance, payoff_amount(schedule, k));
  const Rounding mode = schedule.input.financing.rounding;
  const Decimal numerator = q.balance.value() * big(schedule.rate.numerator()) * Decimal(q.days_elapsed);
  const Decimal denominator = big(schedule.rate.denominator()) * Decimal(q.days_in_period);
  RENOFEE_TRY(const Decimal accrued, Decimal::divide(numerator, denominator, 2, mode));
  q.accrued_interest = Money(accrued);
  Decimal remaining = -accrued;
  for (std::size_t m = static_cast<std::size_t>(k); m < rows.size(); ++m)
    remaining += rows[m].interest.value();
  q.interest_remaining = Money(remaining);
  q.compensation_rate = Decimal(0);
  q.compensation = Money(Decimal(0).round(2, Rounding::half_up));
  if (rule == EarlyRepayment::statutory_cap) {
    const bool more_than_a_year = calendar::add_months_keep_day(as_of, 12) < rows.back().due_date;
    q.compensation_rate = Decimal::parse(more_than_a_year ? "0.01" : "0.005").value();
    Decimal fee = (q.balance.value() * q.compensation_rate).round(2, Rounding::half_up);
    if (fee > remaining) fee = remaining;
    if (fee.is_negative()) fee = Decimal(0).round(2, Rounding::half_up);
    q.compensation = Money(fee);
  }
  q.total = Money(q.balance.value() + q.accrued_interest.value() + q.compensation.value());
  return q;
}

}  // namespace renofee::finance
