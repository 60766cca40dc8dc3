// Test plan for the reconciliation use case (renofee/app/reconcile.hpp) without a database: in-memory fakes
// stand in for every port and count every write. The contract: a pv_yield guarantee of 6,000 kWh at a normal
// irradiance of 365,000 J/cm2, price 0.25 EUR/kWh, contract year 1 = 2026; the weather is 1,000 J/cm2 every
// day (365,000 over the year, so the expected generation stays 6,000 kWh); one PV register read at both ends.
//   - PV 5,000 kWh: shortfall 1,000 kWh x 0.25 = 250.00 EUR compensation (version 1, one credit posting).
//   - the same inputs again: the same bytes and hash, "unchanged", no second version, nothing written.
//   - PV corrected to 4,900 kWh: refused, naming the stored hash and today's (both first 16 hex digits),
//     nothing written; with a correction reason: version 2 replacing 1, the 250.00 credit reversed and
//     275.00 credited.
//   - no PV readings: refused listing what is missing, nothing written.
//   - the statement reads and writes nothing (fees included: they are posted only by post_due_fees, 12 fees of
//     100.00 EUR for 2026 = a 12,000 EUR loan at 0% over 120 months, idempotently).
//   - the decision on the version, pure: first, unchanged, refused, correction, dry run, reasons 1..500.
//   - the report value renders the stored bytes.
//   - a posted payoff (app/payoff.hpp): 12,000.00 at 0 % with a 15.00 service fee, repaid on 10 March 2026
//     after three instalments: 11,700.00 posted once; the fees after it are 15.00 each (or none when the
//     service fee ends at payoff); a payoff after today or before a posted fee is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "memory_contracts.hpp"
#include "renofee/app/payoff.hpp"
#include "renofee/app/reconcile.hpp"
#include "support/literals.hpp"

namespace renofee::app {
namespace {

using calendar::make_date;

Error unused() {
  return internal_error("not used by this test");
}

// A stand-in for SHA-256 (FNV-1a 64, four times with different seeds = 64 hex digits): deterministic and
// different for the reports here, not cryptographic.
std::string fake_sha256(std::string_view bytes) {
  std::string out;
  for (std::uint64_t seed : {1469598103934665603ULL, 1ULL, 2ULL, 3ULL}) {
    std::uint64_t h = seed;
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    out += hex;
  }
  return out;
}

// Counts every call of a writing port method.
struct Writes {
  int contracts = 0, reports = 0, ledger = 0, readings = 0, weather = 0;
  [[nodiscard]] int total() const { return contracts + reports + ledger + readings + weather; }
};

using test::MemoryContracts;

// Reports and the ledger in memory, as SqlContractBook keeps them: a report and its postings together,
// posting keys unique per contract (an existing key is skipped), entries numbered per contract.
class MemoryBook final : public ReportStore, public LedgerStore {
 public:
  explicit MemoryBook(Writes& writes) : writes_(writes) {}
  Result<std::vector<StoredReport>> report_versions(std::string_view contract_id, int year) override {
    std::vector<StoredReport> out;
    for (const StoredReport& r : reports_) {
      if (r.contract_id == contract_id && r.year == year) out.push_back(r);
    }
    return out;
  }
  Result<std::vector<StoredReport>> contract_reports(std::string_view) override { return unused(); }
  Result<AppendOutcome> store_report(const StoredReport& report,
                                     std::span<const NewEntry> postings) override {
    ++writes_.reports;
    for (const StoredReport& r : reports_) {
      if (r.contract_id == report.contract_id && r.year == report.year && r.version == report.version) {
        return already_exists("report version exists");
      }
    }
    reports_.push_back(report);
    return add(report.contract_id, postings, report.created_at);
  }
  Result<AppendOutcome> append(std::string_view contract_id, std::span<const NewEntry> entries,
                               calendar::Instant posted_at) override {
    ++writes_.ledger;
    return add(contract_id, entries, posted_at);
  }
  Result<std::vector<LedgerEntry>> entries(std::string_view contract_id) override {
    std::vector<LedgerEntry> out;
    for (const LedgerEntry& e : entries_) {
      if (e.contract_id == contract_id) out.push_back(e);
    }
    return out;
  }
  Result<std::vector<LedgerHead>> heads() override {
    std::map<std::string, LedgerHead> by_contract;
    for (const LedgerEntry& e : entries_)
      by_contract[e.contract_id] = LedgerHead{e.contract_id, e.sequence, e.hash};
    std::vector<LedgerHead> out;
    for (auto& [id, head] : by_contract)
      out.push_back(head);
    return out;
  }
  Result<std::vector<std::string>> contract_ids_with_entries() override { return unused(); }

