#include "renofee/app/payoff.hpp"

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

}  // namespace renofee::app
