// renofee/adapters/http/page_routes.hpp
//
// Purpose: the server-rendered HTML pages of `renofee serve` (docs/pages.md): plain HTML and an
// inline SVG chart, no JavaScript, Dutch by default (`?lang=en` for English), printable on A4.
//   GET /offer/{id}                 the resident's offer: monthly fee and its parts, indexation, energy bills
//                                   before and after per tariff year (with and without netting), net monthly
//                                   effect, affordability checks, guarantees in plain language, loan facts,
//                                   cumulative cost chart with a table of the same figures.
//                                   Roles financier (own contracts), resident (own contract), auditor; or a
//                                   signed share link `?share=` (share_link.hpp) without a key.
//   GET /statement/{id}/{year}      the yearly statement: fees, reconciliation outcome, compensation,
//                                   balances (app::yearly_statement). Roles financier, resident, auditor.
//   GET /auditor/contracts          every contract with the status of each past year's reconciliation
//                                   (done, corrected, shortfall, due) and links to the CSV reports.
//                                   Roles auditor, operator.
// Every figure comes from the app layer (app::quote_offer over the contract version in effect today,
// app::cumulative_costs, app::yearly_statement, the stored reports); the pages only format them. Key figures
// carry their exact value in `<data value="...">` elements with stable ids, the same decimal strings as the
// JSON API, so tests and scripts can read them.
//
// Layout: this file holds the routes, the share-link authorizer and the stores a page works with; the shared
// frame and translations are page_frame.hpp, the pages offer_page.hpp, statement_page.hpp and auditor_page.hpp.
//
// Errors: the same statuses as the API (a contract the caller may not see is a 404 like one that does not
// exist). A client that accepts text/html (a browser) gets them as a short HTML page; others get the
// problem+json of the API.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "renofee/adapters/http/router.hpp"
#include "renofee/adapters/http/share_link.hpp"
#include "renofee/app/quoting.hpp"
#include "renofee/app/reconcile.hpp"
#include "renofee/app/reconciliation_overview.hpp"

namespace renofee::http {

// The stores one page request works with (one database connection behind them).
class PageStores {
 public:
  virtual ~PageStores() = default;
  virtual app::ReconcileDeps& deps() = 0;
  // The auditor view's list (app/reconciliation_overview.hpp), over the same connection.
  virtual app::OverviewStore& overview() = 0;
};

struct PageRoutes {
  std::function<Result<std::unique_ptr<PageStores>>()> open_stores;
  std::shared_ptr<app::TariffSource> tariffs;  // shared read-only by the handler threads
  std::function<calendar::Instant()> clock;    // UTC now
};

Result<void> add_page_routes(Router& router, PageRoutes routes);

// Wraps the API-key authorizer for the pages: a request to the offer page with a `share` query parameter is
// admitted by its signature instead of a key (as a resident of that one contract, key id "share"); a
// malformed, forged or expired link is a 403, and so is any link while no secret is configured. Refusals
// on page routes become HTML pages for browsers. Everything else goes to `keys` unchanged.
Authorizer page_authorizer(Authorizer keys, std::optional<ShareSecret> secret,
                           std::function<calendar::Instant()> clock);

// The names of the page routes ("offer_page", ...).
bool is_page_route(const Route& route) noexcept;

}  // namespace renofee::http