 private:
  AppendOutcome add(std::string_view contract_id, std::span<const NewEntry> entries,
                    calendar::Instant posted_at) {
    AppendOutcome outcome;
    for (const NewEntry& n : entries) {
      const bool exists = std::any_of(entries_.begin(), entries_.end(), [&](const LedgerEntry& e) {
        return e.contract_id == contract_id && e.entry.posting_key == n.posting_key;
      });
      if (exists) {
        ++outcome.skipped;
        continue;
      }
      LedgerEntry e;
      e.id = static_cast<std::int64_t>(entries_.size()) + 1;
      e.contract_id = std::string(contract_id);
      e.sequence = static_cast<std::int64_t>(
                       std::count_if(entries_.begin(), entries_.end(),
                                     [&](const auto& x) { return x.contract_id == contract_id; })) +
                   1;
      e.entry = n;
      e.posted_at = posted_at;
      e.hash = fake_sha256(entry_digest_text(e));
      entries_.push_back(e);
      outcome.appended.push_back(e);
    }
    return outcome;
  }

  Writes& writes_;
  std::vector<StoredReport> reports_;
  std::vector<LedgerEntry> entries_;
};

// One PV register: 0 kWh at the start of 2026 and `end_kwh` at its end (local midnights, Europe/Amsterdam).
class PvReadings final : public ReadingStore {
 public:
  explicit PvReadings(Writes& writes) : writes_(writes) {}
  std::string end_kwh = "5000";          // empty: no readings
  std::vector<metering::Reading> extra;  // returned too, as a store would (e.g. a new meter's first reading)

  Result<std::optional<UploadRecord>> find_upload(std::string_view, std::string_view) override {
    return unused();
  }
  Result<std::vector<UploadRecord>> uploads(std::string_view) override { return unused(); }
  Result<std::unique_ptr<ReadingUpload>> begin_upload(const UploadRequest&) override {
    ++writes_.readings;
    return unused();
  }
  Result<ReadingRange> readings(std::string_view, std::string_view, metering::Channel, calendar::Instant,
                                calendar::Instant) override {
    return unused();
  }
  Result<std::vector<MeterSpan>> meters(std::string_view, metering::Channel) override { return unused(); }
  Result<std::vector<CorrectionRecord>> corrections(std::int64_t) override { return unused(); }
  std::vector<LateUpload> late;  // uploads marked against settled years
  Result<std::vector<LateUpload>> late_uploads(std::string_view, int year) override {
    std::vector<LateUpload> out;
    for (const LateUpload& l : late)
      if (year == 0 || l.year == year) out.push_back(l);
    return out;
  }
  Result<std::vector<metering::Reading>> channel_readings(std::string_view, metering::Channel channel,
                                                          calendar::Instant, calendar::Instant) override {
    if (channel != metering::Channel::pv_generation || end_kwh.empty())
      return std::vector<metering::Reading>{};
    std::vector<metering::Reading> out{
        {"pv-1", channel, calendar::local_day(make_date(2026, 1, 1)).begin, dec("0")},
        {"pv-1", channel, calendar::local_day(make_date(2027, 1, 1)).begin, dec(end_kwh)},
    };
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }

