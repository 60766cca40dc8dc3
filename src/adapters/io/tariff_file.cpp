#include "renofee/adapters/io/tariff_file.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "renofee/adapters/io/json_reader.hpp"

namespace renofee::io {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// Bounds (docs/reliability.md "Limits"); real files are about 1.5 KiB with 4 brackets per carrier and 8 EPV
// rows.
constexpr std::size_t max_file_bytes = 1 << 20;
constexpr std::size_t max_brackets = 20;
constexpr std::size_t max_epv_rates = 200;

// Reads the fields of one JSON object, remembering which were read so that `finish` can refuse the others.
class Fields {
 public:
  Fields(Object::Ptr object, std::string pointer)
      : object_(std::move(object)), pointer_(std::move(pointer)) {}

  [[nodiscard]] std::string at(std::string_view key) const { return pointer_ + "/" + std::string(key); }

  // The value of a required field (null counts as present).
  Result<Var> required(std::string_view key) {
    read_.insert(std::string(key));
    if (!object_->has(std::string(key)))
      return invalid_argument("missing field \"" + std::string(key) + "\"", at(key));
    return object_->get(std::string(key));
  }
  [[nodiscard]] bool has(std::string_view key) const { return object_->has(std::string(key)); }
  // The member names, in key order.
  [[nodiscard]] std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& [name, value] : *object_)
      out.push_back(name);
    return out;
  }

  Result<std::string> string(std::string_view key) {
    RENOFEE_TRY(Var value, required(key));
    if (!value.isString()) return invalid_argument("expected a JSON string", at(key));
    return value.extract<std::string>();
  }

  // A decimal quantity: a JSON string holding a plain decimal (Decimal::parse_plain, docs/domain.md §2); a
  // JSON number is refused.
  Result<Decimal> decimal(std::string_view key) {
    RENOFEE_TRY(Var value, required(key));
    return to_decimal(value, at(key));
  }
  template <typename Q>
  Result<Q> quantity(std::string_view key) {
    RENOFEE_TRY(Decimal parsed, decimal(key));
    return Q(std::move(parsed));
  }
  // True when the field is present and null.
  [[nodiscard]] bool is_null(std::string_view key) const {
    return has(key) && object_->isNull(std::string(key));
  }

  Result<bool> boolean(std::string_view key) {
    RENOFEE_TRY(Var value, required(key));
    if (!value.isBoolean()) return invalid_argument("expected true or false", at(key));
    return value.extract<bool>();
  }

  Result<int> integer(std::string_view key) {
    RENOFEE_TRY(Var value, required(key));
    if (!value.isInteger())
      return invalid_argument("expected a JSON integer, got " + describe_var(value), at(key));
    // Poco holds large values as UInt64; converting one beyond Int64 throws, so range-check on both paths.
    Poco::Int64 number = 0;
    try {
      number = value.convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
      return out_of_range("integer out of range: " + value.convert<std::string>(), at(key));
    }
    if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max())
      return out_of_range("integer out of range: " + std::to_string(number), at(key));
    return static_cast<int>(number);
  }

  Result<Fields> object(std::string_view key) {
    RENOFEE_TRY(Var value, required(key));
    if (value.type() != typeid(Object::Ptr)) return invalid_argument("expected a JSON object", at(key));
    return Fields(value.extract<Object::Ptr>(), at(key));
  }

  Result<Array::Ptr> array(std::string_view key) {
    RENOFEE_TRY(Var value, required(key));
    if (value.type() != typeid(Array::Ptr)) return invalid_argument("expected a JSON array", at(key));
    return value.extract<Array::Ptr>();
  }

  // Every field not read is unknown: an error naming it (typos must not pass silently).
  Result<void> finish() const {
    for (const auto& [name, value] : *object_)
      if (!read_.contains(name)) return invalid_argument("unknown field \"" + name + "\"", at(name));
    return success();
  }

  static std::string describe_var(const Var& value) {
    if (value.isEmpty()) return "null";
    if (value.isString()) return "a string";
    if (value.isBoolean()) return "a boolean";
    if (value.isNumeric()) return "the number " + value.convert<std::string>();
    return "another JSON type";
  }

 private:
  static Result<Decimal> to_decimal(const Var& value, const std::string& field) {
    if (value.isNumeric() && !value.isBoolean())
      return invalid_argument("decimal must be a JSON string, not the number " +
                                  value.convert<std::string>() +
                                  " (JSON numbers are read as binary floating point)",
                              field);
    if (!value.isString())
      return invalid_argument("expected a decimal as a JSON string, got " + describe_var(value), field);
    Result<Decimal> parsed = Decimal::parse_plain(value.extract<std::string>());
    if (!parsed) return parsed.error().at(field);
    return parsed;
  }

  Object::Ptr object_;
  std::string pointer_;
  std::set<std::string> read_;
};

