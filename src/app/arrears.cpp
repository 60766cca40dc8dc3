#include "renofee/app/arrears.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace renofee::app {
namespace {

using collections::Arrears;

// The charges of `claims` due before `before`, with all its payments.
LedgerClaims charges_due_before(const LedgerClaims& claims, calendar::Date before) {
  LedgerClaims out;
  out.payments = claims.payments;
  for (const collections::Charge& c : claims.charges) {
    if (c.due < before) out.charges.push_back(c);
  }
  return out;
}

// Splits `text` at each occurrence of `separator`.
std::vector<std::string_view> split_at(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + separator.size());
  }
}

// The text after `prefix` in `part`, or nullopt.
std::optional<std::string_view> after_prefix(std::string_view part, std::string_view prefix) {
  if (part.substr(0, prefix.size()) != prefix) return std::nullopt;
  return part.substr(prefix.size());
}

// The occupant `wanted` (0: the last occupant with entries) and their entries.
std::vector<LedgerEntry> occupant_entries(const std::vector<LedgerEntry>& entries, int wanted, int& chosen) {
  chosen = wanted;
  if (chosen <= 0) {
    chosen = 1;
    for (const LedgerEntry& e : entries)
      chosen = std::max(chosen, e.entry.occupant);
  }
  return entries_of_occupant(entries, chosen);
}

