// renofee/core/tariffs/tariff.hpp
//
// Purpose: one Dutch household tariff year (docs/domain.md §5) and the EPV cap table (docs/domain.md §4) as
// plain typed values. Parsing lives in the io adapter (adapters/io/tariff_file.hpp); the bill is in
// energy_bill.hpp.
//
// TariffYear: one calendar year and one supplier offer. Every amount is EUR excluding VAT:
//   supply prices          EUR/kWh import (optional low/normal pair, DSMR T1 = low, T2 = normal), EUR/m3 gas
//   fixed supply charges   EUR/month per carrier (vastrecht)
//   network charges        EUR/year per carrier (netbeheerkosten: transport, connection, meter rent)
//   energy tax (EB)        progressive brackets over the annual volume per carrier: bracket i covers
//                          (up_to[i-1], up_to[i]] with up_to[-1] = 0; the last bracket may be open (no
//                          bound). Figures: the rate table of the Wet belastingen op milieugrondslag as the
//                          Belastingdienst prints it (docs/domain.md §5.2 [76]-[81]); e.g. 2026 electricity
//                          0.09161 EUR/kWh for 0-10,000 kWh.
//   tax reduction          EUR/year per electricity connection (belastingvermindering), 2026: 519.80
//   VAT rate               a fraction (0.21 = 21 %)
//   netting                salderingsregeling: true through 2026, false from 1 Jan 2027 (Wet 36611, [84])
//   feed-in price          EUR/kWh paid for credited export (the surplus under netting, all export without);
//                          from 2027 at least 50 % of the bare supply price through 2029 (Grinwis amendment, [86])
//   feed-in costs          the supplier's terugleverkosten on EVERY kWh fed in, netted or not ([87][88];
//                          e.g. Greenchoice 2026 0.10826 EUR/kWh excl. VAT), in one of two supplier models or
//                          both: a rate per kWh fed in, and/or a monthly amount by tier of the year's fed-in
//                          volume (tiers like the brackets: tier i covers (up_to[i-1], up_to[i]] kWh a year).
//                          Without netting the net feed-in amount (compensation − costs) is never negative
//                          (ACM, [87]): costs above the compensation are waived (energy_bill.hpp).
//   CBS average price      EUR/kWh, the CBS average end-user electricity price used for EPV shortfall
//                          compensation (docs/domain.md §8, [13])
// Ranges: prices and rates per kWh or m3 in [0, 1000] EUR, charges and the tax reduction in [0, 1,000,000]
// EUR, VAT rate in [0, 1), each with at most 10 decimals (files use up to 5); bracket bounds in (0, 10^12]
// with at most 6 decimals. With these the bill (energy_bill.hpp) cannot leave Decimal's range.
//
// TariffEpv: the maximum EPV in EUR per m2 usable floor area per month, by date. EPV 2.0 (Stb. 2023, 287,
// from 1 Oct 2023; RVO table [16]): Hoogwaardig 1.65 single-family / 1.40 multi-family, 1.15 / 0.90 when built
// in or after 2019, Basis 1.25 (not for new build); the 2016 regime as indexed from 1 Jul 2023 ([8]): 1.71 /
// 1.44 / 1.22 for a heat demand <= 30 / <= 40 / <= 50 kWh/m2/yr, any dwelling type, and from 1 Jul 2025
// 1.83 / 1.54 / 1.31 (a secondary source; tariffs/README.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/tariffs/provenance.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::tariffs {

// One energy-tax bracket: `rate` applies to the annual volume above the previous bracket's bound up to
// `up_to` (inclusive); no `up_to` means open-ended (only the last bracket may be open).
template <typename Volume, typename Rate>
struct TaxBracket {
  std::optional<Volume> up_to;
  Rate rate;
  friend bool operator==(const TaxBracket&, const TaxBracket&) = default;
};
using ElectricityTaxBracket = TaxBracket<Kwh, EurPerKwh>;
using GasTaxBracket = TaxBracket<CubicMetres, EurPerCubicMetre>;

// Optional dual-rate supply prices (DSMR T1 low / T2 normal).
struct LowNormalPrices {
  EurPerKwh low;
  EurPerKwh normal;
  friend bool operator==(const LowNormalPrices&, const LowNormalPrices&) = default;
};

// One tier of a tiered feed-in cost: `per_month` applies when the year's fed-in volume is above the previous
// tier's bound up to `up_to` (inclusive); no `up_to` = open-ended (only the last tier).
struct FeedInCostTier {
  std::optional<Kwh> up_to;
  Money per_month;
  friend bool operator==(const FeedInCostTier&, const FeedInCostTier&) = default;
};

struct ElectricityTariff {
  EurPerKwh supply_price;                          // single-rate import price
  std::optional<LowNormalPrices> low_normal;       // used when the use is split into low/normal too
  Money fixed_charge_per_month;                    // vastrecht
  Money network_charge_per_year;                   // netbeheerkosten
  std::vector<ElectricityTaxBracket> energy_tax;   // ascending bounds
  EurPerKwh feed_in_price;                         // paid per credited kWh of export
  EurPerKwh feed_in_cost;                          // charged per kWh fed in, all of it (terugleverkosten)
  std::vector<FeedInCostTier> feed_in_cost_tiers;  // or/and a monthly amount by the year's fed-in volume
  EurPerKwh cbs_average_price;                     // CBS eindverbruikersprijs, for EPV compensation
  friend bool operator==(const ElectricityTariff&, const ElectricityTariff&) = default;
};

