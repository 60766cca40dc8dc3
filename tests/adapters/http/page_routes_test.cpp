// Test plan for the HTML pages (page_routes.hpp with page_frame, offer_page, statement_page and auditor_page)
// over SQLite in memory, the real tariff files and a fixed clock (2028-03-15 10:00 UTC); the principal is set
// by a test authorizer from the X-Test-Role / X-Test-Key / X-Test-Contract headers:
//  - the exact bytes of every page for the same data: the five sample contracts' offer pages (nl and en), the
//    statements of a year that was met, a corrected year with a shortfall, a year with an unreadable report,
//    a year not settled yet and a year still running (auditor and resident), the auditor view (nl and en),
//    and the HTML error page, each equal to tests/data/pages/<name>.html (RENOFEE_UPDATE_PAGES=1 rewrites
//    them; the diff then shows what changed);
//  - access: a financier sees the contracts its key created and gets 404 for another's; a resident only its
//    own;
//  - the auditor view reads its list in a constant number of store calls: a store that counts every call
//    sees the same calls (one overview_contracts) for 8 contracts as for 45, and no per-contract call.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "renofee/adapters/db/event_log.hpp"
#include "renofee/adapters/db/migrations.hpp"
#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/adapters/http/page_routes.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/report_json.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/reconciliation_report.hpp"
#include "support/files.hpp"
#include "test_request.hpp"

