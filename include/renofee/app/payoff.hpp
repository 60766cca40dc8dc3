// renofee/app/payoff.hpp
//
// Purpose: the early-repayment quote of a stored contract as of a date (issue "The thirty years after
// signing", item 4; rules in core/finance/payoff.hpp): the contract version in effect on that day, its
// schedule and drawdown, and its early-repayment terms (financing.early_repayment). A quote writes nothing.
#pragma once

#include <string>

#include "renofee/app/contracts.hpp"
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

}  // namespace renofee::app
