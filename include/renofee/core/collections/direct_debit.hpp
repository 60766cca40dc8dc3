// renofee/core/collections/direct_debit.hpp
//
// Purpose: what a SEPA Core direct-debit collection run holds before it is written as a pain.008 file
// (adapters/io/pain008.hpp): the creditor, each debit with its mandate, and the checks a bank applies to them,
// so that a file renofee writes is never refused for a rule renofee could have checked itself. Pure: dates and
// the creation instant come from the caller.
//
// Sources (rules restated in docs/collections.md, "SEPA direct debit"):
// - EPC SEPA Core Direct Debit Scheme Rulebook and its Customer-to-Bank Implementation Guidelines (EPC130-08):
//   identifiers (message, payment information, end-to-end, mandate) are 1..35 characters of the SEPA basic
//   Latin set, and must not start or end with '/' or contain "//"; names at most 70 characters, unstructured
//   remittance at most 140; amounts in euro from 0.01 to 999,999,999.99 with at most two decimals.
// - EPC262-08 "Creditor Identifier Overview": CC kk BBB N..., the country code, two check digits, a three
//   character creditor business code (not part of the check) and the national identifier (up to 28). The check
//   digits are ISO 7064 MOD 97-10 over the national identifier followed by the country code and "00",
//   98 − remainder. In the Netherlands the national identifier is the KvK number and four digits (length 19).
// - Sequence type (pain.008.001.02 as the Dutch Payments Association's NL implementation guidelines use it):
//   FRST for the first collection under a mandate, RCUR for the ones after it. Each sequence type goes in its
//   own payment information block, which is why a run has one batch per sequence type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::collections {

// The SEPA basic Latin character set: a-z A-Z 0-9 / - ? : ( ) . , ' + and space.
bool is_sepa_text(std::string_view text) noexcept;

// An identifier (1..35 SEPA characters, no leading or trailing '/', no "//"), or invalid_argument at `pointer`.
Result<void> check_sepa_identifier(std::string_view text, const std::string& pointer);

// The creditor identifier in upper case without spaces, or invalid_argument at "/creditor_id" naming the rule.
Result<std::string> normalise_creditor_id(std::string_view text);

struct Creditor {
  std::string name;                // 1..70 SEPA characters
  std::string iban;                // the account the collections are credited to
  std::string creditor_id;         // EPC262-08, above
  std::optional<std::string> bic;  // 8 or 11 characters; optional in SEPA since 2016
  friend bool operator==(const Creditor&, const Creditor&) = default;
};
// The creditor with its IBAN and identifier normalised, or the first rule it breaks (fields /name, /iban,
// /creditor_id, /bic).
Result<Creditor> check_creditor(Creditor creditor);

// A SEPA Core mandate of one contract's debtor: signed on paper or electronically before the first collection.
struct Mandate {
  std::string contract_id;
  std::string mandate_id;  // identifier rules above; unique per creditor
  calendar::Date signed_on;
  std::string debtor_name;  // 1..70 SEPA characters
  std::string debtor_iban;
  int occupant = 1;  // the occupant of the home who signed it (docs/occupants.md): a new occupant signs anew
  friend bool operator==(const Mandate&, const Mandate&) = default;
};
// The mandate with its IBAN normalised, or the first rule it breaks (/mandate_id, /debtor_name, /iban).
Result<Mandate> check_mandate(Mandate mandate);

enum class SequenceType { first, recurring };
std::string_view to_code(SequenceType type) noexcept;  // "FRST", "RCUR"

// One debit of a run.
struct DirectDebit {
  std::string end_to_end_id;  // identifier rules above; unique within the run
  Money amount;               // 0.01 .. 999,999,999.99, whole cents
  Mandate mandate;
  SequenceType sequence = SequenceType::first;
  std::string remittance;  // unstructured, 0..140 SEPA characters
  friend bool operator==(const DirectDebit&, const DirectDebit&) = default;
};

// The debits of one sequence type, in the order given.
struct PaymentBatch {
  std::string payment_id;  // message id + "-FRST" / "-RCUR"
  SequenceType sequence = SequenceType::first;
  std::vector<DirectDebit> debits;
  Money control_sum;  // Σ amounts
};

struct CollectionRun {
  std::string message_id;
  calendar::Instant created_at;
  Creditor creditor;
  calendar::Date collection_date;     // the requested collection date (ReqdColltnDt)
  std::vector<PaymentBatch> batches;  // FRST before RCUR; a sequence type without debits has no batch
  int transactions = 0;
  Money control_sum;
};

// Builds a run, or invalid_argument naming the debit (`/debits/<i>/<field>`) and rule: every identifier and
// text, every amount, end-to-end ids unique, no mandate signed after the collection date, and at least one
// debit. The message id may be at most 30 characters so that the batch ids fit in 35.
Result<CollectionRun> build_collection_run(std::string message_id, calendar::Instant created_at,
                                           const Creditor& creditor, calendar::Date collection_date,
                                           std::vector<DirectDebit> debits);

}  // namespace renofee::collections
