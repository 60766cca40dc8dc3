// renofee/adapters/io/tariff_directory.hpp
//
// Purpose: `app::TariffSource` over a directory of tariff files (`<dir>/<id>.json`, `<dir>/epv.json`),
// loading each file once and keeping it (batch quoting asks for the same years thousands of times). Not
// thread-safe: one instance per thread or request.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "renofee/app/quoting.hpp"

namespace renofee::io {

class TariffDirectory final : public app::TariffSource {
 public:
  explicit TariffDirectory(std::filesystem::path directory);

  Result<tariffs::TariffYear> tariff_year(std::string_view id) override;
  Result<tariffs::TariffEpv> epv_table() override;

  [[nodiscard]] const std::filesystem::path& directory() const noexcept { return directory_; }

 private:
  std::filesystem::path directory_;
  std::map<std::string, Result<tariffs::TariffYear>, std::less<>> years_;
  std::optional<Result<tariffs::TariffEpv>> epv_;
};

// `app::TariffSource` over every tariff file of a directory, loaded once up front and never changed after:
// safe to share between threads (the HTTP server's handlers). A file that does not load stops `load`, naming
// it.
class TariffCatalog final : public app::TariffSource {
 public:
  static Result<std::shared_ptr<TariffCatalog>> load(const std::filesystem::path& directory);

  Result<tariffs::TariffYear> tariff_year(std::string_view id) override;
  Result<tariffs::TariffEpv> epv_table() override;

 private:
  TariffCatalog() = default;
  std::map<std::string, tariffs::TariffYear, std::less<>> years_;
  std::optional<tariffs::TariffEpv> epv_;
};

// The tariffs directory to use: `flag` when given, else $RENOFEE_TARIFFS, else ./tariffs when it exists, else
// the source tree's tariffs/ (so a built renofee works from any directory of a checkout).
std::filesystem::path default_tariff_directory(const std::string& flag);

}  // namespace renofee::io
