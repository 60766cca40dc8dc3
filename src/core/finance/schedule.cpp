#include "renofee/core/finance/schedule.hpp"

#include <algorithm>
#include <string>
#include <type_traits>

namespace renofee::finance {
namespace {

// The input checked, as the integer cents the engine works on.
struct CheckedInput {
  std::int64_t principal = 0;
  MonthlyRate rate;
  std::optional<std::int64_t> monthly_cap;                           // EPV cap on the total, from the start
  std::vector<std::pair<calendar::Date, std::int64_t>> cap_changes;  // later caps by date, ascending
};

// The later caps in cents, checked: a start cap exists, dates valid and strictly ascending, at most 100.
Result<std::vector<std::pair<calendar::Date, std::int64_t>>> check_cap_changes(const ScheduleInput& input) {
  std::vector<std::pair<calendar::Date, std::int64_t>> out;
  if (input.cap_changes.empty()) return out;
  if (!input.monthly_cap)
    return invalid_argument("cap changes need a cap from the start", "/epv/cap_changes");
  if (input.cap_changes.size() > 100) return out_of_range("more than 100 cap changes", "/epv/cap_changes");
  for (std::size_t i = 0; i < input.cap_changes.size(); ++i) {
    const std::string at = "/epv/cap_changes/" + std::to_string(i);
    const ScheduleInput::CapChange& change = input.cap_changes[i];
    if (!change.from.ok() || (i > 0 && change.from <= input.cap_changes[i - 1].from))
      return invalid_argument("cap change dates must be valid and strictly ascending", at + "/from");
    RENOFEE_TRY(const std::int64_t cap,
                detail::cents_in_range(change.cap, 0, max_principal_cents, "monthly cap", at + "/cap"));
    out.emplace_back(change.from, cap);
  }
  return out;
}

// The first invalid field of the input, or the input in cents.
Result<CheckedInput> check_input(const ScheduleInput& input) {
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
  std::optional<std::int64_t> monthly_cap;
  if (input.monthly_cap) {
    RENOFEE_TRY(monthly_cap, detail::cents_in_range(*input.monthly_cap, 0, max_principal_cents, "monthly cap",
                                                    "/epv/monthly_cap"));
  }
  RENOFEE_TRY(auto cap_changes, check_cap_changes(input));
  return CheckedInput{principal, std::move(rate).value(), monthly_cap, std::move(cap_changes)};
}

// The indexed monthly service fee of each contract year the term touches, in cents.
Result<std::vector<std::int64_t>> service_fee_cents(const ServiceFeeTerms& service_fee, int term_months) {
  const int years = (term_months + 11) / 12;
  RENOFEE_TRY(const std::vector<Money> fees, indexed_monthly_fees(service_fee, years));
  std::vector<std::int64_t> fee_cents;
  fee_cents.reserve(fees.size());
  for (const Money& fee : fees)
    fee_cents.push_back(fee.value().to_units(2).value());  // cents by construction
  return fee_cents;
}

// A value built where it is emplaced: `vector::emplace_back(InPlace{make})` initialises the element from the
// conversion's result, which GCC 12 and clang 14 construct directly in the vector's storage (CWG 2327), so a
// row written with designated initialisers is never moved (docs/performance.md, "Fee schedules"). A compiler
// without that elision moves the row once: the same values, a little slower.
template <typename Make>
struct InPlace {
  Make make;
  operator std::invoke_result_t<Make&>() { return make(); }
};
template <typename Make>
InPlace(Make) -> InPlace<Make>;

// The rows, month by month, and their totals (schedule.hpp, "Rules").
void add_rows(Schedule& schedule, std::int64_t principal, const CheckedInput& checked,
              const std::vector<std::int64_t>& fee_cents) {
  std::optional<std::int64_t> monthly_cap = checked.monthly_cap;
  std::size_t next_change = 0;  // the first cap change not yet in force
  const FinancingTerms& terms = schedule.input.financing;
  const Rounding mode = terms.rounding;
  const MonthlyRate& monthly = schedule.rate;
  const std::int64_t regular = schedule.regular_payment.value().to_units(2).value();  // cents by construction
  const int term = terms.term_months;
  schedule.rows.reserve(static_cast<std::size_t>(term));
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
    } else if (month > terms.grace_months) {
      const std::int64_t due = terms.method == Method::annuity ? regular - interest : regular;
      principal_part = std::min(due, opening);
    }
    balance -= principal_part;
    const std::int64_t payment = interest + principal_part;
    const std::int64_t service = fee_cents[static_cast<std::size_t>((month - 1) / 12)];
    const std::int64_t gross = payment + service;
    const calendar::Date due_date = calendar::add_months_keep_day(schedule.input.start, month - 1);
    while (next_change < checked.cap_changes.size() && checked.cap_changes[next_change].first <= due_date)
      monthly_cap = checked.cap_changes[next_change++].second;
    const std::int64_t total = monthly_cap ? std::min(gross, *monthly_cap) : gross;
    sum_interest += interest;
    sum_service += service;
    sum_reduction += gross - total;
    sum_total += total;
    schedule.rows.emplace_back(InPlace{[&] {
      return ScheduleRow{.month = month,
                         .due_date = due_date,
                         .opening_balance = cents(opening),
                         .interest = cents(interest),
                         .principal = cents(principal_part),
                         .financing_payment = cents(payment),
                         .service_fee = cents(service),
                         .total = cents(total),
                         .closing_balance = cents(balance),
                         .cap_reduction = cents(gross - total)};
    }});
  }
  schedule.totals = ScheduleTotals{.interest = cents(sum_interest),
                                   .principal = cents(principal),
                                   .financing_payments = cents(principal + sum_interest),
                                   .cost_of_credit = cents(sum_interest),
                                   .service_fees = cents(sum_service),
                                   .cap_reductions = cents(sum_reduction),
                                   .total_payable = cents(sum_total)};
}

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
  RENOFEE_TRY(CheckedInput checked, check_input(input));
  const FinancingTerms& terms = input.financing;
  RENOFEE_TRY(const std::vector<std::int64_t> fee_cents,
              service_fee_cents(input.service_fee, terms.term_months));
  const int amortising = terms.term_months - terms.grace_months;
  const std::int64_t regular =
      terms.method == Method::annuity
          ? annuity_payment_cents(checked.principal, checked.rate, amortising, terms.rounding)
          : divide_cents(checked.principal, amortising, terms.rounding);
  Schedule schedule{input, std::move(checked.rate), amortising, cents(regular), {}, {}};
  add_rows(schedule, checked.principal, checked, fee_cents);
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
  return YearFee{.year = year,
                 .financing_payment = row.financing_payment,
                 .service_fee = row.service_fee,
                 .total = row.total};
}

}  // namespace renofee::finance
