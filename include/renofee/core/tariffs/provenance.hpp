// renofee/core/tariffs/provenance.hpp
//
// Purpose: where every figure of a tariff year comes from and when it is valid (rules issue, item 1). A
// resident decides on a 30-year commitment from these figures, so each carries its source (a law article, a
// decision, a network operator's or supplier's tariff sheet, with its date) and its validity, and a figure
// nobody has published yet is marked projected with the method that made it.
//
// A source entry names the figures it covers by JSON pointer into the tariff file format
// (adapters/io/tariff_file.hpp): "/electricity/energy_tax" covers every bracket below it, "/vat_rate" the one
// figure. Validity is a closed date range [valid_from, valid_until] and must cover the tariff's whole calendar
// year (a tariff year holds one figure per field; a figure that changes mid-year needs two tariff files).
// Bases:
//   published  the figure as the source prints it (excl. VAT, or converted with the arithmetic in `method`)
//   derived    computed from published figures; `method` gives the arithmetic
//   projected  not published yet (a future year); `method` states the rule; quotes and pages say so
//   sample     no source gives it: a realistic value for examples; `method` says why it is a sample
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::tariffs {

struct TariffYear;

enum class FigureBasis { published, derived, projected, sample };
std::string_view to_string(FigureBasis basis) noexcept;  // "published", "derived", "projected", "sample"
Result<FigureBasis> parse_figure_basis(std::string_view text);

struct FigureSource {
  std::vector<std::string> figures;  // JSON pointers; each covers itself and every figure below it
  FigureBasis basis = FigureBasis::published;
  std::string source;  // who publishes it, and the document's date; may be empty only for `sample`
  std::string method;  // required for derived, projected and sample
  calendar::Date valid_from{};
  calendar::Date valid_until{};  // inclusive
  friend bool operator==(const FigureSource&, const FigureSource&) = default;
};

// The JSON pointers of every figure `tariff` holds, in file order ("/vat_rate", "/netting",
// "/electricity/supply_price_per_kwh", ..., "/electricity/energy_tax/0/up_to_kwh", ...).
std::vector<std::string> figure_pointers(const TariffYear& tariff);

// Every figure is covered by exactly one source whose validity covers the tariff's calendar year; derived,
// projected and sample entries state their method; every pointer of an entry names a figure or a group of
// figures of this tariff. Errors are invalid_argument with the field "/sources" plus the figure's pointer
// (e.g. "/sources/electricity/network_charge_per_year") or "/sources/<entry index>".
Result<void> check_sources(const TariffYear& tariff);

// The entries of projected figures, in file order; empty for a year with every figure published.
std::vector<const FigureSource*> projected_sources(const TariffYear& tariff);

// The source entry of the figure at `pointer` (the entry naming it or a group above it), or nullptr.
const FigureSource* source_of(const TariffYear& tariff, std::string_view pointer);

}  // namespace renofee::tariffs
