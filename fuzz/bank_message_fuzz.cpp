// Fuzz target `bank_message`: camt.053 statements and camt.054 notifications (adapters/io/camt053.hpp), the
// files a bank sends and renofee posts money from, then matched (core/collections/bank_statement.hpp).
//
// Properties:
//   - refusals are well formed (a message; the field, when set, an element path starting with '/');
//   - any input with a DOCTYPE or an entity declaration is refused (no entity expansion, no external fetch);
//   - an accepted message holds at least one statement, each with an Id and an account IBAN, and every
//     transaction is a positive amount in whole cents, with entry >= 1 and detail >= 0;
//   - matching it never throws, gives one match per transaction, names a contract exactly when it matched
//     (payment, return, refund, duplicate) and says why when it did not; a payment is a credit, a return or
//     refund a debit with a reason.
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "renofee/adapters/io/camt053.hpp"

namespace renofee::fuzz {
namespace {

using collections::MatchKind;

bool whole_positive_cents(const Money& amount) {
  return Money{} < amount && amount.value() == amount.value().round(2, Rounding::down);
}

void check_matches(const collections::BankStatement& s) {
  std::vector<collections::KnownCollection> known{
      {"RF-nom-tussenwoning-M010", "nom-tussenwoning", cents(25533), {}},
      {"RF-epv-huurappartement-M006",
       "epv-huurappartement",
       cents(9520),
       {{MatchKind::returned, "earlier"}}}};
  const std::vector<std::string> contracts{"nom-tussenwoning", "epv-huurappartement"};
  std::vector<collections::Match> matches;
  try {
    matches = collections::match_statement(s, known, contracts);
  } catch (const std::exception& e) {
    FUZZ_CHECK(false, std::string("match_statement threw: ") + e.what());
  }
  FUZZ_CHECK(matches.size() == s.transactions.size(), "one match per transaction");
  for (const collections::Match& m : matches) {
    FUZZ_CHECK(!m.why.empty(), "a match says why");
    FUZZ_CHECK((m.kind == MatchKind::unmatched) == m.contract_id.empty(),
               "contract named iff matched: " + m.why);
    const collections::BankTransaction& t = m.transaction;
    if (m.kind == MatchKind::payment) FUZZ_CHECK(t.direction == collections::Direction::credit, m.why);
    if (m.kind == MatchKind::returned || m.kind == MatchKind::refund)
      FUZZ_CHECK(t.direction == collections::Direction::debit && !t.return_reason.empty(), m.why);
  }
}

}  // namespace
}  // namespace renofee::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renofee;
  using namespace renofee::fuzz;
  const std::string_view text = as_text(data, size);
  const Result<std::vector<collections::BankStatement>> read = io::read_camt053(text);
  const bool declares =
      text.find("<!DOCTYPE") != std::string_view::npos || text.find("<!ENTITY") != std::string_view::npos;
  if (!read) {
    FUZZ_CHECK(well_formed(read.error()), describe(read.error()));
    FUZZ_CHECK(read.error().field.empty() || read.error().field.front() == '/', describe(read.error()));
    return 0;
  }
  FUZZ_CHECK(!declares, "a document with a DOCTYPE or ENTITY was accepted");
  FUZZ_CHECK(!read->empty(), "an accepted message holds a statement");
  for (const collections::BankStatement& s : *read) {
    FUZZ_CHECK(!s.statement_id.empty() && !s.account_iban.empty(), "statement without Id or IBAN");
    for (const collections::BankTransaction& t : s.transactions) {
      FUZZ_CHECK(whole_positive_cents(t.amount), "amount " + t.amount.to_string());
      FUZZ_CHECK(t.entry >= 1 && t.detail >= 0, "entry " + std::to_string(t.entry));
    }
    check_matches(s);
  }
  return 0;
}
