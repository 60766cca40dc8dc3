#include "renofee/app/quoting.hpp"

#include <optional>
#include <string>
#include <vector>

namespace renofee::app {
namespace {

Result<std::optional<tariffs::TariffEpv>> epv_if_rented(const quote::Offer& offer, TariffSource& source) {
  if (offer.dwelling.tenure != quote::Tenure::rented) return std::optional<tariffs::TariffEpv>{};
  Result<tariffs::TariffEpv> table = source.epv_table();
  if (!table) return table.error();
  return std::optional<tariffs::TariffEpv>(std::move(table).value());
}

}  // namespace

Result<quote::Quote> quote_offer(const quote::Offer& offer, TariffSource& source) {
  std::vector<tariffs::TariffYear> years;
  for (std::size_t i = 0; i < offer.tariffs.size(); ++i) {
    Result<tariffs::TariffYear> year = source.tariff_year(offer.tariffs[i]);
    if (!year) {
      Error error = year.error();
      if (error.code == ErrorCode::not_found) error.code = ErrorCode::failed_precondition;
      error.field = "/tariffs/" + std::to_string(i);
      return error;
    }
    years.push_back(std::move(year).value());
  }
  RENOFEE_TRY(const std::optional<tariffs::TariffEpv> epv, epv_if_rented(offer, source));
  return quote::compute_quote(offer, years, epv);
}

Result<finance::Schedule> schedule_offer(const quote::Offer& offer, TariffSource& source) {
  RENOFEE_TRY(const std::optional<tariffs::TariffEpv> epv, epv_if_rented(offer, source));
  std::vector<quote::EpvCap> caps;
  if (epv) {
    RENOFEE_TRY(caps, quote::epv_caps(offer, *epv));
  }
  RENOFEE_TRY(const finance::ScheduleInput input, quote::schedule_input(offer, caps));
  return finance::build_schedule(input);
}

}  // namespace renofee::app