 private:
  Writes& writes_;
};

// Every day of the asked period at the asked station: 10.0 degC, 1,000 J/cm2.
class SteadyWeather final : public WeatherStore {
 public:
  explicit SteadyWeather(Writes& writes) : writes_(writes) {}
  Result<std::int64_t> upsert_days(std::span<const weather::WeatherDay>) override {
    ++writes_.weather;
    return unused();
  }
  Result<std::vector<weather::WeatherDay>> days(int station, const calendar::Period& period) override {
    std::vector<weather::WeatherDay> out;
    for (calendar::Date d = period.begin; d < period.end; d = calendar::add_days(d, 1))
      out.push_back(weather::WeatherDay{station, d, 100, 1000});
    return out;
  }

 private:
  Writes& writes_;
};

class NoTariffs final : public TariffSource {
 public:
  Result<tariffs::TariffYear> tariff_year(std::string_view id) override { return not_found(std::string(id)); }
  Result<tariffs::TariffEpv> epv_table() override { return unused(); }
};

// An owner-occupied home, 12,000 EUR at 0% over 120 months (100.00 EUR a month), from 2026-01-01, with the
// pv_yield guarantee above.
quote::Offer pv_offer() {
  quote::Offer offer;
  offer.id = "pv-1";
  offer.start_date = make_date(2026, 1, 1);
  offer.financing.principal = Money(dec("12000.00"));
  offer.financing.annual_rate = dec("0");
  offer.financing.term_months = 120;
  offer.tariffs = {"nl-2026"};
  guarantee::Guarantee
      pv;  // member by member: GCC 12 warns (maybe-uninitialized) on the designated form here
  pv.kind = guarantee::Kind::pv_yield;
  pv.term_years = 10;
  pv.station = 348;
  pv.terms = guarantee::PvYieldTerms{.guaranteed = Kwh(dec("6000")),
                                     .normal_irradiance = Irradiance(dec("365000")),
                                     .price = guarantee::Price{.per_unit = dec("0.25")}};
  offer.guarantees.push_back(std::move(pv));
  return offer;
}

class Reconcile : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(create_contract(contracts_, sha256_,
                                NewContract{pv_offer(), "(not read)", calendar::Instant{}, "test"}));
    writes_ = Writes{};
  }

