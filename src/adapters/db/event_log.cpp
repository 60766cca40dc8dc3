#include "renofee/adapters/db/event_log.hpp"

#include <algorithm>
#include <tuple>
#include "renofee/adapters/db/sql_values.hpp"

#include "renofee/adapters/io/crypto.hpp"

namespace renofee::db {
namespace {

// Whole cents of an amount, or its decimal text when it is not whole cents (never the case for stored
// amounts: the store refuses them).
std::string hashed_cents(const Money& amount) {
  Result<std::int64_t> units = amount.value().to_units(2);
  return units ? std::to_string(*units) : amount.to_string();
}

std::string joined(std::initializer_list<std::string> fields) {
  std::string line;
  for (const std::string& field : fields) {
    if (!line.empty()) line += '|';
    line += field;
  }
  return line;
}

const std::string genesis(64, '0');

}  // namespace

std::string event_hash(const AuditEvent& e) {
  return io::sha256_hex("renofee-event-v1\n" + std::to_string(e.seq) + "\n" +
                        std::to_string(unix_seconds(e.at)) + "\n" + e.actor + "\n" + e.kind + "\n" +
                        e.contract_id + "\n" + e.subject + "\n" + e.item_sha256 + "\n" + e.prev_hash);
}

Result<AuditEvent> append_event(Database& db, AuditEvent event) {
  return guard("recording the event log", [&]() -> Result<AuditEvent> {
    long long last = 0;
    std::string prev;
    db.session() << (db.dialect() == Dialect::postgresql ? "SELECT seq, hash FROM audit_head FOR UPDATE"
                                                         : "SELECT seq, hash FROM audit_head"),
        soci::into(last), soci::into(prev);
    if (!db.session().got_data()) return internal_error("the event log has no head row (audit_head)");
    event.seq = last + 1;
    event.prev_hash = prev.empty() ? genesis : prev;
    event.hash = event_hash(event);
    const long long at = unix_seconds(event.at);
    const long long seq = event.seq;
    db.session() << "UPDATE audit_head SET seq = :s, hash = :h", soci::use(seq), soci::use(event.hash);
    db.session() << "INSERT INTO audit_events (seq, at, actor, kind, contract_id, subject, item_sha256,"
                    " prev_hash, hash) VALUES (:s, :a, :ac, :k, :c, :su, :i, :p, :h)",
        soci::use(seq), soci::use(at), soci::use(event.actor), soci::use(event.kind),
        soci::use(event.contract_id), soci::use(event.subject), soci::use(event.item_sha256),
        soci::use(event.prev_hash), soci::use(event.hash);
    return event;
  });
}

Result<std::vector<AuditEvent>> read_events(Database& db, std::optional<std::string_view> contract_id) {
  return guard("reading the event log", [&]() -> Result<std::vector<AuditEvent>> {
    AuditEvent row;
    long long seq = 0, at = 0;
    const std::string contract(contract_id.value_or(""));
    const int all = contract_id ? 0 : 1;
    soci::statement st =
        (db.session().prepare << "SELECT seq, at, actor, kind, contract_id, subject, item_sha256,"
                                 " prev_hash, hash FROM audit_events WHERE :all = 1 OR"
                                 " contract_id = :c ORDER BY seq",
         soci::use(all), soci::use(contract), soci::into(seq), soci::into(at), soci::into(row.actor),
         soci::into(row.kind), soci::into(row.contract_id), soci::into(row.subject),
         soci::into(row.item_sha256), soci::into(row.prev_hash), soci::into(row.hash));
    st.execute();
    std::vector<AuditEvent> out;
    while (st.fetch()) {
      row.seq = seq;
      row.at = instant_from_unix(at);
      out.push_back(row);
    }
    return out;
  });
}

std::string item_of_upload(const app::UploadRecord& u, std::string_view actor) {
  return io::sha256_hex(joined(
      {std::to_string(u.id), u.contract_id, u.content_sha256, std::to_string(unix_seconds(u.received_at)),
       u.correction ? "1" : "0", std::to_string(u.rows_read), std::to_string(u.rows_stored),
       std::to_string(u.duplicates_skipped), std::to_string(u.rows_corrected), std::string(actor)}));
}

std::string item_of_version(const app::ContractVersion& v) {
  return io::sha256_hex(
      joined({v.contract_id, std::to_string(v.version), v.sha256, calendar::to_string(v.effective_date),
              v.reason, std::to_string(unix_seconds(v.created_at)), v.created_by}));
}

std::string item_of_report(const app::StoredReport& r) {
  return io::sha256_hex(
      joined({r.contract_id, std::to_string(r.year), std::to_string(r.version),
              r.replaces ? std::to_string(*r.replaces) : "-", r.sha256, std::to_string(r.contract_version),
              hashed_cents(r.compensation), hashed_cents(r.excess_charge),
              std::to_string(unix_seconds(r.created_at)), r.created_by}));
}

std::string item_of_key(const app::ApiKey& k) {
  std::string scope;
  for (const std::string& c : k.scope)
    scope += (scope.empty() ? "" : ",") + c;
  return io::sha256_hex(joined({k.id, std::string(app::to_string(k.role)), k.contract_id.value_or("-"), scope,
                                std::to_string(unix_seconds(k.created_at)),
                                k.revoked_at ? std::to_string(unix_seconds(*k.revoked_at)) : "-"}) +
                        // the occupant from 2 on (migration 10), so the items of earlier keys keep their hash
                        (k.occupant > 1 ? "|occupant " + std::to_string(k.occupant) : ""));
}

std::string item_of_replacement(std::string_view contract_id, long long number, const app::Replacement& r,
                                calendar::Instant at, std::string_view actor) {
  return io::sha256_hex(joined({std::string(contract_id), std::to_string(number), calendar::to_string(r.on),
                                r.measure, r.cost.value().round(2, Rounding::half_even).to_string(),
                                std::to_string(unix_seconds(at)), std::string(actor), r.note}));
}

std::string item_of_occupant_change(std::string_view contract_id, long long number, std::string_view on_date,
                                    std::string_view event, calendar::Instant at, std::string_view actor) {
  return io::sha256_hex(joined({std::string(contract_id), std::to_string(number), std::string(on_date),
                                std::string(event), std::to_string(unix_seconds(at)), std::string(actor)}));
}

std::string item_of_creditor(long long id, const collections::Creditor& c, calendar::Instant at,
                             std::string_view actor) {
  return io::sha256_hex(joined({std::to_string(id), c.name, c.iban, c.bic.value_or("-"), c.creditor_id,
                                std::to_string(unix_seconds(at)), std::string(actor)}));
}

std::string item_of_mandate(const collections::Mandate& m, calendar::Instant at, std::string_view actor) {
  return io::sha256_hex(
      joined({m.mandate_id, m.contract_id, calendar::to_string(m.signed_on), m.debtor_name, m.debtor_iban,
              std::to_string(unix_seconds(at)), std::string(actor)}) +
      // the occupant from 2 on (migration 10), so the items of earlier mandates keep their hash
      (m.occupant > 1 ? "|occupant " + std::to_string(m.occupant) : ""));
}

std::string item_of_collection_file(const app::CollectionFile& f,
                                    std::span<const app::CollectionRecord> rows) {
  std::string text = joined({f.message_id, calendar::to_string(f.collection_date),
                             std::to_string(unix_seconds(f.created_at)), f.created_by,
                             std::to_string(f.transactions), hashed_cents(f.control_sum), f.sha256});
  std::vector<app::CollectionRecord> sorted(rows.begin(), rows.end());
  std::sort(sorted.begin(), sorted.end(), [](const app::CollectionRecord& a, const app::CollectionRecord& b) {
    return std::tie(a.contract_id, a.month) < std::tie(b.contract_id, b.month);
  });
  for (const app::CollectionRecord& r : sorted) {
    text += ";" + joined({r.contract_id, std::to_string(r.month), calendar::to_string(r.due_date),
                          hashed_cents(r.amount), r.end_to_end_id, r.mandate_id,
                          std::string(collections::to_code(r.sequence))});
  }
  return io::sha256_hex(text);
}

std::string item_of_bank_statement(const app::ImportedStatement& s) {
  std::string text = joined({s.statement.statement_id, s.statement.message_id, s.statement.account_iban,
                             s.file_sha256, std::to_string(unix_seconds(s.imported_at)), s.imported_by});
  for (const collections::Match& m : s.matches) {
    const collections::BankTransaction& t = m.transaction;
    text +=
        ";" + joined({std::to_string(t.entry), std::to_string(t.detail),
                      t.direction == collections::Direction::credit ? "CRDT" : "DBIT", hashed_cents(t.amount),
                      calendar::to_string(t.booking_date), t.end_to_end_id, t.return_reason, t.remittance,
                      std::string(collections::to_string(m.kind)), m.contract_id, m.why});
  }
  return io::sha256_hex(text);
}

Result<std::vector<AuditEvent>> SqlEventLog::contract_events(std::string_view contract_id) {
  return read_events(db_, contract_id);
}

}  // namespace renofee::db
