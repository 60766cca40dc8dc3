#include "renofee/core/collections/bank_statement.hpp"

#include <array>
#include <unordered_map>
#include <utility>

namespace renofee::collections {
namespace {

// ISO 20022 external return reason codes seen on SEPA direct-debit returns (EPC SDD Core rulebook, R-transactions).
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> reasons{{
    {"AC01", "account identifier incorrect"},
    {"AC04", "account closed"},
    {"AC06", "account blocked"},
    {"AG01", "transaction forbidden on this account"},
    {"AG02", "invalid bank operation code"},
    {"AM04", "insufficient funds"},
    {"AM05", "duplicate collection"},
    {"BE05", "creditor identifier unknown"},
    {"FF01", "invalid file format"},
    {"MD01", "no valid mandate"},
    {"MD02", "mandate data missing or incorrect"},
    {"MD06", "refund on request of the debtor"},
    {"MD07", "debtor deceased"},
    {"MS02", "refused by the debtor"},
    {"MS03", "reason not specified"},
    {"SL01", "specific service offered by the debtor's bank"},
}};

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Whether `text` holds `word` delimited by non-word characters or the ends.
bool holds_word(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !word_char(text[at - 1]);
    const std::size_t end = at + word.size();
    if (starts && (end == text.size() || !word_char(text[end]))) return true;
  }
  return false;
}

Match by_collection(const BankTransaction& t, const KnownCollection& c) {
  const std::string amounts =
      t.amount.value().to_string() + " against the collection's " + c.amount.value().to_string();
  if (t.amount != c.amount)
    return Match{t, MatchKind::unmatched, "", "end-to-end id " + t.end_to_end_id + ": " + amounts};
  if (t.direction == Direction::credit) {
    return Match{t, MatchKind::payment, c.contract_id, "collection " + t.end_to_end_id + " paid"};
  }
  if (t.return_reason.empty()) {
    return Match{t, MatchKind::unmatched, "",
                 "a debit of collection " + t.end_to_end_id + " without a return reason"};
  }
  const MatchKind kind = t.return_reason == "MD06" ? MatchKind::refund : MatchKind::returned;
  return Match{t, kind, c.contract_id,
               "collection " + t.end_to_end_id + " " + std::string(to_string(kind)) +
                   "ed: " + describe_return_reason(t.return_reason)};
}

Match by_reference(const BankTransaction& t, std::span<const std::string> contract_ids) {
  if (t.direction == Direction::debit) {
    return Match{t, MatchKind::unmatched, "",
                 t.end_to_end_id.empty() ? "a debit that names no collection"
                                         : "a debit of unknown end-to-end id " + t.end_to_end_id};
  }
  std::vector<std::string> named;
  for (const std::string& id : contract_ids) {
    if (holds_word(t.remittance, "RF-" + id)) named.push_back(id);
  }
  if (named.size() == 1) {
    return Match{t, MatchKind::payment, named.front(), "transfer with payment reference RF-" + named.front()};
  }
  if (named.size() > 1) {
    return Match{t, MatchKind::unmatched, "",
                 "the remittance names " + std::to_string(named.size()) + " contracts"};
  }
  return Match{t, MatchKind::unmatched, "",
               t.end_to_end_id.empty()
                   ? "no end-to-end id and no payment reference RF-<contract>"
                   : "unknown end-to-end id " + t.end_to_end_id + " and no payment reference RF-<contract>"};
}

}  // namespace

std::string describe_return_reason(std::string_view code) {
  for (const auto& [known, text] : reasons) {
    if (known == code) return std::string(code) + " " + std::string(text);
  }
  return std::string(code);
}

std::string_view to_string(MatchKind kind) noexcept {
  switch (kind) {
    case MatchKind::payment:
      return "payment";
    case MatchKind::returned:
      return "return";
    case MatchKind::refund:
      return "refund";
    case MatchKind::unmatched:
      return "unmatched";
    case MatchKind::duplicate:
      return "duplicate";
  }
  return "unmatched";
}

std::vector<Match> match_statement(const BankStatement& statement, std::vector<KnownCollection>& collections,
                                   std::span<const std::string> contract_ids) {
  std::unordered_map<std::string_view, KnownCollection*> by_id;
  for (KnownCollection& c : collections)
    by_id.emplace(c.end_to_end_id, &c);
  std::vector<Match> out;
  for (const BankTransaction& t : statement.transactions) {
    const auto found = t.end_to_end_id.empty() ? by_id.end() : by_id.find(t.end_to_end_id);
    KnownCollection* c = found == by_id.end() ? nullptr : found->second;
    if (c == nullptr) {
      out.push_back(by_reference(t, contract_ids));
      continue;
    }
    Match m = by_collection(t, *c);
    if (m.kind != MatchKind::unmatched) {
      for (const PostedBankLine& p : c->posted) {
        if (p.kind != m.kind) continue;
        m = Match{t, MatchKind::duplicate, c->contract_id,
                  "reported again: the " + std::string(to_string(p.kind)) + " of collection " +
                      t.end_to_end_id + " was posted from " + p.statement_id};
        break;
      }
      if (m.kind != MatchKind::duplicate) c->posted.push_back({m.kind, statement.statement_id});
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace renofee::collections
