#include "renofee/adapters/db/integrity.hpp"
#include "renofee/adapters/db/sql_values.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "renofee/adapters/db/event_log.hpp"
#include "renofee/adapters/db/sql_collection_book.hpp"
#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/adapters/io/crypto.hpp"

namespace renofee::db {
namespace {

using EventKey = std::tuple<std::string, std::string, std::string>;  // kind, contract, subject

calendar::Instant instant_at(const soci::row& row, std::size_t i) {
  return instant_from_unix(row_integer(row, i));
}

std::string short_hash(const std::string& hash) {
  return hash.substr(0, 16) + "...";
}

// The event log and what each event recorded, checked as a chain.
struct Events {
  std::map<EventKey, AuditEvent> by_subject;
  std::set<EventKey> matched;  // events whose row was found

  // The row's event: a problem when it is missing or recorded another digest.
  void check_row(const EventKey& key, const std::string& item, const std::string& what,
                 std::vector<std::string>& problems) {
    const auto found = by_subject.find(key);
    if (found == by_subject.end()) {
      problems.push_back(what +
                         " is not in the event log (stored behind renofee's back, or before migration 5)");
      return;
    }
    matched.insert(key);
    if (found->second.item_sha256 != item) {
      problems.push_back(what + " differs from what event " + std::to_string(found->second.seq) +
                         " recorded (" + found->second.actor + " at " +
                         date::format("%FT%TZ", found->second.at) + ")");
    }
  }
};

Result<Events> check_event_chain(Database& db, IntegrityReport& report) {
  RENOFEE_TRY(const std::vector<AuditEvent> events, read_events(db));
  Events out;
  std::string prev(64, '0');
  for (std::size_t i = 0; i < events.size(); ++i) {
    const AuditEvent& e = events[i];
    const std::string at = "event log: event " + std::to_string(e.seq);
    if (e.seq != static_cast<std::int64_t>(i) + 1) {
      report.problems.push_back(at + " follows event " + std::to_string(i) + " (events are missing)");
    }
    if (e.prev_hash != prev)
      report.problems.push_back(at + " does not follow the hash of the event before it");
    if (event_hash(e) != e.hash) report.problems.push_back(at + " was changed (its hash does not match it)");
    prev = e.hash;
    out.by_subject[{e.kind, e.contract_id, e.subject}] = e;
  }
  report.events = static_cast<std::int64_t>(events.size());
  report.head_hash = events.empty() ? "" : events.back().hash;
  long long head_seq = 0;
  std::string head_hash;
  db.session() << "SELECT seq, hash FROM audit_head", soci::into(head_seq), soci::into(head_hash);
  if (head_seq != report.events || head_hash != report.head_hash) {
    report.problems.push_back("event log: its head (event " + std::to_string(head_seq) +
                              ") is not its last event (" + std::to_string(report.events) +
                              "): events were cut off or the head was moved");
  }
  return out;
}

void check_reports(Database& db, Events& events, IntegrityReport& report) {
  soci::rowset<soci::row> rows =
      (db.session().prepare
       << "SELECT contract_id, year, version, replaces, report_json, sha256, contract_version,"
          " compensation_cents, excess_charge_cents, created_at, created_by FROM reports"
          " ORDER BY contract_id, year, version");
  for (const soci::row& row : rows) {
    app::StoredReport r;
    r.contract_id = row.get<std::string>(0);
    r.year = static_cast<int>(row_integer(row, 1));
    r.version = static_cast<int>(row_integer(row, 2));
    if (row.get_indicator(3) == soci::i_ok) r.replaces = static_cast<int>(row_integer(row, 3));
    r.report_json = row.get<std::string>(4);
    r.sha256 = row.get<std::string>(5);
    r.contract_version = static_cast<int>(row_integer(row, 6));
    r.compensation = Money(Decimal::from_units(row_integer(row, 7), 2));
    r.excess_charge = Money(Decimal::from_units(row_integer(row, 8), 2));
    r.created_at = instant_at(row, 9);
    r.created_by = row.get<std::string>(10);
    ++report.reports;
    const std::string subject = "year " + std::to_string(r.year) + " version " + std::to_string(r.version);
    const std::string what = "contract " + r.contract_id + " report " + subject;
    const std::string actual = io::sha256_hex(r.report_json);
    if (actual != r.sha256) {
      report.problems.push_back(what + ": its bytes do not match its SHA-256 (stored " +
                                short_hash(r.sha256) + ", the bytes give " + short_hash(actual) + ")");
    }
    events.check_row({"report", r.contract_id, subject}, item_of_report(r), what, report.problems);
  }
}

// The ledger entries a report posted: its credit and charge, naming its SHA-256, with its amounts.
// The ledger entries of one report posting: its plain key, or its occupants' parts (":o<n>", a year that
// several occupants lived in, app/reconcile.cpp add_postings).
std::string report_posting_entries(const char* kind) {
  const std::string key = std::string("'") + kind + ":' || r.year || ':v' || r.version";
  return " FROM ledger_entries c WHERE c.contract_id = r.contract_id AND (c.posting_key = " + key +
         " OR c.posting_key LIKE " + key + " || ':o%')";
}

void check_report_postings(Database& db, IntegrityReport& report) {
  const std::string names_other = " AND c.reference NOT LIKE '%sha256:' || r.sha256 || '%'";
  soci::rowset<soci::row> rows =
      (db.session().prepare
       << "SELECT r.contract_id, r.year, r.version, r.sha256, r.compensation_cents, r.excess_charge_cents,"
          " (SELECT COUNT(*)" +
              report_posting_entries("compensation") + "), (SELECT CAST(SUM(c.amount_cents) AS BIGINT)" +
              report_posting_entries("compensation") + "), (SELECT COUNT(*)" +
              report_posting_entries("compensation") + names_other + "), (SELECT COUNT(*)" +
              report_posting_entries("excess_share") + "), (SELECT CAST(SUM(c.amount_cents) AS BIGINT)" +
              report_posting_entries("excess_share") + "), (SELECT COUNT(*)" +
              report_posting_entries("excess_share") + names_other +
              "), (SELECT COUNT(*) FROM occupant_changes o WHERE o.contract_id = r.contract_id"
              " AND o.event = 'sale_payoff') FROM reports r ORDER BY r.contract_id, r.year, r.version");
  for (const soci::row& row : rows) {
    const std::string what = "contract " + row.get<std::string>(0) + " report year " +
                             std::to_string(row_integer(row, 1)) + " version " +
                             std::to_string(row_integer(row, 2));
    const std::string sha = row.get<std::string>(3);
    // After a sale without takeover only the seller's days of the year are posted (core/finance/occupancy.hpp).
    const bool ended = row_integer(row, 12) > 0;
    const auto posting = [&](const char* name, long long cents, std::size_t at, bool credit) {
      const long long count = row_integer(row, at);
      if (cents == 0 && count == 0) return;
      if (count == 0) {
        report.problems.push_back(what + ": its " + name + " of " + std::to_string(cents) +
                                  " cents has no ledger entry");
        return;
      }
      const long long amount = row_integer(row, at + 1);
      const long long expected = credit ? -cents : cents;
      const bool part = ended && (amount == 0 || (amount < 0) == (expected < 0)) &&
                        std::llabs(amount) <= std::llabs(expected);
      if (amount != expected && !part) {
        report.problems.push_back(what + ": the ledger posted " + std::to_string(amount) + " cents as its " +
                                  name + ", the report says " + std::to_string(cents));
      }
      if (row_integer(row, at + 2) > 0) {
        report.problems.push_back(what + ": the ledger entry of its " + name +
                                  " names another report (not sha256 " + short_hash(sha) + ")");
      }
    };
    posting("compensation", row_integer(row, 4), 6, true);
    posting("excess share", row_integer(row, 5), 9, false);
  }
}

void check_versions(Database& db, Events& events, IntegrityReport& report) {
  soci::rowset<soci::row> rows =
      (db.session().prepare
       << "SELECT contract_id, version, offer_json, sha256, effective_date, reason, created_at,"
          " created_by FROM contract_versions ORDER BY contract_id, version");
  for (const soci::row& row : rows) {
    app::ContractVersion v;
    v.contract_id = row.get<std::string>(0);
    v.version = static_cast<int>(row_integer(row, 1));
    v.offer_json = row.get<std::string>(2);
    v.sha256 = row.get<std::string>(3);
    Result<calendar::Date> effective = calendar::parse_date(row.get<std::string>(4));
    v.reason = row.get<std::string>(5);
    v.created_at = instant_at(row, 6);
    v.created_by = row.get<std::string>(7);
    ++report.versions;
    const std::string what = "contract " + v.contract_id + " version " + std::to_string(v.version);
    if (!effective) {
      report.problems.push_back(what + ": its effective date is not a date");
      continue;
    }
    v.effective_date = *effective;
    const std::string actual = io::sha256_hex(v.offer_json);
    if (actual != v.sha256) {
      report.problems.push_back(what + ": its offer text does not match its SHA-256 (stored " +
                                short_hash(v.sha256) + ", the text gives " + short_hash(actual) + ")");
    }
    events.check_row({"contract_version", v.contract_id, "version " + std::to_string(v.version)},
                     item_of_version(v), what, report.problems);
  }
}

void check_uploads(Database& db, Events& events, IntegrityReport& report) {
  soci::rowset<soci::row> rows =
      (db.session().prepare
       << "SELECT id, contract_id, content_sha256, received_at, correction, rows_read,"
          " rows_stored, duplicates_skipped, rows_corrected, actor FROM uploads ORDER BY id");
  for (const soci::row& row : rows) {
    app::UploadRecord u;
    u.id = row_integer(row, 0);
    u.contract_id = row.get<std::string>(1);
    u.content_sha256 = row.get<std::string>(2);
    u.received_at = instant_at(row, 3);
    u.correction = row_integer(row, 4) != 0;
    u.rows_read = row_integer(row, 5);
    u.rows_stored = row_integer(row, 6);
    u.duplicates_skipped = row_integer(row, 7);
    u.rows_corrected = row_integer(row, 8);
    u.actor = row.get<std::string>(9);
    ++report.uploads;
    events.check_row({"upload", u.contract_id, "upload " + std::to_string(u.id)}, item_of_upload(u, u.actor),
                     "upload " + std::to_string(u.id) + " of contract " + u.contract_id, report.problems);
  }
}

void check_ledger_rows(Database& db, Events& events, IntegrityReport& report) {
  soci::rowset<soci::row> rows =
      (db.session().prepare
       << "SELECT contract_id, sequence, hash FROM ledger_entries ORDER BY contract_id, sequence");
  for (const soci::row& row : rows) {
    const std::string contract = row.get<std::string>(0);
    const std::string subject = "entry " + std::to_string(row_integer(row, 1));
    ++report.ledger_entries;
    events.check_row({"ledger_entry", contract, subject}, row.get<std::string>(2),
                     "contract " + contract + " ledger " + subject, report.problems);
  }
}

void check_collection_files(Database& db, Events& events, IntegrityReport& report) {
  SqlContractBook ledger(db, [](std::string_view bytes) { return io::sha256_hex(bytes); });
  SqlCollectionBook book(db, ledger);
  soci::rowset<soci::row> files =
      (db.session().prepare << "SELECT message_id FROM collection_files ORDER BY message_id");
  std::vector<std::string> ids;
  for (const soci::row& row : files)
    ids.push_back(row.get<std::string>(0));
  for (const std::string& id : ids) {
    const std::string what = "collection file " + id;
    Result<std::optional<app::CollectionFile>> file = book.collection_file(id);
    if (!file || !*file) {
      report.problems.push_back(what + ": " + (file ? "gone while checking" : file.error().message));
      continue;
    }
    const std::string actual = io::sha256_hex((*file)->xml);
    if (actual != (*file)->sha256) {
      report.problems.push_back(what + ": its bytes were changed (stored " + short_hash((*file)->sha256) +
                                ", the bytes give " + short_hash(actual) + ")");
    }
    std::vector<app::CollectionRecord> rows;
    soci::rowset<soci::row> contracts =
        (db.session().prepare << "SELECT DISTINCT contract_id FROM collections WHERE message_id = :m",
         soci::use(id));
    std::vector<std::string> contract_ids;
    for (const soci::row& row : contracts)
      contract_ids.push_back(row.get<std::string>(0));
    for (const std::string& contract : contract_ids) {
      Result<std::vector<app::CollectionRecord>> of_contract = book.collections(contract);
      if (!of_contract) continue;
      for (const app::CollectionRecord& r : *of_contract) {
        if (r.message_id == id) rows.push_back(r);
      }
    }
    events.check_row({"collection_file", "", "file " + id}, item_of_collection_file(**file, rows), what,
                     report.problems);
  }
}

// Bank statements (migration 9): each statement with its transactions against its event.
// Each replacement (migration 10) against its event.
void check_replacements(Database& db, Events& events, IntegrityReport& report) {
  soci::rowset<soci::row> rows =
      (db.session().prepare << "SELECT contract_id, number, on_date, measure, cost_cents, note, created_at,"
                               " created_by FROM replacements ORDER BY contract_id, number");
  for (const soci::row& row : rows) {
    const std::string contract = row.get<std::string>(0);
    const long long number = row_integer(row, 1);
    const std::string subject = "replacement " + std::to_string(number);
    app::Replacement r;
    Result<calendar::Date> on = stored_date(row.get<std::string>(2));
    if (!on) {
      report.problems.push_back("contract " + contract + " " + subject + ": " + on.error().message);
      continue;
    }
    r.on = *on;
    r.measure = row.get<std::string>(3);
    r.cost = Money(Decimal::from_units(row_integer(row, 4), 2));
    r.note = row.get<std::string>(5);
    events.check_row({"replacement", contract, subject},
                     item_of_replacement(contract, number, r, instant_at(row, 6), row.get<std::string>(7)),
                     "contract " + contract + " " + subject, report.problems);
  }
}

// Each occupant change (migration 10) against its event.
void check_occupant_changes(Database& db, Events& events, IntegrityReport& report) {
  soci::rowset<soci::row> rows =
      (db.session().prepare << "SELECT contract_id, number, on_date, event, created_at, created_by"
                               " FROM occupant_changes ORDER BY contract_id, number");
  for (const soci::row& row : rows) {
    const std::string contract = row.get<std::string>(0);
    const long long number = row_integer(row, 1);
    const std::string subject = "change " + std::to_string(number);
    events.check_row(
        {"occupant_change", contract, subject},
        item_of_occupant_change(contract, number, row.get<std::string>(2), row.get<std::string>(3),
                                instant_at(row, 4), row.get<std::string>(5)),
        "contract " + contract + " occupant " + subject, report.problems);
  }
}

void check_bank_statements(Database& db, Events& events, IntegrityReport& report) {
  SqlContractBook ledger(db, [](std::string_view bytes) { return io::sha256_hex(bytes); });
  SqlCollectionBook book(db, ledger);
  soci::rowset<soci::row> rows =
      (db.session().prepare << "SELECT statement_id, message_id, account_iban, file_sha256, imported_at,"
                               " imported_by FROM bank_statements ORDER BY statement_id");
  std::vector<app::ImportedStatement> statements;
  for (const soci::row& row : rows) {
    app::ImportedStatement s;
    s.statement.statement_id = row.get<std::string>(0);
    s.statement.message_id = row.get<std::string>(1);
    s.statement.account_iban = row.get<std::string>(2);
    s.file_sha256 = row.get<std::string>(3);
    s.imported_at = instant_at(row, 4);
    s.imported_by = row.get<std::string>(5);
    statements.push_back(std::move(s));
  }
  for (app::ImportedStatement& s : statements) {
    const std::string what = "bank statement " + s.statement.statement_id;
    Result<std::vector<app::BankRecord>> records = book.statement_records(s.statement.statement_id);
    if (!records) {
      report.problems.push_back(what + ": " + records.error().message);
      continue;
    }
    for (const app::BankRecord& r : *records)
      s.matches.push_back(r.match);
    events.check_row({"bank_statement", "", "statement " + s.statement.statement_id},
                     item_of_bank_statement(s), what, report.problems);
  }
}

// Collections (migration 8): each creditor, mandate and pain.008 file against its event; a file's bytes against
// its stored SHA-256, and its collection rows are part of the file's event.
void check_collection_rows(Database& db, Events& events, IntegrityReport& report) {
  soci::rowset<soci::row> creditors =
      (db.session().prepare << "SELECT id, name, iban, bic, creditor_id,"
                               " created_at, created_by FROM creditors ORDER BY id");
  for (const soci::row& row : creditors) {
    const long long id = row_integer(row, 0);
    collections::Creditor c{row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(4), {}};
    if (row.get_indicator(3) == soci::i_ok) c.bic = row.get<std::string>(3);
    const std::string subject = "creditor " + std::to_string(id);
    events.check_row({"creditor", "", subject},
                     item_of_creditor(id, c, instant_at(row, 5), row.get<std::string>(6)), subject,
                     report.problems);
  }
  soci::rowset<soci::row> mandates =
      (db.session().prepare
       << "SELECT mandate_id, contract_id, signed_on, debtor_name, debtor_iban, created_at,"
          " created_by, occupant FROM mandates ORDER BY mandate_id");
  for (const soci::row& row : mandates) {
    collections::Mandate m{
        row.get<std::string>(1), row.get<std::string>(0), {},
        row.get<std::string>(3), row.get<std::string>(4), static_cast<int>(row_integer(row, 7))};
    const std::string what = "mandate " + m.mandate_id + " of contract " + m.contract_id;
    Result<calendar::Date> signed_on = stored_date(row.get<std::string>(2));
    if (!signed_on) {
      report.problems.push_back(what + ": " + signed_on.error().message);
      continue;
    }
    m.signed_on = *signed_on;
    events.check_row({"mandate", m.contract_id, "mandate " + m.mandate_id},
                     item_of_mandate(m, instant_at(row, 5), row.get<std::string>(6)), what, report.problems);
  }
  check_collection_files(db, events, report);
  check_bank_statements(db, events, report);
  check_occupant_changes(db, events, report);
  check_replacements(db, events, report);
}

// Every event whose row was not found: the row is gone (a key's row is looked up by id). The ledger entries
// of one contract are named together ("entries 1..25"), a chain deleted with its head being one problem.
void check_events_have_rows(Database& db, const Events& events, IntegrityReport& report) {
  std::vector<const AuditEvent*> gone;
  for (const auto& [key, event] : events.by_subject) {
    if (events.matched.count(key) == 0) gone.push_back(&event);
  }
  std::sort(gone.begin(), gone.end(),
            [](const AuditEvent* a, const AuditEvent* b) { return a->seq < b->seq; });
  std::map<std::string, std::vector<std::int64_t>> ledger_gone;  // contract -> entry numbers
  for (const AuditEvent* e : gone) {
    if (e->kind == "ledger_entry") {
      ledger_gone[e->contract_id].push_back(std::stoll(e->subject.substr(6)));
      continue;
    }
    if (e->kind == "key_created" || e->kind == "key_revoked") {
      const std::string id = e->subject.substr(4, 12);
      long long n = 0;
      db.session() << "SELECT COUNT(*) FROM api_keys WHERE id = :id", soci::use(id), soci::into(n);
      if (n == 0) {
        report.problems.push_back("API " + e->subject + ": recorded by event " + std::to_string(e->seq) +
                                  ", no longer in the key table");
      }
      continue;
    }
    report.problems.push_back((e->contract_id.empty() ? std::string() : "contract " + e->contract_id + " ") +
                              e->kind + " " + e->subject + ": recorded by event " + std::to_string(e->seq) +
                              " (" + e->actor + " at " + date::format("%FT%TZ", e->at) +
                              "), no longer stored");
  }
  for (auto& [contract, numbers] : ledger_gone) {
    std::sort(numbers.begin(), numbers.end());
    const std::string range = numbers.size() == 1 ? "entry " + std::to_string(numbers.front())
                                                  : "entries " + std::to_string(numbers.front()) + ".." +
                                                        std::to_string(numbers.back());
    report.problems.push_back("contract " + contract + " ledger: " + range + " recorded by the event log " +
                              (numbers.size() == 1 ? "is" : "are") + " no longer stored");
  }
}

void check_chains(Database& db, IntegrityReport& report) {
  SqlContractBook book(db, [](std::string_view bytes) { return io::sha256_hex(bytes); });
  Result<std::vector<app::ChainCheck>> checks =
      app::verify_ledger(book, [](std::string_view bytes) { return io::sha256_hex(bytes); });
  if (!checks) {
    report.problems.push_back("ledger: " + checks.error().message);
    return;
  }
  for (const app::ChainCheck& check : *checks) {
    if (check.problem)
      report.problems.push_back("contract " + check.contract_id + " ledger: " + *check.problem);
  }
}

}  // namespace

Result<IntegrityReport> verify_integrity(Database& db) {
  IntegrityReport report;
  Result<void> checked = guard("verifying the stored rows", [&]() -> Result<void> {
    RENOFEE_TRY(Events events, check_event_chain(db, report));
    check_reports(db, events, report);
    check_report_postings(db, report);
    check_versions(db, events, report);
    check_uploads(db, events, report);
    check_ledger_rows(db, events, report);
    check_collection_rows(db, events, report);
    check_events_have_rows(db, events, report);
    return success();
  });
  RENOFEE_CHECK(checked);
  check_chains(db, report);
  return report;
}

}  // namespace renofee::db