// The occupants with entries, ascending.
std::vector<int> occupants_in(const std::vector<LedgerEntry>& entries) {
  std::vector<int> out;
  for (const LedgerEntry& e : entries) {
    if (std::find(out.begin(), out.end(), e.entry.occupant) == out.end()) out.push_back(e.entry.occupant);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// One occupant's line of the arrears list, or nullopt when nothing of theirs is overdue long enough.
Result<std::optional<ArrearsLine>> arrears_line(const std::string& contract_id, int occupant,
                                                const std::vector<LedgerEntry>& entries, calendar::Date as_of,
                                                int min_days_past_due) {
  RENOFEE_TRY(const Arrears a, ledger_arrears(entries, as_of));
  if (!(Money{} < a.overdue) || a.days_past_due < min_days_past_due) return std::optional<ArrearsLine>();
  RENOFEE_TRY(const std::vector<ArrearsLetter> letters, letters_of(entries));
  ArrearsLine line{contract_id, occupant, a, std::nullopt, cents(0)};
  for (const ArrearsLetter& l : letters) {
    if (!(as_of < l.sent)) line.last_letter = l;
  }
  for (const LedgerEntry& e : entries) {
    if (e.entry.kind == EntryKind::collection_costs && !(as_of < e.entry.value_date))
      line.costs_charged += e.entry.amount;
  }
  return std::optional<ArrearsLine>(std::move(line));
}

}  // namespace

LedgerClaims ledger_claims(std::span<const LedgerEntry> entries) {
  LedgerClaims out;
  for (const LedgerEntry& e : entries) {
    const NewEntry& n = e.entry;
    switch (n.kind) {
      case EntryKind::fee:
      case EntryKind::excess_share:
      case EntryKind::collection_costs:
      case EntryKind::payoff:
        out.charges.push_back({n.value_date, n.amount});
        break;
      case EntryKind::payment:
      case EntryKind::returned:
      case EntryKind::refund:
      case EntryKind::compensation:
      case EntryKind::reversal:
        out.payments.push_back({n.value_date, -n.amount});
        break;
      case EntryKind::handover:  // the incoming occupant's part is a charge, the outgoing one's a credit
        if (n.amount.is_negative())
          out.payments.push_back({n.value_date, -n.amount});
        else
          out.charges.push_back({n.value_date, n.amount});
        break;
      case EntryKind::collection:
      case EntryKind::reminder:
        break;
    }
  }
  return out;
}

Result<Arrears> ledger_arrears(std::span<const LedgerEntry> entries, calendar::Date as_of) {
  const LedgerClaims claims = ledger_claims(entries);
  return collections::arrears(claims.charges, claims.payments, as_of);
}

calendar::Date ArrearsLetter::pay_by() const {
  return calendar::add_days(received, 14);
}
calendar::Date ArrearsLetter::costs_from() const {
  return collections::collection_costs_from(received);
}

std::string letter_reference(const ArrearsLetter& l) {
  return "14-day letter " + std::to_string(l.number) + ": principal " + l.principal.to_string() +
         ", oldest due " + calendar::to_string(l.oldest_due) + ", received " +
         calendar::to_string(l.received) + ", pay by " + calendar::to_string(l.pay_by()) + ", costs " +
         l.costs.to_string() + " from " + calendar::to_string(l.costs_from());
}

Result<ArrearsLetter> parse_letter_reference(std::string_view reference, calendar::Date sent) {
  const Error bad = invalid_argument("not a 14-day letter: " + std::string(reference), "/reference");
  const std::vector<std::string_view> parts = split_at(reference, ", ");
  if (parts.size() != 5) return bad;
  const std::optional<std::string_view> head = after_prefix(parts[0], "14-day letter ");
  const std::size_t colon = head ? head->find(": principal ") : std::string_view::npos;
  if (colon == std::string_view::npos) return bad;
  ArrearsLetter l;
  l.sent = sent;
  const std::string_view number = head->substr(0, colon);
  if (std::from_chars(number.data(), number.data() + number.size(), l.number).ptr !=
          number.data() + number.size() ||
      l.number < 1)
    return bad;
  const Result<Money> principal = Money::parse(head->substr(colon + 12));
  const std::optional<std::string_view> oldest = after_prefix(parts[1], "oldest due ");
  const std::optional<std::string_view> received = after_prefix(parts[2], "received ");
  const std::optional<std::string_view> costs_part = after_prefix(parts[4], "costs ");
  if (!principal || !oldest || !received || !costs_part) return bad;
  const Result<calendar::Date> oldest_due = calendar::parse_date(*oldest);
  const Result<calendar::Date> received_on = calendar::parse_date(*received);
  const std::vector<std::string_view> costs = split_at(*costs_part, " from ");
  if (!oldest_due || !received_on || costs.size() != 2) return bad;
  const Result<Money> cost = Money::parse(costs[0]);
  if (!cost) return bad;
  l.principal = *principal;
  l.oldest_due = *oldest_due;
  l.received = *received_on;
  l.costs = *cost;
  if (letter_reference(l) != reference) return bad;  // pay by and costs-from must be the rule's
  return l;
}

Result<std::vector<ArrearsLetter>> letters_of(std::span<const LedgerEntry> entries) {
  std::vector<ArrearsLetter> letters;
  for (const LedgerEntry& e : entries) {
    if (e.entry.kind != EntryKind::reminder) continue;
    RENOFEE_TRY(ArrearsLetter l, parse_letter_reference(e.entry.reference, e.entry.value_date));
    letters.push_back(std::move(l));
  }
  std::sort(letters.begin(), letters.end(),
            [](const ArrearsLetter& a, const ArrearsLetter& b) { return a.number < b.number; });
  return letters;
}

Result<std::vector<ArrearsLine>> arrears_list(LedgerStore& ledger, std::span<const std::string> contract_ids,
                                              calendar::Date as_of, int min_days_past_due) {
  std::vector<ArrearsLine> lines;
  for (const std::string& id : contract_ids) {
    RENOFEE_TRY(const std::vector<LedgerEntry> all, ledger.entries(id));
    for (const int occupant : occupants_in(all)) {
      RENOFEE_TRY(std::optional<ArrearsLine> line,
                  arrears_line(id, occupant, entries_of_occupant(all, occupant), as_of, min_days_past_due));
      if (line) lines.push_back(std::move(*line));
    }
  }
  std::stable_sort(lines.begin(), lines.end(), [](const ArrearsLine& a, const ArrearsLine& b) {
    return a.arrears.days_past_due > b.arrears.days_past_due;
  });
  return lines;
}

Result<SentLetter> send_arrears_letter(LedgerStore& ledger, std::string_view contract_id, calendar::Date sent,
                                       calendar::Date received, bool creditor_deducts_vat,
                                       calendar::Instant now, int occupant) {
  if (received < sent)
    return invalid_argument("received " + calendar::to_string(received) + " is before the letter was sent (" +
                                calendar::to_string(sent) + ")",
                            "/received");
  RENOFEE_TRY(const std::vector<LedgerEntry> all, ledger.entries(contract_id));
  RENOFEE_TRY(const std::vector<ArrearsLetter> numbered, letters_of(all));  // numbers run per contract
  int chosen = 0;
  const std::vector<LedgerEntry> entries = occupant_entries(all, occupant, chosen);
  RENOFEE_TRY(const std::vector<ArrearsLetter> letters, letters_of(entries));
  if (!letters.empty()) {
    const ArrearsLetter& last = letters.back();
    if (sent < last.sent)
      return failed_precondition("letter " + std::to_string(last.number) + " was sent on " +
                                 calendar::to_string(last.sent) + ", after " + calendar::to_string(sent));
    if (!(last.costs_from() < sent))
      return failed_precondition("letter " + std::to_string(last.number) + " of " + std::string(contract_id) +
                                 " runs until " + calendar::to_string(last.pay_by()) +
                                 "; a new letter may follow from " +
                                 calendar::to_string(calendar::add_days(last.costs_from(), 1)));
  }
  RENOFEE_TRY(Arrears a, ledger_arrears(entries, sent));
  if (!(Money{} < a.overdue))
    return failed_precondition("nothing of " + std::string(contract_id) + " is overdue on " +
                               calendar::to_string(sent));
  RENOFEE_TRY(const collections::CollectionCosts costs,
              collections::collection_costs(a.overdue, creditor_deducts_vat));
  ArrearsLetter l;
  l.number = static_cast<int>(numbered.size()) + 1;
  l.sent = sent;
  l.received = received;
  l.oldest_due = a.open_charges.front().due;
  l.principal = a.overdue;
  l.costs = costs.total;
  std::array<NewEntry, 1> entry{NewEntry{EntryKind::reminder, sent, cents(0),
                                         "reminder:" + std::to_string(l.number), letter_reference(l)}};
  entry[0].occupant = chosen;
  RENOFEE_TRY(const AppendOutcome appended, ledger.append(contract_id, entry, now));
  (void)appended;
  return SentLetter{std::move(l), std::move(a)};
}

Result<CostsOutcome> charge_collection_costs(LedgerStore& ledger, std::string_view contract_id,
                                             calendar::Date on, bool creditor_deducts_vat,
                                             calendar::Instant now, int occupant) {
  RENOFEE_TRY(const std::vector<LedgerEntry> all, ledger.entries(contract_id));
  int chosen = 0;
  const std::vector<LedgerEntry> entries = occupant_entries(all, occupant, chosen);
  RENOFEE_TRY(const std::vector<ArrearsLetter> letters, letters_of(entries));
  if (letters.empty())
    return failed_precondition("no 14-day letter was sent for " + std::string(contract_id) +
                               ": renofee arrears letter ...");
  CostsOutcome out{letters.back(), cents(0), std::nullopt, false};
  if (on < out.letter.costs_from())
    return failed_precondition("the costs of letter " + std::to_string(out.letter.number) +
                               " may be charged from " + calendar::to_string(out.letter.costs_from()));
  const std::string key = "collection_costs:" + std::to_string(out.letter.number);
  for (const LedgerEntry& e : entries) {
    if (e.entry.posting_key == key) out.already_charged = true;
  }
  const LedgerClaims claims = charges_due_before(ledger_claims(entries), out.letter.sent);
  RENOFEE_TRY(const Arrears a, collections::arrears(claims.charges, claims.payments, on));
  out.unpaid = a.open < out.letter.principal ? a.open : out.letter.principal;
  if (!(Money{} < out.unpaid)) return out;
  RENOFEE_TRY(out.costs, collections::collection_costs(out.unpaid, creditor_deducts_vat));
  if (out.already_charged) return out;
  std::array<NewEntry, 1> entry{
      NewEntry{EntryKind::collection_costs, on, out.costs->total, key,
               "collection costs of 14-day letter " + std::to_string(out.letter.number) + " on unpaid " +
                   out.unpaid.to_string() + " (Besluit vergoeding voor buitengerechtelijke incassokosten)"}};
  entry[0].occupant = chosen;
  RENOFEE_TRY(const AppendOutcome appended, ledger.append(contract_id, entry, now));
  (void)appended;
  return out;
}

}  // namespace renofee::app
