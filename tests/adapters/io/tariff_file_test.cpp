// Test plan for tariff_file.hpp: the committed tariff years and EPV table load with the figures their README
// cites; a JSON number in a decimal field, a decimal not in plain notation ("+0.21", "63E-2") and a member
// given twice are refused naming the JSON pointer; removing any field of a real
// file is refused naming that field (every field, found by walking the document); unknown fields, wrong
// types, bad decimals and a wrong schema name the field; file-level problems (missing, not JSON, id and name
// differ, an id that could escape the directory) name the file or the id.
#include "renofee/adapters/io/tariff_file.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace renofee::io {
namespace {

namespace fs = std::filesystem;
const fs::path tariff_dir = fs::path(RENOFEE_SOURCE_DIR) / "tariffs";

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(TariffFile, CommittedYearsLoadWithTheirCitedFigures) {
  struct Row {
    int line;
    std::string id;
    std::string electricity_tax_1, gas_tax_1, reduction;
    bool netting;
    std::string feed_in_price;
  };
  // Energy tax and reduction: Belastingdienst via docs/domain.md §5.2 [76]-[81]; 2026 gas 0.72680 / 1.21
  // (derived).
  const std::vector<Row> rows = {
      {__LINE__, "nl-2024", "0.10880", "0.58301", "521.81", true, "0.07000"},
      {__LINE__, "nl-2025", "0.10154", "0.57816", "524.95", true, "0.06000"},
      {__LINE__, "nl-2026", "0.09161", "0.60066", "519.80", true, "0.05000"},   // the law's table, see README
      {__LINE__, "nl-2027", "0.09161", "0.60066", "519.80", false, "0.06750"},  // projected; 50 % of 0.13500
  };
  for (const Row& r : rows) {
    SCOPED_TRACE("row at line " + std::to_string(r.line));
    const Result<tariffs::TariffYear> t = load_tariff(tariff_dir, r.id);
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->id, r.id);
    EXPECT_EQ(t->vat_rate.to_string(), "0.21");
    EXPECT_EQ(t->electricity.energy_tax.at(0).rate.to_string(), r.electricity_tax_1);
    EXPECT_EQ(t->electricity.energy_tax.at(0).up_to->to_string(), "10000");
    EXPECT_FALSE(t->electricity.energy_tax.back().up_to.has_value());
    EXPECT_EQ(t->gas.energy_tax.at(0).rate.to_string(), r.gas_tax_1);
    EXPECT_EQ(t->gas.energy_tax.at(0).up_to->to_string(), "170000");
    EXPECT_EQ(t->tax_reduction_per_year.to_string(), r.reduction);
    EXPECT_EQ(t->netting, r.netting);
    EXPECT_EQ(t->electricity.feed_in_price.to_string(), r.feed_in_price);
  }
  const tariffs::TariffYear t2025 = load_tariff(tariff_dir, "nl-2025").value();
  ASSERT_TRUE(t2025.electricity.low_normal.has_value());
  EXPECT_EQ(t2025.electricity.low_normal->low.to_string(), "0.13200");
  EXPECT_FALSE(load_tariff(tariff_dir, "nl-2024").value().electricity.low_normal.has_value());
}

