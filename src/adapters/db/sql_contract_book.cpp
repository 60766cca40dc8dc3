#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/adapters/db/sql_values.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include "renofee/adapters/db/event_log.hpp"
#include "renofee/adapters/db/sql_key_store.hpp"

#include "renofee/adapters/io/offer_json.hpp"

namespace renofee::db {
namespace {

Result<long long> cents_of(const Money& amount, std::string_view what) {
  Result<std::int64_t> units = amount.value().to_units(2);
  if (!units) {
    return invalid_argument(std::string(what) + " " + amount.to_string() + " is not a whole number of cents");
  }
  return static_cast<long long>(*units);
}

Money money_of(long long cents) {
  return Money(Decimal::from_units(cents, 2));
}

// A contract's occupant changes in order (migration 10), inside the caller's guard.
Result<std::vector<finance::OccupantChange>> read_occupant_changes(Database& db, const std::string& id) {
  std::vector<finance::OccupantChange> out;
  soci::rowset<soci::row> rows = (db.session().prepare << "SELECT on_date, event FROM occupant_changes"
                                                          " WHERE contract_id = :c ORDER BY number",
                                  soci::use(id));
  for (const soci::row& row : rows) {
    finance::OccupantChange c;
    RENOFEE_TRY(c.on, stored_date(row.get<std::string>(0)));
    RENOFEE_TRY(c.event, finance::parse_occupant_event(row.get<std::string>(1)));
    out.push_back(c);
  }
  return out;
}

// The occupant an entry belongs to (app/ledger.hpp NewEntry::occupant): as the poster set it, else whoever
// lived there on its occupant date or value date. Occupant periods need only the changes: before the first,
// occupant 1.
int occupant_of(const app::NewEntry& e, std::span<const finance::OccupantChange> changes) {
  if (e.occupant > 0) return e.occupant;
  return finance::occupant_on(changes, e.occupant_date.value_or(e.value_date));
}

// An integer column whatever width the backend reports (SQLite INTEGER and PostgreSQL BIGINT are 64-bit,
// PostgreSQL INTEGER is 32-bit; soci::row::get demands the exact type). SOCI's SQLite backend reports an
// expression column (a COUNT subquery) without a declared type as text.
}  // namespace

// Bound variables live here, at fixed addresses, for the statement's lifetime; each use runs the statement to
// its last row, which on SQLite ends its implicit read transaction (no snapshot stays pinned).
struct SqlContractBook::VersionQuery {
  std::string contract, offer_json, sha256, effective_date, reason, created_by;
  long long version = 0, created_at = 0;
  soci::statement statement;
  explicit VersionQuery(soci::session& session)
      : statement((
            session.prepare << "SELECT version, offer_json, sha256, effective_date, reason, created_at,"
                               " created_by FROM contract_versions WHERE contract_id = :c ORDER BY version",
            soci::use(contract), soci::into(version), soci::into(offer_json), soci::into(sha256),
            soci::into(effective_date), soci::into(reason), soci::into(created_at), soci::into(created_by))) {
  }
};

struct SqlContractBook::ReportQuery {
  std::string contract, reason, report_json, sha256, created_by;
  long long year_bound = 0, year = 0, version = 0, replaces = 0, contract_version = 0, compensation = 0,
            excess = 0, created_at = 0;
  soci::indicator replaces_ind = soci::i_ok;
  soci::statement statement;
  ReportQuery(soci::session& session, const char* where)
      : statement(
            (session.prepare << std::string("SELECT year, version, replaces, reason, report_json, sha256,"
                                            " contract_version, compensation_cents, excess_charge_cents,"
                                            " created_at, created_by FROM reports WHERE contract_id = :c"
                                            " AND ") +
                                    where + " ORDER BY year, version",
             soci::use(contract), soci::use(year_bound), soci::into(year), soci::into(version),
             soci::into(replaces, replaces_ind), soci::into(reason), soci::into(report_json),
             soci::into(sha256), soci::into(contract_version), soci::into(compensation), soci::into(excess),
             soci::into(created_at), soci::into(created_by))) {}
};

SqlContractBook::SqlContractBook(Database& db, app::Sha256 sha256) : db_(db), sha256_(std::move(sha256)) {}
SqlContractBook::~SqlContractBook() = default;

Result<void> SqlContractBook::insert_version(const app::ContractVersion& version) {
  const std::string effective = calendar::to_string(version.effective_date);
  const long long created = unix_seconds(version.created_at);
  db_.session() << "INSERT INTO contract_versions (contract_id, version, offer_json, sha256, effective_date,"
                   " reason, created_at, created_by) VALUES (:c, :v, :o, :s, :e, :r, :t, :b)",
      soci::use(version.contract_id), soci::use(version.version), soci::use(version.offer_json),
      soci::use(version.sha256), soci::use(effective), soci::use(version.reason), soci::use(created),
      soci::use(version.created_by);
  RENOFEE_TRY(const AuditEvent recorded,
              append_event(db_, AuditEvent{0, version.created_at, version.created_by, "contract_version",
                                           version.contract_id, "version " + std::to_string(version.version),
                                           item_of_version(version), "", ""}));
  (void)recorded;
  return {};
}

Result<void> SqlContractBook::create_contract(const app::ContractVersion& first) {
  if (first.version != 1) return invalid_argument("a new contract starts at version 1");
  return in_transaction<void>(db_, "storing contract " + first.contract_id, [&]() -> Result<void> {
    int existing = 0;
    db_.session() << "SELECT COUNT(*) FROM contract_versions WHERE contract_id = :c",
        soci::use(first.contract_id), soci::into(existing);
    if (existing > 0) return already_exists("contract " + first.contract_id + " exists");
    return insert_version(first);
  });
}

Result<void> SqlContractBook::add_version(const app::ContractVersion& next) {
  return in_transaction<void>(
      db_, "storing version " + std::to_string(next.version) + " of contract " + next.contract_id,
      [&]() -> Result<void> {
        int last = 0;
        soci::indicator ind = soci::i_null;
        db_.session() << "SELECT MAX(version) FROM contract_versions WHERE contract_id = :c",
            soci::use(next.contract_id), soci::into(last, ind);
        if (ind != soci::i_ok) return not_found("no contract " + next.contract_id);
        if (next.version != last + 1) {
          return already_exists("version " + std::to_string(next.version) + " of contract " +
                                next.contract_id + " exists");
        }
        return insert_version(next);
      });
}

// One indexed row (the primary key contract_id, version) and no offer parsed: every data request asks it.
Result<std::optional<std::string>> SqlContractBook::owner(std::string_view contract_id) {
  const std::string id(contract_id);
  return guard("reading the owner of contract " + id, [&]() -> Result<std::optional<std::string>> {
    std::string created_by;
    soci::indicator ind = soci::i_null;
    db_.session() << "SELECT created_by FROM contract_versions WHERE contract_id = :c AND version = 1",
        soci::use(id), soci::into(created_by, ind);
    if (!db_.session().got_data() || ind != soci::i_ok) return std::optional<std::string>();
    return std::optional<std::string>(created_by);
  });
}

Result<std::vector<app::ContractVersion>> SqlContractBook::versions(std::string_view contract_id) {
  const std::string id(contract_id);
  Result<std::vector<app::ContractVersion>> result =
      guard("reading contract " + id, [&]() -> Result<std::vector<app::ContractVersion>> {
        if (!version_query_) version_query_ = std::make_unique<VersionQuery>(db_.session());
        VersionQuery& bound = *version_query_;
        bound.contract = id;
        std::vector<app::ContractVersion> out;
        bound.statement.execute();
        while (bound.statement.fetch()) {
          app::ContractVersion version;
          version.contract_id = id;
          version.version = static_cast<int>(bound.version);
          version.offer_json = bound.offer_json;
          version.sha256 = bound.sha256;
          RENOFEE_TRY(version.effective_date, stored_date(bound.effective_date));
          version.reason = bound.reason;
          version.created_at = instant_from_unix(bound.created_at);
          version.created_by = bound.created_by;
          out.push_back(std::move(version));
        }
        return out;
      });
  if (!result) {
    version_query_.reset();
    return result;
  }
  if (result->empty()) return not_found("no contract " + id);
  // The terms of each version, parsed once here so that the use cases get them typed.
  for (app::ContractVersion& version : *result) {
    Result<quote::Offer> offer = io::parse_offer_json(version.offer_json);
    if (!offer) {
      return internal_error("version " + std::to_string(version.version) + " of contract " + id +
                            " cannot be read back: " + offer.error().message);
    }
    version.offer = std::move(offer).value();
  }
  return result;
}

Result<std::vector<app::ContractSummary>> SqlContractBook::list_contracts(
    std::string_view after_id, int limit, const std::optional<std::string>& owner) {
  const std::string after(after_id);
  const std::string owner_text = owner.value_or("");
  const int owner_given = owner ? 1 : 0;
  return guard("listing contracts", [&]() -> Result<std::vector<app::ContractSummary>> {
    std::vector<app::ContractSummary> out;
    soci::rowset<soci::row> rows =
        (db_.session().prepare
             << "SELECT f.contract_id, (SELECT COUNT(*) FROM contract_versions v WHERE v.contract_id ="
                " f.contract_id), f.created_by, f.created_at FROM contract_versions f"
                " WHERE f.version = 1 AND f.contract_id > :a AND (:g = 0 OR f.created_by = :o)"
                " ORDER BY f.contract_id LIMIT :l",
         soci::use(after), soci::use(owner_given), soci::use(owner_text), soci::use(limit));
    for (const soci::row& row : rows) {
      app::ContractSummary summary;
      summary.contract_id = row.get<std::string>(0);
      summary.versions = static_cast<int>(row_integer(row, 1));
      summary.created_by = row.get<std::string>(2);
      summary.created_at = instant_from_unix(row_integer(row, 3));
      out.push_back(std::move(summary));
    }
    return out;
  });
}

Result<std::vector<app::StoredReport>> SqlContractBook::select_reports(std::unique_ptr<ReportQuery>& query,
                                                                       const char* where,
                                                                       std::string_view contract_id,
                                                                       int year) {
  const std::string id(contract_id);
  Result<std::vector<app::StoredReport>> result =
      guard("reading reports of contract " + id, [&]() -> Result<std::vector<app::StoredReport>> {
        if (!query) query = std::make_unique<ReportQuery>(db_.session(), where);
        ReportQuery& bound = *query;
        bound.contract = id;
        bound.year_bound = year;
        std::vector<app::StoredReport> out;
        bound.statement.execute();
        while (bound.statement.fetch()) {
          app::StoredReport report;
          report.contract_id = id;
          report.year = static_cast<int>(bound.year);
          report.version = static_cast<int>(bound.version);
          if (bound.replaces_ind == soci::i_ok) report.replaces = static_cast<int>(bound.replaces);
          report.reason = bound.reason;
          report.report_json = bound.report_json;
          report.sha256 = bound.sha256;
          report.contract_version = static_cast<int>(bound.contract_version);
          report.compensation = money_of(bound.compensation);
          report.excess_charge = money_of(bound.excess);
          report.created_at = instant_from_unix(bound.created_at);
          report.created_by = bound.created_by;
          // Never hand out altered figures: bytes that no longer match their hash are refused, whoever reads
          // them (report, statement, page, reconciliation). `renofee verify` names what changed.
          if (sha256_(report.report_json) != report.sha256) {
            return failed_precondition(
                "the stored report of contract " + id + " year " + std::to_string(report.year) + " version " +
                std::to_string(report.version) +
                " fails its integrity check: its bytes do not match their SHA-256, so it "
                "is not used (renofee verify names what changed)");
          }
          out.push_back(std::move(report));
        }
        return out;
      });
  if (!result) query.reset();
  return result;
}

Result<std::vector<app::StoredReport>> SqlContractBook::report_versions(std::string_view contract_id,
                                                                        int year) {
  return select_reports(year_reports_, "year = :y", contract_id, year);
}

Result<std::vector<app::StoredReport>> SqlContractBook::contract_reports(std::string_view contract_id) {
  return select_reports(all_reports_, "year > :y", contract_id, -1);  // every year (years are positive)
}

Result<app::AppendOutcome> SqlContractBook::store_report(const app::StoredReport& report,
                                                         std::span<const app::NewEntry> postings) {
  RENOFEE_TRY(const long long comp, cents_of(report.compensation, "the compensation"));
  RENOFEE_TRY(const long long excess, cents_of(report.excess_charge, "the excess charge"));
  return in_transaction<app::AppendOutcome>(
      db_, "storing the report of contract " + report.contract_id, [&]() -> Result<app::AppendOutcome> {
        // No look-before-insert: the primary key (contract, year, version) refuses a second writer, which
        // gets already_exists and rolls back (the caller re-reads).
        const int replaces = report.replaces.value_or(0);
        soci::indicator replaces_ind = report.replaces ? soci::i_ok : soci::i_null;
        const long long created = unix_seconds(report.created_at);
        db_.session()
            << "INSERT INTO reports (contract_id, year, version, replaces, reason, report_json, sha256,"
               " contract_version, compensation_cents, excess_charge_cents, created_at, created_by)"
               " VALUES (:c, :y, :v, :p, :r, :j, :s, :cv, :comp, :ex, :t, :b)",
            soci::use(report.contract_id), soci::use(report.year), soci::use(report.version),
            soci::use(replaces, replaces_ind), soci::use(report.reason), soci::use(report.report_json),
            soci::use(report.sha256), soci::use(report.contract_version), soci::use(comp), soci::use(excess),
            soci::use(created), soci::use(report.created_by);
        RENOFEE_TRY(const AuditEvent recorded,
                    append_event(
                        db_, AuditEvent{0, report.created_at, report.created_by, "report", report.contract_id,
                                        "year " + std::to_string(report.year) + " version " +
                                            std::to_string(report.version),
                                        item_of_report(report), "", ""}));
        (void)recorded;
        return append_in_open_transaction(report.contract_id, postings, report.created_at);
      });
}

Result<app::AppendOutcome> SqlContractBook::append_in_open_transaction(const std::string& contract_id,
                                                                       std::span<const app::NewEntry> entries,
                                                                       calendar::Instant posted_at) {
  app::AppendOutcome outcome;
  if (entries.empty()) return outcome;
  const std::string genesis = app::genesis_hash;
  db_.session() << "INSERT INTO ledger_heads (contract_id, entries, hash) VALUES (:c, 0, :h)"
                   " ON CONFLICT (contract_id) DO NOTHING",
      soci::use(contract_id), soci::use(genesis);
  long long count = 0;
  std::string head;
  db_.session() << (db_.dialect() == Dialect::postgresql
                        ? "SELECT entries, hash FROM ledger_heads WHERE contract_id = :c FOR UPDATE"
                        : "SELECT entries, hash FROM ledger_heads WHERE contract_id = :c"),
      soci::use(contract_id), soci::into(count), soci::into(head);
  RENOFEE_TRY(const std::vector<finance::OccupantChange> changes, read_occupant_changes(db_, contract_id));
  for (const app::NewEntry& new_entry : entries) {
    RENOFEE_TRY(const long long cents, cents_of(new_entry.amount, "the ledger amount"));
    app::LedgerEntry entry;
    entry.contract_id = contract_id;
    entry.sequence = count + 1;
    entry.entry = new_entry;
    entry.entry.occupant = occupant_of(new_entry, changes);
    entry.entry.occupant_date.reset();
    const long long occupant = entry.entry.occupant;
    entry.posted_at = posted_at;
    entry.prev_hash = head;
    entry.hash = sha256_(app::entry_digest_text(entry));
    const std::string kind(app::to_string(new_entry.kind));
    const std::string value_date = calendar::to_string(new_entry.value_date);
    const long long sequence = entry.sequence;
    const long long posted = unix_seconds(posted_at);
    // A posting key already in the ledger is skipped (the unique key decides, no look-before-insert); the
    // sequence only advances for rows actually inserted.
    soci::statement insert =
        (db_.session().prepare
             << "INSERT INTO ledger_entries (contract_id, sequence, kind, value_date,"
                " amount_cents, posting_key, reference, posted_at, prev_hash, hash, occupant)"
                " VALUES (:c, :n, :k, :d, :a, :p, :r, :t, :ph, :h, :o)"
                " ON CONFLICT (contract_id, posting_key) DO NOTHING",
         soci::use(contract_id), soci::use(sequence), soci::use(kind), soci::use(value_date),
         soci::use(cents), soci::use(new_entry.posting_key), soci::use(new_entry.reference),
         soci::use(posted), soci::use(entry.prev_hash), soci::use(entry.hash), soci::use(occupant));
    insert.execute(true);
    if (insert.get_affected_rows() == 0) {
      ++outcome.skipped;
      continue;
    }
    count = entry.sequence;
    head = entry.hash;
    RENOFEE_TRY(const AuditEvent recorded,
                append_event(db_, AuditEvent{0, posted_at, "-", "ledger_entry", contract_id,
                                             "entry " + std::to_string(entry.sequence), entry.hash, "", ""}));
    (void)recorded;
    outcome.appended.push_back(std::move(entry));
  }
  db_.session() << "UPDATE ledger_heads SET entries = :n, hash = :h WHERE contract_id = :c", soci::use(count),
      soci::use(head), soci::use(contract_id);
  return outcome;
}

Result<app::AppendOutcome> SqlContractBook::append(std::string_view contract_id,
                                                   std::span<const app::NewEntry> entries,
                                                   calendar::Instant posted_at) {
  const std::string id(contract_id);
  return in_transaction<app::AppendOutcome>(db_, "posting to the ledger of contract " + id, [&]() {
    return append_in_open_transaction(id, entries, posted_at);
  });
}

Result<std::vector<app::LedgerEntry>> SqlContractBook::entries(std::string_view contract_id) {
  const std::string id(contract_id);
  return guard("reading the ledger of contract " + id, [&]() -> Result<std::vector<app::LedgerEntry>> {
    std::vector<app::LedgerEntry> out;
    soci::rowset<soci::row> rows =
        (db_.session().prepare
             << "SELECT id, sequence, kind, value_date, amount_cents, posting_key, reference,"
                " posted_at, prev_hash, hash, occupant FROM ledger_entries WHERE contract_id = :c"
                " ORDER BY sequence, id",
         soci::use(id));
    for (const soci::row& row : rows) {
      app::LedgerEntry entry;
      entry.id = row_integer(row, 0);
      entry.contract_id = id;
      entry.sequence = row_integer(row, 1);
      RENOFEE_TRY(entry.entry.kind, app::parse_entry_kind(row.get<std::string>(2)));
      RENOFEE_TRY(entry.entry.value_date, stored_date(row.get<std::string>(3)));
      entry.entry.amount = money_of(row_integer(row, 4));
      entry.entry.posting_key = row.get<std::string>(5);
      entry.entry.reference = row.get<std::string>(6);
      entry.posted_at = instant_from_unix(row_integer(row, 7));
      entry.prev_hash = row.get<std::string>(8);
      entry.hash = row.get<std::string>(9);
      entry.entry.occupant = static_cast<int>(row_integer(row, 10));
      out.push_back(std::move(entry));
    }
    return out;
  });
}

Result<std::vector<finance::OccupantChange>> SqlContractBook::occupant_changes(std::string_view contract_id) {
  const std::string id(contract_id);
  return guard("reading the occupants of contract " + id, [&]() { return read_occupant_changes(db_, id); });
}

Result<app::StoredOccupantChange> SqlContractBook::record_occupant_change(
    const app::OccupantChangeRecord& r) {
  return in_transaction<app::StoredOccupantChange>(
      db_, "recording occupant change " + std::to_string(r.number) + " of contract " + r.contract_id,
      [&]() -> Result<app::StoredOccupantChange> {
        long long taken = 0;
        db_.session() << "SELECT COUNT(*) FROM occupant_changes WHERE contract_id = :c AND number >= :n",
            soci::use(r.contract_id), soci::use(r.number), soci::into(taken);
        if (taken > 0)
          return already_exists("contract " + r.contract_id + " has a change of occupant " +
                                std::to_string(r.number) + " already (recorded meanwhile)");
        const std::string on = calendar::to_string(r.change.on);
        const std::string event(finance::to_string(r.change.event));
        const long long at = unix_seconds(r.at);
        db_.session() << "INSERT INTO occupant_changes (contract_id, number, on_date, event, created_at,"
                         " created_by) VALUES (:c, :n, :d, :e, :t, :b)",
            soci::use(r.contract_id), soci::use(r.number), soci::use(on), soci::use(event), soci::use(at),
            soci::use(r.actor);
        RENOFEE_TRY(const AuditEvent recorded,
                    append_event(db_, AuditEvent{0, r.at, r.actor, "occupant_change", r.contract_id,
                                                 "change " + std::to_string(r.number),
                                                 item_of_occupant_change(r.contract_id, r.number, on, event,
                                                                         r.at, r.actor),
                                                 "", ""}));
        (void)recorded;
        app::StoredOccupantChange out;
        RENOFEE_TRY(out.posted, append_in_open_transaction(r.contract_id, r.entries, r.at));
        SqlKeyStore keys(db_, r.actor);
        std::vector<std::string> active;  // the contract's resident keys not revoked yet
        {
          std::string id;
          soci::statement st =
              (db_.session().prepare << "SELECT id FROM api_keys WHERE role = 'resident'"
                                        " AND contract_id = :c AND revoked_at IS NULL ORDER BY id",
               soci::into(id), soci::use(r.contract_id));
          st.execute();
          while (st.fetch())
            active.push_back(id);
        }
        for (const std::string& id : active) {
          RENOFEE_TRY(const bool revoked, keys.revoke(id, r.at));
          if (revoked) out.revoked_keys.push_back(id);
        }
        for (const app::ApiKey& k : r.new_keys)
          RENOFEE_CHECK(keys.insert(k));
        return out;
      });
}

Result<void> SqlContractBook::record_replacement(std::string_view contract_id, const app::Replacement& r,
                                                 calendar::Instant at, const std::string& actor) {
  const std::string id(contract_id);
  return in_transaction<void>(db_, "recording a replacement of contract " + id, [&]() -> Result<void> {
    long long last = 0;
    soci::indicator ind = soci::i_null;
    db_.session() << "SELECT MAX(number) FROM replacements WHERE contract_id = :c", soci::use(id),
        soci::into(last, ind);
    const long long number = (ind == soci::i_ok ? last : 0) + 1;
    RENOFEE_TRY(const long long cost, cents_of(r.cost, "the replacement cost"));
    const std::string on = calendar::to_string(r.on);
    const long long created = unix_seconds(at);
    db_.session() << "INSERT INTO replacements (contract_id, number, on_date, measure, cost_cents, note,"
                     " created_at, created_by) VALUES (:c, :n, :d, :m, :a, :t, :at, :b)",
        soci::use(id), soci::use(number), soci::use(on), soci::use(r.measure), soci::use(cost),
        soci::use(r.note), soci::use(created), soci::use(actor);
    RENOFEE_TRY(
        const AuditEvent e,
        append_event(db_, AuditEvent{0, at, actor, "replacement", id, "replacement " + std::to_string(number),
                                     item_of_replacement(id, number, r, at, actor), "", ""}));
    (void)e;
    return success();
  });
}

Result<std::vector<app::Replacement>> SqlContractBook::replacements(std::string_view contract_id) {
  const std::string id(contract_id);
  return guard("reading the replacements of contract " + id, [&]() -> Result<std::vector<app::Replacement>> {
    std::vector<app::Replacement> out;
    soci::rowset<soci::row> rows =
        (db_.session().prepare << "SELECT on_date, measure, cost_cents, note FROM replacements"
                                  " WHERE contract_id = :c ORDER BY number",
         soci::use(id));
    for (const soci::row& row : rows) {
      app::Replacement r;
      RENOFEE_TRY(r.on, stored_date(row.get<std::string>(0)));
      r.measure = row.get<std::string>(1);
      r.cost = money_of(row_integer(row, 2));
      r.note = row.get<std::string>(3);
      out.push_back(std::move(r));
    }
    return out;
  });
}

Result<std::vector<app::LedgerHead>> SqlContractBook::heads() {
  return guard("reading ledger heads", [&]() -> Result<std::vector<app::LedgerHead>> {
    std::vector<app::LedgerHead> out;
    soci::rowset<soci::row> rows =
        (db_.session().prepare << "SELECT contract_id, entries, hash FROM ledger_heads ORDER BY contract_id");
    for (const soci::row& row : rows) {
      out.push_back(app::LedgerHead{row.get<std::string>(0), row_integer(row, 1), row.get<std::string>(2)});
    }
    return out;
  });
}

Result<std::vector<std::string>> SqlContractBook::contract_ids_with_entries() {
  return guard("reading ledger contracts", [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    soci::rowset<std::string> rows =
        (db_.session().prepare << "SELECT DISTINCT contract_id FROM ledger_entries ORDER BY contract_id");
    for (const std::string& id : rows)
      out.push_back(id);
    return out;
  });
}

Result<std::vector<app::OverviewContract>> SqlContractBook::overview_contracts(int limit) {
  return guard("reading the reconciliation overview", [&]() -> Result<std::vector<app::OverviewContract>> {
    // Version 1's start date and settlement year, read from the stored offer text by the database itself
    // (every stored text is an offer document, app/contracts.hpp): no offer is parsed here.
    const bool sqlite = db_.dialect() == Dialect::sqlite;
    const std::string term_start =
        sqlite ? "json_extract(f.offer_json, '$.start_date')" : "CAST(f.offer_json AS json) ->> 'start_date'";
    const std::string term_years = sqlite ? "json_extract(f.offer_json, '$.settlement_year')"
                                          : "CAST(f.offer_json AS json) ->> 'settlement_year'";
    std::vector<app::OverviewContract> out;
    std::map<std::string, std::size_t, std::less<>> position;
    soci::rowset<soci::row> contracts =
        (db_.session().prepare << "SELECT f.contract_id, (SELECT COUNT(*) FROM contract_versions v"
                                  " WHERE v.contract_id = f.contract_id), " +
                                      term_start + ", " + term_years +
                                      " FROM contract_versions f WHERE f.version = 1"
                                      " ORDER BY f.contract_id LIMIT :l",
         soci::use(limit));
    for (const soci::row& r : contracts) {
      app::OverviewContract c;
      c.contract_id = r.get<std::string>(0);
      c.versions = static_cast<int>(row_integer(r, 1));
      if (r.get_indicator(2) != soci::i_ok) {
        return internal_error("version 1 of contract " + c.contract_id + " has no start_date");
      }
      RENOFEE_TRY(c.start_date, stored_date(r.get<std::string>(2)));
      if (r.get_indicator(3) == soci::i_ok) {  // absent: per contract year, the offer's default
        Result<quote::SettlementYear> years = quote::parse_settlement_year(r.get<std::string>(3));
        if (!years) {
          return internal_error("version 1 of contract " + c.contract_id +
                                " has a malformed settlement_year");
        }
        c.settlement_year = *years;
      }
      position.emplace(c.contract_id, out.size());
      out.push_back(std::move(c));
    }
    if (out.empty()) return out;
    // The latest version of each reconciled year, for the contracts listed (ids up to the last one listed,
    // in the same order as above).
    const std::string last = out.back().contract_id;
    soci::rowset<soci::row> reports =
        (db_.session().prepare
             << "SELECT r.contract_id, r.year, r.version, r.compensation_cents FROM reports r"
                " WHERE r.contract_id <= :last AND r.version = (SELECT MAX(m.version)"
                " FROM reports m WHERE m.contract_id = r.contract_id AND m.year = r.year)"
                " ORDER BY r.contract_id, r.year",
         soci::use(last));
    for (const soci::row& r : reports) {
      const auto found = position.find(r.get<std::string>(0));
      if (found == position.end()) continue;  // a contract stored after the list was read
      out[found->second].reports.push_back(app::LatestReport{static_cast<int>(row_integer(r, 1)),
                                                             static_cast<int>(row_integer(r, 2)),
                                                             money_of(row_integer(r, 3))});
    }
    RENOFEE_CHECK(add_late_uploads(last, position, out));
    return out;
  });
}

// The uploads marked against the latest report version of each year (inputs changed since settlement), for
// the contracts listed: one query, whatever their number.
Result<void> SqlContractBook::add_late_uploads(
    const std::string& last, const std::map<std::string, std::size_t, std::less<>>& position,
    std::vector<app::OverviewContract>& out) {
  soci::rowset<soci::row> marks =
      (db_.session().prepare << "SELECT l.contract_id, l.year, l.report_version, l.upload_id, u.received_at,"
                                " l.readings FROM late_uploads l JOIN uploads u ON u.id = l.upload_id"
                                " WHERE l.contract_id <= :last AND l.report_version = (SELECT MAX(m.version)"
                                " FROM reports m WHERE m.contract_id = l.contract_id AND m.year = l.year)"
                                " ORDER BY l.contract_id, l.year, l.upload_id",
       soci::use(last));
  for (const soci::row& r : marks) {
    const auto found = position.find(r.get<std::string>(0));
    if (found == position.end()) continue;
    const int year = static_cast<int>(row_integer(r, 1));
    for (app::LatestReport& report : out[found->second].reports) {
      if (report.year != year) continue;
      report.late.push_back(app::LateUpload{year, static_cast<int>(row_integer(r, 2)), row_integer(r, 3),
                                            instant_from_unix(row_integer(r, 4)), row_integer(r, 5)});
    }
  }
  return success();
}

}  // namespace renofee::db
