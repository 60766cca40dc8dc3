// Golden guarantee years and baseline fits (docs/domain.md §8). Expected figures:
// tests/golden/guarantees/*.json, produced by scripts/gen_guarantee_golden.py (python3 fractions/decimal,
// written from docs/guarantees.md and independent of renofee; weather from the KNMI Cabauw file, the CBS
// price from tariffs/nl-2026.json).
//   Guarantee-year cases: the terms go through the strict JSON reader (io::parse_guarantees), each guarantee
//   is evaluated with its inputs and the results settled; every figure must match in order, name, unit, value
//   (numerically) and estimated flag, every money amount as text ("63.00"), and the settlement's four
//   amounts. Error cases: the first failing guarantee gives the expected code and field. Baseline cases: the
//   double OLS fit agrees with python's exact one within 1e-9 relative (1e-12 absolute near zero), months and
//   the ASHRAE verdict are equal, and the coefficients frozen at 4 decimals are equal as text.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "renofee/adapters/io/guarantee_json.hpp"
#include "renofee/adapters/io/json_reader.hpp"
#include "renofee/core/guarantee/baseline.hpp"
#include "renofee/core/guarantee/evaluate.hpp"
#include "renofee/core/guarantee/settlement.hpp"

namespace renofee::guarantee {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

const std::filesystem::path golden_dir =
    std::filesystem::path(RENOFEE_SOURCE_DIR) / "tests/golden/guarantees";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Decimal dec(const std::string& text) {
  Result<Decimal> value = Decimal::parse(text);
  if (!value) throw std::runtime_error("golden file holds a bad decimal: " + text);
  return *value;
}

std::string str(const Object::Ptr& o, const std::string& key) {
  return o->getValue<std::string>(key);
}

template <typename Unit>
std::optional<Measured<Unit>> measured(const Object::Ptr& o, const std::string& key) {
  if (!o->has(key)) return std::nullopt;
  const Object::Ptr m = o->getObject(key);
  return Measured<Unit>{Quantity<Unit>(dec(str(m, "value"))), m->getValue<bool>("estimated")};
}

YearInputs inputs_of(const Object::Ptr& o) {
  YearInputs in;
  in.year_index = o->getValue<int>("year_index");
  const Object::Ptr period = o->getObject("period");
  in.period = calendar::make_period(calendar::parse_date(str(period, "begin")).value(),
                                    calendar::parse_date(str(period, "end")).value())
                  .value();
  in.dwelling_type = tariffs::parse_dwelling_type(str(o, "dwelling_type")).value();
  in.floor_area_m2 = o->getValue<int>("floor_area_m2");
  in.electricity_import = measured<unit::Kwh>(o, "electricity_import");
  in.electricity_export = measured<unit::Kwh>(o, "electricity_export");
  in.gas = measured<unit::CubicMetres>(o, "gas");
  in.heat_pump = measured<unit::Kwh>(o, "heat_pump");
  in.pv_generation = measured<unit::Kwh>(o, "pv_generation");
  if (o->has("weighted_degree_days"))
    in.weighted_degree_days = DegreeDays(dec(str(o, "weighted_degree_days")));
  if (o->has("irradiance")) in.irradiance = Irradiance(dec(str(o, "irradiance")));
  if (o->has("cbs_average_price")) in.cbs_average_price = EurPerKwh(dec(str(o, "cbs_average_price")));
  return in;
}

void expect_result(const Object::Ptr& e, const GuaranteeResult& r, int& compared) {
  SCOPED_TRACE("guarantee " + std::to_string(r.index));
  EXPECT_EQ(e->getValue<int>("index"), r.index);
  EXPECT_EQ(str(e, "kind"), to_string(r.kind));
  EXPECT_EQ(e->getValue<bool>("netted"), r.netted);
  EXPECT_EQ(str(e, "status"), to_string(r.status));
  EXPECT_EQ(str(e, "unit"), r.unit);
  EXPECT_EQ(e->getValue<bool>("estimated"), r.estimated);
  if (r.status != Status::term_ended) {
    EXPECT_EQ(dec(str(e, "guaranteed")), r.guaranteed) << r.guaranteed;
    EXPECT_EQ(dec(str(e, "shortfall")), r.shortfall) << r.shortfall;
    EXPECT_EQ(dec(str(e, "price")), r.price) << r.price;
    compared += 3;
  }
  const std::pair<const char*, const Money*> money[] = {
      {"shortfall_value", &r.shortfall_value}, {"surplus_value", &r.surplus_value},
      {"after_deadband", &r.after_deadband},   {"payable", &r.payable},
      {"excess_share", &r.excess_share},
  };
  for (const auto& [key, amount] : money) {
    EXPECT_EQ(str(e, key), amount->to_string()) << key;
    ++compared;
  }
  const Array::Ptr figures = e->getArray("figures");
  ASSERT_EQ(figures->size(), r.figures.size()) << "figure count";
  for (unsigned i = 0; i < figures->size(); ++i) {
    const Object::Ptr f = figures->getObject(i);
    const Figure& actual = r.figures[i];
    SCOPED_TRACE("figure " + std::to_string(i) + " " + actual.name);
    EXPECT_EQ(str(f, "name"), actual.name);
    EXPECT_EQ(str(f, "unit"), actual.unit);
    EXPECT_EQ(dec(str(f, "value")), actual.value) << actual.value;
    EXPECT_EQ(f->getValue<bool>("estimated"), actual.estimated);
    ++compared;
  }
}

std::vector<std::string> case_names(const std::string& prefix, bool with_prefix) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(golden_dir)) {
    const std::string name = entry.path().stem().string();
    if ((name.rfind(prefix, 0) == 0) == with_prefix) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& param) {
  std::string name = param.param;
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

class GuaranteeGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(GuaranteeGolden, MatchesIndependentReference) {
  Poco::JSON::Parser parser;
  const Object::Ptr doc = parser.parse(read_file(golden_dir / (GetParam() + ".json"))).extract<Object::Ptr>();
  SCOPED_TRACE(str(doc, "proves"));
  const Result<std::vector<Guarantee>> guarantees =
      io::parse_guarantees(io::canonical_json(Poco::Dynamic::Var(doc->getArray("guarantees"))));
  ASSERT_TRUE(guarantees) << guarantees.error();
  const Array::Ptr inputs = doc->getArray("inputs");
  ASSERT_EQ(inputs->size(), guarantees->size());

  std::vector<GuaranteeResult> results;
  std::optional<Error> error;
  for (unsigned i = 0; i < inputs->size() && !error; ++i) {
    Result<GuaranteeResult> r =
        evaluate((*guarantees)[i], static_cast<int>(i), inputs_of(inputs->getObject(i)));
    if (r)
      results.push_back(*r);
    else
      error = r.error();
  }
  if (doc->has("expected_error")) {
    ASSERT_TRUE(error) << "expected an error";
    const Object::Ptr e = doc->getObject("expected_error");
    EXPECT_EQ(str(e, "code"), to_string(error->code));
    EXPECT_EQ(str(e, "field"), error->field);
    return;
  }
  ASSERT_FALSE(error) << *error;
  const Object::Ptr expected = doc->getObject("expected");
  const Array::Ptr expected_results = expected->getArray("results");
  ASSERT_EQ(expected_results->size(), results.size());
  int compared = 0;
  for (unsigned i = 0; i < results.size(); ++i)
    expect_result(expected_results->getObject(i), results[i], compared);

  const Settlement s = settle(results);
  const Object::Ptr es = expected->getObject("settlement");
  EXPECT_EQ(str(es, "gross_compensation"), s.gross_compensation.to_string());
  EXPECT_EQ(str(es, "netting_offset"), s.netting_offset.to_string());
  EXPECT_EQ(str(es, "compensation"), s.compensation.to_string());
  EXPECT_EQ(str(es, "excess_charge"), s.excess_charge.to_string());
  EXPECT_GE(compared, 10) << "golden case too thin";
}

INSTANTIATE_TEST_SUITE_P(Cases, GuaranteeGolden, ::testing::ValuesIn(case_names("baseline-", false)),
                         test_name);

// |actual - expected| <= 1e-9 × |expected| + 1e-12 (absolute near zero, e.g. an NMBE of 3e-4).
void expect_close(double actual, const std::string& expected_text, const char* what) {
  const double expected = std::stod(expected_text);
  EXPECT_LE(std::fabs(actual - expected), 1e-9 * std::fabs(expected) + 1e-12)
      << what << ": " << actual << " vs python " << expected_text;
}

class BaselineGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(BaselineGolden, MatchesExactFit) {
  Poco::JSON::Parser parser;
  const Object::Ptr doc = parser.parse(read_file(golden_dir / (GetParam() + ".json"))).extract<Object::Ptr>();
  SCOPED_TRACE(str(doc, "proves"));
  std::vector<BaselinePoint> points;
  const Array::Ptr array = doc->getArray("points");
  for (unsigned i = 0; i < array->size(); ++i) {
    const Object::Ptr p = array->getObject(i);
    points.push_back(
        {p->getValue<int>("days"), DegreeDays(dec(str(p, "weighted_degree_days"))), dec(str(p, "use"))});
  }
  const Result<BaselineFit> fit = fit_baseline(points);
  const Object::Ptr e = doc->getObject("expected_fit");
  if (e->has("error")) {
    ASSERT_FALSE(fit);
    EXPECT_EQ(str(e->getObject("error"), "code"), to_string(fit.error().code));
    EXPECT_EQ(str(e->getObject("error"), "field"), fit.error().field);
    return;
  }
  ASSERT_TRUE(fit) << fit.error();
  expect_close(fit->per_day, str(e, "per_day"), "per_day");
  expect_close(fit->per_wdd, str(e, "per_wdd"), "per_wdd");
  expect_close(fit->r_squared, str(e, "r_squared"), "r_squared");
  expect_close(fit->cv_rmse, str(e, "cv_rmse"), "cv_rmse");
  expect_close(fit->nmbe, str(e, "nmbe"), "nmbe");
  EXPECT_EQ(fit->months, e->getValue<int>("months"));
  EXPECT_EQ(fit->meets_ashrae14, e->getValue<bool>("meets_ashrae14"));
  const Baseline frozen = freeze(*fit);
  EXPECT_EQ(frozen.per_day.to_string(), str(e->getObject("frozen"), "per_day"));
  EXPECT_EQ(frozen.per_weighted_degree_day.to_string(),
            str(e->getObject("frozen"), "per_weighted_degree_day"));
}

INSTANTIATE_TEST_SUITE_P(Cases, BaselineGolden, ::testing::ValuesIn(case_names("baseline-", true)),
                         test_name);

// The generator must have produced the required cases (the worked examples of docs/guarantees.md); a missing
// file must not pass silently.
TEST(GuaranteeGoldenSet, HoldsTheRequiredCases) {
  for (const char* name :
       {"epv-passes", "epv-fails-by-600", "nom-passes-cold-winter", "nom-fails-on-building-use",
        "nom-household-above-bundle", "nom-without-submeter", "savings-threshold-inside",
        "savings-threshold-beyond", "savings-franchise-beyond", "savings-cap", "term-ended",
        "netting-building-generation", "savings-excess-share", "baseline-gas-24-months"}) {
    EXPECT_TRUE(std::filesystem::exists(golden_dir / (std::string(name) + ".json"))) << name;
  }
}

}  // namespace
}  // namespace renofee::guarantee
