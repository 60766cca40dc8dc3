// Golden energy bills (docs/domain.md §5): every case of tests/golden/bills/expected.json, computed
// independently by scripts/gen_bill_reference.py (python fractions + decimal, reading tariffs/*.json itself),
// is recomputed here with renofee and compared line by line, then VAT base, VAT and total, to the cent.
//
// Cases: the five sample offers (yearly use before -> after renovation) x tariff years 2024-2027 x the
// tariff's own netting rule and the opposite one (80 bills), plus low/normal splits, half-year and leap-year
// quarter periods and the 10,000 / 10,001 kWh bracket boundary (8 bills).
//
// Hand check 1, nom-tussenwoning before, nl-2026 (netting; 3100 kWh, 0 export, 1450 m3):
//   supply electricity  3100 x 0.13500           =  418.50
//   supply gas          1450 x 0.63000           =  913.50
//   fixed electricity   12 x 6.60                =   79.20
//   fixed gas           12 x 6.26                =   75.12
//   network electricity                              375.00
//   network gas                                      225.00
//   energy tax el. 1    3100 x 0.09160           =  283.96
//   energy tax gas 1    1450 x 0.60066 = 870.957 ->  870.96
//   tax reduction                                 - 519.80
//   subtotal (all taxable)                          2721.44
//   VAT 21 %            2721.44 x 0.21 = 571.5024 -> 571.50
//   total                                           3292.94
// Hand check 2, nom-tussenwoning after, nl-2027 (no netting; 4300 kWh import, 3900 export, no gas
// connection):
//   supply electricity  4300 x 0.13500           =  580.50
//   fixed electricity   12 x 6.60                =   79.20
//   network electricity                              385.00
//   energy tax el. 1    4300 x 0.09160           =  393.88
//   tax reduction                                 - 519.80
//   feed-in compensation 3900 x 0.06750 (no VAT) = -263.25
//   feed-in cost        3900 x 0.02000           =   78.00
//   VAT base            580.50 + 79.20 + 385.00 + 393.88 - 519.80 + 78.00 = 996.78
//   VAT 21 %            996.78 x 0.21 = 209.3238  -> 209.32
//   total               996.78 - 263.25 + 209.32 =  942.85
// The same home in 2026 with netting: billed 4300 - 3900 = 400 kWh: 54.00 + 79.20 + 375.00 + 36.64 - 519.80
// = 25.04, VAT 5.26, total 30.30; so the end of netting costs this home 942.85 - 30.30 = 912.55 a year at
// these sample prices.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "renofee/adapters/io/tariff_file.hpp"
#include "renofee/core/tariffs/energy_bill.hpp"

namespace renofee::tariffs {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

Decimal dec(const std::string& text) {
  return Decimal::parse(text).value();
}

Object::Ptr load_expected() {
  std::ifstream in(fs::path(RENOFEE_SOURCE_DIR) / "tests/golden/bills/expected.json");
  std::ostringstream text;
  text << in.rdbuf();
  Poco::JSON::Parser parser;
  return parser.parse(text.str()).extract<Object::Ptr>();
}

TEST(GoldenBills, EveryCaseMatchesTheIndependentReference) {
  const Object::Ptr root = load_expected();
  const Array::Ptr cases = root->getArray("cases");
  ASSERT_EQ(cases->size(), 88u);
  std::map<std::string, TariffYear> tariffs;
  int compared_lines = 0;
  for (unsigned i = 0; i < cases->size(); ++i) {
    const Object::Ptr c = cases->getObject(i);
    const std::string tariff_id = c->getValue<std::string>("tariff");
    const bool netting = c->getValue<bool>("netting");
    SCOPED_TRACE("case " + std::to_string(i) + ": " + c->getValue<std::string>("profile") + " " +
                 c->getValue<std::string>("state") + " " + tariff_id +
                 (netting ? " netting" : " no netting"));
    if (!tariffs.contains(tariff_id))
      tariffs.emplace(tariff_id,
                      io::load_tariff(fs::path(RENOFEE_SOURCE_DIR) / "tariffs", tariff_id).value());

    const Object::Ptr u = c->getObject("use");
    EnergyUse use{Kwh(dec(u->getValue<std::string>("electricity_import_kwh"))),
                  Kwh(dec(u->getValue<std::string>("electricity_export_kwh"))),
                  CubicMetres(dec(u->getValue<std::string>("gas_m3"))), std::nullopt,
                  GasConnection::when_used};
    if (u->has("low_normal")) {
      const Object::Ptr s = u->getObject("low_normal");
      use.low_normal = LowNormalUse{Kwh(dec(s->getValue<std::string>("import_low_kwh"))),
                                    Kwh(dec(s->getValue<std::string>("import_normal_kwh"))),
                                    Kwh(dec(s->getValue<std::string>("export_low_kwh"))),
                                    Kwh(dec(s->getValue<std::string>("export_normal_kwh")))};
    }
    BillOptions options{netting ? NettingChoice::netting : NettingChoice::no_netting, std::nullopt};
    if (c->has("period")) {
      const Array::Ptr p = c->getArray("period");
      options.period = calendar::Period{calendar::parse_date(p->getElement<std::string>(0)).value(),
                                        calendar::parse_date(p->getElement<std::string>(1)).value()};
    }

    const Result<Bill> bill = compute_energy_bill(use, tariffs.at(tariff_id), options);
    ASSERT_TRUE(bill.ok()) << bill.error();
    const Array::Ptr lines = c->getArray("lines");
    ASSERT_EQ(bill->lines.size(), lines->size());
    for (unsigned k = 0; k < lines->size(); ++k) {
      const Object::Ptr expected = lines->getObject(k);
      EXPECT_EQ(bill->lines[k].code, expected->getValue<std::string>("code"));
      EXPECT_EQ(bill->lines[k].amount.to_string(), expected->getValue<std::string>("amount"))
          << bill->lines[k].code;
      ++compared_lines;
    }
    EXPECT_EQ(bill->vat_base.to_string(), c->getValue<std::string>("vat_base"));
    EXPECT_EQ(bill->vat.to_string(), c->getValue<std::string>("vat"));
    EXPECT_EQ(bill->total.to_string(), c->getValue<std::string>("total"));
  }
  EXPECT_GT(compared_lines, 600);
}

}  // namespace
}  // namespace renofee::tariffs
