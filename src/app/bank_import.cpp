#include "renofee/app/bank_import.hpp"

#include <map>

#include "renofee/core/collections/iban.hpp"

namespace renofee::app {
namespace {

using collections::BankStatement;
using collections::Match;
using collections::MatchKind;

// The checks made before anything is stored (rules in the header); the statements not imported before.
Result<std::vector<const BankStatement*>> new_statements(CollectDeps& deps,
                                                         std::span<const BankStatement> statements,
                                                         const std::string& file_sha256, ImportOutcome& out) {
  RENOFEE_TRY(const std::optional<collections::Creditor> creditor, deps.store.creditor());
  if (!creditor) return failed_precondition("no creditor is set: renofee creditor set ...");
  std::vector<const BankStatement*> fresh;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const BankStatement& s = statements[i];
    const Result<std::string> account = collections::normalise_iban(s.account_iban);
    if (!account || *account != creditor->iban) {
      return invalid_argument("statement " + s.statement_id + " is for account " + s.account_iban +
                                  ", not the creditor's " + creditor->iban,
                              "/Stmt[" + std::to_string(i + 1) + "]/Acct/Id/IBAN");
    }
    RENOFEE_TRY(const std::optional<std::string> earlier, deps.store.imported_statement(s.statement_id));
    if (!earlier) {
      fresh.push_back(&s);
    } else if (*earlier == file_sha256) {
      out.already.push_back(s.statement_id);
    } else {
      return failed_precondition("statement " + s.statement_id + " was imported from another file (sha256 " +
                                 earlier->substr(0, 12) + "..., this file " + file_sha256.substr(0, 12) +
                                 "...)");
    }
  }
  return fresh;
}

// The due date of the fee a matched line settles, returns or refunds, when it names a collection: its payment
// belongs to the occupant who owed that fee, also when it is booked after they left. nullopt for transfers.
// `read` caches each contract's collections for the file.
Result<std::optional<calendar::Date>> collection_due_date(
    CollectDeps& deps, const Match& m, std::map<std::string, std::vector<CollectionRecord>>& read) {
  if (m.kind == MatchKind::unmatched || m.kind == MatchKind::duplicate || m.transaction.end_to_end_id.empty())
    return std::optional<calendar::Date>();
  auto it = read.find(m.contract_id);
  if (it == read.end()) {
    RENOFEE_TRY(std::vector<CollectionRecord> records, deps.store.collections(m.contract_id));
    it = read.emplace(m.contract_id, std::move(records)).first;
  }
  for (const CollectionRecord& r : it->second) {
    if (r.end_to_end_id == m.transaction.end_to_end_id) return std::optional<calendar::Date>(r.due_date);
  }
  return std::optional<calendar::Date>();
}

}  // namespace

std::vector<NewEntry> bank_postings(const std::string& statement_id, const Match& m) {
  if (m.kind == MatchKind::unmatched || m.kind == MatchKind::duplicate) return {};
  const collections::BankTransaction& t = m.transaction;
  const std::string where = std::to_string(t.entry) + "." + std::to_string(t.detail);
  const std::string kind(collections::to_string(m.kind));
  const EntryKind entry_kind = m.kind == MatchKind::payment  ? EntryKind::payment
                               : m.kind == MatchKind::refund ? EntryKind::refund
                                                             : EntryKind::returned;
  const Money amount = m.kind == MatchKind::payment ? -t.amount : t.amount;
  return {NewEntry{entry_kind, t.booking_date, amount, kind + ":" + statement_id + ":" + where,
                   "bank statement " + statement_id + " entry " + where + ": " + m.why}};
}

Result<NewEntry> assign_transaction(CollectDeps& deps, const std::string& statement_id, int entry, int detail,
                                    const std::string& contract_id, const std::string& note,
                                    calendar::Instant now, const std::string& actor) {
  const std::string where = std::to_string(entry) + "." + std::to_string(detail);
  if (note.empty() || note.size() > 500)
    return invalid_argument("say why the transaction belongs to the contract (1 to 500 characters)", "/note");
  RENOFEE_TRY(const std::optional<BankRecord> found,
              deps.store.bank_transaction(statement_id, entry, detail));
  if (!found) return not_found("no transaction " + where + " in statement " + statement_id, "/entry");
  const collections::BankTransaction& t = found->match.transaction;
  if (found->match.kind != MatchKind::unmatched)
    return failed_precondition("transaction " + where + " of " + statement_id +
                               " was matched on import: " + found->match.why);
  const bool credit = t.direction == collections::Direction::credit;
  if (!credit && t.return_reason.empty())
    return failed_precondition("transaction " + where + " of " + statement_id +
                               " is a debit without a return reason: it is not a resident's money");
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.book.contracts.versions(contract_id));
  (void)versions;
  // Posted as a match would have been, so the key is the one `unmatched` looks for.
  const Match assigned{t, credit ? MatchKind::payment : MatchKind::returned, contract_id,
                       "assigned by " + actor + ": " + note};
  const NewEntry posting = bank_postings(statement_id, assigned).front();
  RENOFEE_CHECK(deps.store.resolve_unmatched(*found, contract_id, posting, now));
  return posting;
}

Result<ImportOutcome> import_statements(CollectDeps& deps, std::span<const BankStatement> statements,
                                        const std::string& file_sha256, calendar::Instant now,
                                        const std::string& actor) {
  ImportOutcome out;
  RENOFEE_TRY(const std::vector<const BankStatement*> fresh,
              new_statements(deps, statements, file_sha256, out));
  if (fresh.empty()) return out;
  RENOFEE_TRY(std::vector<collections::KnownCollection> known, deps.store.known_collections());
  RENOFEE_TRY(const std::vector<std::string> ids, contract_ids(deps.book.contracts, std::nullopt));
  std::map<std::string, std::vector<CollectionRecord>> collections_read;
  for (const BankStatement* s : fresh) {
    // match_statement records what it posts in `known`, so the next statement of the file sees it.
    ImportedStatement imported{*s, file_sha256, now, actor, match_statement(*s, known, ids)};
    std::map<std::string, std::vector<NewEntry>> by_contract;
    for (const Match& m : imported.matches) {
      RENOFEE_TRY(const std::optional<calendar::Date> due, collection_due_date(deps, m, collections_read));
      for (NewEntry& e : bank_postings(s->statement_id, m)) {
        e.occupant_date =
            due;  // the fee's occupant pays it, returns it or gets it refunded (docs/occupants.md)
        by_contract[m.contract_id].push_back(std::move(e));
      }
      out.records.push_back(BankRecord{s->statement_id, m});
    }
    std::vector<ContractPostings> postings;
    for (auto& [contract, entries] : by_contract)
      postings.push_back(ContractPostings{contract, std::move(entries)});
    RENOFEE_CHECK(deps.store.store_statement(imported, postings));
    out.imported.push_back(s->statement_id);
  }
  return out;
}

}  // namespace renofee::app