// The committed EPV table by date (rules issue, item 3): EPV 2.0 from 1 Oct 2023; the 2016 regime 1.71 / 1.44 /
// 1.22 from 1 Jul 2023 and 1.83 / 1.54 / 1.31 from 1 Jul 2025 (tariffs/README.md).
TEST(TariffFile, EpvTableLoadsAndAnswers) {
  const Result<tariffs::TariffEpv> table = load_epv_file(tariff_dir / "epv.json");
  ASSERT_TRUE(table.ok()) << table.error();
  EXPECT_EQ(table->rates.size(), 12u);
  using tariffs::DwellingType;
  const calendar::Date day = calendar::make_date(2026, 7, 1);
  EXPECT_EQ(
      tariffs::epv_rate(*table, "epv2", "hoogwaardig", DwellingType::single_family, 1968, day)->to_string(),
      "1.65");
  EXPECT_EQ(
      tariffs::epv_rate(*table, "epv2", "hoogwaardig", DwellingType::multi_family, 2021, day)->to_string(),
      "0.90");
  const auto q50 = [&](calendar::Date on) {
    return tariffs::epv_rate(*table, "2016", "heat_demand_le_50", DwellingType::multi_family, 1965, on);
  };
  EXPECT_EQ(q50(calendar::make_date(2025, 6, 30))->to_string(), "1.22");  // before the 2025 adjustment
  EXPECT_EQ(q50(calendar::make_date(2025, 7, 1))->to_string(), "1.31");   // after it
  EXPECT_FALSE(q50(calendar::make_date(2023, 6, 30)).ok());               // before the table
  EXPECT_FALSE(tariffs::epv_rate(*table, "epv2", "basis", DwellingType::single_family, 2022, day).ok());
  EXPECT_FALSE(tariffs::epv_rate(*table, "epv2", "basis", DwellingType::single_family, 1970,
                                 calendar::make_date(2023, 9, 30))
                   .ok());  // EPV 2.0 starts 1 Oct 2023
  for (const tariffs::EpvRate& row : table->rates)
    EXPECT_FALSE(row.source.empty()) << row.regime;
}

struct BadCase {
  int line;
  std::string from, to;  // one textual edit of nl-2026.json
  std::string field;
  std::string message_part;
};

TEST(TariffFile, BadFieldsNameTheirJsonPointer) {
  const std::string good = read(tariff_dir / "nl-2026.json");
  const std::vector<BadCase> cases = {
      // Numbers in decimal fields: Poco would read them as binary floating point.
      {__LINE__, "\"vat_rate\": \"0.21\"", "\"vat_rate\": 0.21", "/vat_rate", "must be a JSON string"},
      {__LINE__, "\"rate_per_kwh\": \"0.09161\"", "\"rate_per_kwh\": 0.09161",
       "/electricity/energy_tax/0/rate_per_kwh", "must be a JSON string"},
      {__LINE__, "\"up_to_m3\": \"170000\"", "\"up_to_m3\": 170000", "/gas/energy_tax/0/up_to_m3",
       "must be a JSON string"},
      {__LINE__, "\"tax_reduction_per_year\": \"519.80\"", "\"tax_reduction_per_year\": 519.8",
       "/tax_reduction_per_year", "must be a JSON string"},
      // Bad decimals, wrong types, unknown fields, a wrong schema.
      {__LINE__, "\"supply_price_per_m3\": \"0.63000\"", "\"supply_price_per_m3\": \"0,63\"",
       "/gas/supply_price_per_m3", "0,63"},
      {__LINE__, "\"netting\": true", "\"netting\": \"yes\"", "/netting", "true or false"},
      {__LINE__, "\"year\": 2026", "\"year\": \"2026\"", "/year", "integer"},
      {__LINE__, "\"year\": 2026", "\"year\": 2026.5", "/year", "integer"},
      {__LINE__, "\"netting\": true", "\"netting\": true, \"saldering\": true", "/saldering",
       "unknown field"},
      // A misspelt field: the required one is reported missing first.
      {__LINE__, "\"supply_price_per_kwh\"", "\"supply_price_kwh\"", "/electricity/supply_price_per_kwh",
       "missing field"},
      {__LINE__, "\"supply_price_per_m3\"", "\"supply_price_m3\": \"1\", \"supply_price_per_m3\"",
       "/gas/supply_price_m3", "unknown field"},
      {__LINE__, "\"renofee.tariff/1\"", "\"renofee.tariff/2\"", "/schema", "renofee.tariff/2"},
      {__LINE__, "\"electricity\": {", "\"electricity\": [], \"x\": {", "/electricity", "JSON object"},
      // Decimals follow the offers' and readings' plain grammar (Decimal::parse_plain): no '+', no exponent.
      {__LINE__, "\"vat_rate\": \"0.21\"", "\"vat_rate\": \"+0.21\"", "/vat_rate", "no '+' or exponent"},
      {__LINE__, "\"supply_price_per_m3\": \"0.63000\"", "\"supply_price_per_m3\": \"63E-2\"",
       "/gas/supply_price_per_m3", "\"63E-2\""},
      // A member given twice: Poco kept the last one silently; the strict reader names the second.
      {__LINE__, "\"vat_rate\": \"0.21\"", "\"vat_rate\": \"0.21\", \"vat_rate\": \"0.09\"", "/vat_rate",
       "given twice"},
      {__LINE__, "\"supply_price_per_m3\": \"0.63000\"",
       "\"supply_price_per_m3\": \"0.63000\", \"supply_price_per_m3\": \"0.01\"", "/gas/supply_price_per_m3",
       "given twice"},
      {__LINE__, "\"up_to_kwh\": \"50000\"", "\"up_to_kwh\": \"50000\", \"up_to_kwh\": \"60000\"",
       "/electricity/energy_tax/1/up_to_kwh", "given twice"},
      // A whole number beyond 64 bits is a value out of range at its field, not malformed JSON.
      {__LINE__, "\"year\": 2026", "\"year\": 100000000000000000000", "/year", "number out of range"},
      // Values the core refuses (validate), still named by pointer.
      {__LINE__, "\"up_to_kwh\": \"50000\"", "\"up_to_kwh\": \"5000\"", "/electricity/energy_tax/1/up_to",
       "ascend"},
      {__LINE__, "\"vat_rate\": \"0.21\"", "\"vat_rate\": \"1.21\"", "/vat_rate", "1.21"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    const Result<tariffs::TariffYear> t = parse_tariff_json(replace_once(good, c.from, c.to));
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().field, c.field) << t.error();
    EXPECT_NE(t.error().message.find(c.message_part), std::string::npos) << t.error();
  }
}

