// `renofee serve`: the HTTP API (docs/domain.md §9). Settings from flags, environment and a config file
// (server_config.hpp); opens the database (--db, migrations applied first) with one pooled connection per
// worker thread; prints "renofee serving on http://ADDR:PORT/" once listening; SIGTERM or SIGINT stops it
// gracefully (in-flight requests finish within --shutdown-timeout) and it exits 0.
// `renofee serve --list-routes` prints "METHOD TEMPLATE NAME ACCESS" per route without opening the database
// (checked against api/openapi.yaml: paths and x-roles).
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <ostream>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/database_pool.hpp"
#include "renofee/adapters/db/event_log.hpp"
#include "renofee/adapters/db/migrations.hpp"
#include "renofee/adapters/db/sql_campaign_store.hpp"
#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/adapters/db/sql_key_store.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/adapters/http/auth.hpp"
#include "renofee/adapters/http/campaign_routes.hpp"
#include "renofee/adapters/http/contract_routes.hpp"
#include "renofee/adapters/http/data_routes.hpp"
#include "renofee/adapters/http/page_routes.hpp"
#include "renofee/adapters/http/quote_routes.hpp"
#include "renofee/adapters/http/server.hpp"
#include "renofee/adapters/http/service_routes.hpp"
#include "renofee/adapters/io/campaign_files.hpp"
#include "renofee/adapters/io/crypto.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"

namespace renofee::cli {
namespace {

// The stores of one request over one pooled connection.
class PooledStores final : public http::DataStores {
 public:
  explicit PooledStores(db::Lease lease)
      : lease_(std::move(lease)),
        readings_(*lease_),
        weather_(*lease_),
        idempotency_(*lease_),
        contracts_(*lease_, io::sha256_port()) {}
  app::ReadingStore& readings() override { return readings_; }
  app::WeatherStore& weather() override { return weather_; }
  app::IdempotencyStore& idempotency() override { return idempotency_; }
  app::ContractStore& contracts() override { return contracts_; }
  app::ReportStore& reports() override { return contracts_; }

 private:
  db::Lease lease_;
  db::SqlReadingStore readings_;
  db::SqlWeatherStore weather_;
  db::SqlIdempotencyStore idempotency_;
  db::SqlContractBook contracts_;
};

// The use cases' ports of one contract API or page request (contracts, reports, ledger, readings, weather)
// over one pooled connection.
class PooledSession final : public http::PageStores {
 public:
  PooledSession(db::Lease lease, app::TariffSource& tariffs)
      : lease_(std::move(lease)),
        book_(*lease_, io::sha256_port()),
        readings_(*lease_),
        weather_(*lease_),
        events_(*lease_),
        deps_{.contracts = book_,
              .reports = book_,
              .ledger = book_,
              .readings = readings_,
              .weather = weather_,
              .tariffs = tariffs,
              .sha256 = io::sha256_port()} {}
  app::ReconcileDeps& deps() override { return deps_; }
  app::OverviewStore& overview() override { return book_; }
  app::EventLog& events() override { return events_; }
  app::OccupantStore* occupants() override { return &book_; }
  app::KeyCrypto* key_crypto() override { return &crypto_; }

 private:
  db::Lease lease_;
  io::SystemKeyCrypto crypto_;
  db::SqlContractBook book_;
  db::SqlReadingStore readings_;
  db::SqlWeatherStore weather_;
  db::SqlEventLog events_;
  app::ReconcileDeps deps_;
};

// The campaign routes' ports over one pooled connection.
class PooledCampaigns final : public http::CampaignSession {
 public:
  explicit PooledCampaigns(db::Lease lease) : lease_(std::move(lease)), store_(*lease_) {}
  app::CampaignStore& campaigns() override { return store_; }
  app::KeyCrypto& crypto() override { return crypto_; }

