// renofee/adapters/http/server.hpp
//
// Purpose: runs a Router on Poco's HTTPServer with the request pipeline every route shares
// (docs/architecture.md "HTTP adapter", docs/reliability.md):
//   1. request id: a sane incoming X-Request-Id (1..128 of [A-Za-z0-9._:-]) is kept, else 128 random bits in
//      hex are generated; echoed in the X-Request-Id response header and used as problem `instance`.
//   2. body: Content-Length above max_body_bytes -> 413 at once, the body unread and the connection closed;
//      a chunked body is counted while read and refused with 413 as soon as it passes the limit; a client
//      silent for receive_timeout seconds mid-body -> 408 (and Poco's socket timeout covers the headers).
//      Streaming routes (uploads) get the body as a BodyStream under max_upload_bytes instead, and need a
//      Content-Length (411 for chunked bodies, whose truncation Poco 1.12 cannot detect).
//   3. Router::dispatch (404, 405, 415, handler with catch-all).
//   4. the response, with Connection: close once shutdown began; one JSON access-log line (with the API
//      key id when a key was accepted); metrics.
// A catch-all around the whole pipeline turns anything that still escapes into a 500 problem+json, so
// Poco never closes a connection without an answer, and the handler factory never returns null (no 501).
//
// Threads: Poco serves each connection on one pool thread for as long as it stays open, idle keep-alive
// connections included; `threads`, `max_queued` and `keep_alive_timeout_s` bound that (see ServerConfig).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "renofee/adapters/http/metrics.hpp"
#include "renofee/adapters/http/router.hpp"
#include "renofee/adapters/http/server_config.hpp"
#include "renofee/core/base/result.hpp"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
class ServerSocket;
}  // namespace Net
}  // namespace Poco

namespace renofee::http {

// Receives one complete log line (no newline); must be thread-safe.
using LogSink = std::function<void(const std::string& line)>;
// A LogSink writing to stderr under a mutex.
LogSink stderr_log_sink();

class Server {
 public:
  Server(ServerConfig config, std::shared_ptr<const Router> router, std::shared_ptr<Metrics> metrics,
         LogSink log);
  ~Server();  // stops with the configured shutdown timeout if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving; unavailable when the address cannot be bound.
  Result<void> start();
  // The bound port (the real one when the config asked for 0); 0 before start().
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }

  // Graceful stop: stop accepting, answer in-flight requests (with Connection: close), wait up to `grace` for
  // them, then close idle connections. Returns false when requests were still running at the deadline (the
  // caller should then exit the process rather than destroy what they use).
  bool stop(std::chrono::milliseconds grace);

  struct State;  // shared with the per-request handlers (server.cpp)

 private:
  ServerConfig config_;
  std::shared_ptr<State> state_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::ServerSocket> socket_;  // closed on stop, so new connections are refused
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

// True when an incoming X-Request-Id is acceptable as is.
bool is_sane_request_id(std::string_view id) noexcept;
// 32 lower-case hex digits from a per-thread random generator.
std::string generate_request_id();

}  // namespace renofee::http
