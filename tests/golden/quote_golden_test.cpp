// Golden quotes of the sample offers (contracts/*.json) and of two EPV offers under the 2016 regime whose caps
// change by date (tests/data/offers/epv: 1.44 -> 1.54 EUR/m2 on 1 Jul 2025 across the term; 1.83 after it;
// their cap_reductions total proves each month was capped by the row valid on its due date). Expected
// figures: tests/golden/quotes/<id>.json,
// produced by scripts/gen_quote_golden.py (python3 decimal/fractions, independent of renofee: it implements
// the schedule, APR, bill and affordability rules of docs/domain.md §4-§5 itself). Each golden file is a
// subset of the quote JSON (adapters/io/quote_output.hpp): every value it holds must be present in renofee's
// quote and equal as text (decimals as strings, so "83.33" must be exactly "83.33").
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/quoting.hpp"

namespace renofee {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Compares every leaf of `expected` with the same path in `actual`; reports mismatches with their paths.
void expect_subset(const Poco::Dynamic::Var& expected, const Poco::Dynamic::Var& actual,
                   const std::string& path, int& compared) {
  if (expected.type() == typeid(Poco::JSON::Object::Ptr)) {
    ASSERT_EQ(actual.type(), typeid(Poco::JSON::Object::Ptr)) << path << " is not an object in the quote";
    const auto e = expected.extract<Poco::JSON::Object::Ptr>();
    const auto a = actual.extract<Poco::JSON::Object::Ptr>();
    std::vector<std::string> names;
    e->getNames(names);
    for (const std::string& name : names) {
      if (name == "_comment") continue;
      ASSERT_TRUE(a->has(name)) << path << "/" << name << " missing in the quote";
      expect_subset(e->get(name), a->get(name), path + "/" + name, compared);
    }
  } else if (expected.type() == typeid(Poco::JSON::Array::Ptr)) {
    ASSERT_EQ(actual.type(), typeid(Poco::JSON::Array::Ptr)) << path << " is not an array in the quote";
    const auto e = expected.extract<Poco::JSON::Array::Ptr>();
    const auto a = actual.extract<Poco::JSON::Array::Ptr>();
    ASSERT_EQ(e->size(), a->size()) << path << " length";
    for (unsigned i = 0; i < e->size(); ++i)
      expect_subset(e->get(i), a->get(i), path + "/" + std::to_string(i), compared);
  } else {
    ++compared;
    EXPECT_EQ(expected.convert<std::string>(), actual.convert<std::string>()) << "at " << path;
  }
}

class QuoteGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(QuoteGolden, MatchesIndependentReference) {
  const std::filesystem::path root(RENOFEE_SOURCE_DIR);
  const std::string id = GetParam();
  // The samples, or the EPV offers whose caps change by date (tests/data/offers/epv).
  const std::filesystem::path sample = root / "contracts" / (id + ".json");
  const std::filesystem::path file =
      std::filesystem::exists(sample) ? sample : root / "tests/data/offers/epv" / (id + ".json");
  const Result<quote::Offer> offer = io::parse_offer_json(read_file(file));
  ASSERT_TRUE(offer.ok()) << offer.error();
  io::TariffDirectory tariffs(root / "tariffs");
  const Result<quote::Quote> result = app::quote_offer(*offer, tariffs);
  ASSERT_TRUE(result.ok()) << result.error();
  Poco::JSON::Parser parser;
  const Poco::Dynamic::Var actual = parser.parse(io::to_json_text(io::quote_json(*result)));
  parser.reset();
  const Poco::Dynamic::Var expected = parser.parse(read_file(root / "tests/golden/quotes" / (id + ".json")));
  int compared = 0;
  expect_subset(expected, actual, "", compared);
  EXPECT_GE(compared, 30) << "golden file too thin";
}

// A tariff year that fails validate() is refused once, at the offer's tariff entry, and names the tariff
// field (the quote validates each tariff year once for its four bills, tariff.hpp CheckedTariff).
TEST(QuoteTariffs, InvalidTariffYearIsRefusedAtItsEntry) {
  const std::filesystem::path root(RENOFEE_SOURCE_DIR);
  const Result<quote::Offer> offer =
      io::parse_offer_json(read_file(root / "contracts" / "warmtefonds-nul-procent.json"));
  ASSERT_TRUE(offer.ok()) << offer.error();
  io::TariffDirectory directory(root / "tariffs");
  std::vector<tariffs::TariffYear> years;
  for (const std::string& id : offer->tariffs) {
    Result<tariffs::TariffYear> year = directory.tariff_year(id);
    ASSERT_TRUE(year.ok()) << year.error();
    years.push_back(*year);
  }
  ASSERT_TRUE(quote::compute_quote(*offer, years, {}).ok());
  years[1].vat_rate = Decimal(1);  // VAT must lie in [0, 1)
  const Result<quote::Quote> refused = quote::compute_quote(*offer, years, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(refused.error().field, "/tariffs/1");
  EXPECT_NE(refused.error().message.find("(at /vat_rate)"), std::string::npos) << refused.error();
}

// A quote whose tariff years do not include the year the contract starts says so (rules issue, item 1): the
// sample (start 2026, tariffs nl-2026 and nl-2027) has only the projected-year warning; moved to 2030 with only
// nl-2024 it names
// 2030, in the JSON warnings and in both languages of the text.
TEST(QuoteTariffs, TariffYearsThatMissTheStartYearAreNamed) {
  const std::filesystem::path root(RENOFEE_SOURCE_DIR);
  Result<quote::Offer> offer =
      io::parse_offer_json(read_file(root / "contracts" / "warmtefonds-nul-procent.json"));
  ASSERT_TRUE(offer.ok()) << offer.error();
  io::TariffDirectory directory(root / "tariffs");
  const auto years_of = [&](const quote::Offer& o) {
    std::vector<tariffs::TariffYear> years;
    for (const std::string& id : o.tariffs)
      years.push_back(directory.tariff_year(id).value());
    return years;
  };
  const quote::Quote covered = quote::compute_quote(*offer, years_of(*offer), {}).value();
  EXPECT_EQ(covered.uncovered_start_year, std::nullopt);
  // nl-2027 is projected (nothing of 2027 is published in the sources): the one warning says so, and the
  // tariff year lists which figures and how they were made.
  const std::string covered_json = io::quote_json_text(covered);
  EXPECT_NE(covered_json.find("\"warnings\":[{\"code\":\"tariff_year_projected\",\"detail\":\"tariff year "
                              "nl-2027 holds figures not published yet"),
            std::string::npos)
      << covered_json.substr(0, 400);
  EXPECT_EQ(covered_json.find("tariff_years_do_not_cover_start"), std::string::npos);
  EXPECT_TRUE(covered.tariff_years[0].projected.empty());  // nl-2026
  ASSERT_FALSE(covered.tariff_years[1].projected.empty());
  EXPECT_NE(covered_json.find("\"projected\":[{\"figures\":[\"/vat_rate\"],\"method\":\"21 % assumed "
                              "unchanged\"}"),
            std::string::npos);

  offer->start_date = calendar::make_date(2030, 3, 1);
  offer->tariffs = {"nl-2024"};
  const quote::Quote late = quote::compute_quote(*offer, years_of(*offer), {}).value();
  EXPECT_EQ(late.uncovered_start_year, 2030);
  EXPECT_NE(io::quote_json_text(late).find("\"code\":\"tariff_years_do_not_cover_start\",\"detail\":\"the "
                                           "tariff years of this quote (nl-2024) "
                                           "do not include 2030, the year the contract starts"),
            std::string::npos);
  std::ostringstream nl;
  io::write_quote_text(late, io::Language::nl, nl);
  EXPECT_NE(nl.str().find("Let op: de tariefjaren van deze offerte (nl-2024) bevatten 2030 niet"),
            std::string::npos)
      << nl.str();
}

// The home's network operator picks that region's network charges; an operator a tariff year lacks is refused
// at the offer's field, naming those the year has (Stedin's 2026 electricity charge 404.78, tariffs/README.md).
TEST(QuoteTariffs, NetworkOperatorOfTheHome) {
  const std::filesystem::path root(RENOFEE_SOURCE_DIR);
  Result<quote::Offer> offer =
      io::parse_offer_json(read_file(root / "contracts" / "warmtefonds-nul-procent.json"));
  ASSERT_TRUE(offer.ok()) << offer.error();
  io::TariffDirectory tariffs(root / "tariffs");
  offer->dwelling.network_operator = "stedin";
  const quote::Quote stedin = app::quote_offer(*offer, tariffs).value();
  EXPECT_EQ(stedin.tariff_years[0].as_tariff.before.line("network_electricity")->amount.to_string(),
            "404.78");
  offer->dwelling.network_operator = "westland-infra";
  const Result<quote::Quote> unknown = app::quote_offer(*offer, tariffs);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "/dwelling/network_operator");
  EXPECT_NE(unknown.error().message.find("(it has: liander, enexis, stedin)"), std::string::npos)
      << unknown.error();
}

INSTANTIATE_TEST_SUITE_P(Samples, QuoteGolden,
                         ::testing::Values("nom-tussenwoning", "hybride-twee-onder-een-kap",
                                           "epv-huurappartement", "warmtefonds-nul-procent",
                                           "lineair-aflossing", "epv2016-across-indexation",
                                           "epv2016-after-2025-adjustment"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace renofee