// Every JSON pointer to a field (object member) of the document, depth first.
void collect_fields(const Poco::Dynamic::Var& node, const std::string& pointer,
                    std::vector<std::string>& out) {
  if (node.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto object = node.extract<Poco::JSON::Object::Ptr>();
    for (const auto& [name, value] : *object) {
      out.push_back(pointer + "/" + name);
      collect_fields(value, pointer + "/" + name, out);
    }
  } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto array = node.extract<Poco::JSON::Array::Ptr>();
    for (unsigned i = 0; i < array->size(); ++i)
      collect_fields(array->get(i), pointer + "/" + std::to_string(i), out);
  }
}

// The document text with the member (or array element) at `pointer` removed.
std::string without(const std::string& text, const std::string& pointer) {
  Poco::JSON::Parser parser;
  Poco::Dynamic::Var root = parser.parse(text);
  Poco::Dynamic::Var node = root;
  std::size_t start = 1;
  while (true) {
    const std::size_t slash = pointer.find('/', start);
    const std::string key =
        pointer.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (slash == std::string::npos) {
      if (node.type() == typeid(Poco::JSON::Array::Ptr)) {  // an array element: drop it
        Poco::JSON::Array::Ptr array =
            node.extract<Poco::JSON::Array::Ptr>();  // non-const copy of the handle
        array->remove(static_cast<unsigned>(std::stoul(key)));
        break;
      }
      Poco::JSON::Object::Ptr object =
          node.extract<Poco::JSON::Object::Ptr>();  // non-const copy of the handle
      object->remove(key);
      break;
    }
    if (node.type() == typeid(Poco::JSON::Array::Ptr))
      node = node.extract<Poco::JSON::Array::Ptr>()->get(static_cast<unsigned>(std::stoul(key)));
    else
      node = node.extract<Poco::JSON::Object::Ptr>()->get(key);
    start = slash + 1;
  }
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(root, out);
  return out.str();
}

