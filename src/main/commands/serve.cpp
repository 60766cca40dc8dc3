// `renofee serve`: the HTTP API (design.md §9). Settings from flags, environment and a config file
// (server_config.hpp); prints "renofee serving on http://ADDR:PORT/" once listening; SIGTERM or SIGINT stops
// it gracefully (in-flight requests finish within --shutdown-timeout) and it exits 0.
// `renofee serve --list-routes` prints "METHOD TEMPLATE NAME" per route (checked against api/openapi.yaml).
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <ostream>

#include "../cli.hpp"
#include "renofee/adapters/http/quote_routes.hpp"
#include "renofee/adapters/http/server.hpp"
#include "renofee/adapters/http/service_routes.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"

namespace renofee::cli {
namespace {

// The routes of this build; business routes join here as their use cases arrive.
Result<std::shared_ptr<http::Router>> build_router(const http::ServerConfig& config,
                                                   std::shared_ptr<http::Metrics> metrics) {
  auto router = std::make_shared<http::Router>();
  RENOFEE_TRY(std::string openapi, http::read_text_file(config.openapi_file));
  RENOFEE_CHECK(
      http::add_service_routes(*router, http::ServiceRoutes{std::move(metrics), {}, std::move(openapi)}));
  // Quotes: the tariff files are loaded once and shared read-only by the handler threads.
  RENOFEE_TRY(std::shared_ptr<io::TariffCatalog> tariffs,
              io::TariffCatalog::load(io::default_tariff_directory(std::string())));
  RENOFEE_CHECK(http::add_quote_routes(*router, std::move(tariffs)));
  // Auth hook: the authorizer (issue 6, item 3) will be set here with router->set_authorizer(...).
  return router;
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
               [](const std::string& a) { return a != "--list-routes"; });

  Result<http::ServerConfig> config = http::load_server_config(args, http::process_env, http::read_text_file);
  if (!config) {
    io.err << "renofee serve: " << config.error() << '\n';
    return 2;
  }
  auto metrics = std::make_shared<http::Metrics>();
  Result<std::shared_ptr<http::Router>> router = build_router(*config, metrics);
  if (!router) {
    io.err << "renofee serve: " << router.error() << '\n';
    return 1;
  }
  if (list_routes) {
    for (const http::RouteInfo& route : (*router)->routes()) {
      io.out << route.method << ' ' << route.path_template << ' ' << route.name << '\n';
    }
    return 0;
  }

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