// Reads the fields of element `i` of an array as an object.
Result<Fields> element(const Array::Ptr& array, std::size_t i, const std::string& pointer) {
  const Var value = array->get(static_cast<unsigned>(i));
  if (value.type() != typeid(Object::Ptr))
    return invalid_argument("expected a JSON object", pointer + "/" + std::to_string(i));
  return Fields(value.extract<Object::Ptr>(), pointer + "/" + std::to_string(i));
}

Result<Fields> parse_root(std::string_view text, std::string_view schema) {
  if (text.size() > max_file_bytes) {
    return out_of_range("file of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                        std::to_string(max_file_bytes) + " bytes");
  }
  // The strict reader of every JSON input: a member given twice is refused at its pointer.
  RENOFEE_TRY(const Var root, parse_json_value(text, max_file_bytes));
  if (root.type() != typeid(Object::Ptr)) return invalid_argument("the document must be a JSON object", "");
  Fields fields(root.extract<Object::Ptr>(), "");
  RENOFEE_TRY(std::string found, fields.string("schema"));
  if (found != schema)
    return invalid_argument("unsupported schema \"" + found + "\" (expected \"" + std::string(schema) + "\")",
                            "/schema");
  return fields;
}

// A list of bracket-like rows (energy-tax brackets, feed-in cost tiers) in the array `list_key`.
template <typename Volume, typename Rate>
Result<std::vector<tariffs::TaxBracket<Volume, Rate>>> brackets(Fields& parent, std::string_view list_key,
                                                                std::string_view bound_key,
                                                                std::string_view rate_key) {
  RENOFEE_TRY(Array::Ptr list, parent.array(list_key));
  if (list->size() > max_brackets) {
    return out_of_range(
        std::to_string(list->size()) + " entries (at most " + std::to_string(max_brackets) + ")",
        parent.at(list_key));
  }
  std::vector<tariffs::TaxBracket<Volume, Rate>> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    RENOFEE_TRY(Fields bracket, element(list, i, parent.at(list_key)));
    // "up_to": null marks the open-ended last bracket; the field itself is required.
    std::optional<Volume> up_to;
    if (bracket.is_null(bound_key)) {
      RENOFEE_CHECK(bracket.required(bound_key));
    } else {
      RENOFEE_TRY(up_to, bracket.template quantity<Volume>(bound_key));
    }
    RENOFEE_TRY(Decimal rate, bracket.decimal(rate_key));
    RENOFEE_CHECK(bracket.finish());
    out.push_back(tariffs::TaxBracket<Volume, Rate>{std::move(up_to), Rate(std::move(rate))});
  }
  return out;
}