TEST(TariffFile, EveryMissingFieldIsNamed) {
  for (const std::string id : {"nl-2026", "nl-2027"}) {  // 2026 has the low/normal pair, 2027 not
    const std::string good = read(tariff_dir / (id + ".json"));
    std::vector<std::string> fields;
    Poco::JSON::Parser parser;
    collect_fields(parser.parse(good), "", fields);
    ASSERT_GT(fields.size(), 30u);
    int refused = 0;
    for (const std::string& field : fields) {
      SCOPED_TRACE(id + " without " + field);
      const Result<tariffs::TariffYear> t = parse_tariff_json(without(good, field));
      if (field == "/description" || field == "/network_operator") {  // optional, like the low/normal pair
        EXPECT_TRUE(t.ok());
        continue;
      }
      if (field.rfind("/network_regions", 0) == 0 && field.find("_per_year") == std::string::npos) {
        // A region (or all of them) left out: its sources then name figures the file does not hold.
        ASSERT_FALSE(t.ok());
        EXPECT_NE(t.error().message.find("names no figure"), std::string::npos) << t.error();
        ++refused;
        continue;
      }
      ASSERT_FALSE(t.ok());
      EXPECT_EQ(t.error().field, field) << t.error();
      // A source's method is optional in the format but required for what is not published.
      const bool method = field.size() > 7 && field.substr(field.size() - 7) == "/method";
      EXPECT_NE(t.error().message.find(method ? "needs the method" : "missing field"), std::string::npos)
          << t.error();
      ++refused;
    }
    EXPECT_EQ(refused, static_cast<int>(fields.size()) - 2);  // all but /description and /network_operator
  }
  // Both low/normal prices removed: a valid single-rate tariff once its sources no longer name them (a
  // source naming a figure the file does not hold is refused, so a typo cannot leave a figure unsourced).
  std::string single = without(read(tariff_dir / "nl-2026.json"), "/electricity/supply_price_low_per_kwh");
  single = without(single, "/electricity/supply_price_normal_per_kwh");
  const Result<tariffs::TariffYear> stale = parse_tariff_json(single);
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.error().message.find("names no figure"), std::string::npos) << stale.error();
  single = replace_once(single, "\"/electricity/supply_price_low_per_kwh\",", "");
  single = replace_once(single, "\"/electricity/supply_price_normal_per_kwh\",", "");
  EXPECT_TRUE(parse_tariff_json(single).ok()) << parse_tariff_json(single).error();
}

// Rules issue, item 1: a tariff file in which any figure lacks a source and validity is refused naming the
// figure; every committed year and test tariff has them all.
TEST(TariffFile, EveryFigureHasASourceAndValidity) {
  for (const std::string id : {"nl-2024", "nl-2025", "nl-2026", "nl-2027"}) {
    SCOPED_TRACE(id);
    const std::string good = read(tariff_dir / (id + ".json"));
    const Result<tariffs::TariffYear> t = parse_tariff_json(good);
    ASSERT_TRUE(t.ok()) << t.error();
    for (const std::string& figure : tariffs::figure_pointers(*t))
      EXPECT_NE(tariffs::source_of(*t, figure), nullptr) << figure;
    for (std::size_t i = 0; i < t->sources.size(); ++i) {
      SCOPED_TRACE("without source " + std::to_string(i));
      const Result<tariffs::TariffYear> without_entry =
          parse_tariff_json(without(good, "/sources/" + std::to_string(i)));
      ASSERT_FALSE(without_entry.ok());
      EXPECT_NE(without_entry.error().message.find("has no source and validity"), std::string::npos)
          << without_entry.error();
      EXPECT_EQ(without_entry.error().field.rfind("/sources/", 0), 0u) << without_entry.error();
    }
  }
  EXPECT_TRUE(load_tariff(fs::path(RENOFEE_SOURCE_DIR) / "tests" / "data" / "tariffs", "tiered-2026").ok());
  // 2027 is not published yet: its projected figures say so.
  EXPECT_FALSE(tariffs::projected_sources(load_tariff(tariff_dir, "nl-2027").value()).empty());
  EXPECT_TRUE(tariffs::projected_sources(load_tariff(tariff_dir, "nl-2026").value()).empty());
}

