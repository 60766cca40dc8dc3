// renofee/app/reconcile.hpp
//
// Purpose: the annual reconciliation of a contract's guarantees (docs/domain.md §8), the fee
// postings, and the yearly statement. These use cases gather what the pure guarantee core needs (metered use
// per channel, weather, the tariff's CBS price), evaluate and settle, write the canonical report with its
// SHA-256, and post the ledger. Nothing here knows SQL, files or JSON libraries: everything comes through
// ports.
//
// Years (docs/domain.md §3): a contract settles per contract year (year N = the N-th year from the start
// date, N >= 1) or, with `settlement_year: calendar`, per calendar year (year = 2027). A calendar year is
// settled only when the contract covers all of it; the first settled calendar year is the start year when the
// contract starts on 1 January, else the next one. Guarantee year index = N, or calendar year − first settled
// year + 1. A year can be reconciled once it is over (its last day before `today`).
//
// The contract version applied is the one in effect on the first day of the period (app/contracts.hpp).
//
// Missing data never becomes zero: every input a guarantee needs (register readings covering both ends of the
// period, every day's weather, the tariff year) must be there, else the reconciliation is failed_precondition
// listing everything missing, and nothing is stored or posted.
//
// Storing (not for dry runs): the first run stores version 1 and posts its compensation (a credit) and excess
// share (a charge). A later run with the same inputs produces the same bytes and returns the stored version
// ("unchanged"). When the inputs changed (a corrected reading, an amended contract), the run is refused with
// both hashes unless a correction reason is given: then version n+1 is stored naming version n and the
// reason, and the postings of version n are reversed before the new ones are posted. Version 1 stays
// readable.
//
// The steps of `reconcile`, in order: gather the inputs the guarantees name (through the ports), evaluate and
// settle (core), build the report value (app/reconciliation_report.hpp), decide the version (`decide_version`,
// pure), then store the report with its postings (reversals of the version replaced, then the new credit and
// charge) in one transaction.
//
// Fees: monthly fees reach the ledger only through `post_due_fees` (`renofee post-fees`), an explicit and
// idempotent step. Reading a statement never writes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "renofee/app/canonical_json.hpp"
#include "renofee/app/contracts.hpp"
#include "renofee/app/digest.hpp"
#include "renofee/app/ledger.hpp"
#include "renofee/app/quoting.hpp"
#include "renofee/app/reading_store.hpp"
#include "renofee/app/reconciliation_report.hpp"
#include "renofee/app/report_store.hpp"
#include "renofee/app/weather_store.hpp"
#include "renofee/core/guarantee/settlement.hpp"
#include "renofee/core/guarantee/terms.hpp"
#include "renofee/core/quote/offer.hpp"

namespace renofee::app {

struct ReconcileDeps {
  ContractStore& contracts;
  ReportStore& reports;
  LedgerStore& ledger;
  ReadingStore& readings;
  WeatherStore& weather;
  TariffSource& tariffs;
  Sha256 sha256;
};

// The settled period of year `year` of a contract (rules above).
struct SettledYear {
  int year = 0;   // as requested
  int index = 0;  // guarantee year index, 1-based
  bool calendar_year = false;
  calendar::Period period;
};
Result<SettledYear> settled_year(const quote::Offer& offer, int year);

// The texts a report's input digests are the SHA-256 of (one line per reading "meter|channel|Unix seconds|
// value", in time order with the meter id breaking ties, in_digest_order; one line per weather day
// "station|YYYYMMDD|TG|Q", a missing value blank). The audit bundle writes these texts as its files.
std::string readings_digest_text(const std::vector<metering::Reading>& readings);
std::string weather_digest_text(const std::vector<weather::WeatherDay>& days);
std::vector<metering::Reading> in_digest_order(std::vector<metering::Reading> readings);

// The settled years of a contract (the latest report version of each reconciled year) with their periods,
// for ingest_readings to mark uploads that change one (IngestOptions::settled). A contract without reports,
// or without a version, has none.
Result<std::vector<SettledPeriod>> settled_periods(ContractStore& contracts, ReportStore& reports,
                                                   std::string_view contract_id);

struct ReconcileRequest {
  std::string contract_id;
  int year = 0;
  bool dry_run = false;
  std::optional<std::string> correction_reason;  // store a new version when the inputs changed
  calendar::Date today;                          // local date: the year must be over
  calendar::Instant now;
  std::string actor;  // "cli", "key:12"
};

struct ReconcileOutcome {
  StoredReport report;               // the computed report (dry run) or the stored one
  ReconciliationReport document;     // the report as a value: report.report_json are its canonical bytes
  guarantee::Settlement settlement;  // as computed now
  enum class Stored { dry_run, stored, unchanged } stored = Stored::dry_run;
  std::vector<LedgerEntry> postings;  // posted now
};

Result<ReconcileOutcome> reconcile(ReconcileDeps& deps, const ReconcileRequest& request);

// The version decision, pure: `stored` are the year's stored versions (ascending), `sha256_as_latest` the
// SHA-256 of today's report written with the latest stored version's number, replaces and reason (empty when
// nothing is stored). Same hash: unchanged (the latest version stands). Otherwise, with nothing stored:
// version 1; with a correction reason (1..500 characters): version n+1 replacing n; a dry run without a reason
// shows the correction it would be; else failed_precondition naming both hashes.
struct VersionDecision {
  bool unchanged = false;
  ReportVersion version;  // the version to write (unchanged: the latest stored one)
};
Result<VersionDecision> decide_version(const ReconcileRequest& request,
                                       const std::vector<StoredReport>& stored,
                                       std::string_view sha256_as_latest);

// The fees of contract months due on or before `through`, each from the schedule of the contract version in
// effect on its due date (an amended, shorter term ends the list). After a payoff entry in the ledger
// (app/payoff.hpp), a month due after its value date is the service fee alone (at most the row's total, so
// within the EPV cap; `service_only`), or nothing when the terms end the service fee at payoff or it is 0.
Result<std::vector<DueFee>> due_fees(ReconcileDeps& deps, std::string_view contract_id,
                                     calendar::Date through);

// Posts every fee due on or before `through` that is not yet posted (each month from the schedule of the
// contract version in effect on its due date): idempotent, a second call posts nothing. Returns what was
// posted.
Result<AppendOutcome> post_due_fees(ReconcileDeps& deps, std::string_view contract_id, calendar::Date through,
                                    calendar::Instant now);
// The day fees are posted through, checked against today: a fee falls due on its due date, so a day after
// `today` is invalid_argument (field "/through"). The CLI and the HTTP route both ask this.
Result<void> check_fee_posting_day(calendar::Date through, calendar::Date today);

// The statement of year `year` (same year rules), from the ledger as it is: it posts nothing (the fees of
// the year are in it once `post_due_fees` ran through the end of the period or `today`). `reports` holds the
// reconciliation versions of that year (may be empty).
struct StatementOutcome {
  SettledYear year;
  Statement statement;
  std::vector<StoredReport> reports;
  bool year_complete = false;   // false while the period is still running
  std::optional<int> occupant;  // set when the statement is one occupant's (app/occupants.hpp)
};
Result<StatementOutcome> yearly_statement(ReconcileDeps& deps, std::string_view contract_id, int year,
                                          calendar::Date today);

}  // namespace renofee::app
