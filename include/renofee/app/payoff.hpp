// renofee/app/payoff.hpp
//
// Purpose: the early-repayment quote of a stored contract as of a date (issue "The thirty years after
// signing", item 4; rules in core/finance/payoff.hpp): the contract version in effect on that day, its
// schedule and drawdown, and its early-repayment terms (financing.early_repayment). A quote writes nothing.
#pragma once

#include <string>

#include "renofee/app/contracts.hpp"
#include "renofee/app/ledger.hpp"
#include "renofee/core/finance/payoff.hpp"

namespace renofee::app {

struct PayoffOutcome {
  ContractVersion version;  // in effect on the payoff date
  calendar::Date drawdown;
  calendar::Date last_due_date;
  finance::PayoffQuote quote;
};

// not_found for an unknown contract; out_of_range (field "/date") for a day outside the financing (before the
// drawdown, or on or after the last instalment); failed_precondition (field "/date") for a day before the
// contract's first version takes effect.
Result<PayoffOutcome> contract_payoff(ContractStore& contracts, const std::string& contract_id,
                                      calendar::Date as_of);

// Posting the payoff closes the financing (issue 20, item 4; docs/collections.md, "Early repayment posted"):
// the quote of `as_of` becomes a ledger entry of kind payoff, amount = the quote's total (principal + accrued
// interest + compensation), value date `as_of`, key "payoff" (one per contract: a second posting is refused with
// already_exists naming the first). From then on the monthly fees due after `as_of` are the service fee only,
// or nothing when the terms say so (`service_fee.after_payoff`, app/reconcile.hpp `due_fees`). `as_of` may not be
// after `today` (invalid_argument at "/date": money is not repaid in the future), nor before a fee already
// posted (failed_precondition at "/date": that fee holds the full instalment).
struct PostedPayoff {
  PayoffOutcome payoff;
  LedgerEntry entry;
};
Result<PostedPayoff> post_payoff(ContractStore& contracts, LedgerStore& ledger,
                                 const std::string& contract_id, calendar::Date as_of, calendar::Date today,
                                 calendar::Instant now);

}  // namespace renofee::app