 private:
  db::Lease lease_;
  db::SqlCampaignStore store_;
  io::SystemKeyCrypto crypto_;
};

// The routes of this build and the API-key authorizer; `pool` is null for --list-routes (no handler runs).
Result<std::shared_ptr<http::Router>> build_router(const http::ServerConfig& config,
                                                   std::shared_ptr<http::Metrics> metrics,
                                                   std::shared_ptr<db::DatabasePool> pool) {
  auto router = std::make_shared<http::Router>();
  RENOFEE_TRY(std::string openapi, http::read_text_file(config.openapi_file));
  std::vector<http::NamedHealthCheck> checks;
  checks.push_back(http::NamedHealthCheck{.name = "database", .check = [pool]() -> Result<void> {
                                            RENOFEE_TRY(db::Lease lease, pool->acquire());
                                            Result<void> alive = lease->execute("SELECT 1");
                                            if (!alive) lease.discard();
                                            return alive;
                                          }});
  RENOFEE_CHECK(http::add_service_routes(
      *router,
      http::ServiceRoutes{
          .metrics = metrics, .health_checks = std::move(checks), .openapi_document = std::move(openapi)}));
  // Quotes: the tariff files are loaded once and shared read-only by the handler threads.
  RENOFEE_TRY(std::shared_ptr<io::TariffCatalog> tariffs,
              io::TariffCatalog::load(io::default_tariff_directory(std::string())));
  RENOFEE_CHECK(http::add_quote_routes(*router, tariffs));
  // The resident, statement and auditor pages (docs/pages.md); share links need RENOFEE_SHARE_SECRET.
  RENOFEE_TRY(std::optional<http::ShareSecret> share_secret, http::share_secret_from_env(http::process_env));
  RENOFEE_CHECK(http::add_contract_routes(
      *router, http::ContractRoutes{
                   .open_session = [pool, tariffs]() -> Result<std::unique_ptr<http::ContractSession>> {
                     RENOFEE_TRY(db::Lease lease, pool->acquire());
                     return std::unique_ptr<http::ContractSession>(
                         new PooledSession(std::move(lease), *tariffs));
                   },
                   .clock = now_utc,
                   .metrics = metrics}));
  RENOFEE_CHECK(http::add_page_routes(
      *router, http::PageRoutes{
                   .open_stores = [pool, tariffs]() -> Result<std::unique_ptr<http::PageStores>> {
                     RENOFEE_TRY(db::Lease lease, pool->acquire());
                     return std::unique_ptr<http::PageStores>(new PooledSession(std::move(lease), *tariffs));
                   },
                   .tariffs = tariffs,
                   .clock = now_utc}));
  // Campaigns (docs/campaigns.md): the house-type templates are read once, from RENOFEE_TEMPLATES or
  // contracts/templates.
  RENOFEE_TRY(std::shared_ptr<io::TemplateCatalog> templates,
              io::TemplateCatalog::load(io::default_template_directory(std::string())));
  RENOFEE_CHECK(http::add_campaign_routes(
      *router, http::CampaignRoutes{
                   .open_session = [pool]() -> Result<std::unique_ptr<http::CampaignSession>> {
                     RENOFEE_TRY(db::Lease lease, pool->acquire());
                     return std::unique_ptr<http::CampaignSession>(new PooledCampaigns(std::move(lease)));
                   },
                   .offers = templates,
                   .tariffs = tariffs,
                   .clock = now_utc}));
  RENOFEE_CHECK(http::add_data_routes(
      *router, http::DataRoutes{.open_stores = [pool]() -> Result<std::unique_ptr<http::DataStores>> {
                                  RENOFEE_TRY(db::Lease lease, pool->acquire());
                                  return std::unique_ptr<http::DataStores>(
                                      new PooledStores(std::move(lease)));
                                },
                                .clock = now_utc,
                                .metrics = metrics}));
  // Every key is looked up per request (no cache): a revoked key is refused on its next request.
  router->set_authorizer(http::page_authorizer(
      http::key_authorizer(
          [pool](std::string_view key_text) -> Result<app::Authentication> {
            RENOFEE_TRY(db::Lease lease, pool->acquire());
            db::SqlKeyStore keys(*lease);
            io::SystemKeyCrypto crypto;
            Result<app::Authentication> verified = app::authenticate(keys, crypto, key_text);
            if (!verified) lease.discard();
            return verified;
          },
          metrics),
      std::move(share_secret), now_utc));
  return router;
}

// The pool behind the handlers: one connection per worker thread, migrated before serving.
Result<std::shared_ptr<db::DatabasePool>> open_pool(const http::ServerConfig& config) {
  RENOFEE_TRY(std::unique_ptr<db::DatabasePool> pool,
              db::DatabasePool::open(config.db, static_cast<std::size_t>(config.threads)));
  {
    RENOFEE_TRY(db::Lease lease, pool->acquire());
    RENOFEE_CHECK(db::migrate(*lease, now_utc()));
  }
  return std::shared_ptr<db::DatabasePool>(std::move(pool));
}

Result<void> write_port_file(const std::string& path, std::uint16_t port) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << '\n';
    if (!out) return unavailable("cannot write \"" + temporary + "\"", "--port-file");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return unavailable("cannot rename to \"" + path + "\"", "--port-file");
  }
  return success();
}