  ReconcileRequest year_1(std::optional<std::string> correction = std::nullopt, bool dry_run = false) {
    ReconcileRequest request;
    request.contract_id = "pv-1";
    request.year = 1;
    request.dry_run = dry_run;
    request.correction_reason = std::move(correction);
    request.today = make_date(2027, 2, 1);
    request.now = calendar::Instant{std::chrono::seconds{1'800'000'000}};
    request.actor = "test";
    return request;
  }

  Writes writes_;
  MemoryContracts contracts_{&writes_.contracts};
  MemoryBook book_{writes_};
  PvReadings readings_{writes_};
  SteadyWeather weather_{writes_};
  NoTariffs tariffs_;
  Sha256 sha256_ = fake_sha256;
  ReconcileDeps deps_{contracts_, book_, book_, readings_, weather_, tariffs_, sha256_};
};

TEST_F(Reconcile, TheFirstRunStoresVersion1WithItsCompensation) {
  const Result<ReconcileOutcome> first = reconcile(deps_, year_1());
  ASSERT_TRUE(first) << first.error();
  EXPECT_EQ(first->stored, ReconcileOutcome::Stored::stored);
  EXPECT_EQ(first->report.version, 1);
  EXPECT_EQ(first->report.replaces, std::nullopt);
  EXPECT_EQ(first->report.compensation, Money(dec("250.00")));
  EXPECT_EQ(first->report.sha256, fake_sha256(first->report.report_json));
  ASSERT_EQ(first->postings.size(), 1u);
  EXPECT_EQ(first->postings[0].entry.kind, EntryKind::compensation);
  EXPECT_EQ(first->postings[0].entry.amount, Money(dec("-250.00")));
  EXPECT_EQ(first->postings[0].entry.value_date, make_date(2026, 12, 31));
  EXPECT_EQ(first->postings[0].entry.posting_key, "compensation:1:v1");
  EXPECT_EQ(writes_.reports, 1);
  EXPECT_EQ(writes_.total(), 1);
}

TEST_F(Reconcile, TheReportValueRendersTheStoredBytes) {
  const Result<ReconcileOutcome> first = reconcile(deps_, year_1());
  ASSERT_TRUE(first) << first.error();
  const ReconciliationReport& doc = first->document;
  EXPECT_EQ(report_json(doc).value(), first->report.report_json);
  EXPECT_EQ(doc.contract.id, "pv-1");
  EXPECT_EQ(doc.year.period, calendar::make_period(make_date(2026, 1, 1), make_date(2027, 1, 1)).value());
  ASSERT_EQ(doc.inputs.metered.size(), 1u);
  const MeteredInput& pv = doc.inputs.metered.at(guarantee::Input::pv_generation);
  EXPECT_EQ(pv.total.value, dec("5000"));
  ASSERT_EQ(pv.channels.size(), 1u);
  EXPECT_EQ(pv.channels[0].readings, 2);
  EXPECT_EQ(doc.inputs.weather.at(348).irradiance, Irradiance(dec("365000")));
  EXPECT_EQ(doc.inputs.tariff, std::nullopt);
  ASSERT_EQ(doc.guarantees.size(), 1u);
  EXPECT_EQ(doc.guarantees[0].result.status, guarantee::Status::shortfall);
  EXPECT_EQ(doc.guarantees[0].result.shortfall, dec("1000"));
  EXPECT_EQ(doc.settlement.compensation, Money(dec("250.00")));
  EXPECT_EQ(doc.version, (ReportVersion{1, std::nullopt, ""}));
  EXPECT_NE(first->report.report_json.find("\"version\":{\"number\":1,\"reason\":null,\"replaces\":null}"),
            std::string::npos);
}

TEST_F(Reconcile, SameInputsGiveTheSameReportAndNoSecondVersion) {
  const Result<ReconcileOutcome> first = reconcile(deps_, year_1());
  ASSERT_TRUE(first) << first.error();
  const Writes after_first = writes_;
  const Result<ReconcileOutcome> again = reconcile(deps_, year_1());
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(again->stored, ReconcileOutcome::Stored::unchanged);
  EXPECT_EQ(again->report.report_json, first->report.report_json);
  EXPECT_EQ(again->report.sha256, first->report.sha256);
  EXPECT_EQ(again->report.version, 1);
  EXPECT_EQ(report_json(again->document).value(), first->report.report_json);
  EXPECT_TRUE(again->postings.empty());
  EXPECT_EQ(writes_.total(), after_first.total());
  EXPECT_EQ(book_.report_versions("pv-1", 1)->size(), 1u);
  EXPECT_EQ(book_.entries("pv-1")->size(), 1u);
}

// Trust issue, finding 13: one reading of a new meter dated after the settled year changed that year's input
// hash, and the reconciliation was refused. A meter with readings after the period only bears on nothing in
// it (app::channel_readings): the year stays unchanged, byte for byte.
TEST_F(Reconcile, ANewMetersReadingAfterASettledYearChangesNothingInIt) {
  const Result<ReconcileOutcome> first = reconcile(deps_, year_1());
  ASSERT_TRUE(first) << first.error();
  const Writes after_first = writes_;
  readings_.extra = {{"pv-2", metering::Channel::pv_generation,
                      calendar::local_day(make_date(2027, 1, 5)).begin, dec("12.000")}};
  const Result<ReconcileOutcome> again = reconcile(deps_, year_1());
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(again->stored, ReconcileOutcome::Stored::unchanged);
  EXPECT_EQ(again->report.sha256, first->report.sha256);
  EXPECT_EQ(writes_.total(), after_first.total());
  // A reading that does bear on the year (here a corrected end reading) changes its inputs: refused.
  readings_.end_kwh = "4900";
  const Result<ReconcileOutcome> changed = reconcile(deps_, year_1());
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(changed.error().message.find("Inputs changed since settlement"), std::string::npos);
  // The upload that brought it was marked against version 1 (ingest_readings): the refusal names it, and not
  // a mark against an older version that a correction already settled.
  readings_.late = {LateUpload{1, 1, 17, calendar::Instant(std::chrono::seconds(1801130400)), 1},
                    LateUpload{1, 0, 9, calendar::Instant(std::chrono::seconds(0)), 5}};
  const Result<ReconcileOutcome> named = reconcile(deps_, year_1());
  ASSERT_FALSE(named);
  EXPECT_NE(
      named.error().message.find(
          ". Inputs changed since settlement: upload 17 received 2027-01-28T10:00:00Z with 1 reading(s) "
          "in the year"),
      std::string::npos)
      << named.error().message;
  EXPECT_EQ(named.error().message.find("upload 9"), std::string::npos);
}

TEST_F(Reconcile, ChangedInputsAreRefusedNamingBothHashes) {
  const Result<ReconcileOutcome> first = reconcile(deps_, year_1());
  ASSERT_TRUE(first) << first.error();
  const Writes after_first = writes_;
  readings_.end_kwh = "4900";
  // Today's report written as version 1 would be: its hash is the one the refusal names.
  const Result<ReconcileOutcome> dry = reconcile(deps_, year_1(std::nullopt, true));
  ASSERT_TRUE(dry) << dry.error();
  ReconciliationReport as_v1 = dry->document;
  as_v1.version = ReportVersion{1, std::nullopt, ""};
  const std::string today_sha = fake_sha256(report_json(as_v1).value());
  ASSERT_NE(today_sha, first->report.sha256);

  const Result<ReconcileOutcome> refused = reconcile(deps_, year_1());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(refused.error().message.find("sha256 " + first->report.sha256.substr(0, 16) + "..."),
            std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("sha256 " + today_sha.substr(0, 16) + "..."), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(writes_.total(), after_first.total());
  EXPECT_EQ(book_.report_versions("pv-1", 1)->size(), 1u);
}

TEST_F(Reconcile, ADryRunOfChangedInputsShowsTheCorrectionAndWritesNothing) {
  ASSERT_TRUE(reconcile(deps_, year_1()));
  const Writes after_first = writes_;
  readings_.end_kwh = "4900";
  const Result<ReconcileOutcome> dry = reconcile(deps_, year_1(std::nullopt, true));
  ASSERT_TRUE(dry) << dry.error();
  EXPECT_EQ(dry->stored, ReconcileOutcome::Stored::dry_run);
  EXPECT_EQ(dry->document.version, (ReportVersion{2, 1, "(dry run of a correction)"}));
  EXPECT_EQ(dry->report.compensation, Money(dec("275.00")));
  EXPECT_EQ(writes_.total(), after_first.total());
}

TEST_F(Reconcile, ACorrectionNamesTheVersionItReplaces) {
  const Result<ReconcileOutcome> first = reconcile(deps_, year_1());
  ASSERT_TRUE(first) << first.error();
  readings_.end_kwh = "4900";
  const Result<ReconcileOutcome> corrected = reconcile(deps_, year_1("PV register misread"));
  ASSERT_TRUE(corrected) << corrected.error();
  EXPECT_EQ(corrected->stored, ReconcileOutcome::Stored::stored);
  EXPECT_EQ(corrected->report.version, 2);
  EXPECT_EQ(corrected->report.replaces, 1);
  EXPECT_EQ(corrected->report.reason, "PV register misread");
  EXPECT_NE(corrected->report.report_json.find(
                "\"version\":{\"number\":2,\"reason\":\"PV register misread\",\"replaces\":1}"),
            std::string::npos);
  EXPECT_EQ(corrected->report.compensation, Money(dec("275.00")));
  ASSERT_EQ(corrected->postings.size(), 2u);
  EXPECT_EQ(corrected->postings[0].entry.kind, EntryKind::reversal);
  EXPECT_EQ(corrected->postings[0].entry.amount, Money(dec("250.00")));
  EXPECT_EQ(corrected->postings[0].entry.posting_key, "reversal:compensation:1:v1");
  EXPECT_EQ(corrected->postings[0].entry.reference,
            "reversal of compensation, report 1 v1 sha256:" + first->report.sha256 +
                ", corrected by v2: PV register misread");
  EXPECT_EQ(corrected->postings[1].entry.amount, Money(dec("-275.00")));
  EXPECT_EQ(corrected->postings[1].entry.posting_key, "compensation:1:v2");
  const std::vector<StoredReport> versions = book_.report_versions("pv-1", 1).value();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].report_json, first->report.report_json);  // version 1 stays as it was
}

TEST_F(Reconcile, ACorrectionNeedsAStoredReportAndAReason) {
  const Result<ReconcileOutcome> nothing_to_correct = reconcile(deps_, year_1("why"));
  ASSERT_FALSE(nothing_to_correct);
  EXPECT_EQ(nothing_to_correct.error().code, ErrorCode::failed_precondition);
  ASSERT_TRUE(reconcile(deps_, year_1()));
  readings_.end_kwh = "4900";
  const Result<ReconcileOutcome> empty_reason = reconcile(deps_, year_1(""));
  ASSERT_FALSE(empty_reason);
  EXPECT_EQ(empty_reason.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(empty_reason.error().field, "/reason");
  EXPECT_EQ(writes_.reports, 1);
}

TEST_F(Reconcile, MissingInputsAreListedAndNothingIsWritten) {
  readings_.end_kwh = "";  // no PV readings at all
  const Result<ReconcileOutcome> refused = reconcile(deps_, year_1());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(refused.error().field, "/inputs");
  EXPECT_EQ(refused.error().message,
            "cannot reconcile year 1 of contract pv-1 ([2026-01-01, 2027-01-01)); missing: pv_generation: no "
            "readings of pv_generation. Nothing was stored or posted.");
  EXPECT_EQ(writes_.total(), 0);
}

TEST_F(Reconcile, AGetStatementWritesNothing) {
  ASSERT_TRUE(reconcile(deps_, year_1()));
  const Writes before = writes_;
  const Result<StatementOutcome> statement = yearly_statement(deps_, "pv-1", 1, make_date(2027, 2, 1));
  ASSERT_TRUE(statement) << statement.error();
  EXPECT_EQ(writes_.total(), before.total());
  EXPECT_TRUE(statement->year_complete);
  EXPECT_EQ(statement->statement.fees, Money(dec("0.00")));  // not posted yet
  EXPECT_EQ(statement->statement.compensation, Money(dec("250.00")));
  EXPECT_EQ(statement->reports.size(), 1u);
  // A statement of a year still running writes nothing either.
  ASSERT_TRUE(yearly_statement(deps_, "pv-1", 1, make_date(2026, 6, 15)));
  EXPECT_EQ(writes_.total(), before.total());
}

TEST_F(Reconcile, FeesArePostedByTheExplicitStepOnceAndTheStatementShowsThem) {
  const calendar::Instant now{std::chrono::seconds{1'800'000'000}};
  const Result<AppendOutcome> posted = post_due_fees(deps_, "pv-1", make_date(2026, 12, 31), now);
  ASSERT_TRUE(posted) << posted.error();
  ASSERT_EQ(posted->appended.size(), 12u);
  EXPECT_EQ(posted->appended.front().entry.posting_key, "fee:1");
  EXPECT_EQ(posted->appended.front().entry.value_date, make_date(2026, 1, 1));
  EXPECT_EQ(posted->appended.front().entry.amount, Money(dec("100.00")));
  EXPECT_EQ(posted->appended.back().entry.value_date, make_date(2026, 12, 1));
  const Result<AppendOutcome> again = post_due_fees(deps_, "pv-1", make_date(2026, 12, 31), now);
  ASSERT_TRUE(again) << again.error();
  EXPECT_TRUE(again->appended.empty());
  EXPECT_EQ(again->skipped, 12);

  const Writes before = writes_;
  const Result<StatementOutcome> statement = yearly_statement(deps_, "pv-1", 1, make_date(2027, 2, 1));
  ASSERT_TRUE(statement) << statement.error();
  EXPECT_EQ(statement->statement.fees, Money(dec("1200.00")));
  EXPECT_EQ(statement->statement.closing_balance, Money(dec("1200.00")));
  EXPECT_EQ(writes_.total(), before.total());
}

TEST_F(Reconcile, APostedPayoffLeavesTheServiceFee) {
  for (const bool ends : {false, true}) {
    quote::Offer offer = pv_offer();
    offer.id = ends ? "pv-ends" : "pv-goes-on";
    offer.service_fee.monthly = Money(dec("15.00"));
    offer.service_fee.ends_at_payoff = ends;
    ASSERT_TRUE(
        create_contract(contracts_, sha256_, NewContract{offer, "(not read)", calendar::Instant{}, "t"}));
    const calendar::Instant now{std::chrono::seconds{1'800'000'000}};
    ASSERT_TRUE(post_due_fees(deps_, offer.id, make_date(2026, 3, 1), now));  // 3 x 115.00
    const Result<PostedPayoff> future =
        post_payoff(contracts_, book_, offer.id, make_date(2026, 3, 11), make_date(2026, 3, 10), now);
    ASSERT_FALSE(future);
    EXPECT_EQ(future.error().field, "/date");
    const Result<PostedPayoff> early =
        post_payoff(contracts_, book_, offer.id, make_date(2026, 2, 15), make_date(2026, 3, 10), now);
    ASSERT_FALSE(early);  // the fee of 1 March is posted: it holds the full instalment
    EXPECT_EQ(early.error().code, ErrorCode::failed_precondition);
    const Result<PostedPayoff> paid =
        post_payoff(contracts_, book_, offer.id, make_date(2026, 3, 10), make_date(2026, 3, 10), now);
    ASSERT_TRUE(paid) << paid.error();
    EXPECT_EQ(paid->payoff.quote.balance, Money(dec("11700.00")));  // 12,000 - 3 x 100.00 at 0 %
    EXPECT_EQ(paid->entry.entry.kind, EntryKind::payoff);
    EXPECT_EQ(paid->entry.entry.amount, Money(dec("11700.00")));
    EXPECT_EQ(paid->entry.entry.posting_key, "payoff");
    const Result<PostedPayoff> again =
        post_payoff(contracts_, book_, offer.id, make_date(2026, 3, 10), make_date(2026, 3, 10), now);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::already_exists);
    const Result<AppendOutcome> later = post_due_fees(deps_, offer.id, make_date(2026, 6, 1), now);
    ASSERT_TRUE(later) << later.error();
    if (ends) {
      EXPECT_TRUE(later->appended.empty());
      continue;
    }
    ASSERT_EQ(later->appended.size(), 3u);  // April, May, June: the service fee alone
    for (const LedgerEntry& e : later->appended) {
      EXPECT_EQ(e.entry.amount, Money(dec("15.00")));
      EXPECT_NE(e.entry.reference.find("(financing repaid early)"), std::string::npos) << e.entry.reference;
    }
    EXPECT_EQ(later->appended.front().entry.posting_key, "fee:4");
  }
}

// ---- decide_version on its own: no port at all.
StoredReport stored_version(int version, std::string sha256, std::optional<int> replaces = std::nullopt,
                            std::string reason = "") {
  StoredReport r;
  r.version = version;
  r.sha256 = std::move(sha256);
  r.replaces = replaces;
  r.reason = std::move(reason);
  return r;
}

ReconcileRequest request_for(std::optional<std::string> reason, bool dry_run) {
  ReconcileRequest r;
  r.contract_id = "c-1";
  r.year = 2;
  r.correction_reason = std::move(reason);
  r.dry_run = dry_run;
  return r;
}

TEST(DecideVersion, Table) {
  const std::string a(64, 'a'), b(64, 'b');
  const std::vector<StoredReport> none;
  const std::vector<StoredReport> v1{stored_version(1, a)};
  const std::vector<StoredReport> v2{stored_version(1, a), stored_version(2, b, 1, "meter swap")};
  struct Case {
    const char* name;
    const std::vector<StoredReport>* stored;
    std::string sha;
    std::optional<std::string> reason;
    bool dry_run;
    std::optional<VersionDecision> want;  // nullopt: an error of `code`
    ErrorCode code = ErrorCode::internal;
  };
  const std::vector<Case> cases = {
      {"first", &none, "", std::nullopt, false, VersionDecision{false, {1, std::nullopt, ""}}},
      {"first dry run", &none, "", std::nullopt, true, VersionDecision{false, {1, std::nullopt, ""}}},
      {"same hash", &v1, a, std::nullopt, false, VersionDecision{true, {1, std::nullopt, ""}}},
      {"same hash, a reason is ignored", &v1, a, "x", false, VersionDecision{true, {1, std::nullopt, ""}}},
      {"same hash as a correction", &v2, b, std::nullopt, false, VersionDecision{true, {2, 1, "meter swap"}}},
      {"changed, no reason", &v1, b, std::nullopt, false, std::nullopt, ErrorCode::failed_precondition},
      {"changed, dry run", &v1, b, std::nullopt, true,
       VersionDecision{false, {2, 1, "(dry run of a correction)"}}},
      {"changed, reason", &v1, b, "new tariff", false, VersionDecision{false, {2, 1, "new tariff"}}},
      {"changed after a correction", &v2, a, "again", false, VersionDecision{false, {3, 2, "again"}}},
      {"changed, empty reason", &v1, b, "", false, std::nullopt, ErrorCode::invalid_argument},
      {"changed, 501-character reason", &v1, b, std::string(501, 'r'), false, std::nullopt,
       ErrorCode::invalid_argument},
      {"changed, 500-character reason", &v1, b, std::string(500, 'r'), false,
       VersionDecision{false, {2, 1, std::string(500, 'r')}}},
      {"nothing to correct", &none, "", "why", false, std::nullopt, ErrorCode::failed_precondition},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<VersionDecision> got = decide_version(request_for(c.reason, c.dry_run), *c.stored, c.sha);
    if (c.want) {
      ASSERT_TRUE(got) << got.error();
      EXPECT_EQ(got->unchanged, c.want->unchanged);
      EXPECT_EQ(got->version, c.want->version);
    } else {
      ASSERT_FALSE(got);
      EXPECT_EQ(got.error().code, c.code);
    }
  }
}

TEST(DecideVersion, TheRefusalNamesBothHashes) {
  const std::vector<StoredReport> v1{stored_version(1, "0123456789abcdef" + std::string(48, '0'))};
  const Result<VersionDecision> got =
      decide_version(request_for(std::nullopt, false), v1, "fedcba9876543210" + std::string(48, '1'));
  ASSERT_FALSE(got);
  EXPECT_EQ(
      got.error().message,
      "the year 2 report of contract c-1 exists (version 1, sha256 0123456789abcdef...) and today's "
      "inputs give a different result (sha256 fedcba9876543210...): store a correction with a reason, or "
      "leave it as it is");
}

}  // namespace
}  // namespace renofee::app
