// Test plan for the typed contract terms in renofee/app/reconcile.hpp (issue 16 item 2): a guarantee added to
// an offer in C++ reaches the reconciliation as it was written, with no JSON in between. In-memory fakes
// stand in for the stores: the contract store keeps each version's typed offer, the readings are one PV
// register read at both ends of the year, the weather is the same irradiance every day.
//   - pv_yield, guaranteed 6,000 kWh at a normal 365,000 J/cm2; actual 1,000 J/cm2 a day (365,000), PV
//     generation 5,000 kWh: shortfall 1,000 kWh x 0.25 EUR = 250.00 EUR compensation.
//   - the same offer without the guarantee: nothing to reconcile.
#include <gtest/gtest.h>

#include <map>

#include "memory_contracts.hpp"
#include "renofee/app/reconcile.hpp"
#include "support/literals.hpp"

namespace renofee::app {
namespace {

using calendar::make_date;

Error terms_unused() {
  return internal_error("not used by this test");
}

using test::MemoryContracts;

// No stored reports or postings: every run is a first (dry) run.
class TermsNoReports final : public ReportStore, public LedgerStore {
 public:
  Result<std::vector<StoredReport>> report_versions(std::string_view, int) override {
    return std::vector<StoredReport>{};
  }
  Result<std::vector<StoredReport>> contract_reports(std::string_view) override { return terms_unused(); }
  Result<AppendOutcome> store_report(const StoredReport&, std::span<const NewEntry>) override {
    return terms_unused();
  }
  Result<AppendOutcome> append(std::string_view, std::span<const NewEntry>, calendar::Instant) override {
    return terms_unused();
  }
  Result<std::vector<LedgerEntry>> entries(std::string_view) override { return terms_unused(); }
  Result<std::vector<LedgerHead>> heads() override { return terms_unused(); }
  Result<std::vector<std::string>> contract_ids_with_entries() override { return terms_unused(); }
};

// One PV register: 0 kWh at the start of 2026, 5,000 kWh at its end (local days, Europe/Amsterdam).
class TermsPvReadings final : public ReadingStore {
 public:
  Result<std::optional<UploadRecord>> find_upload(std::string_view, std::string_view) override {
    return terms_unused();
  }
  Result<std::vector<UploadRecord>> uploads(std::string_view) override { return terms_unused(); }
  Result<std::unique_ptr<ReadingUpload>> begin_upload(const UploadRequest&) override {
    return terms_unused();
  }
  Result<ReadingRange> readings(std::string_view, std::string_view, metering::Channel, calendar::Instant,
                                calendar::Instant) override {
    return terms_unused();
  }
  Result<std::vector<MeterSpan>> meters(std::string_view, metering::Channel) override {
    return terms_unused();
  }
  Result<std::vector<CorrectionRecord>> corrections(std::int64_t) override { return terms_unused(); }
  Result<std::vector<LateUpload>> late_uploads(std::string_view, int) override {
    return std::vector<LateUpload>{};
  }
  Result<std::vector<metering::Reading>> channel_readings(std::string_view, metering::Channel channel,
                                                          calendar::Instant, calendar::Instant) override {
    if (channel != metering::Channel::pv_generation) return std::vector<metering::Reading>{};
    return std::vector<metering::Reading>{
        {"pv-1", channel, calendar::local_day(make_date(2026, 1, 1)).begin, dec("0")},
        {"pv-1", channel, calendar::local_day(make_date(2027, 1, 1)).begin, dec("5000")},
    };
  }
};

// Every day of the asked period at the asked station: 10.0 degC, 1,000 J/cm2.
class TermsSteadyWeather final : public WeatherStore {
 public:
  Result<std::int64_t> upsert_days(std::span<const weather::WeatherDay>) override { return terms_unused(); }
  Result<std::vector<weather::WeatherDay>> days(int station, const calendar::Period& period) override {
    std::vector<weather::WeatherDay> out;
    for (calendar::Date d = period.begin; d < period.end;
         d = calendar::Date{date::sys_days(d) + date::days{1}}) {
      out.push_back(weather::WeatherDay{station, d, 100, 1000});
    }
    return out;
  }
};

class TermsNoTariffs final : public TariffSource {
 public:
  Result<tariffs::TariffYear> tariff_year(std::string_view id) override { return not_found(std::string(id)); }
  Result<tariffs::TariffEpv> epv_table() override { return terms_unused(); }
};

quote::Offer offer_without_guarantees() {
  quote::Offer offer;
  offer.id = "typed-1";
  offer.start_date = make_date(2026, 1, 1);
  offer.financing.term_months = 120;
  offer.tariffs = {"nl-2026"};
  return offer;
}

guarantee::Guarantee pv_yield_guarantee() {
  return guarantee::Guarantee{
      .kind = guarantee::Kind::pv_yield,
      .term_years = 10,
      .station = 348,
      .terms = guarantee::PvYieldTerms{.guaranteed = Kwh(dec("6000")),
                                       .normal_irradiance = Irradiance(dec("365000")),
                                       .price = guarantee::Price{.per_unit = dec("0.25")}},
  };
}

class TypedTerms : public testing::Test {
 protected:
  Result<ReconcileOutcome> reconcile_year_1(const quote::Offer& offer) {
    // The stored text plays no part here: the store hands the typed offer back.
    const Result<ContractVersion> created =
        create_contract(contracts_, sha256_, NewContract{offer, "(not read)", calendar::Instant{}, "test"});
    if (!created) return created.error();
    ReconcileDeps deps{contracts_, reports_, reports_, readings_, weather_, tariffs_, sha256_};
    ReconcileRequest request;
    request.contract_id = offer.id;
    request.year = 1;
    request.dry_run = true;
    request.today = make_date(2027, 2, 1);
    request.actor = "test";
    return reconcile(deps, request);
  }

  MemoryContracts contracts_;
  TermsNoReports reports_;
  TermsPvReadings readings_;
  TermsSteadyWeather weather_;
  TermsNoTariffs tariffs_;
  Sha256 sha256_ = [](std::string_view bytes) { return "length " + std::to_string(bytes.size()); };
};

TEST_F(TypedTerms, AGuaranteeAddedInCodeIsReconciled) {
  quote::Offer offer = offer_without_guarantees();
  offer.guarantees.push_back(pv_yield_guarantee());
  const Result<ReconcileOutcome> outcome = reconcile_year_1(offer);
  ASSERT_TRUE(outcome) << outcome.error();
  ASSERT_EQ(outcome->settlement.results.size(), 1u);
  EXPECT_EQ(outcome->settlement.compensation, Money(dec("250.00")));
  EXPECT_EQ(outcome->stored, ReconcileOutcome::Stored::dry_run);
  EXPECT_NE(outcome->report.report_json.find("\"pv_yield\""), std::string::npos);
}

TEST_F(TypedTerms, AnOfferWithoutGuaranteesHasNothingToReconcile) {
  const Result<ReconcileOutcome> outcome = reconcile_year_1(offer_without_guarantees());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(outcome.error().message.find("carries no guarantee"), std::string::npos);
}

}  // namespace
}  // namespace renofee::app