int serve(const std::vector<std::string>& all_args, Streams& io) {
  if (has_flag(all_args, "--help")) {
    io.out << "usage: renofee serve [options]   (flag > environment > config file > default)\n"
           << http::server_config_help() << "  --list-routes              print the routes and exit\n";
    return 0;
  }
  const bool list_routes = has_flag(all_args, "--list-routes");
  std::vector<std::string> args;
  std::copy_if(all_args.begin(), all_args.end(), std::back_inserter(args),
               [](const std::string& arg) { return arg != "--list-routes"; });

  Result<http::ServerConfig> config = http::load_server_config(args, http::process_env, http::read_text_file);
  if (!config) {
    io.err << "renofee serve: " << config.error() << '\n';
    return 2;
  }
  auto metrics = std::make_shared<http::Metrics>();
  std::shared_ptr<db::DatabasePool> pool;
  if (!list_routes) {
    Result<std::shared_ptr<db::DatabasePool>> opened = open_pool(*config);
    if (!opened) {
      io.err << "renofee serve: " << opened.error() << '\n';
      return 1;
    }
    pool = *opened;
  }
  Result<std::shared_ptr<http::Router>> router = build_router(*config, metrics, pool);
  if (!router) {
    io.err << "renofee serve: " << router.error() << '\n';
    return 1;
  }
  if (list_routes) {
    for (const http::RouteInfo& route : (*router)->routes()) {
      io.out << route.method << ' ' << route.path_template << ' ' << route.name << ' '
             << route.access.describe() << '\n';
    }
    return 0;
  }

  // A quote's 360-month schedule is one block of about 150 KB. glibc serves blocks from its mmap threshold
  // (128 KB, raised only by a larger block than the largest freed so far) with mmap and returns them with
  // munmap, so every such quote paid page faults and TLB shootdowns across the handler threads: a
  // 360-month quote cost about 1,000 µs of server CPU against about 350 µs for the sample mix
  // (docs/performance.md, "HTTP API"). A fixed 8 MiB threshold keeps them on the heap.
  mallopt(M_MMAP_THRESHOLD, 8 << 20);

  // Block the stop signals in every thread (Poco's threads inherit this mask) and take them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  http::Server server(*config, *router, metrics, http::stderr_log_sink());
  if (Result<void> started = server.start(); !started) {
    io.err << "renofee serve: " << started.error() << '\n';
    return 1;
  }
  if (!config->port_file.empty()) {
    if (Result<void> written = write_port_file(config->port_file, server.port()); !written) {
      io.err << "renofee serve: " << written.error() << '\n';
      server.stop(std::chrono::seconds(0));
      return 1;
    }
  }
  io.out << "renofee serving on http://" << config->bind << ':' << server.port() << "/" << std::endl;

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  io.err << "{\"event\":\"shutdown\",\"signal\":" << signal_number
         << ",\"grace_s\":" << config->shutdown_timeout_s << "}" << std::endl;
  if (!server.stop(std::chrono::seconds(config->shutdown_timeout_s))) {
    io.err << "{\"event\":\"shutdown_timeout\",\"detail\":\"requests still running; exiting\"}" << std::endl;
    std::_Exit(1);  // their threads still use the server: do not run destructors under them
  }
  io.err << "{\"event\":\"stopped\"}" << std::endl;
  return 0;
}

const CommandRegistration registration{"serve", "run the HTTP API (renofee serve --help)", serve};

}  // namespace
}  // namespace renofee::cli
