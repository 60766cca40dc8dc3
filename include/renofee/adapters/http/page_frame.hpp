// renofee/adapters/http/page_frame.hpp
//
// Purpose: what every HTML page (docs/pages.md) shares: the frame (doctype, head with the one stylesheet,
// header, footer; tables wrapped to scroll on their own), the page headers (no caching, no referrer, a
// Content-Security-Policy without scripts), the Dutch/English choice and its translations, errors as HTML for
// browsers, the strict query check, money in <data> elements, the language link, and opening a contract for
// a contract page after the access check. The pages themselves are offer_page.hpp, statement_page.hpp and
// auditor_page.hpp; the routes and the share-link authorizer are page_routes.hpp.
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "renofee/adapters/http/html.hpp"
#include "renofee/adapters/http/message.hpp"
#include "renofee/adapters/http/page_routes.hpp"
#include "renofee/adapters/http/problem.hpp"
#include "renofee/app/contracts.hpp"

namespace renofee::http::pages {

// The text in the page's language: `nl` (the default) or `en`.
std::string in_language(Language language, const char* nl, const char* en);

// `?lang=en` -> English, anything else Dutch (check_query has refused other values before).
Language request_language(const Request& request);

// A whole page: `title` (escaped here, followed by " | renofee"), the header with `nav`, `main` (HTML; every
// table in it wrapped in its own scrolling box) and the footer.
std::string page(Language language, const std::string& title, const std::string& nav,
                 const std::string& main);

// 200 text/html with the page headers: Cache-Control no-store, Referrer-Policy no-referrer, nosniff and the
// Content-Security-Policy (no scripts, inline styles only).
Response html_response(std::string body);

// A problem+json response as an HTML page for browsers (Accept: text/html; same status and headers); others
// get it unchanged, and so does anything below 400.
Response for_browser(const Request& request, Response problem);

// The problem response of `error` (problem.hpp mapping), for browsers as HTML.
Response problem_response(const Request& request, const Error& error);

// The query parameters when they pass http::query_parameters (each name in `allowed`, given once, at most 256
// bytes) and `lang` is nl or en; else the 422 naming the parameter, as HTML for browsers.
std::optional<Response> check_query(const Request& request, std::initializer_list<std::string_view> allowed);

// An amount as the page writes it (html.hpp notation, escaped).
std::string money(const Money& m, Language language);
// An amount with its exact value for machines: <data id="..." value="153.77">€ 153,77</data>.
std::string money_data(const std::string& id, const Money& m, Language language);

// The link to the same page in the other language, keeping a share token.
std::string nav_links(const Request& request, Language language);

// A contract page's stores and the contract version in effect today.
struct OpenedContract {
  std::unique_ptr<PageStores> stores;
  app::ContractVersion version;
};

// The stores and the contract version in effect on `today` (the first version before the start), after the
// tenancy check (http::contract_access, app/tenancy.hpp); else the response that refuses (400 for a malformed
// id, the one 404 for a missing contract or one the caller may not see).
std::variant<OpenedContract, Response> open_contract(const PageRoutes& routes, const Request& request,
                                                     const std::string& id, calendar::Date today);

}  // namespace renofee::http::pages
