// renofee/adapters/http/campaign_routes.hpp
//
// Purpose: an energy desk's campaigns over HTTP (app/campaigns.hpp, docs/campaigns.md "Campaigns in the
// service"):
//   POST /v1/campaigns                      {"id", "name", "start_date"}: 201 with the campaign (energy_desk)
//   GET  /v1/campaigns                      the campaigns the caller may see (energy_desk: its own; auditor)
//   GET  /v1/campaigns/{id}                 the campaign and its homes: number, address, house type, template,
//                                           where the use came from; never a home's figures or income band
//   POST /v1/campaigns/{id}/homes           a homes CSV (text/csv, streamed): every home derived, quoted and
//                                           stored, all or nothing; 201 with each home's share link, shown once
//                                           (energy_desk, its own campaign)
//   GET  /v1/campaigns/{id}/summary         the summary per house type and in total (io/campaign_files.hpp)
//   POST /v1/campaigns/{id}/homes/{number}/share-link
//                                           a new share link for a home (a lost letter), shown once; the
//                                           home's previous links stop working (energy_desk, its own campaign)
//   GET  /campaigns/{id}/meeting            the page for the neighbourhood meeting: aggregates only, no group
//                                           under 5 homes, Dutch by default (`?lang=en`), printable
//   GET  /v1/campaigns/{id}/homes/{number}/offer?share=TOKEN
//                                           that home's offer document (JSON), by its share link: what the
//                                           resident hands a financier for POST /v1/contracts
//   GET  /campaigns/{id}/homes/{number}?share=TOKEN
//                                           the resident's offer page of one home, opened by its share link
//                                           only (no key); a wrong or missing token is the one 404
// A campaign the caller may not see is the same 404 as one that does not exist.
#pragma once

#include <functional>
#include <memory>

#include "renofee/adapters/http/router.hpp"
#include "renofee/app/campaigns.hpp"

namespace renofee::http {

// The ports of one request over one database connection.
class CampaignSession {
 public:
  virtual ~CampaignSession() = default;
  virtual app::CampaignStore& campaigns() = 0;
  virtual app::KeyCrypto& crypto() = 0;
};

struct CampaignRoutes {
  std::function<Result<std::unique_ptr<CampaignSession>>()> open_session;
  std::shared_ptr<app::HomeOffers> offers;     // the templates, shared read-only by the handler threads
  std::shared_ptr<app::TariffSource> tariffs;  // shared read-only
  std::function<calendar::Instant()> clock;    // UTC now
};

Result<void> add_campaign_routes(Router& router, CampaignRoutes routes);

}  // namespace renofee::http
