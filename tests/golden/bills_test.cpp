// Golden energy bills (docs/domain.md §5): every case of tests/golden/bills/expected.json, computed
// independently by scripts/gen_bill_reference.py (python fractions + decimal, reading tariffs/*.json itself),
// is recomputed here with renofee and compared line by line, then VAT base, VAT and total, to the cent.
//
// Cases: the five sample offers (yearly use before -> after renovation) x tariff years 2024-2027 x the
// tariff's own netting rule and the opposite one (80 bills), plus low/normal splits, half-year and leap-year
// quarter periods, the 10,000 / 10,001 kWh bracket boundary and the tiered feed-in cost model of
// tests/data/tariffs/tiered-2026.json with netting, at the ACM floor, above it and over a half year (12 bills).
//
// Hand check 1, nom-tussenwoning before, nl-2026 (netting; 3100 kWh, 0 export, 1450 m3):
//   supply electricity  3100 x 0.13500           =  418.50
//   supply gas          1450 x 0.63000           =  913.50
//   fixed electricity   12 x 8.75                =  105.00
//   fixed gas           12 x 8.75                =  105.00
//   network electricity                              382.67
//   network gas                                      242.19
//   energy tax el. 1    3100 x 0.09161 = 283.991 ->  283.99
//   energy tax gas 1    1450 x 0.60066 = 870.957 ->  870.96
//   tax reduction                                 - 519.80
//   subtotal (all taxable)                          2802.01
//   VAT 21 %            2802.01 x 0.21 = 588.4221 -> 588.42
//   total                                           3390.43
// Hand check 2, nom-tussenwoning after, nl-2027 (no netting; 4300 kWh import, 3900 export, no gas
// connection):
//   supply electricity  4300 x 0.13500           =  580.50
//   fixed electricity   12 x 8.75                =  105.00
//   network electricity                              401.80
//   energy tax el. 1    4300 x 0.09161 = 393.923 ->  393.92
//   tax reduction                                 - 519.80
//   feed-in compensation 3900 x 0.06750 (no VAT) = -263.25
//   feed-in cost        3900 x 0.10826 = 422.214 ->  422.21
//   ACM floor           263.25 - 422.21          = -158.96 (the net feed-in amount is never negative)
//   VAT base            580.50 + 105.00 + 401.80 + 393.92 - 519.80 + 422.21 - 158.96 = 1224.67
//   VAT 21 %            1224.67 x 0.21 = 257.1807 -> 257.18
//   total               1224.67 - 263.25 + 257.18 = 1218.60
// The same home in 2026 with netting: billed 4300 - 3900 = 400 kWh, nothing credited, but the feed-in cost
// falls on all 3,900 kWh fed in: 54.00 + 105.00 + 382.67 + 36.64 - 519.80 + 422.21 = 480.72, VAT 100.95,
// total 581.67 (the feed-in cost alone is 422.21 x 1.21 / 12 = 42.57 EUR a month incl. VAT).
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
  ASSERT_EQ(cases->size(), 92u);
  std::map<std::string, TariffYear> tariffs;
  int compared_lines = 0;
  for (unsigned i = 0; i < cases->size(); ++i) {
    const Object::Ptr c = cases->getObject(i);
    const std::string tariff_id = c->getValue<std::string>("tariff");
    const bool netting = c->getValue<bool>("netting");
    SCOPED_TRACE("case " + std::to_string(i) + ": " + c->getValue<std::string>("profile") + " " +
                 c->getValue<std::string>("state") + " " + tariff_id +
                 (netting ? " netting" : " no netting"));
    const std::string directory = c->has("tariff_dir") ? c->getValue<std::string>("tariff_dir") : "tariffs";
    if (!tariffs.contains(tariff_id))
      tariffs.emplace(tariff_id,
                      io::load_tariff(fs::path(RENOFEE_SOURCE_DIR) / directory, tariff_id).value());

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