struct GasTariff {
  EurPerCubicMetre supply_price;
  Money fixed_charge_per_month;
  Money network_charge_per_year;
  std::vector<GasTaxBracket> energy_tax;  // ascending bounds
  friend bool operator==(const GasTariff&, const GasTariff&) = default;
};

// Network charges of one network operator's region (netbeheerkosten differ by operator: Liander, Stedin,
// Enexis, ... [82]); a tariff year holds its default operator's charges in `electricity`/`gas` and the other
// regions here.
struct NetworkRegion {
  std::string network_operator;  // "stedin", lower case
  Money electricity_per_year;
  Money gas_per_year;
  friend bool operator==(const NetworkRegion&, const NetworkRegion&) = default;
};

struct TariffYear {
  std::string id;  // "nl-2026"
  int year = 0;    // the calendar year the tariff covers
  std::string description;
  Decimal vat_rate;  // 0.21
  bool netting = true;
  ElectricityTariff electricity;
  GasTariff gas;
  Money tax_reduction_per_year;  // per electricity connection; enters the bill as a negative line
  std::string network_operator;  // whose network charges electricity/gas hold ("liander"); may be empty
  std::vector<NetworkRegion> network_regions;  // the other operators' charges
  std::vector<FigureSource> sources;  // where each figure comes from (provenance.hpp); files must have them
  friend bool operator==(const TariffYear&, const TariffYear&) = default;
};

// The tariff year with the network charges of `network_operator` (the default operator, or one of the
// regions); not_found naming the operators the year has otherwise. The id stays: the bill names the operator
// in its network lines.
Result<TariffYear> for_network_operator(const TariffYear& tariff, std::string_view network_operator);

// Checks the invariants the bill relies on; the error's field is a JSON pointer into the tariff file format:
// year in 1900..2200; every price, charge, rate and reduction within the ranges above; VAT in [0, 1);
// brackets non-empty, bounds strictly ascending and positive, only the last open (feed-in cost tiers alike);
// for 2027-2029 without netting the feed-in price is at least 50 % of the single-rate supply price ([86]).
// Sources are checked separately (check_sources in provenance.hpp), when a file is read.
Result<void> validate(const TariffYear& tariff);

// A tariff year that passed validate(): computing several bills on it checks it once (a quote makes four
// bills per tariff year). Refers to the TariffYear, which must outlive it.
class CheckedTariff {
 public:
  static Result<CheckedTariff> check(const TariffYear& tariff);
  [[nodiscard]] const TariffYear& get() const noexcept { return *tariff_; }

 private:
  explicit CheckedTariff(const TariffYear& tariff) : tariff_(&tariff) {}
  const TariffYear* tariff_;
};

// --- EPV cap table -----------------------------------------------------------------------------------------
enum class DwellingType { single_family, multi_family };
std::string_view to_string(DwellingType type) noexcept;
Result<DwellingType> parse_dwelling_type(std::string_view text);  // "single_family" | "multi_family"

// One row: applies to `regime` + `epv_class`, to `dwelling` (any when empty), to build years in
// [built_from, built_before) (unbounded on an empty side) and to months due in [valid_from, valid_until]
// (inclusive; no valid_until = open-ended, so a row a later row replaces must carry its valid_until: rows of one
// key valid on the same date are an ambiguous table, refused by epv_rate). The caps are adjusted to
// inflation on 1 July (RVO: the 2016-regime table "per 1 juli 2023 aangepast aan de inflatie" [8]), so each
// adjustment is a row of its own and every month is capped by the row valid on its due date.
struct EpvRate {
  std::string regime;     // "epv2" (Stb. 2023, 287) or "2016" (Besluit EPV huur, indexed each 1 July)
  std::string epv_class;  // "hoogwaardig", "basis", "heat_demand_le_30", ...
  std::optional<DwellingType> dwelling;
  std::optional<int> built_from;
  std::optional<int> built_before;
  calendar::Date valid_from{};
  std::optional<calendar::Date> valid_until;
  EurPerSquareMetre rate_per_m2_month;
  std::string source;  // the regulation or table, with its date
  friend bool operator==(const EpvRate&, const EpvRate&) = default;
};

struct TariffEpv {
  std::vector<EpvRate> rates;
};

// The cap rate for a dwelling on `day`: the one row matching regime, class, type, build year and date. No
// row is not_found naming the inputs (e.g. EPV 2.0 Basis for a dwelling built in 2021, or a date before the
// table's first row); more than one is failed_precondition (an ambiguous table).
Result<EurPerSquareMetre> epv_rate(const TariffEpv& table, std::string_view regime,
                                   std::string_view epv_class, DwellingType dwelling, int build_year,
                                   calendar::Date day);

// The rates in force from `from` on: the first is the one valid on `from`, each later one starts on its
// valid_from (ascending). The last row's rate stays in force when no later row exists: a cap is never
// projected (the quote says from when the table has no later figure). Errors as epv_rate on `from`; a gap
// between rows (a month no row covers) is failed_precondition.
struct EpvRateStep {
  calendar::Date from;
  EurPerSquareMetre rate_per_m2_month;
  std::string source;
};
Result<std::vector<EpvRateStep>> epv_rate_steps(const TariffEpv& table, std::string_view regime,
                                                std::string_view epv_class, DwellingType dwelling,
                                                int build_year, calendar::Date from);

}  // namespace renofee::tariffs
