// renofee/adapters/http/server.hpp
//
// Purpose: serves a Router over HTTP/1.1 with the request pipeline every route shares
// (docs/architecture.md "HTTP adapter", docs/reliability.md "Connection handling"):
//   0. connections: one front thread accepts every connection and holds it while it is idle or still
//      sending its request head (and the body of an ordinary route), with deadlines (header_timeout,
//      body_timeout + min_body_rate, keep_alive_timeout) and budgets (max_connections, max_idle_connections).
//      Only a request whose head (and ordinary body) has arrived whole goes to one of the `threads` workers,
//      so idle and slow clients cost a socket, never a worker. The head is read with framing.hpp: a request
//      whose framing is ambiguous (two or invalid Content-Length, Content-Length with Transfer-Encoding, an
//      unknown transfer coding, two Host or Authorization fields, bare LF, obs-fold) is a 400 problem and
//      its connection is closed (RFC 9112 §6.3), so no leftover byte is ever read as a second request.
//      Poco's HTTPServer is not used: it holds a pool thread per connection from accept to close.
//   1. request id: a sane incoming X-Request-Id (1..128 of [A-Za-z0-9._:-]) is kept, else 128 random bits in
//      hex are generated; echoed in the X-Request-Id response header and used as problem `instance`.
//   2. body: Content-Length above max_body_bytes -> 413 at once, the body unread and the connection closed;
//      a chunked body is refused with 413 as soon as it passes the limit; a body that does not arrive by its
//      deadline -> 408; a body cut short -> 400.
//      Streaming routes (uploads) get the body as a BodyStream under max_upload_bytes instead (read by the
//      handler from the socket, 408 when silent for receive_timeout or past its deadline), and need a
//      Content-Length (411 for chunked bodies).
//   3. Router::dispatch (404, 405, 415, handler with catch-all).
//   4. the response, with `Cache-Control: no-store` unless the route set its own (every answer may carry
//      personal data: docs/api.md "Caching"), `Connection: Close` once shutdown began or when the
//      connection cannot carry another request; one JSON access-log line (with the API key id when a key
//      was accepted); metrics.
// A catch-all around the whole pipeline turns anything that still escapes into a 500 problem+json, so a
// connection is never closed without an answer to a request that arrived whole.
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

  struct State;   // shared with the workers (server.cpp)
  struct Engine;  // the listening socket, the front thread and the workers (server.cpp)

 private:
  ServerConfig config_;
  std::shared_ptr<State> state_;
  std::unique_ptr<Engine> engine_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

// True when an incoming X-Request-Id is acceptable as is.
bool is_sane_request_id(std::string_view id) noexcept;
// 32 lower-case hex digits from a per-thread random generator.
std::string generate_request_id();

}  // namespace renofee::http
