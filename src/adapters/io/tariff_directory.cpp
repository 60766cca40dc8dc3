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

std::filesystem::path default_tariff_directory(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("RENOFEE_TARIFFS"); env != nullptr && *env != '\0') return env;
  if (std::filesystem::is_directory("tariffs")) return "tariffs";
  return std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs";
}

}  // namespace renofee::io
