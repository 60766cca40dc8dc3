#include "renofee/adapters/http/server.hpp"

#include "renofee/adapters/http/body_stream.hpp"
#include "renofee/adapters/http/response_stream.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>

#include <ctime>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

namespace renofee::http {

struct Server::State {
  std::shared_ptr<const Router> router;
  std::shared_ptr<Metrics> metrics;
  LogSink log;
  std::int64_t max_body_bytes = 0;
  std::int64_t max_upload_bytes = 0;
  std::atomic<bool> stopping{false};
  std::atomic<std::int64_t> in_flight{0};
};

namespace {

using Clock = std::chrono::steady_clock;

// "2026-11-23T01:40:00.123Z" (UTC, milliseconds).
std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms));
  return std::string(text, n) + millis;
}

// Milliseconds with three decimals from whole microseconds: 1234 -> "1.234" (exact, no floating point).
std::string millis_text(std::int64_t us) {
  std::string fraction = std::to_string(us % 1000);
  fraction.insert(0, 3 - fraction.size(), '0');
  return std::to_string(us / 1000) + '.' + fraction;
}

// The body of a streaming route, read from the socket on the handler's demand (body_stream.hpp). The
// pipeline admits only bodies with a Content-Length within the upload limit (411 and 413 otherwise), so
// Poco's fixed-length stream ends there; a body that ends earlier (the client closed the connection) is a
// 400, and Poco's receive timeout a 408.
class SocketBodyStream final : public BodyStream {
 public:
  SocketBodyStream(Poco::Net::HTTPServerRequest& in, std::string request_id)
      : stream_(in.stream()),
        content_length_(in.hasContentLength() ? in.getContentLength64() : 0),
        request_id_(std::move(request_id)),
        finished_(content_length_ == 0) {}

  std::size_t read(char* buffer, std::size_t n) override {
    if (finished_ || failure_) return 0;
    std::size_t got = 0;
    try {
      stream_.exceptions(std::ios::badbit);  // rethrow the stream's exceptions (TimeoutException)
      stream_.read(buffer, static_cast<std::streamsize>(n));
      got = static_cast<std::size_t>(stream_.gcount());
    } catch (const Poco::TimeoutException&) {
      return fail(408, "the client sent nothing for too long while sending the body");
    } catch (const Poco::Exception& e) {
      return fail(400, "the request body could not be read: " + e.message());
    } catch (const std::ios::failure&) {
      return fail(400, "the request body could not be read");
    }
    received_ += static_cast<std::int64_t>(got);
    if (got < n) {
      finished_ = true;
      if (received_ != content_length_) {
        // The bytes that did arrive are still handed out (a batch answers the lines it got); the next read
        // returns 0 with the failure.
        (void)fail(400, "the request body ended after " + std::to_string(received_) + " of " +
                            std::to_string(content_length_) + " bytes");
      }
    }
    return got;
  }

  [[nodiscard]] const std::optional<Problem>& failure() const noexcept override { return failure_; }
  // True when the body was read to its end without failure: the connection can carry another request.
  [[nodiscard]] bool consumed() const noexcept { return finished_ && !failure_; }

 private:
  std::size_t fail(int status, std::string detail) {
    failure_ = make_problem(status, std::move(detail), request_id_);
    return 0;
  }

  std::istream& stream_;
  std::int64_t content_length_;
  std::int64_t received_ = 0;
  std::string request_id_;
  bool finished_;
  std::optional<Problem> failure_;
};

// The body of a streaming answer (response_stream.hpp): status and headers at `begin`, then each `write` as
// one chunk on the socket at once. Poco ends the chunked body (the zero-length chunk) when the request ends.
class SocketResponseStream final : public ResponseStream {
 public:
  SocketResponseStream(Poco::Net::HTTPServerResponse& out, const std::string& request_id)
      : out_(out), request_id_(request_id) {}

  void begin(int status, std::string_view content_type) override {
    if (stream_ != nullptr) return;
    out_.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    out_.set("X-Request-Id", request_id_);
    out_.setContentType(std::string(content_type));
    out_.setChunkedTransferEncoding(true);
    stream_ = &out_.send();
  }

