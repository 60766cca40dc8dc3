#include "renofee/core/collections/direct_debit.hpp"

#include <set>
#include <utility>

#include "renofee/core/collections/iban.hpp"

namespace renofee::collections {
namespace {

bool sepa_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("/-?:().,'+ ").find(c) != std::string_view::npos;
}

// A name or free text: `min`..`max` SEPA characters.
Result<void> check_text(std::string_view text, std::size_t min, std::size_t max, const std::string& pointer,
                        std::string_view what) {
  if (text.size() < min || text.size() > max) {
    return invalid_argument(std::string(what) + " must have " + std::to_string(min) + " to " +
                                std::to_string(max) + " characters, not " + std::to_string(text.size()),
                            pointer);
  }
  if (!is_sepa_text(text)) {
    return invalid_argument(
        std::string(what) + " may only hold the SEPA characters a-z A-Z 0-9 / - ? : ( ) . , ' + and space",
        pointer);
  }
  return success();
}

// ISO 9362: bank code (4 letters), country (2 letters), location (a letter or 2-9, then a letter other than O
// or a digit), optional branch (3 letters or digits).
bool is_bic(std::string_view bic) noexcept {
  if (bic.size() != 8 && bic.size() != 11) return false;
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < 6; ++i) {
    if (!upper(bic[i])) return false;
  }
  if (!upper(bic[6]) && !(bic[6] >= '2' && bic[6] <= '9')) return false;
  if (bic[7] == 'O' || !(upper(bic[7]) || digit(bic[7]))) return false;
  for (std::size_t i = 8; i < bic.size(); ++i) {
    if (!upper(bic[i]) && !digit(bic[i])) return false;
  }
  return true;
}

}  // namespace

bool is_sepa_text(std::string_view text) noexcept {
  for (char c : text) {
    if (!sepa_char(c)) return false;
  }
  return true;
}

Result<void> check_sepa_identifier(std::string_view text, const std::string& pointer) {
  RENOFEE_CHECK(check_text(text, 1, 35, pointer, "an identifier"));
  if (text.front() == '/' || text.back() == '/' || text.find("//") != std::string_view::npos)
    return invalid_argument("an identifier may not start or end with '/' or contain \"//\"", pointer);
  return success();
}

Result<std::string> normalise_creditor_id(std::string_view text) {
  std::string id;
  for (char c : text) {
    if (c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum)
      return invalid_argument("a creditor identifier holds only letters and digits", "/creditor_id");
    id.push_back(c);
  }
  const auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (id.size() < 8 || id.size() > 35 || !letter(id[0]) || !letter(id[1]) || !digit(id[2]) || !digit(id[3])) {
    return invalid_argument(
        "a creditor identifier is a country code, two check digits, a three-character "
        "business code and the national identifier (8 to 35 characters)",
        "/creditor_id");
  }
  if (id.compare(0, 2, "NL") == 0) {
    bool layout = id.size() == 19;
    for (std::size_t i = 7; layout && i < 19; ++i)
      layout = digit(id[i]);
    if (!layout) {
      return invalid_argument(
          "a Dutch creditor identifier is NLkk, a business code and twelve digits (the KvK "
          "number and four digits), 19 characters",
          "/creditor_id");
    }
  }
  // EPC262-08: MOD 97-10 over national identifier + country code + check digits must leave 1.
  if (mod97_10(id.substr(7) + id.substr(0, 4)) != 1)
    return invalid_argument("the check digits of creditor identifier " + id + " do not match",
                            "/creditor_id");
  return id;
}

Result<Creditor> check_creditor(Creditor creditor) {
  RENOFEE_CHECK(check_text(creditor.name, 1, 70, "/name", "the creditor's name"));
  RENOFEE_TRY(creditor.iban, normalise_iban(creditor.iban));
  RENOFEE_TRY(creditor.creditor_id, normalise_creditor_id(creditor.creditor_id));
  if (creditor.bic && !is_bic(*creditor.bic)) {
    return invalid_argument(
        "a BIC is four letters (bank), two (country), two letters or digits (place) and "
        "optionally three (branch)",
        "/bic");
  }
  return creditor;
}

Result<Mandate> check_mandate(Mandate mandate) {
  RENOFEE_CHECK(check_sepa_identifier(mandate.mandate_id, "/mandate_id"));
  RENOFEE_CHECK(check_text(mandate.debtor_name, 1, 70, "/debtor_name", "the debtor's name"));
  RENOFEE_TRY(mandate.debtor_iban, normalise_iban(mandate.debtor_iban));
  if (mandate.occupant < 1) return invalid_argument("the occupant is 1 or more", "/occupant");
  return mandate;
}

std::string_view to_code(SequenceType type) noexcept {
  return type == SequenceType::first ? "FRST" : "RCUR";
}

Result<CollectionRun> build_collection_run(std::string message_id, calendar::Instant created_at,
                                           const Creditor& creditor, calendar::Date collection_date,
                                           std::vector<DirectDebit> debits) {
  RENOFEE_CHECK(check_sepa_identifier(message_id, "/message_id"));
  if (message_id.size() > 30)
    return invalid_argument("the message id has at most 30 characters (its batch ids add 5)", "/message_id");
  CollectionRun run;
  RENOFEE_TRY(run.creditor, check_creditor(creditor));
  if (debits.empty()) return invalid_argument("a collection run needs at least one debit", "/debits");
  const Money lowest = cents(1);
  const Money highest = cents(99'999'999'999);
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < debits.size(); ++i) {
    DirectDebit& d = debits[i];
    const std::string at = "/debits/" + std::to_string(i);
    RENOFEE_CHECK(check_sepa_identifier(d.end_to_end_id, at + "/end_to_end_id"));
    if (!seen.insert(d.end_to_end_id).second)
      return invalid_argument("end-to-end id " + d.end_to_end_id + " appears twice", at + "/end_to_end_id");
    if (d.amount != round_to_cents(d.amount, Rounding::half_up))
      return invalid_argument("an amount has whole cents", at + "/amount");
    d.amount = round_to_cents(d.amount, Rounding::half_up);  // scale 2, as written in the file
    if (d.amount < lowest || highest < d.amount)
      return invalid_argument("an amount is from 0.01 to 999999999.99 euro", at + "/amount");
    Result<Mandate> mandate = check_mandate(d.mandate);
    if (!mandate) return mandate.error().at(at + "/mandate");
    d.mandate = std::move(mandate).value();
    if (collection_date < d.mandate.signed_on) {
      return invalid_argument("mandate " + d.mandate.mandate_id + " was signed on " +
                                  calendar::to_string(d.mandate.signed_on) + ", after the collection date",
                              at + "/mandate/signed_on");
    }
    RENOFEE_CHECK(check_text(d.remittance, 0, 140, at + "/remittance", "the remittance information"));
  }
  run.message_id = std::move(message_id);
  run.created_at = created_at;
  run.collection_date = collection_date;
  for (const SequenceType type : {SequenceType::first, SequenceType::recurring}) {
    PaymentBatch batch{run.message_id + "-" + std::string(to_code(type)), type, {}, cents(0)};
    for (const DirectDebit& d : debits) {
      if (d.sequence != type) continue;
      batch.control_sum = batch.control_sum + d.amount;
      batch.debits.push_back(d);
    }
    if (batch.debits.empty()) continue;
    run.transactions += static_cast<int>(batch.debits.size());
    run.control_sum = run.control_sum + batch.control_sum;
    run.batches.push_back(std::move(batch));
  }
  return run;
}

}  // namespace renofee::collections
