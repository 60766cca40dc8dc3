// renofee/core/collections/bank_statement.hpp
//
// Purpose: what a bank statement (ISO 20022 camt.053, read by adapters/io/camt053.hpp) says about the fees, and
// which of its transactions renofee may post without guessing (issue 20, item 2; docs/collections.md, "Bank
// statements in"). Pure: the statement and what is known of the collections come in as values.
//
// A statement holds booked entries (Ntry), each a credit or a debit, with transaction details (TxDtls): a
// direct-debit batch is one credit entry with a detail per debit. One BankTransaction is one detail, or the
// entry itself when it has none.
//
// Matching (`match_statement`), per transaction, in this order; anything else waits for an operator:
// - a credit whose end-to-end id is a collection renofee made, for exactly its amount: the payment of that
//   collection (kind payment);
// - a debit with a return reason whose end-to-end id is a collection, for exactly its amount: a refund when the
//   reason is MD06 (refund on request, within 8 weeks) and a return otherwise (AM04 insufficient funds, MS02
//   refused by the debtor, AC04 account closed, ...);
// - a credit without such an end-to-end id whose remittance text holds, as a whole word, the payment reference
//   "RF-<contract>" of exactly one known contract: a transfer by the resident (kind payment).
// An amount that differs, an unknown end-to-end id, a debit without a return reason, a reference to no contract
// or to two: unmatched, with the reason. Nothing is split, rounded or guessed.
// Reported twice: a collection is paid once, returned at most once and refunded at most once (a SEPA debit is
// never presented again under the same end-to-end id: renofee collects a month once). Banks report a return in
// a camt.054 notification and again in the day's camt.053 statement, so a payment, return or refund of a
// collection that was posted before (`KnownCollection::posted`, or earlier in the same statement) is kind
// duplicate, naming where it was posted, and is not posted again.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::collections {

enum class Direction { credit, debit };

struct BankTransaction {
  int entry = 0;   // 1-based position of the entry (Ntry) in the statement
  int detail = 0;  // 1-based position of the detail (TxDtls) in the entry; 0 when the entry has none
  Direction direction = Direction::credit;
  Money amount;  // > 0, whole cents
  calendar::Date booking_date;
  std::string end_to_end_id;  // empty when absent or NOTPROVIDED
  std::string mandate_id;     // empty when absent
  std::string return_reason;  // ISO external return reason code (RtrInf/Rsn/Cd), empty when none
  std::string remittance;     // unstructured remittance text, lines joined by a space
  friend bool operator==(const BankTransaction&, const BankTransaction&) = default;
};

struct BankStatement {
  std::string message_id;                     // GrpHdr/MsgId
  std::string statement_id;                   // Stmt/Id
  std::string account_iban;                   // Stmt/Acct/Id/IBAN: must be the creditor's account
  std::vector<BankTransaction> transactions;  // booked only, in statement order
};

// The text of a return reason code for people ("AM04 insufficient funds"), or the code alone when unknown.
std::string describe_return_reason(std::string_view code);

// A collection renofee made, as matching needs it.
enum class MatchKind { payment, returned, refund, unmatched, duplicate };
std::string_view to_string(
    MatchKind kind) noexcept;  // "payment", "return", "refund", "unmatched", "duplicate"

struct PostedBankLine {
  MatchKind kind = MatchKind::payment;  // payment, returned or refund
  std::string statement_id;
  friend bool operator==(const PostedBankLine&, const PostedBankLine&) = default;
};

struct KnownCollection {
  std::string end_to_end_id;
  std::string contract_id;
  Money amount;
  std::vector<PostedBankLine> posted;  // what bank messages imported before posted for it
};

struct Match {
  BankTransaction transaction;
  MatchKind kind = MatchKind::unmatched;
  std::string contract_id;  // empty when unmatched
  std::string why;          // how it was matched, or why not
};

// Rules above; one Match per transaction, in statement order. Each payment, return or refund it matches is added
// to its collection's `posted`, so the next statement of a file, matched with the same `collections`, sees it.
// Collections are looked up by end-to-end id through an index (a statement of n lines against m collections
// costs O(m + n)).
std::vector<Match> match_statement(const BankStatement& statement, std::vector<KnownCollection>& collections,
                                   std::span<const std::string> contract_ids);

}  // namespace renofee::collections