  bool write(std::string_view piece) override {
    if (stream_ == nullptr || gone_) return false;
    if (piece.empty()) return true;  // an empty chunk would end the body
    try {
      stream_->write(piece.data(), static_cast<std::streamsize>(piece.size()));
      stream_->flush();
    } catch (...) {
      gone_ = true;
    }
    if (!*stream_) gone_ = true;
    if (!gone_) bytes_ += piece.size();
    return !gone_;
  }

  [[nodiscard]] bool begun() const noexcept override { return stream_ != nullptr; }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }

 private:
  Poco::Net::HTTPServerResponse& out_;
  const std::string& request_id_;
  std::ostream* stream_ = nullptr;
  bool gone_ = false;
  std::size_t bytes_ = 0;
};

class PipelineHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit PipelineHandler(std::shared_ptr<Server::State> state) : state_(std::move(state)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    const Clock::time_point started = Clock::now();
    Server::State& state = *state_;
    state.in_flight.fetch_add(1);
    state.metrics->request_started();
    Request request;
    Dispatch dispatch;
    bool close = false;
    std::size_t bytes_sent = 0;
    std::optional<std::size_t> streamed_bytes;  // set when the route answered through a ResponseStream
    try {
      request.method = in.getMethod();
      const std::optional<std::string> incoming_id =
          in.has("X-Request-Id") ? std::optional<std::string>(in.get("X-Request-Id")) : std::nullopt;
      request.request_id =
          incoming_id && is_sane_request_id(*incoming_id) ? *incoming_id : generate_request_id();
      const std::string& target = in.getURI();
      const std::size_t question = target.find('?');
      request.path = target.substr(0, question);
      if (question != std::string::npos) request.raw_query = target.substr(question + 1);
      for (const auto& [name, value] : in)
        request.headers.add(name, value);

      const Route* route = state.router->find(request.method, request.path);
      if (route != nullptr && route->streams_body) {
        // Uploads: the handler reads the body from the socket (after routing and authorization, so an
        // unauthenticated client cannot make the server read its upload).
        if (in.getChunkedTransferEncoding()) {
          // Poco 1.12 (Debian 12) reads a chunked body whose connection drops mid-way as a complete, shorter
          // body, and an upload cut short must never be stored as a smaller file: uploads declare their
          // length, which the stream checks (docs/api.md, "Uploads").
          close = true;
          dispatch.response = to_response(make_problem(
              411, "uploads must be sent with Content-Length (chunked transfer encoding is not accepted)",
              request.request_id));
        } else if (in.hasContentLength() && in.getContentLength64() > state.max_upload_bytes) {
          close = true;
          dispatch.response = to_response(
              make_problem(413,
                           "the upload exceeds " + std::to_string(state.max_upload_bytes) +
                               " bytes (Content-Length " + std::to_string(in.getContentLength64()) + ")",
                           request.request_id));
        } else {
          SocketBodyStream body(in, request.request_id);
          SocketResponseStream answer(out, request.request_id);
          request.body_stream = &body;
          request.response_stream = &answer;
          try {
            dispatch = state.router->dispatch(request);
          } catch (...) {
            if (answer.begun()) out.setKeepAlive(false);  // the answer is cut off: no further request here
            throw;
          }
          request.body_stream = nullptr;
          request.response_stream = nullptr;
          if (!body.consumed()) close = true;  // the rest of the body is still on the connection
          if (answer.begun()) {
            // Status, headers and body are out; Poco only adds the last chunk. Closing here is what tells
            // the client that no further request is read from a body left unread.
            // A handler that threw after it began (the router turned it into a 500 for the log) left a
            // body without its end: close too.
            if (close || state.stopping.load() || !dispatch.exception.empty()) out.setKeepAlive(false);
            streamed_bytes = answer.bytes();
          }
        }
      } else {
        std::optional<Problem> refused = read_body(in, request, close);
        if (refused) {
          dispatch.response = to_response(*refused);
        } else {
          dispatch = state.router->dispatch(request);
        }
      }
      if (streamed_bytes) {
        bytes_sent = *streamed_bytes;
      } else {
        bytes_sent = send(out, dispatch.response, request.request_id, close || state.stopping.load());
      }
    } catch (const Poco::Exception& e) {
      dispatch.exception = e.displayText();
      bytes_sent = send_internal_error(out, request.request_id);
    } catch (const std::exception& e) {
      dispatch.exception = e.what();
      bytes_sent = send_internal_error(out, request.request_id);
    } catch (...) {
      dispatch.exception = "a non-standard exception";
      bytes_sent = send_internal_error(out, request.request_id);
    }
    finish(in, request, dispatch, bytes_sent, started);
  }

 private:
  // Reads the body within the limit; returns the problem that refuses the request instead, and sets `close`
  // when the connection cannot be reused (body left unread).
  std::optional<Problem> read_body(Poco::Net::HTTPServerRequest& in, Request& request, bool& close) {
    const std::int64_t limit = state_->max_body_bytes;
    const std::string& id = request.request_id;
    const std::string too_large = "the request body exceeds " + std::to_string(limit) + " bytes";
    try {
      std::istream& stream = in.stream();
      stream.exceptions(
          std::ios::badbit);  // rethrow the stream's exceptions (TimeoutException) instead of hiding them
      if (in.getChunkedTransferEncoding()) {
        char buffer[16384];
        while (stream) {
          stream.read(buffer, sizeof buffer);
          request.body.append(buffer, static_cast<std::size_t>(stream.gcount()));
          if (static_cast<std::int64_t>(request.body.size()) > limit) {
            close = true;
            request.body.clear();
            return make_problem(413, too_large, id);
          }
        }
      } else if (in.hasContentLength()) {
        const std::int64_t length = in.getContentLength64();
        if (length > limit) {
          close = true;
          return make_problem(413, too_large + " (Content-Length " + std::to_string(length) + ")", id);
        }
        request.body.resize(static_cast<std::size_t>(length));
        stream.read(request.body.data(), length);
        if (stream.gcount() != length) {
          close = true;
          return make_problem(400,
                              "the request body ended after " + std::to_string(stream.gcount()) + " of " +
                                  std::to_string(length) + " bytes",
                              id);
        }
      }
      // Neither: no body (RFC 9112 §6.3: a request without Content-Length or chunked coding has none).
    } catch (const Poco::TimeoutException&) {
      close = true;
      return make_problem(408, "the client sent nothing for too long while sending the body", id);
    } catch (const Poco::Net::MessageException& e) {  // e.g. a malformed chunk header
      close = true;
      return make_problem(400, "malformed request body: " + e.message(), id);
    }
    return std::nullopt;
  }

  static std::size_t send(Poco::Net::HTTPServerResponse& out, const Response& response, const std::string& id,
                          bool close) {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    for (const auto& [name, value] : response.headers.fields())
      out.set(name, value);
    out.set("X-Request-Id", id);
    if (!response.content_type.empty()) out.setContentType(response.content_type);
    if (close) out.setKeepAlive(false);
    out.sendBuffer(response.body.data(), response.body.size());
    return response.body.size();
  }

  static std::size_t send_internal_error(Poco::Net::HTTPServerResponse& out, const std::string& id) {
    if (out.sent()) return 0;  // the status line is out; nothing more can be said on this connection
    try {
      return send(out, to_response(make_problem(500, "the server failed to answer this request", id)), id,
                  true);
    } catch (...) {
      return 0;  // the client is gone
    }
  }

  void finish(Poco::Net::HTTPServerRequest& in, const Request& request, const Dispatch& dispatch,
              std::size_t bytes, Clock::time_point started) noexcept {
    Server::State& state = *state_;
    try {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
      const std::string route = dispatch.route != nullptr ? dispatch.route->name : "unmatched";
      const int status =
          dispatch.exception.empty() || dispatch.response.status == 500 ? dispatch.response.status : 500;
      state.metrics->observe_request(route, request.method, status, us);
      std::string line =
          "{\"time\":" + json_quote(utc_timestamp()) + ",\"request_id\":" + json_quote(request.request_id) +
          ",\"method\":" + json_quote(request.method) + ",\"route\":" + json_quote(route) +
          ",\"path_template\":" + json_quote(dispatch.route != nullptr ? dispatch.route->path_template : "") +
          ",\"status\":" + std::to_string(status) + ",\"bytes\":" + std::to_string(bytes) +
          ",\"duration_ms\":" + millis_text(us.count()) +
          ",\"remote\":" + json_quote(in.clientAddress().toString());
      if (!dispatch.key_id.empty()) line += ",\"key_id\":" + json_quote(dispatch.key_id);
      if (!dispatch.exception.empty()) line += ",\"error\":" + json_quote(dispatch.exception);
      if (!dispatch.response.log_cause.empty())
        line += ",\"cause\":" + json_quote(dispatch.response.log_cause);
      line += '}';
      state.log(line);
    } catch (...) {
      // Logging must never take the connection down.
    }
    state.metrics->request_finished();
    state.in_flight.fetch_sub(1);
  }

  std::shared_ptr<Server::State> state_;
};

class PipelineFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit PipelineFactory(std::shared_ptr<Server::State> state) : state_(std::move(state)) {}
  // Never null: Poco would answer 501 (architecture.md, Poco trap).
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new PipelineHandler(state_);
  }

 private:
  std::shared_ptr<Server::State> state_;
};

}  // namespace

bool is_sane_request_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string generate_request_id() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  for (int word = 0; word < 2; ++word) {
    std::uint64_t bits = engine();
    for (int i = 0; i < 16; ++i, bits >>= 4)
      id += hex[bits & 0xF];
  }
  return id;
}

LogSink stderr_log_sink() {
  auto mutex = std::make_shared<std::mutex>();
  return [mutex](const std::string& line) {
    std::lock_guard lock(*mutex);
    std::cerr << line << '\n' << std::flush;
  };
}

Server::Server(ServerConfig config, std::shared_ptr<const Router> router, std::shared_ptr<Metrics> metrics,
               LogSink log)
    : config_(std::move(config)), state_(std::make_shared<State>()) {
  state_->router = std::move(router);
  state_->metrics = std::move(metrics);
  state_->log = std::move(log);
  state_->max_body_bytes = config_.max_body_bytes;
  state_->max_upload_bytes = config_.max_upload_bytes;
}

Server::~Server() {
  if (server_ && !stopped_) {
    if (!stop(std::chrono::seconds(config_.shutdown_timeout_s))) pool_->joinAll();
  }
}

