// renofee/app/quoting.hpp
//
// Purpose: the quoting use case and its port. Quotes need tariff years and the EPV table; where they come
// from (the tariffs/ directory, later the database) is an adapter's business behind `TariffSource`.
#pragma once

#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/quote/offer.hpp"
#include "renofee/core/quote/quote.hpp"
#include "renofee/core/tariffs/tariff.hpp"

namespace renofee::app {

class TariffSource {
 public:
  virtual ~TariffSource() = default;
  // The tariff year `id` ("nl-2026"); not_found when there is none.
  virtual Result<tariffs::TariffYear> tariff_year(std::string_view id) = 0;
  // The EPV cap table (tariffs/epv.json).
  virtual Result<tariffs::TariffEpv> epv_table() = 0;
};

// The quote of a valid offer: loads the tariff years it names (a missing one is failed_precondition at
// /tariffs/N) and the EPV table for rented dwellings, then computes it (quote.hpp).
Result<quote::Quote> quote_offer(const quote::Offer& offer, TariffSource& tariffs);

// The fee schedule alone (with the EPV cap for rented dwellings).
Result<finance::Schedule> schedule_offer(const quote::Offer& offer, TariffSource& tariffs);

}  // namespace renofee::app
