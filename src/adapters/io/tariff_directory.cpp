#include "renofee/adapters/io/tariff_directory.hpp"

#include <cstdlib>
#include <utility>

#include "renofee/adapters/io/tariff_file.hpp"

namespace renofee::io {

TariffDirectory::TariffDirectory(std::filesystem::path directory) : directory_(std::move(directory)) {}

Result<tariffs::TariffYear> TariffDirectory::tariff_year(std::string_view id) {
  if (const auto found = years_.find(id); found != years_.end()) return found->second;
  Result<tariffs::TariffYear> loaded = load_tariff(directory_, id);
  years_.emplace(std::string(id), loaded);
  return loaded;
}

Result<tariffs::TariffEpv> TariffDirectory::epv_table() {
  if (!epv_) epv_ = load_epv_file(directory_ / "epv.json");
  return *epv_;
}

Result<std::shared_ptr<TariffCatalog>> TariffCatalog::load(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::directory_iterator entries(directory, error);
  if (error)
    return not_found("cannot read the tariffs directory " + directory.string() + ": " + error.message());
  std::shared_ptr<TariffCatalog> catalog(new TariffCatalog());
  for (const std::filesystem::directory_entry& entry : entries) {
    const std::filesystem::path& path = entry.path();
    if (path.extension() != ".json") continue;
    if (path.filename() == "epv.json") {
      RENOFEE_TRY(catalog->epv_, load_epv_file(path));
      continue;
    }
    RENOFEE_TRY(tariffs::TariffYear year, load_tariff_file(path));
    catalog->years_.emplace(year.id, std::move(year));
  }
  return catalog;
}

Result<tariffs::TariffYear> TariffCatalog::tariff_year(std::string_view id) {
  const auto found = years_.find(id);
  if (found == years_.end()) return not_found("no tariff year \"" + std::string(id.substr(0, 100)) + "\"");
  return found->second;
}

Result<tariffs::TariffEpv> TariffCatalog::epv_table() {
  if (!epv_) return not_found("no EPV table (epv.json) in the tariffs directory");
  return *epv_;
}

std::filesystem::path default_tariff_directory(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("RENOFEE_TARIFFS"); env != nullptr && *env != '\0') return env;
  if (std::filesystem::is_directory("tariffs")) return "tariffs";
  return std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs";
}

}  // namespace renofee::io