Result<void> Server::start() {
  try {
    socket_ = std::make_unique<Poco::Net::ServerSocket>(
        Poco::Net::SocketAddress(config_.bind, static_cast<Poco::UInt16>(config_.port)), 128);
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config_.threads);
    params->setMaxQueued(config_.max_queued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(config_.keep_alive_timeout_s, 0));
    params->setTimeout(Poco::Timespan(config_.receive_timeout_s, 0));  // socket send/receive timeout
    params->setMaxKeepAliveRequests(0);                                // 0: unlimited per connection
    params->setServerName("renofee");
    pool_ = std::make_unique<Poco::ThreadPool>(1, config_.threads, 60);
    server_ = std::make_unique<Poco::Net::HTTPServer>(
        Poco::Net::HTTPRequestHandlerFactory::Ptr(new PipelineFactory(state_)), *pool_, *socket_, params);
    server_->start();
    port_ = socket_->address().port();
  } catch (const Poco::Exception& e) {
    return unavailable(
        "cannot serve on " + config_.bind + ":" + std::to_string(config_.port) + ": " + e.displayText(),
        "bind");
  }
  return success();
}

bool Server::stop(std::chrono::milliseconds grace) {
  if (!server_ || stopped_) return true;
  stopped_ = true;
  state_->stopping.store(true);
  server_->stop();   // the accept thread ends; queued connections are dropped
  socket_->close();  // new connections are refused instead of waiting in the backlog
  const Clock::time_point deadline = Clock::now() + grace;
  while (state_->in_flight.load() > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const bool drained = state_->in_flight.load() == 0;
  server_->stopAll(true);  // shut the sockets of idle keep-alive connections so their threads end now
  if (drained) pool_->joinAll();
  return drained;
}

}  // namespace renofee::http
