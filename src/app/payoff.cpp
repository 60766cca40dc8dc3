#include "renofee/app/payoff.hpp"

#include <array>

#include "renofee/core/quote/quote.hpp"

namespace renofee::app {

Result<PayoffOutcome> contract_payoff(ContractStore& contracts, const std::string& contract_id,
                                      calendar::Date as_of) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, contracts.versions(contract_id));
  const calendar::Date first = versions.front().effective_date;
  const Result<ContractVersion> in_effect = version_in_effect(versions, as_of < first ? first : as_of);
  if (!in_effect) return in_effect.error();
  PayoffOutcome out;
  out.version = *in_effect;
  const quote::Offer& offer = out.version.offer;
  RENOFEE_TRY(const finance::ScheduleInput input, quote::schedule_input(offer));
  RENOFEE_TRY(const finance::Schedule schedule, finance::build_schedule(input));
  out.drawdown = quote::drawdown_date(offer);
  out.last_due_date = schedule.rows.back().due_date;
  RENOFEE_TRY(out.quote,
              finance::payoff_quote(schedule, out.drawdown, as_of, offer.financing.early_repayment));
  return out;
}

Result<PostedPayoff> post_payoff(ContractStore& contracts, LedgerStore& ledger,
                                 const std::string& contract_id, calendar::Date as_of, calendar::Date today,
                                 calendar::Instant now) {
  if (today < as_of)
    return invalid_argument(
        "a payoff on " + calendar::to_string(as_of) + " is after today (" + calendar::to_string(today) + ")",
        "/date");
  RENOFEE_TRY(PayoffOutcome payoff, contract_payoff(contracts, contract_id, as_of));
  RENOFEE_TRY(const std::vector<LedgerEntry> entries, ledger.entries(contract_id));
  for (const LedgerEntry& e : entries) {
    if (e.entry.kind == EntryKind::payoff)
      return already_exists("the financing of " + contract_id + " was repaid on " +
                            calendar::to_string(e.entry.value_date) + " (" + e.entry.amount.to_string() +
                            ")");
    if (e.entry.kind == EntryKind::fee && as_of < e.entry.value_date)
      return failed_precondition("the fee of " + calendar::to_string(e.entry.value_date) + " (" +
                                     e.entry.posting_key +
                                     ") is posted already; a payoff is dated on or after "
                                     "the last posted fee",
                                 "/date");
  }
  const finance::PayoffQuote& q = payoff.quote;
  const std::array<NewEntry, 1> entry{NewEntry{
      EntryKind::payoff, as_of, q.total, "payoff",
      "early repayment on " + calendar::to_string(as_of) + " (contract version " +
          std::to_string(payoff.version.version) + "): principal " + q.balance.to_string() + " + interest " +
          q.accrued_interest.to_string() + " + compensation " + q.compensation.to_string()}};
  RENOFEE_TRY(const AppendOutcome appended, ledger.append(contract_id, entry, now));
  if (appended.appended.empty())
    return already_exists("the financing of " + contract_id + " was repaid before (posting key payoff)");
  return PostedPayoff{std::move(payoff), appended.appended.front()};
}

}  // namespace renofee::app
