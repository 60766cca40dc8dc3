#include "renofee/adapters/db/sql_collection_book.hpp"

#include "renofee/adapters/db/event_log.hpp"
#include "renofee/adapters/db/sql_values.hpp"

namespace renofee::db {
namespace {

using collections::Mandate;
using collections::SequenceType;

long long whole_cents(const Money& amount) {
  return amount.value().to_units(2).value();  // amounts here were checked to be whole cents
}

Result<app::CollectionRecord> record_of(const soci::row& row) {
  app::CollectionRecord r;
  r.contract_id = row.get<std::string>(0);
  r.month = static_cast<int>(row_integer(row, 1));
  RENOFEE_TRY(r.due_date, stored_date(row.get<std::string>(2)));
  r.amount = cents(row_integer(row, 3));
  r.end_to_end_id = row.get<std::string>(4);
  r.mandate_id = row.get<std::string>(5);
  r.sequence = row.get<std::string>(6) == "FRST" ? SequenceType::first : SequenceType::recurring;
  r.message_id = row.get<std::string>(7);
  return r;
}

}  // namespace

Result<void> SqlCollectionBook::set_creditor(const collections::Creditor& c, calendar::Instant at,
                                             const std::string& actor) {
  return in_transaction<void>(db_, "storing the creditor", [&]() -> Result<void> {
    const long long created = unix_seconds(at);
    const std::string bic = c.bic.value_or("");
    soci::indicator bic_ind = c.bic ? soci::i_ok : soci::i_null;
    db_.session() << "INSERT INTO creditors (name, iban, bic, creditor_id, created_at, created_by)"
                     " VALUES (:n, :i, :b, :c, :t, :a)",
        soci::use(c.name), soci::use(c.iban), soci::use(bic, bic_ind), soci::use(c.creditor_id),
        soci::use(created), soci::use(actor);
    long long id = 0;
    db_.session() << "SELECT MAX(id) FROM creditors", soci::into(id);
    RENOFEE_TRY(const AuditEvent e,
                append_event(db_, AuditEvent{0, at, actor, "creditor", "", "creditor " + std::to_string(id),
                                             item_of_creditor(id, c, at, actor), "", ""}));
    (void)e;
    return success();
  });
}

Result<std::optional<collections::Creditor>> SqlCollectionBook::creditor() {
  return guard("reading the creditor", [&]() -> Result<std::optional<collections::Creditor>> {
    soci::rowset<soci::row> rows =
        (db_.session().prepare << "SELECT name, iban, bic, creditor_id FROM creditors"
                                  " ORDER BY id DESC LIMIT 1");
    for (const soci::row& row : rows) {
      collections::Creditor c{row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(3),
                              std::nullopt};
      if (row.get_indicator(2) == soci::i_ok) c.bic = row.get<std::string>(2);
      return std::optional<collections::Creditor>(std::move(c));
    }
    return std::optional<collections::Creditor>();
  });
}

Result<void> SqlCollectionBook::add_mandate(const Mandate& m, calendar::Instant at,
                                            const std::string& actor) {
  return in_transaction<void>(db_, "storing mandate " + m.mandate_id, [&]() -> Result<void> {
    long long taken = 0;
    const long long occupant = m.occupant;
    db_.session()
        << "SELECT COUNT(*) FROM mandates WHERE mandate_id = :m OR (contract_id = :c AND occupant = :o)",
        soci::use(m.mandate_id), soci::use(m.contract_id), soci::use(occupant), soci::into(taken);
    if (taken > 0) {
      return already_exists("contract " + m.contract_id + " has a mandate of occupant " +
                            std::to_string(m.occupant) + ", or mandate id " + m.mandate_id + " is in use");
    }
    const long long created = unix_seconds(at);
    const std::string signed_on = calendar::to_string(m.signed_on);
    db_.session() << "INSERT INTO mandates (mandate_id, contract_id, signed_on, debtor_name, debtor_iban,"
                     " created_at, created_by, occupant) VALUES (:m, :c, :s, :n, :i, :t, :a, :o)",
        soci::use(m.mandate_id), soci::use(m.contract_id), soci::use(signed_on), soci::use(m.debtor_name),
        soci::use(m.debtor_iban), soci::use(created), soci::use(actor), soci::use(occupant);
    RENOFEE_TRY(const AuditEvent e, append_event(db_, AuditEvent{0, at, actor, "mandate", m.contract_id,
                                                                 "mandate " + m.mandate_id,
                                                                 item_of_mandate(m, at, actor), "", ""}));
    (void)e;
    return success();
  });
}

Result<std::vector<Mandate>> SqlCollectionBook::mandates() {
  return guard("reading the mandates", [&]() -> Result<std::vector<Mandate>> {
    soci::rowset<soci::row> rows =
        (db_.session().prepare
         << "SELECT contract_id, mandate_id, signed_on, debtor_name, debtor_iban, occupant"
            " FROM mandates ORDER BY contract_id, occupant");
    std::vector<Mandate> out;
    for (const soci::row& row : rows) {
      Mandate m{row.get<std::string>(0), row.get<std::string>(1), {},
                row.get<std::string>(3), row.get<std::string>(4), static_cast<int>(row_integer(row, 5))};
      RENOFEE_TRY(m.signed_on, stored_date(row.get<std::string>(2)));
      out.push_back(std::move(m));
    }
    return out;
  });
}

Result<std::vector<app::CollectionRecord>> SqlCollectionBook::collections(std::string_view contract_id) {
  return guard("reading the collections",
               [&]() -> Result<std::vector<app::CollectionRecord>> {
                 const std::string contract(contract_id);
                 soci::rowset<soci::row> rows =
                     (db_.session().prepare
                          << "SELECT contract_id, month, due_date, amount_cents, end_to_end_id, mandate_id,"
                             " sequence_type, message_id FROM collections WHERE contract_id = :c"
                             " ORDER BY month",
                      soci::use(contract));
                 std::vector<app::CollectionRecord> out;
                 for (const soci::row& row : rows) {
                   RENOFEE_TRY(app::CollectionRecord r, record_of(row));
                   out.push_back(std::move(r));
                 }
                 return out;
               });
}

Result<int> SqlCollectionBook::files_on(calendar::Date collection_date) {
  return guard("counting collection files", [&]() -> Result<int> {
    const std::string day = calendar::to_string(collection_date);
    long long n = 0;
    db_.session() << "SELECT COUNT(*) FROM collection_files WHERE collection_date = :d", soci::use(day),
        soci::into(n);
    return static_cast<int>(n);
  });
}

Result<void> SqlCollectionBook::store_collection(const app::CollectionFile& f,
                                                 std::span<const app::CollectionRecord> records,
                                                 std::span<const app::ContractPostings> postings) {
  return in_transaction<void>(db_, "storing collection file " + f.message_id, [&]() -> Result<void> {
    const std::string day = calendar::to_string(f.collection_date);
    const long long created = unix_seconds(f.created_at);
    const long long control = whole_cents(f.control_sum);
    db_.session() << "INSERT INTO collection_files (message_id, collection_date, created_at, created_by,"
                     " transactions, control_sum_cents, sha256, xml) VALUES (:m, :d, :t, :b, :n, :s, :h, :x)",
        soci::use(f.message_id), soci::use(day), soci::use(created), soci::use(f.created_by),
        soci::use(f.transactions), soci::use(control), soci::use(f.sha256), soci::use(f.xml);
    for (const app::CollectionRecord& r : records) {
      const std::string due = calendar::to_string(r.due_date);
      const long long amount = whole_cents(r.amount);
      const std::string sequence(collections::to_code(r.sequence));
      // The primary key (contract, month) and the unique end-to-end id refuse a fee collected before:
      // already_exists, and the whole run rolls back.
      db_.session() << "INSERT INTO collections (contract_id, month, due_date, amount_cents, end_to_end_id,"
                       " mandate_id, sequence_type, message_id) VALUES (:c, :m, :d, :a, :e, :n, :s, :f)",
          soci::use(r.contract_id), soci::use(r.month), soci::use(due), soci::use(amount),
          soci::use(r.end_to_end_id), soci::use(r.mandate_id), soci::use(sequence), soci::use(f.message_id);
    }
    RENOFEE_TRY(
        const AuditEvent e,
        append_event(db_, AuditEvent{0, f.created_at, f.created_by, "collection_file", "",
                                     "file " + f.message_id, item_of_collection_file(f, records), "", ""}));
    (void)e;
    for (const app::ContractPostings& p : postings) {
      RENOFEE_TRY(const app::AppendOutcome appended,
                  ledger_.append_in_open_transaction(p.contract_id, p.entries, f.created_at));
      (void)appended;
    }
    return success();
  });
}

Result<std::optional<app::CollectionFile>> SqlCollectionBook::collection_file(std::string_view message_id) {
  return guard("reading a collection file",
               [&]() -> Result<std::optional<app::CollectionFile>> {
                 const std::string id(message_id);
                 soci::rowset<soci::row> rows =
                     (db_.session().prepare
                          << "SELECT message_id, collection_date, created_at, created_by, transactions,"
                             " control_sum_cents, sha256, xml FROM collection_files WHERE message_id = :m",
                      soci::use(id));
                 for (const soci::row& row : rows) {
                   app::CollectionFile f;
                   f.message_id = row.get<std::string>(0);
                   RENOFEE_TRY(f.collection_date, stored_date(row.get<std::string>(1)));
                   f.created_at = instant_from_unix(row_integer(row, 2));
                   f.created_by = row.get<std::string>(3);
                   f.transactions = static_cast<int>(row_integer(row, 4));
                   f.control_sum = cents(row_integer(row, 5));
                   f.sha256 = row.get<std::string>(6);
                   f.xml = row.get<std::string>(7);
                   return std::optional<app::CollectionFile>(std::move(f));
                 }
                 return std::optional<app::CollectionFile>();
               });
}

}  // namespace renofee::db

