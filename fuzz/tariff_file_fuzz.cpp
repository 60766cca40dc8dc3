// Fuzz target `tariff_file`: tariff-year files and the EPV table (adapters/io/tariff_file.hpp). The same
// input is read both ways.
//
// Properties:
//   - refusals are well formed (a message; the field, when set, is a JSON pointer) and never come from the
//     readers' catch-all for unforeseen exceptions;
//   - an accepted tariff passes tariffs::validate, and the energy bill over it never throws: for uses from
//     zero to the offer bound (1,000,000 kWh and m3, docs/offers.md), with and without netting, for the year
//     and a pro-rated month, the bill either is computed with lines that add up (subtotal = sum of lines,
//     VAT base = sum of taxable lines, total = subtotal + VAT, every amount in whole cents) or is refused
//     with a well-formed error;
//   - an accepted EPV table has no negative rate, and looking a rate up never throws.
#include <array>
#include <string>

#include "fuzz_check.hpp"
#include "renofee/adapters/io/tariff_file.hpp"
#include "renofee/core/tariffs/energy_bill.hpp"

namespace renofee::fuzz {
namespace {

void check_refusal(const Error& e) {
  FUZZ_CHECK(well_formed(e), describe(e));
  // The readers' catch-all for exceptions nobody foresaw (tariff_file.cpp: guarded) must stay unused.
  FUZZ_CHECK(e.message.rfind("could not read the document", 0) != 0, describe(e));
  FUZZ_CHECK(e.field.empty() || e.field.front() == '/', "field is not a JSON pointer: " + describe(e));
}

bool whole_cents(const Money& amount) {
  return amount.value().round_checked(2, Rounding::down).ok() &&
         amount.value() == amount.value().round(2, Rounding::down);
}

void check_bill(const tariffs::EnergyUse& use, const tariffs::TariffYear& tariff,
                const tariffs::BillOptions& options) {
  Result<tariffs::Bill> bill = failed_precondition("not computed");
  try {
    bill = tariffs::compute_energy_bill(use, tariff, options);
  } catch (const std::exception& e) {
    FUZZ_CHECK(false, std::string("compute_energy_bill threw: ") + e.what());
  }
  if (!bill) {
    FUZZ_CHECK(well_formed(bill.error()), describe(bill.error()));
    return;
  }
  Decimal subtotal, vat_base;
  for (const tariffs::BillLine& line : bill->lines) {
    FUZZ_CHECK(whole_cents(line.amount), line.code + " " + line.amount.to_string());
    subtotal += line.amount.value();
    if (line.taxable) vat_base += line.amount.value();
  }
  FUZZ_CHECK(subtotal == bill->subtotal.value(), "subtotal " + bill->subtotal.to_string());
  FUZZ_CHECK(vat_base == bill->vat_base.value(), "VAT base " + bill->vat_base.to_string());
  FUZZ_CHECK(whole_cents(bill->vat), "VAT " + bill->vat.to_string());
  FUZZ_CHECK(bill->total.value() == bill->subtotal.value() + bill->vat.value(),
             "total " + bill->total.to_string());
}

void check_tariff(const tariffs::TariffYear& tariff) {
  FUZZ_CHECK(tariffs::validate(tariff).ok(), "accepted tariff fails validate()");
  const std::array<std::array<const char*, 3>, 4> uses = {{
      {"0", "0", "0"},
      {"2500.5", "3100.125", "1200.001"},
      {"1000000", "0", "1000000"},
      {"0", "1000000", "0"},
  }};
  for (const auto& [import, exported, gas] : uses) {
    tariffs::EnergyUse use;
    use.electricity_import = Kwh(Decimal::parse(import).value());
    use.electricity_export = Kwh(Decimal::parse(exported).value());
    use.gas = CubicMetres(Decimal::parse(gas).value());
    for (tariffs::NettingChoice netting :
         {tariffs::NettingChoice::netting, tariffs::NettingChoice::no_netting}) {
      tariffs::BillOptions options;
      options.netting = netting;
      check_bill(use, tariff, options);
      const calendar::Date march{date::year{tariff.year}, date::month{3}, date::day{1}};
      options.period = calendar::Period{march, calendar::add_months_keep_day(march, 1)};
      check_bill(use, tariff, options);
    }
  }
}

}  // namespace
}  // namespace renofee::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renofee;
  using namespace renofee::fuzz;
  const std::string_view text = as_text(data, size);
  const Result<tariffs::TariffYear> tariff = io::parse_tariff_json(text);
  if (tariff)
    check_tariff(*tariff);
  else
    check_refusal(tariff.error());

  const Result<tariffs::TariffEpv> epv = io::parse_epv_json(text);
  if (!epv) {
    check_refusal(epv.error());
    return 0;
  }
  for (const tariffs::EpvRate& row : epv->rates) {
    FUZZ_CHECK(!row.rate_per_m2_month.is_negative(), row.rate_per_m2_month.to_string());
    for (tariffs::DwellingType type :
         {tariffs::DwellingType::single_family, tariffs::DwellingType::multi_family}) {
      for (int year : {1900, 2019, 2100}) {
        const Result<EurPerSquareMetre> rate =
            tariffs::epv_rate(*epv, row.regime, row.epv_class, type, year, row.valid_from);
        if (!rate) FUZZ_CHECK(well_formed(rate.error()), describe(rate.error()));
      }
    }
  }
  return 0;
}
