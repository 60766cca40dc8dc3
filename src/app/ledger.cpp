#include "renofee/app/ledger.hpp"

#include <array>

namespace renofee::app {
namespace {

constexpr std::array<std::pair<EntryKind, std::string_view>, 12> kind_names = {{
    {EntryKind::fee, "fee"},
    {EntryKind::compensation, "compensation"},
    {EntryKind::excess_share, "excess_share"},
    {EntryKind::reversal, "reversal"},
    {EntryKind::collection, "collection"},
    {EntryKind::payment, "payment"},
    {EntryKind::returned, "return"},
    {EntryKind::refund, "refund"},
    {EntryKind::reminder, "reminder"},
    {EntryKind::collection_costs, "collection_costs"},
    {EntryKind::payoff, "payoff"},
    {EntryKind::handover, "handover"},
}};

// Amounts in texts and hashes always with exactly two decimals ("-12.50", "0.00"): one spelling per value.
std::string hashed_cents(const Money& amount) {
  return amount.value().round(2, Rounding::half_even).to_string();
}

std::string check_entry(const LedgerEntry& e, std::int64_t expected_sequence,
                        const std::string& expected_prev, const Sha256& sha256) {
  const std::string where = "entry " + std::to_string(e.sequence) + " (row " + std::to_string(e.id) + ")";
  if (e.sequence != expected_sequence) {
    return e.sequence > expected_sequence
               ? "entry " + std::to_string(expected_sequence) + " is missing (the chain jumps from " +
                     std::to_string(expected_sequence - 1) + " to " + std::to_string(e.sequence) + ")"
               : where + " appears twice or out of order";
  }
  if (e.prev_hash != expected_prev) {
    return where + ": prev_hash " + e.prev_hash.substr(0, 12) + "... does not match the hash of entry " +
           std::to_string(expected_sequence - 1) + " (" + expected_prev.substr(0, 12) + "...)";
  }
  const std::string computed = sha256(entry_digest_text(e));
  if (computed != e.hash) {
    return where + " was edited: its fields hash to " + computed.substr(0, 12) + "..., the stored hash is " +
           e.hash.substr(0, 12) + "...";
  }
  return {};
}

}  // namespace

std::string_view to_string(EntryKind kind) noexcept {
  for (const auto& [k, name] : kind_names) {
    if (k == kind) return name;
  }
  return "fee";
}

Result<EntryKind> parse_entry_kind(std::string_view text) {
  for (const auto& [k, name] : kind_names) {
    if (name == text) return k;
  }
  return invalid_argument("unknown ledger entry kind \"" + std::string(text) + "\"");
}

std::string entry_digest_text(const LedgerEntry& entry) {
  const NewEntry& e = entry.entry;
  const bool first_occupant = e.occupant <= 1;
  std::string text = first_occupant ? "renofee.ledger/1|" : "renofee.ledger/2|";
  text += entry.contract_id;
  text += '|' + std::to_string(entry.sequence);
  text += '|' + std::string(to_string(e.kind));
  text += '|' + calendar::to_string(e.value_date);
  text += '|' + hashed_cents(e.amount);
  text += '|' + e.posting_key;
  text += '|' + e.reference;
  text +=
      '|' + std::to_string(
                std::chrono::duration_cast<std::chrono::seconds>(entry.posted_at.time_since_epoch()).count());
  if (!first_occupant) text += '|' + std::to_string(e.occupant);
  text += '|' + entry.prev_hash;
  return text;
}

Result<std::vector<ChainCheck>> verify_ledger(LedgerStore& store, const Sha256& sha256) {
  RENOFEE_TRY(const std::vector<LedgerHead> heads, store.heads());
  RENOFEE_TRY(const std::vector<std::string> with_entries, store.contract_ids_with_entries());
  std::vector<std::string> ids;
  for (const LedgerHead& h : heads)
    ids.push_back(h.contract_id);
  for (const std::string& id : with_entries) {
    bool known = false;
    for (const LedgerHead& h : heads)
      known = known || h.contract_id == id;
    if (!known) ids.push_back(id);
  }
  std::vector<ChainCheck> checks;
  for (const std::string& id : ids) {
    ChainCheck check;
    check.contract_id = id;
    RENOFEE_TRY(const std::vector<LedgerEntry> entries, store.entries(id));
    std::string prev = genesis_hash;
    std::int64_t expected = 1;
    for (const LedgerEntry& e : entries) {
      std::string problem = check_entry(e, expected, prev, sha256);
      if (!problem.empty()) {
        check.problem = std::move(problem);
        break;
      }
      prev = e.hash;
      ++expected;
    }
    check.entries = static_cast<std::int64_t>(entries.size());
    check.head_hash = prev;
    const LedgerHead* head = nullptr;
    for (const LedgerHead& h : heads) {
      if (h.contract_id == id) head = &h;
    }
    if (!check.problem) {
      if (head == nullptr) {
        check.problem = "the head record of the ledger is missing";
      } else if (head->entries != check.entries) {
        check.problem = "the head records " + std::to_string(head->entries) + " entries but " +
                        std::to_string(check.entries) + " remain" +
                        (head->entries > check.entries
                             ? ": entry " + std::to_string(check.entries + 1) + " onwards was removed"
                             : "");
      } else if (head->hash != prev) {
        check.problem = "the last entry (" + std::to_string(check.entries) +
                        ") does not hash to the head recorded for the ledger";
      }
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

std::vector<NewEntry> fee_entries(std::span<const DueFee> fees, calendar::Date through) {
  std::vector<NewEntry> entries;
  for (const DueFee& fee : fees) {
    if (through < fee.due_date) continue;
    entries.push_back(
        NewEntry{EntryKind::fee, fee.due_date, fee.total, "fee:" + std::to_string(fee.month),
                 (fee.service_only ? "service fee of contract month " : "fee of contract month ") +
                     std::to_string(fee.month) + (fee.service_only ? " (financing repaid early)" : "")});
  }
  return entries;
}

Statement make_statement(std::string_view contract_id, const calendar::Period& period,
                         std::span<const LedgerEntry> entries, const LedgerHead& head) {
  Statement s;
  s.contract_id = std::string(contract_id);
  s.period = period;
  s.head = head;
  for (const LedgerEntry& e : entries) {
    const Money& amount = e.entry.amount;
    if (e.entry.value_date < period.begin) {
      s.opening_balance += amount;
      continue;
    }
    if (!(e.entry.value_date < period.end)) continue;
    s.entries.push_back(e);
    switch (e.entry.kind) {
      case EntryKind::fee:
        s.fees += amount;
        break;
      case EntryKind::compensation:
        s.compensation -= amount;
        break;
      case EntryKind::excess_share:
        s.excess_share += amount;
        break;
      case EntryKind::reversal:
        s.reversals += amount;
        break;
      case EntryKind::collection:  // 0.00: presenting a debit moves no money
      case EntryKind::reminder:    // 0.00: a letter
        break;
      case EntryKind::collection_costs:
        s.collection_costs += amount;
        break;
      case EntryKind::payoff:
        s.payoff += amount;
        break;
      case EntryKind::handover:
        s.handover += amount;
        break;
      case EntryKind::payment:
        s.payments -= amount;
        if (is_collected(e.entry))
          s.collected -= amount;
        else
          s.paid_otherwise -= amount;
        break;
      case EntryKind::returned:
      case EntryKind::refund:
        s.returned += amount;
        break;
    }
  }
  s.net = s.fees - s.compensation + s.excess_share + s.reversals - s.payments + s.returned +
          s.collection_costs + s.payoff + s.handover;
  s.closing_balance = s.opening_balance + s.net;
  s.due = s.fees + s.excess_share + s.collection_costs + s.payoff + s.handover;
  return s;
}

bool is_collected(const NewEntry& entry) {
  if (entry.kind != EntryKind::payment || entry.reference.rfind("bank statement ", 0) != 0) return false;
  const std::size_t colon = entry.reference.find(": ");
  return colon != std::string::npos && entry.reference.compare(colon + 2, 11, "collection ") == 0;
}

std::vector<LedgerEntry> entries_of_occupant(std::span<const LedgerEntry> entries, int occupant) {
  std::vector<LedgerEntry> out;
  for (const LedgerEntry& e : entries) {
    if (e.entry.occupant == occupant) out.push_back(e);
  }
  return out;
}

}  // namespace renofee::app