TEST(TariffFile, FileLevelErrorsNameTheFile) {
  const fs::path dir = fs::temp_directory_path() / ("renofee_tariff_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "broken.json") << "{\"schema\": \"renofee.tariff/1\", ";
    std::ofstream(dir / "nl-2030.json") << read(tariff_dir / "nl-2026.json");  // id says nl-2026
    std::ofstream(dir / "nl-2031.json")
        << replace_once(read(tariff_dir / "nl-2026.json"), "\"vat_rate\": \"0.21\"", "\"vat_rate\": 0.21");
  }
  const Result<tariffs::TariffYear> broken = load_tariff_file(dir / "broken.json");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("broken.json"), std::string::npos) << broken.error();
  EXPECT_NE(broken.error().message.find("malformed JSON"), std::string::npos) << broken.error();

  const Result<tariffs::TariffYear> missing = load_tariff_file(dir / "absent.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_NE(missing.error().message.find("absent.json"), std::string::npos);

  const Result<tariffs::TariffYear> unknown = load_tariff(dir, "nl-2099");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
  EXPECT_NE(unknown.error().message.find("nl-2099"), std::string::npos);

  const Result<tariffs::TariffYear> mismatch = load_tariff(dir, "nl-2030");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().field, "/id");
  EXPECT_NE(mismatch.error().message.find("nl-2030.json"), std::string::npos);

  const Result<tariffs::TariffYear> number = load_tariff(dir, "nl-2031");
  ASSERT_FALSE(number.ok());
  EXPECT_EQ(number.error().field, "/vat_rate");
  EXPECT_NE(number.error().message.find("nl-2031.json"), std::string::npos) << number.error();

  for (const std::string bad :
       {"../tariffs/nl-2026", "NL-2026", "", "nl 2026"}) {  // standalone-ok: hostile ids
    const Result<tariffs::TariffYear> t = load_tariff(tariff_dir, bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.error().code, ErrorCode::invalid_argument) << bad;
  }
  fs::remove_all(dir);
}

TEST(TariffFile, MalformedDocumentsAreErrorsNeverCrashes) {
  const std::vector<std::string> documents = {
      "",
      "null",
      "[]",
      "\"renofee.tariff/1\"",
      "{}",
      "{\"schema\": 1}",
      std::string(200, '['),
      "{\"schema\": \"renofee.tariff/1\", \"id\": \"x\", \"year\": 18446744073709551615}",
      "{\"schema\": \"renofee.tariff/1\", \"id\": \"x\", \"year\": -99999999999}",
      "{\"schema\": \"renofee.tariff/1\", \"id\": \"x\", \"year\": 2026, \"vat_rate\": \"1e999\"}",
      "{\"schema\": \"renofee.tariff/1\", \"id\": \"x\", \"year\": 2026, \"vat_rate\": null}",
  };
  for (const std::string& doc : documents) {
    SCOPED_TRACE(doc.substr(0, 80));
    EXPECT_FALSE(parse_tariff_json(doc).ok());
    EXPECT_FALSE(parse_epv_json(doc).ok());
  }
  // Every proper prefix of a real file is refused (truncated uploads), and the whole file is accepted.
  const std::string good = read(tariff_dir / "nl-2027.json");
  int refused = 0;
  for (std::size_t n = 0; n < good.size(); ++n) {
    const std::string prefix = good.substr(0, n);
    if (prefix.find_last_not_of(" \n") != std::string::npos &&
        prefix[prefix.find_last_not_of(" \n")] == '}' && n >= good.find_last_of('}'))
      continue;  // the complete document followed by part of its trailing whitespace
    if (!parse_tariff_json(prefix).ok())
      ++refused;
    else
      ADD_FAILURE() << "prefix of " << n << " bytes accepted";
  }
  EXPECT_GT(refused, 1000);
  EXPECT_TRUE(parse_tariff_json(good).ok());
}

