// renofee/adapters/io/tariff_file.hpp
//
// Purpose: read tariff-year files (`tariffs/nl-2026.json`, schema "renofee.tariff/1") and the EPV table
// (`tariffs/epv.json`, schema "renofee.epv/1") into the core's plain values (core/tariffs/tariff.hpp). The
// format is documented field by field in docs/offers.md, "Tariffs and the energy bill", and each figure's
// source is in tariffs/README.md.
//
// Strictness (docs/domain.md §2): every decimal field must be a JSON string; a JSON number there is rejected
// because Poco reads numbers as binary floating point. Integer counts (`year`, `built_from`) are JSON
// integers. Missing, unknown or wrongly typed fields are invalid_argument with `field` set to the JSON
// pointer ("/electricity/energy_tax/1/rate_per_kwh"); the parsed tariff is also checked with
// tariffs::validate() and tariffs::check_sources(): a file in which any figure lacks a source entry with its
// validity ("sources": [{"figures": [pointers], "basis", "source", "method"?, "valid_from", "valid_until"}],
// core/tariffs/provenance.hpp) is refused naming that figure. Optional "electricity/feed_in_cost_tiers":
// [{"up_to_kwh": "..." | null, "per_month": "..."}], the last open.
// Loaders prefix every message with the file path, so a problem always names its file.
// Bounds: a file of at most 1 MiB, at most 20 energy-tax brackets per carrier and 200 EPV rates; beyond them
// out_of_range (docs/reliability.md "Limits").
#pragma once

#include <filesystem>
#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/tariffs/tariff.hpp"

namespace renofee::io {

// Parses the text of a tariff-year file.
Result<tariffs::TariffYear> parse_tariff_json(std::string_view text);
// Reads and parses one file; messages start with the path.
Result<tariffs::TariffYear> load_tariff_file(const std::filesystem::path& file);
// Finds `<directory>/<id>.json` for an id such as "nl-2026" (lower-case letters, digits, '-', '_' only, so an
// id cannot escape the directory) and checks that the file's own "id" matches. A missing file is not_found.
Result<tariffs::TariffYear> load_tariff(const std::filesystem::path& directory, std::string_view id);

// The EPV cap table.
Result<tariffs::TariffEpv> parse_epv_json(std::string_view text);
Result<tariffs::TariffEpv> load_epv_file(const std::filesystem::path& file);

}  // namespace renofee::io
