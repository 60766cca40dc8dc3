#include "renofee/core/finance/schedule.hpp"

#include <algorithm>
#include <string>

namespace renofee::finance {
namespace {

// Due dates start + k months (calendar::add_months_keep_day), stepped month by month. A start day <= 28
// exists in every month, so the date is (start year, month + k, day) and no clamping can occur; later days
// go through calendar's policy. Saves a fifth of a 360-month schedule (bench/schedule_bench.cpp).
class DueDates {
 public:
  explicit DueDates(calendar::Date start)
      : start_(start), month_(date::year_month{start.year(), start.month()}) {}
  calendar::Date at(int k) const {
    if (start_.day() <= date::day{28}) {
      const date::year_month ym = month_ + date::months{k};
      return calendar::Date{ym.year(), ym.month(), start_.day()};
    }
    return calendar::add_months_keep_day(start_, k);
  }

 private:
  calendar::Date start_;
  date::year_month month_;
};

}  // namespace
std::string_view to_string(Method method) noexcept {
  return method == Method::annuity ? "annuity" : "linear";
}

Result<Method> parse_method(std::string_view text) {
  if (text == "annuity") return Method::annuity;
  if (text == "linear") return Method::linear;
  return invalid_argument(
      "unknown repayment method \"" + std::string(text) + "\" (expected annuity or linear)",
      "/financing/method");
}

Result<Schedule> build_schedule(const ScheduleInput& input) {
  const FinancingTerms& terms = input.financing;
  RENOFEE_TRY(const std::int64_t principal, detail::cents_in_range(terms.principal, 1, max_principal_cents,
                                                                   "principal", "/financing/principal"));
  Result<MonthlyRate> rate = MonthlyRate::make(terms.annual_rate, terms.rate_basis);
  if (!rate) return rate.error().at("/financing/annual_rate");
  const int term = terms.term_months;
  if (term < 1 || term > max_term_months) {
    return out_of_range(
        "term of " + std::to_string(term) + " months outside 1.." + std::to_string(max_term_months),
        "/financing/term_months");
  }
  const int grace = terms.grace_months;
  if (grace < 0 || grace >= term) {
    return out_of_range("grace of " + std::to_string(grace) + " months must be 0 <= grace < term (" +
                            std::to_string(term) + ")",
                        "/financing/grace_months");
  }
  if (!input.start.ok()) return invalid_argument("start date is not a valid date", "/start_date");
  std::optional<std::int64_t> cap;
  if (input.monthly_cap) {
    RENOFEE_TRY(cap, detail::cents_in_range(*input.monthly_cap, 0, max_principal_cents, "monthly cap",
                                            "/epv/monthly_cap"));
  }
  const int years = (term + 11) / 12;
  RENOFEE_TRY(const std::vector<Money> fees, indexed_monthly_fees(input.service_fee, years));
  std::vector<std::int64_t> fee_cents;
  fee_cents.reserve(fees.size());
  for (const Money& fee : fees)
    fee_cents.push_back(fee.value().to_units(2).value());  // cents by construction

  const Rounding mode = terms.rounding;
  const int amortising = term - grace;
  const std::int64_t regular = terms.method == Method::annuity
                                   ? annuity_payment_cents(principal, *rate, amortising, mode)
                                   : divide_cents(principal, amortising, mode);

  Schedule schedule{input, std::move(rate).value(), amortising, cents(regular), {}, {}};
  const MonthlyRate& monthly = schedule.rate;
  schedule.rows.reserve(static_cast<std::size_t>(term));
  const DueDates due_dates(input.start);
  std::int64_t balance = principal;
  std::int64_t sum_interest = 0;
  std::int64_t sum_service = 0;
  std::int64_t sum_reduction = 0;
  std::int64_t sum_total = 0;
  for (int month = 1; month <= term; ++month) {
    const std::int64_t opening = balance;
    const std::int64_t interest = opening == 0 ? 0 : monthly.interest_cents(opening, mode);
    std::int64_t principal_part = 0;
    if (month == term) {
      principal_part = opening;
    } else if (month > grace) {
      const std::int64_t due = terms.method == Method::annuity ? regular - interest : regular;
      principal_part = std::min(due, opening);
    }
    balance -= principal_part;
    const std::int64_t payment = interest + principal_part;
    const std::int64_t service = fee_cents[static_cast<std::size_t>((month - 1) / 12)];
    const std::int64_t gross = payment + service;
    const std::int64_t total = cap ? std::min(gross, *cap) : gross;
    sum_interest += interest;
    sum_service += service;
    sum_reduction += gross - total;
    sum_total += total;
    // Constructed in place (parenthesised aggregate initialisation): each amount is written once.
#if defined(__cpp_aggregate_paren_init)
    schedule.rows.emplace_back(month, due_dates.at(month - 1), cents(opening), cents(interest),
                               cents(principal_part), cents(payment), cents(service), cents(total),
                               cents(balance), cents(gross - total));
#else
    // clang before 16 (the libFuzzer build, make fuzz) lacks P0960: braces, then a move.
    schedule.rows.push_back(ScheduleRow{month, due_dates.at(month - 1), cents(opening), cents(interest),
                                        cents(principal_part), cents(payment), cents(service), cents(total),
                                        cents(balance), cents(gross - total)});
#endif
  }
  schedule.totals = ScheduleTotals{cents(sum_interest), cents(principal),   cents(principal + sum_interest),
                                   cents(sum_interest), cents(sum_service), cents(sum_reduction),
                                   cents(sum_total)};
  return schedule;
}

Result<Money> payoff_amount(const Schedule& schedule, int months_paid) {
  const int term = static_cast<int>(schedule.rows.size());
  if (months_paid < 0 || months_paid > term) {
    return out_of_range("payoff after " + std::to_string(months_paid) + " payments: the term has " +
                        std::to_string(term) + " months");
  }
  if (months_paid == 0) return schedule.input.financing.principal;
  return schedule.rows[static_cast<std::size_t>(months_paid - 1)].closing_balance;
}

int contract_years(const Schedule& schedule) {
  return (static_cast<int>(schedule.rows.size()) + 11) / 12;
}

std::optional<YearFee> fee_in_contract_year(const Schedule& schedule, int year) {
  if (year < 1 || year > contract_years(schedule)) return std::nullopt;
  const ScheduleRow& row = schedule.rows[static_cast<std::size_t>((year - 1) * 12)];
  return YearFee{year, row.financing_payment, row.service_fee, row.total};
}

}  // namespace renofee::finance