namespace renofee::http {
namespace {

using app::Role;

const std::filesystem::path golden_dir = std::filesystem::path(RENOFEE_TEST_DATA_DIR) / "pages";

// 2028-03-15 10:00:00 UTC: year 1 and 2 of the contracts starting in 2026 are over, 2027 is the last
// calendar year over.
const calendar::Instant fixed_now{std::chrono::seconds(1'836'727'200)};

// Counts every call the pages make to the contract and report stores, then forwards it to the SQL book.
struct CallCounts {
  std::map<std::string, int> calls;
  int total() const {
    int n = 0;
    for (const auto& [name, count] : calls)
      n += count;
    return n;
  }
};

class CountingBook final : public app::ContractStore, public app::ReportStore, public app::OverviewStore {
 public:
  CountingBook(db::SqlContractBook& book, CallCounts& counts) : book_(book), counts_(counts) {}
  Result<void> create_contract(const app::ContractVersion& first) override {
    ++counts_.calls["create_contract"];
    return book_.create_contract(first);
  }
  Result<void> add_version(const app::ContractVersion& next) override {
    ++counts_.calls["add_version"];
    return book_.add_version(next);
  }
  Result<std::vector<app::ContractVersion>> versions(std::string_view contract_id) override {
    ++counts_.calls["versions"];
    return book_.versions(contract_id);
  }
  Result<std::optional<std::string>> owner(std::string_view contract_id) override {
    ++counts_.calls["owner"];
    return book_.owner(contract_id);
  }
  Result<std::vector<app::ContractSummary>> list_contracts(std::string_view after_id, int limit,
                                                           const std::optional<std::string>& owner) override {
    ++counts_.calls["list_contracts"];
    return book_.list_contracts(after_id, limit, owner);
  }
  Result<std::vector<app::StoredReport>> report_versions(std::string_view contract_id, int year) override {
    ++counts_.calls["report_versions"];
    return book_.report_versions(contract_id, year);
  }
  Result<std::vector<app::StoredReport>> contract_reports(std::string_view contract_id) override {
    ++counts_.calls["contract_reports"];
    return book_.contract_reports(contract_id);
  }
  Result<app::AppendOutcome> store_report(const app::StoredReport& report,
                                          std::span<const app::NewEntry> postings) override {
    ++counts_.calls["store_report"];
    return book_.store_report(report, postings);
  }
  Result<std::vector<app::OverviewContract>> overview_contracts(int limit) override {
    ++counts_.calls["overview_contracts"];
    return book_.overview_contracts(limit);
  }

 private:
  db::SqlContractBook& book_;
  CallCounts& counts_;
};

class FakePageStores final : public PageStores {
 public:
  FakePageStores(db::Database& d, app::TariffSource& tariffs, CallCounts& counts)
      : book_(d, io::sha256_port()),
        counting_(book_, counts),
        readings_(d),
        weather_(d),
        events_(d),
        deps_{.contracts = counting_,
              .reports = counting_,
              .ledger = book_,
              .readings = readings_,
              .weather = weather_,
              .tariffs = tariffs,
              .sha256 = io::sha256_port()} {}
  app::ReconcileDeps& deps() override { return deps_; }
  app::OverviewStore& overview() override { return counting_; }
  app::EventLog& events() override { return events_; }

 private:
  db::SqlContractBook book_;
  CountingBook counting_;
  db::SqlReadingStore readings_;
  db::SqlWeatherStore weather_;
  db::SqlEventLog events_;
  app::ReconcileDeps deps_;
};

const std::vector<std::string> samples = {"epv-huurappartement", "hybride-twee-onder-een-kap",
                                          "lineair-aflossing", "nom-tussenwoning", "warmtefonds-nul-procent"};

class PageRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = db::Database::open(":memory:").value();
    ASSERT_TRUE(db::migrate(*database_, calendar::Instant(std::chrono::seconds(0))).ok());
    tariffs_ = io::TariffCatalog::load(std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs").value();
    book_ = std::make_unique<db::SqlContractBook>(*database_, io::sha256_port());
    db::Database* raw = database_.get();
    std::shared_ptr<io::TariffCatalog> tariffs = tariffs_;
    CallCounts* counts = &counts_;
    ASSERT_TRUE(
        add_page_routes(router_, PageRoutes{[raw, tariffs, counts]() -> Result<std::unique_ptr<PageStores>> {
                                              return std::unique_ptr<PageStores>(
                                                  new FakePageStores(*raw, *tariffs, *counts));
                                            },
                                            tariffs, [] { return fixed_now; }})
            .ok());
    router_.set_authorizer([](Request& r, const Route& route) -> std::optional<Response> {
      const std::string role = r.headers.get("X-Test-Role").value_or("auditor");
      const app::Role parsed = app::parse_role(role).value();
      if (!route.access.allows(parsed)) return to_response(make_problem(403, "role", r.request_id));
      r.principal = app::Principal{
          r.headers.get("X-Test-Key").value_or("auditor-1"), parsed, r.headers.get("X-Test-Contract"), {}};
      return std::nullopt;
    });
  }

  // FakePageStores the sample contract `name` (or a copy of it under `id`) as created by `owner`.
  void create(const std::string& name, const std::string& owner = "key:fin-1", const std::string& id = "") {
    std::string text = read_file(std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts" / (name + ".json"));
    if (!id.empty()) {
      const std::size_t at = text.find("\"" + name + "\"");
      ASSERT_NE(at, std::string::npos);
      text.replace(at, name.size() + 2, "\"" + id + "\"");
    }
    io::OfferDocument document = io::parse_offer_document(text).value();
    ASSERT_TRUE(
        app::create_contract(*book_, io::sha256_port(),
                             app::NewContract{document.offer, document.canonical_json,
                                              calendar::Instant(std::chrono::seconds(1'780'000'000)), owner})
            .ok());
  }

  // FakePageStores a report version with its compensation posting (as app::reconcile would post it).
  void report(const std::string& id, int year, int version, const char* compensation, std::string json,
              calendar::Date last_day) {
    app::StoredReport r;
    r.contract_id = id;
    r.year = year;
    r.version = version;
    if (version > 1) {
      r.replaces = version - 1;
      r.reason = "meter reading corrected <by the grid operator>";
    }
    r.report_json = std::move(json);
    r.sha256 = io::sha256_hex(r.report_json);
    r.contract_version = 1;
    r.compensation = Money::parse(compensation).value();
    r.excess_charge = Money::parse("0").value();
    r.created_at = calendar::Instant(std::chrono::seconds(1'830'000'000 + version));
    r.created_by = "key:auditor-1";
    std::vector<app::NewEntry> postings;
    const std::string tag = std::to_string(year) + ":v" + std::to_string(version);
    if (version > 1) {
      postings.push_back(app::NewEntry{app::EntryKind::reversal, last_day, Money::parse("12.34").value(),
                                       "reversal:" + tag, "reversal of v" + std::to_string(version - 1)});
    }
    if (!r.compensation.is_zero()) {
      postings.push_back(app::NewEntry{app::EntryKind::compensation, last_day, -r.compensation,
                                       "compensation:" + tag, "compensation, report " + tag});
    }
    ASSERT_TRUE(book_->store_report(r, postings).ok());
  }

  // A report's stored bytes as app::reconcile writes them: the stored e2e report of nom-e2e year 1
  // (tests/data/reports) with its guarantee results replaced by `results`.
  static std::string report_bytes(const std::vector<guarantee::GuaranteeResult>& results) {
    app::ReconciliationReport value =
        io::report_from_json(
            read_file(std::filesystem::path(RENOFEE_TEST_DATA_DIR) / "reports" / "nom-e2e-1-1.json"))
            .value();
    const app::ReportGuarantee terms = value.guarantees.at(0);
    value.guarantees.clear();
    for (const guarantee::GuaranteeResult& result : results) {
      app::ReportGuarantee g = terms;
      g.result = result;
      g.result.index = static_cast<int>(value.guarantees.size());
      value.guarantees.push_back(g);
    }
    return app::report_json(value).value();
  }

  static guarantee::GuaranteeResult result_of(guarantee::Kind kind, guarantee::Status status,
                                              const char* guaranteed, const char* shortfall,
                                              const char* payable, std::string rule) {
    guarantee::GuaranteeResult r;
    r.kind = kind;
    r.status = status;
    r.unit = "kWh";
    r.guaranteed = Decimal::parse(guaranteed).value();
    r.shortfall = Decimal::parse(shortfall).value();
    r.payable = Money::parse(payable).value();
    r.rule = std::move(rule);
    return r;
  }

  void create_samples_with_reports() {
    using guarantee::Kind;
    using guarantee::Status;
    for (const std::string& name : samples)
      create(name, name == "lineair-aflossing" ? "key:fin-2" : "key:fin-1");
    const std::string met = report_bytes({result_of(Kind::net_zero, Status::met, "3080.000", "0.000", "0.00",
                                                    "net import 2950.000 kWh <= allowance 3080.000 kWh")});
    const std::string shortfall = report_bytes(
        {result_of(Kind::net_zero, Status::shortfall, "3080.000", "50.000", "15.00",
                   "net import 3130.000 kWh > allowance 3080.000 kWh & <b>more</b>"),
         result_of(Kind::epv_generation, Status::within_deadband, "2100", "10", "0.00", "within"),
         result_of(Kind::pv_yield, Status::term_ended, "0", "0", "0.00", "")});
    report("nom-tussenwoning", 1, 1, "0", met, calendar::make_date(2027, 2, 28));
    report("nom-tussenwoning", 2, 1, "12.34", shortfall, calendar::make_date(2028, 2, 29));
    report("nom-tussenwoning", 2, 2, "15.00", shortfall, calendar::make_date(2028, 2, 29));
    report("epv-huurappartement", 2027, 1, "0", met, calendar::make_date(2027, 12, 31));
    report("hybride-twee-onder-een-kap", 2, 1, "0", "not json {", calendar::make_date(2028, 1, 30));
    post_fees();
  }

  // Posts every sample's fees due by the fixed clock's day, as `renofee post-fees` does: a page only reads.
  void post_fees() {
    FakePageStores stores(*database_, *tariffs_, counts_);
    for (const std::string& name : samples)
      ASSERT_TRUE(app::post_due_fees(stores.deps(), name, calendar::local_date(fixed_now), fixed_now).ok())
          << name;
  }

  Response get(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r = test::make_request("GET", target);
    for (auto& [name, value] : headers)
      r.headers.add(name, value);
    return router_.dispatch(r).response;
  }

  // The page equals tests/data/pages/<name>.html byte for byte (or, with RENOFEE_UPDATE_PAGES set, becomes
  // it).
  void expect_golden(const std::string& name, const Response& page) {
    const std::filesystem::path file = golden_dir / (name + ".html");
    if (std::getenv("RENOFEE_UPDATE_PAGES") != nullptr) {
      std::filesystem::create_directories(golden_dir);
      std::ofstream(file, std::ios::binary) << page.body;
    }
    EXPECT_EQ(page.body, read_file(file)) << name << " differs from " << file;
  }

  std::unique_ptr<db::Database> database_;
  std::shared_ptr<io::TariffCatalog> tariffs_;
  std::unique_ptr<db::SqlContractBook> book_;
  CallCounts counts_;
  Router router_;
};

const std::vector<std::pair<std::string, std::string>> financier_1 = {{"X-Test-Role", "financier"},
                                                                      {"X-Test-Key", "fin-1"}};

TEST_F(PageRoutesTest, OfferPagesAreByteForByteTheSame) {
  create_samples_with_reports();
  for (const std::string& name : samples) {
    const Response nl = get("/offer/" + name);
    ASSERT_EQ(nl.status, 200) << nl.body;
    EXPECT_EQ(nl.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(nl.headers.get("Content-Security-Policy").value_or(""),
              "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'");
    expect_golden("offer-" + name + "-nl", nl);
    const Response en = get("/offer/" + name + "?lang=en");
    ASSERT_EQ(en.status, 200) << en.body;
    expect_golden("offer-" + name + "-en", en);
  }
}

TEST_F(PageRoutesTest, StatementPagesAreByteForByteTheSame) {
  create_samples_with_reports();
  const std::vector<std::pair<std::string, std::string>> resident = {
      {"X-Test-Role", "resident"}, {"X-Test-Key", "res-1"}, {"X-Test-Contract", "nom-tussenwoning"}};
  const std::vector<std::pair<std::string, std::string>> auditor = {{"X-Test-Role", "auditor"}};
  const std::vector<std::tuple<std::string, std::string, std::vector<std::pair<std::string, std::string>>>>
      pages = {
          {"statement-nom-1-met-nl", "/statement/nom-tussenwoning/1", auditor},
          {"statement-nom-2-corrected-shortfall-nl", "/statement/nom-tussenwoning/2", auditor},
          {"statement-nom-2-corrected-shortfall-en", "/statement/nom-tussenwoning/2?lang=en", auditor},
          {"statement-nom-2-resident-nl", "/statement/nom-tussenwoning/2", resident},
          {"statement-nom-3-running-en", "/statement/nom-tussenwoning/3?lang=en", resident},
          {"statement-hybride-1-not-settled-nl", "/statement/hybride-twee-onder-een-kap/1", financier_1},
          {"statement-hybride-2-unreadable-en", "/statement/hybride-twee-onder-een-kap/2?lang=en", auditor},
          {"statement-epv-2027-nl", "/statement/epv-huurappartement/2027", auditor},
      };
  for (const auto& [name, target, headers] : pages) {
    const Response page = get(target, headers);
    ASSERT_EQ(page.status, 200) << name << ": " << page.body;
    expect_golden(name, page);
  }
}

TEST_F(PageRoutesTest, AuditorPageIsByteForByteTheSame) {
  create_samples_with_reports();
  const Response nl = get("/auditor/contracts");
  ASSERT_EQ(nl.status, 200) << nl.body;
  expect_golden("auditor-nl", nl);
  const Response en = get("/auditor/contracts?lang=en", {{"X-Test-Role", "auditor"}});
  ASSERT_EQ(en.status, 200) << en.body;
  expect_golden("auditor-en", en);
  // The page names contracts and their settlements: the operator, who sees no contract, may not open it.
  const Response op = get("/auditor/contracts", {{"X-Test-Role", "operator"}});
  EXPECT_EQ(op.status, 403) << op.body;
  EXPECT_EQ(op.body.find("nom-tussenwoning"), std::string::npos);
}

// The early-repayment sentence states the offer's own terms (rules issue, item 5): the samples repay free; an
// offer whose lender may ask the statutory compensation says so, with its cap, in Dutch and in English.
TEST_F(PageRoutesTest, EarlyRepaymentTextFollowsTheOffersTerms) {
  create("warmtefonds-nul-procent");
  std::string text =
      read_file(std::filesystem::path(RENOFEE_SOURCE_DIR) / "contracts" / "warmtefonds-nul-procent.json");
  text.replace(text.find("\"warmtefonds-nul-procent\""), 25, "\"capped-early-repayment\"");
  const std::size_t financing = text.find("\"financing\": {");
  ASSERT_NE(financing, std::string::npos);
  text.insert(financing + 14, "\"early_repayment\": \"statutory_cap\", ");
  io::OfferDocument document = io::parse_offer_document(text).value();
  ASSERT_TRUE(app::create_contract(
                  *book_, io::sha256_port(),
                  app::NewContract{document.offer, document.canonical_json,
                                   calendar::Instant(std::chrono::seconds(1'780'000'000)), "key:fin-1"})
                  .ok());
  const Response free_nl = get("/offer/warmtefonds-nul-procent", {{"X-Test-Role", "auditor"}});
  ASSERT_EQ(free_nl.status, 200) << free_nl.body;
  EXPECT_NE(free_nl.body.find("zonder boete"), std::string::npos);
  const Response capped_nl = get("/offer/capped-early-repayment", {{"X-Test-Role", "auditor"}});
  ASSERT_EQ(capped_nl.status, 200) << capped_nl.body;
  EXPECT_EQ(capped_nl.body.find("zonder boete"), std::string::npos);
  EXPECT_NE(
      capped_nl.body.find("ten hoogste 1% van het bedrag dat u vervroegd aflost (0,5% als de looptijd nog "
                          "hooguit een jaar is)"),
      std::string::npos);
  const Response capped_en = get("/offer/capped-early-repayment?lang=en", {{"X-Test-Role", "auditor"}});
  ASSERT_EQ(capped_en.status, 200) << capped_en.body;
  EXPECT_EQ(capped_en.body.find("without penalty"), std::string::npos);
  EXPECT_NE(capped_en.body.find("at most 1% of the amount you repay early"), std::string::npos);
}

TEST_F(PageRoutesTest, ErrorsAreHtmlForBrowsersAndProblemsOtherwise) {
  create_samples_with_reports();
  const Response browser =
      get("/statement/nom-tussenwoning/1",
          {{"X-Test-Role", "financier"}, {"X-Test-Key", "fin-2"}, {"Accept", "text/html"}});
  EXPECT_EQ(browser.status, 404);
  expect_golden("error-404-nl", browser);
  const Response api =
      get("/statement/nom-tussenwoning/1", {{"X-Test-Role", "financier"}, {"X-Test-Key", "fin-2"}});
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.content_type, "application/problem+json");
  const Response query = get("/offer/nom-tussenwoning?lang=de", {{"Accept", "text/html"}});
  EXPECT_EQ(query.status, 422);
  EXPECT_NE(query.body.find("must be nl or en"), std::string::npos) << query.body;
  // The rest of the query rule is the routes' shared one (http::query_parameters).
  const Response twice = get("/statement/nom-tussenwoning/1?lang=en&lang=nl");
  EXPECT_EQ(twice.status, 422);
  EXPECT_NE(twice.body.find("is given more than once"), std::string::npos) << twice.body;
  expect_golden("error-422-lang-en", get("/offer/nom-tussenwoning?lang=en&x=1", {{"Accept", "text/html"}}));
  EXPECT_EQ(get("/statement/nom-tussenwoning/12345").status, 400);
}

TEST_F(PageRoutesTest, FinanciersSeeTheContractsTheirKeyCreated) {
  create_samples_with_reports();
  EXPECT_EQ(get("/offer/nom-tussenwoning", financier_1).status, 200);
  EXPECT_EQ(get("/offer/lineair-aflossing", financier_1).status, 404);
  EXPECT_EQ(get("/offer/lineair-aflossing", {{"X-Test-Role", "financier"}, {"X-Test-Key", "fin-2"}}).status,
            200);
  EXPECT_EQ(get("/statement/lineair-aflossing/1", financier_1).status, 404);
  const std::vector<std::pair<std::string, std::string>> resident = {
      {"X-Test-Role", "resident"}, {"X-Test-Key", "res-1"}, {"X-Test-Contract", "nom-tussenwoning"}};
  EXPECT_EQ(get("/offer/nom-tussenwoning", resident).status, 200);
  EXPECT_EQ(get("/offer/lineair-aflossing", resident).status, 404);
  EXPECT_EQ(get("/offer/no-such-contract").status, 404);
  // Another financier's contract and one that does not exist: the same bytes apart from the id asked for.
  for (const char* accept : {"application/json", "text/html"}) {
    auto as_financier_1 = financier_1;
    as_financier_1.emplace_back("Accept", accept);
    const std::string foreign = get("/offer/lineair-aflossing", as_financier_1).body;
    const std::string missing = get("/offer/no-such-contract", as_financier_1).body;
    const auto without = [](std::string text, const std::string& id) {
      for (std::size_t at = text.find(id); at != std::string::npos; at = text.find(id, at))
        text.replace(at, id.size(), "{id}");
      return text;
    };
    ASSERT_NE(foreign.find("lineair-aflossing"), std::string::npos) << foreign;
    EXPECT_EQ(without(foreign, "lineair-aflossing"), without(missing, "no-such-contract")) << accept;
  }
}

TEST_F(PageRoutesTest, AuditorListReadsAConstantNumberOfTimes) {
  create_samples_with_reports();
  for (int i = 0; i < 3; ++i)
    create("nom-tussenwoning", "key:fin-1", "copy-" + std::to_string(i));
  counts_.calls.clear();
  const Response few = get("/auditor/contracts");
  ASSERT_EQ(few.status, 200) << few.body;
  const std::map<std::string, int> with_eight = counts_.calls;
  EXPECT_EQ(with_eight, (std::map<std::string, int>{{"overview_contracts", 1}}));

  for (int i = 3; i < 40; ++i) {
    const std::string id = "copy-" + std::to_string(i);
    create("nom-tussenwoning", "key:fin-1", id);
    report(id, 1, 1, "1.00", "{}", calendar::make_date(2027, 2, 28));
  }
  counts_.calls.clear();
  const Response many = get("/auditor/contracts");
  ASSERT_EQ(many.status, 200) << many.body;
  EXPECT_EQ(counts_.calls, with_eight);  // 45 contracts: the same calls as for 8
  EXPECT_NE(many.body.find("<tr data-contract=\"copy-39\">"), std::string::npos);
  EXPECT_NE(
      many.body.find("<li data-year=\"1\" data-status=\"done shortfall\">1: <strong>gedaan, tekort</strong> "
                     "(versie 1, € 1,00)"),
      std::string::npos);
}

}  // namespace
}  // namespace renofee::http