// Limits (docs/reliability.md): 1 MiB per file, 20 brackets per carrier, 200 EPV rates; exactly at the
// bound is accepted.
TEST(TariffFile, BoundsAreOutOfRange) {
  const std::string good = read(tariff_dir / "nl-2026.json");
  const std::string padded = good + std::string((1 << 20) - good.size(), ' ');
  EXPECT_TRUE(parse_tariff_json(padded).ok());
  const Result<tariffs::TariffYear> large = parse_tariff_json(padded + " ");
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.error().code, ErrorCode::out_of_range);
  EXPECT_NE(large.error().message.find("1048577 bytes exceeds the limit of 1048576"), std::string::npos);

  // Gas brackets: bounds 1..n below the open last one, the sources one entry per group (so that the extra
  // brackets have theirs).
  const auto with_gas_brackets = [&](int n) {
    Poco::JSON::Parser parser;
    Poco::JSON::Object::Ptr root = parser.parse(good).extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Array::Ptr brackets = new Poco::JSON::Array;
    for (int i = 1; i <= n; ++i) {
      Poco::JSON::Object::Ptr bracket = new Poco::JSON::Object;
      bracket->set("up_to_m3", i < n ? Poco::Dynamic::Var(std::to_string(i)) : Poco::Dynamic::Var());
      bracket->set("rate_per_m3", std::string(i < n ? "0.5" : "0.05"));
      brackets->add(bracket);
    }
    root->getObject("gas")->set("energy_tax", brackets);
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
    Poco::JSON::Array::Ptr figures = new Poco::JSON::Array;
    for (const char* group :
         {"/vat_rate", "/netting", "/electricity", "/gas", "/tax_reduction_per_year", "/network_regions"})
      figures->add(std::string(group));
    entry->set("figures", figures);
    entry->set("basis", std::string("published"));
    entry->set("source", std::string("test"));
    entry->set("valid_from", std::string("2026-01-01"));
    entry->set("valid_until", std::string("2026-12-31"));
    Poco::JSON::Array::Ptr sources = new Poco::JSON::Array;
    sources->add(entry);
    root->set("sources", sources);
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(root, out);
    return out.str();
  };
  const Result<tariffs::TariffYear> twenty = parse_tariff_json(with_gas_brackets(20));
  ASSERT_TRUE(twenty.ok()) << twenty.error();
  EXPECT_EQ(twenty->gas.energy_tax.size(), 20u);
  const Result<tariffs::TariffYear> many = parse_tariff_json(with_gas_brackets(21));
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().code, ErrorCode::out_of_range);
  EXPECT_EQ(many.error().field, "/gas/energy_tax");
  EXPECT_NE(many.error().message.find("21 entries (at most 20)"), std::string::npos);

  const auto epv_with_rows = [](int n) {
    std::string rows;
    for (int i = 0; i < n; ++i) {
      rows += std::string(i > 0 ? ", " : "") + "{\"regime\": \"epv2\", \"class\": \"c" + std::to_string(i) +
              "\", \"valid_from\": \"2023-10-01\", \"source\": \"test\", \"rate_per_m2_month\": \"1.00\"}";
    }
    return "{\"schema\": \"renofee.epv/1\", \"rates\": [" + rows + "]}";
  };
  const Result<tariffs::TariffEpv> rows200 = parse_epv_json(epv_with_rows(200));
  ASSERT_TRUE(rows200.ok()) << rows200.error();
  EXPECT_EQ(rows200->rates.size(), 200u);
  const Result<tariffs::TariffEpv> rows201 = parse_epv_json(epv_with_rows(201));
  ASSERT_FALSE(rows201.ok());
  EXPECT_EQ(rows201.error().code, ErrorCode::out_of_range);
  EXPECT_EQ(rows201.error().field, "/rates");
}

TEST(EpvFile, BadRowsNameTheirField) {
  const std::string good = read(tariff_dir / "epv.json");
  EXPECT_EQ(parse_epv_json(replace_once(good, "\"1.65\"", "1.65")).error().field,
            "/rates/0/rate_per_m2_month");
  EXPECT_EQ(parse_epv_json(replace_once(good, "\"multi_family\"", "\"flat\"")).error().field,
            "/rates/1/dwelling");
  EXPECT_EQ(
      parse_epv_json(replace_once(good, "\"built_from\": 2019", "\"built_from\": \"2019\"")).error().field,
      "/rates/2/built_from");
  EXPECT_EQ(parse_epv_json(replace_once(good, "\"valid_from\": \"2023-10-01\", ", "")).error().field,
            "/rates/0/valid_from");
  EXPECT_EQ(parse_epv_json(replace_once(good, "\"2025-06-30\"", "\"2023-06-30\"")).error().field,
            "/rates/6/valid_until");  // before its valid_from
  EXPECT_EQ(parse_epv_json(replace_once(good, "\"regime\": \"2016\", ", "")).error().field,
            "/rates/6/regime");
  EXPECT_EQ(parse_epv_json(replace_once(good, "\"rates\"", "\"rows\"")).error().field, "/rates");
}

}  // namespace
}  // namespace renofee::io