Result<tariffs::ElectricityTariff> electricity(Fields& root) {
  RENOFEE_TRY(Fields fields, root.object("electricity"));
  tariffs::ElectricityTariff tariff;
  RENOFEE_TRY(tariff.supply_price, fields.quantity<EurPerKwh>("supply_price_per_kwh"));
  // The low/normal pair is optional, but one without the other is an error naming the missing one.
  if (fields.has("supply_price_low_per_kwh") || fields.has("supply_price_normal_per_kwh")) {
    RENOFEE_TRY(EurPerKwh low, fields.quantity<EurPerKwh>("supply_price_low_per_kwh"));
    RENOFEE_TRY(EurPerKwh normal, fields.quantity<EurPerKwh>("supply_price_normal_per_kwh"));
    tariff.low_normal = tariffs::LowNormalPrices{low, normal};
  }
  RENOFEE_TRY(tariff.fixed_charge_per_month, fields.quantity<Money>("fixed_charge_per_month"));
  RENOFEE_TRY(tariff.network_charge_per_year, fields.quantity<Money>("network_charge_per_year"));
  RENOFEE_TRY(tariff.energy_tax,
              (brackets<Kwh, EurPerKwh>(fields, "energy_tax", "up_to_kwh", "rate_per_kwh")));
  RENOFEE_TRY(tariff.feed_in_price, fields.quantity<EurPerKwh>("feed_in_price_per_kwh"));
  RENOFEE_TRY(tariff.feed_in_cost, fields.quantity<EurPerKwh>("feed_in_cost_per_kwh"));
  if (fields.has("feed_in_cost_tiers")) {
    RENOFEE_TRY(const auto tiers,
                (brackets<Kwh, Money>(fields, "feed_in_cost_tiers", "up_to_kwh", "per_month")));
    for (const auto& tier : tiers)
      tariff.feed_in_cost_tiers.push_back({tier.up_to, tier.rate});
  }
  RENOFEE_TRY(tariff.cbs_average_price, fields.quantity<EurPerKwh>("cbs_average_price_per_kwh"));
  RENOFEE_CHECK(fields.finish());
  return tariff;
}

Result<tariffs::GasTariff> gas(Fields& root) {
  RENOFEE_TRY(Fields fields, root.object("gas"));
  tariffs::GasTariff tariff;
  RENOFEE_TRY(tariff.supply_price, fields.quantity<EurPerCubicMetre>("supply_price_per_m3"));
  RENOFEE_TRY(tariff.fixed_charge_per_month, fields.quantity<Money>("fixed_charge_per_month"));
  RENOFEE_TRY(tariff.network_charge_per_year, fields.quantity<Money>("network_charge_per_year"));
  RENOFEE_TRY(tariff.energy_tax,
              (brackets<CubicMetres, EurPerCubicMetre>(fields, "energy_tax", "up_to_m3", "rate_per_m3")));
  RENOFEE_CHECK(fields.finish());
  return tariff;
}

// "network_operator" and "network_regions": {"<operator>": {"electricity_per_year", "gas_per_year"}, ...}.
// Operator names are lower-case letters, digits and '-' (they appear in JSON pointers and offers).
Result<void> network_regions(Fields& root, tariffs::TariffYear& tariff) {
  const auto valid = [](const std::string& name) {
    if (name.empty() || name.size() > 40) return false;
    for (char c : name)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
  };
  if (root.has("network_operator")) {
    RENOFEE_TRY(tariff.network_operator, root.string("network_operator"));
    if (!valid(tariff.network_operator))
      return invalid_argument("network operator names are lower-case letters, digits and '-'",
                              "/network_operator");
  }
  if (!root.has("network_regions")) return success();
  RENOFEE_TRY(Fields regions, root.object("network_regions"));
  for (const std::string& name : regions.keys()) {
    if (!valid(name) || name == tariff.network_operator)
      return invalid_argument(
          "a region must be another operator, named in lower-case letters, digits and '-'", regions.at(name));
    RENOFEE_TRY(Fields region, regions.object(name));
    tariffs::NetworkRegion out{name, {}, {}};
    RENOFEE_TRY(out.electricity_per_year, region.quantity<Money>("electricity_per_year"));
    RENOFEE_TRY(out.gas_per_year, region.quantity<Money>("gas_per_year"));
    RENOFEE_CHECK(region.finish());
    tariff.network_regions.push_back(std::move(out));
  }
  return regions.finish();
}