namespace renofee::db {
namespace {

// A bank_transactions row (columns in `bank_columns` order) as a record.
constexpr const char* bank_columns =
    "statement_id, entry, detail, direction, amount_cents, booking_date, end_to_end_id, return_reason,"
    " remittance, kind, contract_id, why";

Result<app::BankRecord> bank_record_of(const soci::row& row) {
  app::BankRecord r;
  r.statement_id = row.get<std::string>(0);
  collections::BankTransaction& t = r.match.transaction;
  t.entry = static_cast<int>(row_integer(row, 1));
  t.detail = static_cast<int>(row_integer(row, 2));
  t.direction =
      row.get<std::string>(3) == "CRDT" ? collections::Direction::credit : collections::Direction::debit;
  t.amount = cents(row_integer(row, 4));
  RENOFEE_TRY(t.booking_date, stored_date(row.get<std::string>(5)));
  t.end_to_end_id = row.get<std::string>(6);
  t.return_reason = row.get<std::string>(7);
  t.remittance = row.get<std::string>(8);
  const std::string kind = row.get<std::string>(9);
  r.match.kind = kind == "payment"     ? collections::MatchKind::payment
                 : kind == "return"    ? collections::MatchKind::returned
                 : kind == "refund"    ? collections::MatchKind::refund
                 : kind == "duplicate" ? collections::MatchKind::duplicate
                                       : collections::MatchKind::unmatched;
  if (row.get_indicator(10) == soci::i_ok) r.match.contract_id = row.get<std::string>(10);
  r.match.why = row.get<std::string>(11);
  return r;
}

}  // namespace

Result<std::vector<collections::KnownCollection>> SqlCollectionBook::known_collections() {
  return guard("reading the collections",
               [&]() -> Result<std::vector<collections::KnownCollection>> {
                 // With what bank messages posted for each (payment, return, refund), so a line reported twice is seen.
                 soci::rowset<soci::row> rows =
                     (db_.session().prepare
                      << "SELECT c.end_to_end_id, c.contract_id, c.amount_cents, t.kind, t.statement_id"
                         " FROM collections c LEFT JOIN bank_transactions t"
                         " ON t.end_to_end_id = c.end_to_end_id AND t.kind IN ('payment','return','refund')"
                         " ORDER BY c.end_to_end_id, t.statement_id, t.entry, t.detail");
                 std::vector<collections::KnownCollection> out;
                 for (const soci::row& row : rows) {
                   const std::string e2e = row.get<std::string>(0);
                   if (out.empty() || out.back().end_to_end_id != e2e)
                     out.push_back({e2e, row.get<std::string>(1), cents(row_integer(row, 2)), {}});
                   if (row.get_indicator(3) != soci::i_ok) continue;
                   const std::string kind = row.get<std::string>(3);
                   out.back().posted.push_back({kind == "payment"  ? collections::MatchKind::payment
                                                : kind == "refund" ? collections::MatchKind::refund
                                                                   : collections::MatchKind::returned,
                                                row.get<std::string>(4)});
                 }
                 return out;
               });
}

Result<std::optional<std::string>> SqlCollectionBook::imported_statement(std::string_view statement_id) {
  return guard("reading a bank statement", [&]() -> Result<std::optional<std::string>> {
    const std::string id(statement_id);
    std::string sha;
    soci::indicator ind = soci::i_null;
    db_.session() << "SELECT file_sha256 FROM bank_statements WHERE statement_id = :s", soci::use(id),
        soci::into(sha, ind);
    if (!db_.session().got_data() || ind != soci::i_ok) return std::optional<std::string>();
    return std::optional<std::string>(sha);
  });
}

Result<void> SqlCollectionBook::store_statement(const app::ImportedStatement& s,
                                                std::span<const app::ContractPostings> postings) {
  return in_transaction<void>(
      db_, "storing bank statement " + s.statement.statement_id, [&]() -> Result<void> {
        const long long at = unix_seconds(s.imported_at);
        const int transactions = static_cast<int>(s.matches.size());
        db_.session() << "INSERT INTO bank_statements (statement_id, message_id, account_iban, file_sha256,"
                         " transactions, imported_at, imported_by) VALUES (:s, :m, :a, :f, :n, :t, :b)",
            soci::use(s.statement.statement_id), soci::use(s.statement.message_id),
            soci::use(s.statement.account_iban), soci::use(s.file_sha256), soci::use(transactions),
            soci::use(at), soci::use(s.imported_by);
        for (const collections::Match& m : s.matches) {
          const collections::BankTransaction& t = m.transaction;
          const std::string direction = t.direction == collections::Direction::credit ? "CRDT" : "DBIT";
          const long long amount = whole_cents(t.amount);
          const std::string day = calendar::to_string(t.booking_date);
          const std::string kind(collections::to_string(m.kind));
          soci::indicator contract_ind = m.contract_id.empty() ? soci::i_null : soci::i_ok;
          db_.session() << "INSERT INTO bank_transactions (" << bank_columns
                        << ") VALUES (:s, :e, :d, :r, :a, :b, :x, :y, :u, :k, :c, :w)",
              soci::use(s.statement.statement_id), soci::use(t.entry), soci::use(t.detail),
              soci::use(direction), soci::use(amount), soci::use(day), soci::use(t.end_to_end_id),
              soci::use(t.return_reason), soci::use(t.remittance), soci::use(kind),
              soci::use(m.contract_id, contract_ind), soci::use(m.why);
        }
        RENOFEE_TRY(const AuditEvent e,
                    append_event(db_, AuditEvent{0, s.imported_at, s.imported_by, "bank_statement", "",
                                                 "statement " + s.statement.statement_id,
                                                 item_of_bank_statement(s), "", ""}));
        (void)e;
        for (const app::ContractPostings& p : postings) {
          RENOFEE_TRY(const app::AppendOutcome appended,
                      ledger_.append_in_open_transaction(p.contract_id, p.entries, s.imported_at));
          (void)appended;
        }
        return success();
      });
}

Result<std::vector<app::BankRecord>> SqlCollectionBook::unmatched() {
  return guard("reading unmatched bank transactions", [&]() -> Result<std::vector<app::BankRecord>> {
    soci::rowset<soci::row> rows =
        (db_.session().prepare << "SELECT t."
                               << "statement_id, t.entry, t.detail, t.direction, t.amount_cents,"
                                  " t.booking_date, t.end_to_end_id, t.return_reason, t.remittance,"
                                  " t.kind, t.contract_id, t.why"
                                  " FROM bank_transactions t JOIN bank_statements s"
                                  " ON s.statement_id = t.statement_id WHERE t.kind = 'unmatched'"
                                  " AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.posting_key IN"
                                  " ('payment:' || t.statement_id || ':' || t.entry || '.' || t.detail,"
                                  " 'return:' || t.statement_id || ':' || t.entry || '.' || t.detail))"
                                  " ORDER BY s.imported_at, t.statement_id, t.entry, t.detail");
    std::vector<app::BankRecord> out;
    for (const soci::row& row : rows) {
      RENOFEE_TRY(app::BankRecord r, bank_record_of(row));
      out.push_back(std::move(r));
    }
    return out;
  });
}

Result<std::optional<app::BankRecord>> SqlCollectionBook::bank_transaction(std::string_view statement_id,
                                                                           int entry, int detail) {
  return guard("reading a bank transaction",
               [&]() -> Result<std::optional<app::BankRecord>> {
                 const std::string id(statement_id);
                 soci::rowset<soci::row> rows =
                     (db_.session().prepare
                          << "SELECT " << bank_columns
                          << " FROM bank_transactions WHERE statement_id = :s AND entry = :e AND detail = :d",
                      soci::use(id), soci::use(entry), soci::use(detail));
                 for (const soci::row& row : rows) {
                   RENOFEE_TRY(app::BankRecord r, bank_record_of(row));
                   return std::optional<app::BankRecord>(std::move(r));
                 }
                 return std::optional<app::BankRecord>();
               });
}

Result<void> SqlCollectionBook::resolve_unmatched(const app::BankRecord& record, std::string_view contract_id,
                                                  const app::NewEntry& posting, calendar::Instant at) {
  const std::string where = record.statement_id + " entry " + std::to_string(record.match.transaction.entry) +
                            "." + std::to_string(record.match.transaction.detail);
  return in_transaction<void>(db_, "resolving bank transaction " + where, [&]() -> Result<void> {
    int entry = record.match.transaction.entry;
    int detail = record.match.transaction.detail;
    int held = 0;
    // PostgreSQL: hold the transaction's row, so a second resolution waits and then sees the first's entry.
    db_.session()
        << (db_.dialect() == Dialect::postgresql
                ? "SELECT 1 FROM bank_transactions WHERE statement_id = :s AND entry = :e AND detail = :d"
                  " FOR UPDATE"
                : "SELECT 1 FROM bank_transactions WHERE statement_id = :s AND entry = :e AND detail = :d"),
        soci::use(record.statement_id), soci::use(entry), soci::use(detail), soci::into(held);
    if (!db_.session().got_data()) return not_found("no bank transaction " + where, "/entry");
    std::string owner;
    soci::indicator ind = soci::i_null;
    db_.session() << "SELECT contract_id FROM ledger_entries WHERE posting_key = :k",
        soci::use(posting.posting_key), soci::into(owner, ind);
    if (db_.session().got_data() && ind == soci::i_ok)
      return already_exists("bank transaction " + where + " was assigned to contract " + owner + " before");
    const std::array<app::NewEntry, 1> entries{posting};
    RENOFEE_TRY(const app::AppendOutcome appended,
                ledger_.append_in_open_transaction(std::string(contract_id), entries, at));
    (void)appended;
    return success();
  });
}

Result<std::vector<app::BankRecord>> SqlCollectionBook::statement_records(std::string_view statement_id) {
  return guard("reading a bank statement", [&]() -> Result<std::vector<app::BankRecord>> {
    const std::string id(statement_id);
    soci::rowset<soci::row> rows = (db_.session().prepare << "SELECT " << bank_columns
                                                          << " FROM bank_transactions WHERE statement_id = :s"
                                                             " ORDER BY entry, detail",
                                    soci::use(id));
    std::vector<app::BankRecord> out;
    for (const soci::row& row : rows) {
      RENOFEE_TRY(app::BankRecord r, bank_record_of(row));
      out.push_back(std::move(r));
    }
    return out;
  });
}

}  // namespace renofee::db