// A date field "YYYY-MM-DD".
Result<calendar::Date> date_field(Fields& fields, std::string_view key) {
  RENOFEE_TRY(std::string text, fields.string(key));
  Result<calendar::Date> day = calendar::parse_date(text);
  if (!day) return day.error().at(fields.at(key));
  return day;
}

// "sources": where each figure comes from and when it is valid (core/tariffs/provenance.hpp).
Result<std::vector<tariffs::FigureSource>> sources(Fields& root) {
  RENOFEE_TRY(Array::Ptr list, root.array("sources"));
  if (list->size() > 200)
    return out_of_range(std::to_string(list->size()) + " sources (at most 200)", "/sources");
  std::vector<tariffs::FigureSource> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    RENOFEE_TRY(Fields fields, element(list, i, "/sources"));
    tariffs::FigureSource entry;
    RENOFEE_TRY(Array::Ptr figures, fields.array("figures"));
    for (std::size_t f = 0; f < figures->size() && f < 100; ++f) {
      const Var figure = figures->get(static_cast<unsigned>(f));
      if (!figure.isString())
        return invalid_argument("expected a JSON pointer string",
                                fields.at("figures") + "/" + std::to_string(f));
      entry.figures.push_back(figure.extract<std::string>());
    }
    RENOFEE_TRY(std::string basis, fields.string("basis"));
    Result<tariffs::FigureBasis> parsed = tariffs::parse_figure_basis(basis);
    if (!parsed) return parsed.error().at(fields.at("basis"));
    entry.basis = *parsed;
    RENOFEE_TRY(entry.source, fields.string("source"));
    if (fields.has("method")) {
      RENOFEE_TRY(entry.method, fields.string("method"));
    }
    RENOFEE_TRY(entry.valid_from, date_field(fields, "valid_from"));
    RENOFEE_TRY(entry.valid_until, date_field(fields, "valid_until"));
    RENOFEE_CHECK(fields.finish());
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return not_found(file.string() + ": cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return unavailable(file.string() + ": read error");
  return text.str();
}

template <typename T>
Result<T> with_file(const std::filesystem::path& file, Result<T> result) {
  if (result) return result;
  Error error = result.error();
  error.message = file.string() + ": " + error.message;
  return error;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace

namespace {

// Safety net: Poco's Var conversions throw on surprises the checks above did not foresee; bad input must give
// an error, never an exception out of the adapter.
template <typename F>
auto guarded(F&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const Poco::Exception& e) {
    return invalid_argument("could not read the document: " + e.displayText());
  } catch (const std::exception& e) {
    return invalid_argument(std::string("could not read the document: ") + e.what());
  }
}

Result<tariffs::TariffYear> parse_tariff(std::string_view text) {
  RENOFEE_TRY(Fields root, parse_root(text, "renofee.tariff/1"));
  tariffs::TariffYear tariff;
  RENOFEE_TRY(tariff.id, root.string("id"));
  RENOFEE_TRY(tariff.year, root.integer("year"));
  if (root.has("description")) {
    RENOFEE_TRY(tariff.description, root.string("description"));
  }
  RENOFEE_TRY(tariff.vat_rate, root.decimal("vat_rate"));
  RENOFEE_TRY(tariff.netting, root.boolean("netting"));
  RENOFEE_TRY(tariff.electricity, electricity(root));
  RENOFEE_TRY(tariff.gas, gas(root));
  RENOFEE_TRY(tariff.tax_reduction_per_year, root.quantity<Money>("tax_reduction_per_year"));
  RENOFEE_CHECK(network_regions(root, tariff));
  RENOFEE_TRY(tariff.sources, sources(root));
  RENOFEE_CHECK(root.finish());
  RENOFEE_CHECK(tariffs::validate(tariff));
  RENOFEE_CHECK(tariffs::check_sources(tariff));
  return tariff;
}

}  // namespace

Result<tariffs::TariffYear> parse_tariff_json(std::string_view text) {
  return guarded([&] { return parse_tariff(text); });
}

Result<tariffs::TariffYear> load_tariff_file(const std::filesystem::path& file) {
  RENOFEE_TRY(std::string text, read_file(file));
  return with_file(file, parse_tariff_json(text));
}

Result<tariffs::TariffYear> load_tariff(const std::filesystem::path& directory, std::string_view id) {
  if (!valid_id(id))
    return invalid_argument("invalid tariff id \"" + std::string(id) +
                            "\" (lower-case letters, digits, '-' and '_' only)");
  const std::filesystem::path file = directory / (std::string(id) + ".json");
  if (!std::filesystem::is_regular_file(file))
    return not_found("no tariff \"" + std::string(id) + "\": " + file.string() + " does not exist");
  RENOFEE_TRY(tariffs::TariffYear tariff, load_tariff_file(file));
  if (tariff.id != id)
    return invalid_argument(file.string() + ": the file's id \"" + tariff.id + "\" differs from its name \"" +
                                std::string(id) + "\"",
                            "/id");
  return tariff;
}

namespace {

Result<tariffs::TariffEpv> parse_epv(std::string_view text) {
  RENOFEE_TRY(Fields root, parse_root(text, "renofee.epv/1"));
  if (root.has("description")) {
    RENOFEE_CHECK(root.string("description"));
  }
  RENOFEE_TRY(Array::Ptr rates, root.array("rates"));
  if (rates->size() > max_epv_rates) {
    return out_of_range(
        std::to_string(rates->size()) + " EPV rates (at most " + std::to_string(max_epv_rates) + ")",
        "/rates");
  }
  tariffs::TariffEpv table;
  for (std::size_t i = 0; i < rates->size(); ++i) {
    RENOFEE_TRY(Fields fields, element(rates, i, "/rates"));
    tariffs::EpvRate row;
    RENOFEE_TRY(row.regime, fields.string("regime"));
    RENOFEE_TRY(row.epv_class, fields.string("class"));
    if (fields.has("dwelling")) {
      RENOFEE_TRY(std::string type, fields.string("dwelling"));
      Result<tariffs::DwellingType> parsed = tariffs::parse_dwelling_type(type);
      if (!parsed) return parsed.error().at(fields.at("dwelling"));
      row.dwelling = *parsed;
    }
    if (fields.has("built_from")) {
      RENOFEE_TRY(row.built_from, fields.integer("built_from"));
    }
    if (fields.has("built_before")) {
      RENOFEE_TRY(row.built_before, fields.integer("built_before"));
    }
    RENOFEE_TRY(row.valid_from, date_field(fields, "valid_from"));
    if (fields.has("valid_until")) {
      RENOFEE_TRY(row.valid_until, date_field(fields, "valid_until"));
      if (*row.valid_until < row.valid_from)
        return invalid_argument("valid_until is before valid_from", fields.at("valid_until"));
    }
    RENOFEE_TRY(row.source, fields.string("source"));
    RENOFEE_TRY(row.rate_per_m2_month, fields.quantity<EurPerSquareMetre>("rate_per_m2_month"));
    if (row.rate_per_m2_month.is_negative())
      return invalid_argument("EPV rate must not be negative: " + row.rate_per_m2_month.to_string(),
                              fields.at("rate_per_m2_month"));
    RENOFEE_CHECK(fields.finish());
    table.rates.push_back(std::move(row));
  }
  RENOFEE_CHECK(root.finish());
  return table;
}

}  // namespace

Result<tariffs::TariffEpv> parse_epv_json(std::string_view text) {
  return guarded([&] { return parse_epv(text); });
}

Result<tariffs::TariffEpv> load_epv_file(const std::filesystem::path& file) {
  RENOFEE_TRY(std::string text, read_file(file));
  return with_file(file, parse_epv_json(text));
}

}  // namespace renofee::io
