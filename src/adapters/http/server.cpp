#include "renofee/adapters/http/server.hpp"

#include "renofee/adapters/http/body_stream.hpp"
#include "renofee/adapters/http/framing.hpp"
#include "renofee/adapters/http/response_stream.hpp"

#include <Poco/Exception.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

namespace renofee::http {

using Clock = std::chrono::steady_clock;

struct Server::State {
  std::shared_ptr<const Router> router;
  std::shared_ptr<Metrics> metrics;
  LogSink log;
  ServerConfig config;
  HeadLimits limits;
  std::atomic<bool> stopping{false};
  // Requests handed to a worker (queued or running) and not yet answered: what a graceful stop waits for.
  std::atomic<std::int64_t> in_flight{0};
};

namespace {

// "2026-11-23T01:40:00.123Z" (UTC, milliseconds).
std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms));
  return std::string(text, length) + millis;
}

// The Date field (RFC 9110 §5.6.7 IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT", English names.
std::string http_date() {
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[utc.tm_wday], utc.tm_mday,
                months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

// Milliseconds with three decimals from whole microseconds: 1234 -> "1.234" (exact, no floating point).
std::string millis_text(std::int64_t us) {
  std::string fraction = std::to_string(us % 1000);
  fraction.insert(0, 3 - fraction.size(), '0');
  return std::to_string(us / 1000) + '.' + fraction;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "";  // RFC 9112 §4: the reason phrase may be empty
  }
}

std::chrono::milliseconds seconds(int count) {
  return std::chrono::milliseconds(std::int64_t{count} * 1000);
}

// ---------------------------------------------------------------------------------------------------------
// Connections

// One client connection. The front thread owns it while it is idle or arriving, a worker while a request
// of it is answered; it moves between them whole (no shared state).
struct Connection {
  enum class Phase { idle, head, body, busy, closing };

  int fd = -1;
  std::string remote;  // "127.0.0.1:54321"
  std::string in;      // bytes received and not yet consumed by a request
  Phase phase = Phase::idle;
  bool fresh = true;  // no request answered yet
  Clock::time_point since;
  Clock::time_point deadline;
  std::optional<RequestHead> head;
  std::size_t head_bytes = 0;
  std::size_t head_searched = 0;  // bytes of `in` find_head_end has searched already
  ChunkedBody chunked;            // phase body, chunked: the decoding so far
  Clock::time_point
      body_deadline;  // phase body: the whole body's deadline (`deadline` adds the silence bound)
  bool continue_sent = false;
  std::size_t discarded = 0;  // closing: bytes read and dropped
  // Set by the front when it hands over a refusal instead of a request (408 deadline, 400 framing).
  int refusal_status = 0;
  std::string refusal_detail;
  bool close_after = false;  // set by the worker: close instead of waiting for another request

  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (fd >= 0) ::close(fd);
  }

  // Forgets the request just answered (its head and body must have been consumed from `in`).
  void reset_request() {
    head.reset();
    head_bytes = 0;
    head_searched = 0;
    chunked = {};
    continue_sent = false;
    refusal_status = 0;
    refusal_detail.clear();
  }
};

// Writes all of `data`, waiting at most receive_timeout each time the socket is full, and at most
// receive_timeout + size / min_body_rate in all, so a client that reads slowly cannot hold a worker for
// longer than one that sends slowly; false when the client is gone or too slow.
bool write_all(int fd, std::string_view data, const ServerConfig& config) {
  const auto silence = std::chrono::milliseconds(std::int64_t{config.receive_timeout_s} * 1000);
  const Clock::time_point deadline =
      Clock::now() + silence +
      std::chrono::seconds(static_cast<std::int64_t>(data.size()) / config.min_body_rate);
  while (!data.empty()) {
    const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      pollfd waiting{fd, POLLOUT, 0};
      if (::poll(&waiting, 1, static_cast<int>(std::min(left, silence).count()) + 1) <= 0) return false;
      continue;
    }
    return false;
  }
  return true;
}

enum class ReadResult { data, end, timeout, error };

// Reads what is there (at most 64 KiB) into `connection.in`, waiting until `deadline` for it.
ReadResult read_more(Connection& connection, Clock::time_point deadline) {
  while (true) {
    char buffer[65536];
    const ssize_t received = ::recv(connection.fd, buffer, sizeof buffer, 0);
    if (received > 0) {
      connection.in.append(buffer, static_cast<std::size_t>(received));
      return ReadResult::data;
    }
    if (received == 0) return ReadResult::end;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return ReadResult::error;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return ReadResult::timeout;
    pollfd waiting{connection.fd, POLLIN, 0};
    const int ready =
        ::poll(&waiting, 1, static_cast<int>(std::min<std::int64_t>(left.count() + 1, 3'600'000)));
    if (ready == 0) return ReadResult::timeout;
    if (ready < 0 && errno != EINTR) return ReadResult::error;
  }
}

// The status line and header fields of an answer (RFC 9112 §4, §5). `length`: the Content-Length to send,
// or nullopt for none (chunked, or a status without content).
std::string render_head(int status, const Headers& fields, const std::string& request_id,
                        const std::string& content_type, std::optional<std::size_t> length, bool chunked,
                        bool close, int minor_version) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + ' ' + reason_phrase(status) + "\r\n";
  out += "Date: " + http_date() + "\r\nServer: renofee\r\n";
  bool cache_control = false;
  for (const auto& [name, value] : fields.fields()) {
    if (equals_ignore_case(name, "Content-Length") || equals_ignore_case(name, "Transfer-Encoding") ||
        equals_ignore_case(name, "Connection") || equals_ignore_case(name, "X-Request-Id")) {
      continue;  // framing and identity are the server's
    }
    cache_control = cache_control || equals_ignore_case(name, "Cache-Control");
    out += name + ": " + value + "\r\n";
  }
  // Every answer may carry personal data (contracts, readings, reports, statements, keys, pages, and
  // problems that name them), so none may be stored by a cache unless its route says otherwise (RFC 9111
  // §5.2.2.5; docs/api.md "Caching").
  if (!cache_control) out += "Cache-Control: no-store\r\n";
  out += "X-Request-Id: " + request_id + "\r\n";
  if (!content_type.empty()) out += "Content-Type: " + content_type + "\r\n";
  if (chunked) out += "Transfer-Encoding: chunked\r\n";
  if (length) out += "Content-Length: " + std::to_string(*length) + "\r\n";
  if (close) {
    out += "Connection: Close\r\n";
  } else if (minor_version == 0) {
    out += "Connection: Keep-Alive\r\n";
  }
  out += "\r\n";
  return out;
}

// The whole answer for `response` to a request with `method` (HEAD: headers only, RFC 9110 §9.3.2).
std::string render_response(const Response& response, const std::string& request_id,
                            const std::string& method, bool close, int minor_version) {
  const bool has_length = response.status >= 200 && response.status != 204 && response.status != 304;
  std::string out = render_head(response.status, response.headers, request_id, response.content_type,
                                has_length ? std::optional<std::size_t>(response.body.size()) : std::nullopt,
                                false, close, minor_version);
  if (method != "HEAD" && has_length) out += response.body;
  return out;
}

// The body of a streaming route, read from the connection on the handler's demand (body_stream.hpp): first
// the bytes that came with the head, then the socket. The pipeline admits only bodies with a Content-Length
// within the upload limit (411 and 413 otherwise). A body that ends earlier (the client closed) is a 400;
// silence for receive_timeout, or the body deadline passing, a 408. Bytes after the body stay in `connection.in`
// (the next request).
class SocketBodyStream final : public BodyStream {
 public:
  SocketBodyStream(Connection& connection, const ServerConfig& config, std::string request_id)
      : connection_(connection),
        config_(config),
        content_length_(connection.head->content_length),
        request_id_(std::move(request_id)),
        deadline_(Clock::now() + seconds(config.body_timeout_s) +
                  std::chrono::seconds(content_length_ / config.min_body_rate)),
        finished_(content_length_ == 0) {}

  std::size_t read(char* buffer, std::size_t max_bytes) override {
    if (finished_ || failure_) return 0;
    const std::int64_t wanted =
        std::min<std::int64_t>(static_cast<std::int64_t>(max_bytes), content_length_ - received_);
    while (connection_.in.empty()) {
      if (connection_.head->expect_continue && !connection_.continue_sent) {  // RFC 9110 §10.1.1
        connection_.continue_sent = true;
        (void)write_all(connection_.fd, "HTTP/1.1 100 Continue\r\n\r\n", config_);
      }
      const Clock::time_point silence = Clock::now() + seconds(config_.receive_timeout_s);
      switch (read_more(connection_, std::min(silence, deadline_))) {
        case ReadResult::data:
          break;
        case ReadResult::timeout:
          finished_ = true;
          return fail(408, "the client sent the body too slowly (" + std::to_string(received_) + " of " +
                               std::to_string(content_length_) + " bytes arrived in time)");
        case ReadResult::end:
        case ReadResult::error:
          finished_ = true;
          return fail(400, "the request body ended after " + std::to_string(received_) + " of " +
                               std::to_string(content_length_) + " bytes");
      }
    }
    const std::size_t got = std::min(connection_.in.size(), static_cast<std::size_t>(wanted));
    connection_.in.copy(buffer, got);
    connection_.in.erase(0, got);
    received_ += static_cast<std::int64_t>(got);
    if (received_ == content_length_) finished_ = true;
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

  Connection& connection_;
  const ServerConfig& config_;
  std::int64_t content_length_;
  std::int64_t received_ = 0;
  std::string request_id_;
  Clock::time_point deadline_;
  bool finished_;
  std::optional<Problem> failure_;
};

// The body of a streaming answer (response_stream.hpp): status and headers at `begin`, then each `write` as
// one chunk on the socket at once (RFC 9112 §7.1); `end` sends the last chunk. HTTP/1.0 has no chunked
// coding: there the body is sent as it is and ends with the connection.
class SocketResponseStream final : public ResponseStream {
 public:
  SocketResponseStream(Connection& connection, const ServerConfig& config, const std::string& request_id)
      : connection_(connection),
        config_(config),
        request_id_(request_id),
        chunked_(connection.head->minor_version == 1) {}

  void begin(int status, std::string_view content_type) override {
    if (begun_) return;
    begun_ = true;
    const std::string head = render_head(status, Headers{}, request_id_, std::string(content_type),
                                         std::nullopt, chunked_, !chunked_, connection_.head->minor_version);
    gone_ = !write_all(connection_.fd, head, config_);
  }

  bool write(std::string_view piece) override {
    if (!begun_ || gone_) return false;
    if (piece.empty()) return true;  // an empty chunk would end the body
    std::string chunk;
    if (chunked_) {
      char size[24];
      std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
      chunk = size;
    }
    chunk.append(piece);
    if (chunked_) chunk += "\r\n";
    gone_ = !write_all(connection_.fd, chunk, config_);
    if (!gone_) bytes_ += piece.size();
    return !gone_;
  }

  // The last chunk; false when the client is gone.
  bool end() {
    if (!begun_ || gone_) return false;
    if (chunked_) gone_ = !write_all(connection_.fd, "0\r\n\r\n", config_);
    return !gone_ && chunked_;
  }

  [[nodiscard]] bool begun() const noexcept override { return begun_; }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }

 private:
  Connection& connection_;
  const ServerConfig& config_;
  const std::string& request_id_;
  bool chunked_;
  bool begun_ = false;
  bool gone_ = false;
  std::size_t bytes_ = 0;
};

// ---------------------------------------------------------------------------------------------------------
// The pipeline: one request of a connection whose head (and, for ordinary routes, body) has arrived.

class Pipeline {
 public:
  explicit Pipeline(Server::State& state) : state_(state) {}

  // Answers the request at the start of `connection.in` (or the refusal the front decided); true when the connection
  // may carry another request. The request's bytes are consumed from `connection.in`.
  bool serve(Connection& connection) {
    const Clock::time_point started = Clock::now();
    state_.metrics->request_started();
    Request request;
    Dispatch dispatch;
    bool close = false;
    std::size_t bytes_sent = 0;
    bool started_answer = false;  // a byte of the answer may be on its way: no 500 can follow it
    int minor_version = connection.head ? connection.head->minor_version : 1;
    try {
      request.request_id = generate_request_id();
      if (connection.head) {
        request.method = connection.head->method;
        for (const auto& [name, value] : connection.head->fields)
          request.headers.add(name, value);
        const std::optional<std::string> incoming_id = request.headers.get("X-Request-Id");
        if (incoming_id && is_sane_request_id(*incoming_id)) request.request_id = *incoming_id;
        const std::size_t question = connection.head->target.find('?');
        request.path = connection.head->target.substr(0, question);
        if (question != std::string::npos) request.raw_query = connection.head->target.substr(question + 1);
      }
      if (connection.refusal_status != 0) {
        // A deadline passed or the framing is faulty: what is left on the connection cannot be trusted.
        close = true;
        dispatch.response = to_response(
            make_problem(connection.refusal_status, connection.refusal_detail, request.request_id));
      } else if (!connection.head->keep_alive) {
        close = true;
      }
      const Route* route =
          connection.refusal_status == 0 ? state_.router->find(request.method, request.path) : nullptr;
      bool streamed = false;  // status, headers and body went out through a ResponseStream
      if (connection.refusal_status != 0) {
        // answered above
      } else if (route != nullptr && route->streams_body) {
        streamed = serve_streaming(connection, request, dispatch, close, bytes_sent, started_answer);
      } else {
        std::optional<Problem> refused = take_body(connection, request, close);
        if (refused) {
          dispatch.response = to_response(*refused);
        } else {
          dispatch = state_.router->dispatch(request);
        }
      }
      if (!streamed) {
        close = close || state_.stopping.load();
        const std::string answer =
            render_response(dispatch.response, request.request_id, request.method, close, minor_version);
        started_answer = true;
        if (!write_all(connection.fd, answer, state_.config)) close = true;
        bytes_sent = request.method == "HEAD" ? 0 : dispatch.response.body.size();
      }
    } catch (const Poco::Exception& e) {
      dispatch.exception = e.displayText();
      close = true;
      bytes_sent = started_answer ? 0 : send_internal_error(connection, request, minor_version);
    } catch (const std::exception& e) {
      dispatch.exception = e.what();
      close = true;
      bytes_sent = started_answer ? 0 : send_internal_error(connection, request, minor_version);
    } catch (...) {
      dispatch.exception = "a non-standard exception";
      close = true;
      bytes_sent = started_answer ? 0 : send_internal_error(connection, request, minor_version);
    }
    finish(connection, request, dispatch, bytes_sent, started);
    return !close && !state_.stopping.load();
  }

 private:
  // A streaming route; true when the answer went out through the ResponseStream.
  bool serve_streaming(Connection& connection, Request& request, Dispatch& dispatch, bool& close,
                       std::size_t& bytes_sent, bool& started_answer) {
    const RequestHead& head = *connection.head;
    const std::int64_t limit = state_.config.max_upload_bytes;
    if (head.framing == BodyFraming::chunked) {
      // Uploads declare their length, which the body stream checks (docs/api.md, "Uploads").
      close = true;
      dispatch.response = to_response(make_problem(
          411, "uploads must be sent with Content-Length (chunked transfer encoding is not accepted)",
          request.request_id));
      return false;
    }
    if (head.framing == BodyFraming::length && head.content_length > limit) {
      close = true;
      dispatch.response =
          to_response(make_problem(413,
                                   "the upload exceeds " + std::to_string(limit) + " bytes (Content-Length " +
                                       std::to_string(head.content_length) + ")",
                                   request.request_id));
      return false;
    }
    connection.in.erase(0, connection.head_bytes);
    connection.head_bytes = 0;
    // Uploads: the handler reads the body from the socket (after routing and authorization, so an
    // unauthenticated client cannot make the server read its upload).
    SocketBodyStream body(connection, state_.config, request.request_id);
    SocketResponseStream answer(connection, state_.config, request.request_id);
    request.body_stream = &body;
    request.response_stream = &answer;
    try {
      dispatch = state_.router->dispatch(request);
    } catch (...) {
      started_answer = answer.begun();  // the answer is cut off: the connection closes without a 500
      throw;
    }
    request.body_stream = nullptr;
    request.response_stream = nullptr;
    if (!body.consumed()) close = true;  // the rest of the body is still on the connection
    if (answer.begun()) {
      // Status, headers and body are out. A handler that threw after it began (the router turned it into a
      // 500 for the log) left a body without its end: the connection closes without the last chunk, so the
      // client sees the answer cut off. Otherwise the last chunk ends it.
      if (!dispatch.exception.empty() || !answer.end()) close = true;
      bytes_sent = answer.bytes();
      return true;
    }
    return false;
  }

  // The body of an ordinary route from `connection.in` (the front waited for it, or handed the connection over when
  // it passed the limit or the client closed): the problem that refuses the request, or nullopt. Consumes
  // the request from `connection.in`; sets `close` when the connection cannot be reused.
  std::optional<Problem> take_body(Connection& connection, Request& request, bool& close) {
    const std::int64_t limit = state_.config.max_body_bytes;
    const std::string& id = request.request_id;
    const std::string too_large = "the request body exceeds " + std::to_string(limit) + " bytes";
    const RequestHead& head = *connection.head;
    const std::string_view rest = std::string_view(connection.in).substr(connection.head_bytes);
    if (head.framing == BodyFraming::chunked) {
      ChunkedBody body = decode_chunked(rest, limit, state_.limits);
      switch (body.status) {
        case ChunkedBody::Status::complete:
          request.body = std::move(body.body);
          connection.in.erase(0, connection.head_bytes + body.consumed);
          return std::nullopt;
        case ChunkedBody::Status::too_large:
          close = true;
          return make_problem(413, too_large, id);
        case ChunkedBody::Status::malformed:
          close = true;
          return make_problem(400, "malformed chunked body: " + body.detail, id);
        case ChunkedBody::Status::incomplete:
          close = true;
          return make_problem(400, "the chunked request body ended before its last chunk", id);
      }
    }
    if (head.framing == BodyFraming::length) {
      const std::int64_t length = head.content_length;
      if (length > limit) {
        close = true;
        return make_problem(413, too_large + " (Content-Length " + std::to_string(length) + ")", id);
      }
      if (static_cast<std::int64_t>(rest.size()) < length) {
        close = true;
        return make_problem(400,
                            "the request body ended after " + std::to_string(rest.size()) + " of " +
                                std::to_string(length) + " bytes",
                            id);
      }
      request.body = std::string(rest.substr(0, static_cast<std::size_t>(length)));
      connection.in.erase(0, connection.head_bytes + static_cast<std::size_t>(length));
      return std::nullopt;
    }
    // Neither: no body (RFC 9112 §6.3 item 7: a request without Content-Length or chunked coding has none).
    connection.in.erase(0, connection.head_bytes);
    return std::nullopt;
  }

  std::size_t send_internal_error(Connection& connection, const Request& request, int minor_version) {
    try {
      const Response response =
          to_response(make_problem(500, "the server failed to answer this request", request.request_id));
      (void)write_all(connection.fd,
                      render_response(response, request.request_id, request.method, true, minor_version),
                      state_.config);
      return response.body.size();
    } catch (...) {
      return 0;
    }
  }

  void finish(const Connection& connection, const Request& request, const Dispatch& dispatch,
              std::size_t bytes, Clock::time_point started) noexcept {
    try {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
      const std::string route = dispatch.route != nullptr ? dispatch.route->name : "unmatched";
      const int status =
          dispatch.exception.empty() || dispatch.response.status == 500 ? dispatch.response.status : 500;
      state_.metrics->observe_request(route, request.method.empty() ? "-" : request.method, status, us);
      std::string line =
          "{\"time\":" + json_quote(utc_timestamp()) + ",\"request_id\":" + json_quote(request.request_id) +
          ",\"method\":" + json_quote(request.method) + ",\"route\":" + json_quote(route) +
          ",\"path_template\":" + json_quote(dispatch.route != nullptr ? dispatch.route->path_template : "") +
          ",\"status\":" + std::to_string(status) + ",\"bytes\":" + std::to_string(bytes) +
          ",\"duration_ms\":" + millis_text(us.count()) + ",\"remote\":" + json_quote(connection.remote);
      if (!dispatch.key_id.empty()) line += ",\"key_id\":" + json_quote(dispatch.key_id);
      if (!dispatch.exception.empty()) line += ",\"error\":" + json_quote(dispatch.exception);
      if (!dispatch.response.log_cause.empty())
        line += ",\"cause\":" + json_quote(dispatch.response.log_cause);
      line += '}';
      state_.log(line);
    } catch (...) {
      // Logging must never take the connection down.
    }
    state_.metrics->request_finished();
  }

  Server::State& state_;
};

std::string address_text(const sockaddr_storage& address) {
  char host[INET6_ADDRSTRLEN] = "?";
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &v4.sin_addr, host, sizeof host);
    return std::string(host) + ':' + std::to_string(ntohs(v4.sin_port));
  }
  if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &v6.sin6_addr, host, sizeof host);
    return '[' + std::string(host) + "]:" + std::to_string(ntohs(v6.sin6_port));
  }
  return host;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// The engine: the listening socket, the front thread (accepts, holds idle and arriving connections, enforces
// the deadlines and budgets) and the workers (answer whole requests).

struct Server::Engine {
  Server::State& state;
  int listen_fd = -1;
  int epoll_fd = -1;
  int wake_fd = -1;  // eventfd: a worker returned a connection, or stop() asks something of the front
  std::thread front;
  std::vector<std::thread> workers;

  // Front thread only.
  std::unordered_map<int, std::unique_ptr<Connection>> held;
  std::size_t busy = 0;                                  // connections with the workers
  std::optional<Clock::time_point> accept_paused_until;  // out of descriptors: the listener is unwatched
  // Held connections with part of a request (head or body phase): a graceful stop waits for them too.
  std::atomic<std::size_t> arriving{0};
  Clock::time_point last_sweep{};

  std::mutex mutex;  // guards everything below
  std::condition_variable work_ready;
  std::condition_variable front_done;
  std::deque<std::unique_ptr<Connection>> queue;      // to the workers
  std::vector<std::unique_ptr<Connection>> returned;  // from the workers
  bool stop_listening = false;
  bool listening_closed = false;
  bool stop_front = false;
  bool stop_workers = false;

  explicit Engine(Server::State& shared) : state(shared) {}

  ~Engine() {
    if (listen_fd >= 0) ::close(listen_fd);
    if (epoll_fd >= 0) ::close(epoll_fd);
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void count_closed(const char* reason) {
    state.metrics
        ->counter("renofee_http_connections_closed_total",
                  "Connections the server closed by a deadline or budget before a request arrived",
                  {{"reason", reason}})
        .add();
  }

  void wake() {
    const std::uint64_t one = 1;
    (void)!::write(wake_fd, &one, sizeof one);
  }

  void watch(Connection& connection) {
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.fd = connection.fd;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, connection.fd, &event);
  }

  // Closes a held connection now.
  void drop(int fd) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    held.erase(fd);
  }

  // A connection whose last answer is out: the server sends FIN and reads what the client still sends for a
  // moment before closing, so that unread request bytes do not turn the close into a reset that destroys
  // the answer on its way (RFC 9112 §9.6).
  void linger(std::unique_ptr<Connection> connection, Clock::time_point now) {
    ::shutdown(connection->fd, SHUT_WR);
    connection->phase = Connection::Phase::closing;
    connection->deadline = now + std::chrono::seconds(2);
    watch(*connection);
    const int fd = connection->fd;
    held[fd] = std::move(connection);
  }

  void hand_off(int fd, int refusal_status, std::string refusal_detail) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    std::unique_ptr<Connection> connection = std::move(held[fd]);
    held.erase(fd);
    connection->phase = Connection::Phase::busy;
    connection->refusal_status = refusal_status;
    connection->refusal_detail = std::move(refusal_detail);
    ++busy;
    state.in_flight.fetch_add(1);
    std::unique_lock lock(mutex);
    if (static_cast<int>(queue.size()) >= state.config.max_queued) {
      lock.unlock();
      // Every worker is busy and the queue is full: 503 at once rather than a wait nobody bounds.
      const std::string id = generate_request_id();
      Problem busy_problem =
          make_problem(503, "the server is busy; retry after the number of seconds in Retry-After", id);
      busy_problem.retry_after_seconds = default_retry_after_seconds;
      const std::string answer = render_response(to_response(busy_problem), id, "GET", true, 1);
      (void)::send(connection->fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      count_closed("queue_full");
      --busy;
      state.in_flight.fetch_sub(1);
      linger(std::move(connection), Clock::now());
      return;
    }
    queue.push_back(std::move(connection));
    lock.unlock();
    work_ready.notify_one();
  }

  // Moves a held connection on as far as its bytes allow: head complete -> body -> handed to a worker.
  void advance(int fd, Clock::time_point now) {
    Connection& connection = *held[fd];
    const ServerConfig& config = state.config;
    if (connection.phase == Connection::Phase::idle || connection.phase == Connection::Phase::head) {
      if (connection.in.empty()) return;
      if (connection.phase == Connection::Phase::idle) {
        connection.phase = Connection::Phase::head;
        // A new connection keeps its deadline from accept; a kept-alive one starts the clock now.
        if (!connection.fresh) connection.deadline = now + seconds(config.header_timeout_s);
      }
      const Result<std::size_t> end = find_head_end(connection.in, state.limits, connection.head_searched);
      if (!end) return hand_off(fd, 400, end.error().message);
      if (*end == 0) {
        connection.head_searched = connection.in.size();
        return;
      }
      Result<RequestHead> head =
          parse_request_head(std::string_view(connection.in).substr(0, *end), state.limits);
      if (!head) return hand_off(fd, 400, head.error().message);
      connection.head = std::move(head).value();
      connection.head_bytes = *end;
      const std::string path = connection.head->target.substr(0, connection.head->target.find('?'));
      const Route* route = state.router->find(connection.head->method, path);
      const bool streams = route != nullptr && route->streams_body;
      if (streams || connection.head->framing == BodyFraming::none ||
          (connection.head->framing == BodyFraming::length &&
           connection.head->content_length > config.max_body_bytes)) {
        return hand_off(fd, 0, {});
      }
      connection.phase = Connection::Phase::body;
      const std::int64_t expected = connection.head->framing == BodyFraming::length
                                        ? connection.head->content_length
                                        : config.max_body_bytes;
      connection.body_deadline =
          now + seconds(config.body_timeout_s) + std::chrono::seconds(expected / config.min_body_rate);
    }
    // Silence bound: receive_timeout since the last bytes, within the body's own deadline.
    connection.deadline = std::min(connection.body_deadline, now + seconds(config.receive_timeout_s));
    if (connection.phase != Connection::Phase::body) return;
    const std::string_view rest = std::string_view(connection.in).substr(connection.head_bytes);
    if (connection.head->framing == BodyFraming::length) {
      if (static_cast<std::int64_t>(rest.size()) >= connection.head->content_length)
        return hand_off(fd, 0, {});
    } else {
      connection.chunked =
          decode_chunked(rest, config.max_body_bytes, state.limits, std::move(connection.chunked));
      if (connection.chunked.status != ChunkedBody::Status::incomplete) return hand_off(fd, 0, {});
    }
    if (connection.head->expect_continue && !connection.continue_sent) {  // RFC 9110 §10.1.1
      connection.continue_sent = true;
      constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
      (void)::send(connection.fd, go_on.data(), go_on.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
  }

  void readable(int fd, Clock::time_point now) {
    const auto it = held.find(fd);
    if (it == held.end()) return;
    Connection& connection = *it->second;
    char buffer[65536];
    const ssize_t received = ::recv(fd, buffer, sizeof buffer, 0);
    if (received < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
      return drop(fd);
    }
    if (connection.phase == Connection::Phase::closing) {
      connection.discarded += static_cast<std::size_t>(received);
      if (received == 0 || connection.discarded > (std::size_t{1} << 20)) drop(fd);
      return;
    }
    if (received == 0) {
      // The client closed its side. Mid-body, the worker answers 400 (the body ended early); otherwise
      // there is no request to answer.
      if (connection.phase == Connection::Phase::body) return hand_off(fd, 0, {});
      return drop(fd);
    }
    connection.in.append(buffer, static_cast<std::size_t>(received));
    advance(fd, now);
  }

  void accept_all(Clock::time_point now) {
    while (true) {
      sockaddr_storage address{};
      socklen_t length = sizeof address;
      const int fd =
          ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&address), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          // Out of descriptors: the pending connection stays in the backlog and keeps the listening socket
          // readable, so stop watching it for a moment instead of spinning (count it once per pause).
          ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
          accept_paused_until = now + std::chrono::milliseconds(100);
          count_closed("out_of_descriptors");
        }
        return;  // EAGAIN, or a connection that went away before it was accepted
      }
      if (held.size() + busy >= static_cast<std::size_t>(state.config.max_connections) &&
          !evict_oldest_idle("connection_budget")) {
        ::close(fd);
        count_closed("connection_budget");
        continue;
      }
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      auto connection = std::make_unique<Connection>();
      connection->fd = fd;
      connection->remote = address_text(address);
      connection->since = now;
      connection->deadline = now + seconds(state.config.header_timeout_s);
      watch(*connection);
      held[fd] = std::move(connection);
      enforce_idle_budget();
    }
  }

  // Closes the connection idle the longest, counted under `reason`; false when none is idle.
  bool evict_oldest_idle(const char* reason) {
    int oldest = -1;
    Clock::time_point since = Clock::time_point::max();
    for (const auto& [fd, connection] : held) {
      if (connection->phase == Connection::Phase::idle && connection->since < since) {
        since = connection->since;
        oldest = fd;
      }
    }
    if (oldest < 0) return false;
    drop(oldest);
    count_closed(reason);
    return true;
  }

  void enforce_idle_budget() {
    std::size_t idle = 0;
    for (const auto& entry : held)
      idle += entry.second->phase == Connection::Phase::idle ? 1 : 0;
    for (; idle > static_cast<std::size_t>(state.config.max_idle_connections); --idle)
      evict_oldest_idle("idle_budget");
  }

  void take_returned(Clock::time_point now) {
    std::vector<std::unique_ptr<Connection>> back;
    {
      std::lock_guard lock(mutex);
      back.swap(returned);
    }
    for (std::unique_ptr<Connection>& connection : back) {
      --busy;
      if (connection->close_after || state.stopping.load()) {
        linger(std::move(connection), now);
        continue;
      }
      connection->reset_request();
      connection->fresh = false;
      connection->phase = Connection::Phase::idle;
      connection->since = now;
      connection->deadline = now + seconds(state.config.keep_alive_timeout_s);
      watch(*connection);
      const int fd = connection->fd;
      held[fd] = std::move(connection);
      advance(fd, now);  // a pipelined request may be there already
    }
    enforce_idle_budget();
  }

  void sweep(Clock::time_point now) {
    std::vector<int> due;
    for (const auto& [fd, connection] : held) {
      if (now >= connection->deadline) due.push_back(fd);
    }
    for (int fd : due) {
      Connection& connection = *held[fd];
      switch (connection.phase) {
        case Connection::Phase::idle:
          count_closed(connection.fresh ? "header_timeout" : "keep_alive_timeout");
          drop(fd);
          break;
        case Connection::Phase::head:
          hand_off(fd, 408,
                   "the request head did not arrive within " + std::to_string(state.config.header_timeout_s) +
                       " s");
          break;
        case Connection::Phase::body:
          hand_off(fd, 408,
                   now >= connection.body_deadline
                       ? "the request body did not arrive within its deadline (" +
                             std::to_string(state.config.body_timeout_s) + " s + its length / " +
                             std::to_string(state.config.min_body_rate) + " B/s)"
                       : "the client sent nothing for " + std::to_string(state.config.receive_timeout_s) +
                             " s while sending the body");
          break;
        case Connection::Phase::closing:
        case Connection::Phase::busy:
          drop(fd);
          break;
      }
    }
  }

  void run_front() {
    epoll_event events[256];
    while (true) {
      const int ready = ::epoll_wait(epoll_fd, events, 256, 50);
      const Clock::time_point now = Clock::now();
      for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        if (fd == wake_fd) {
          std::uint64_t count = 0;
          (void)!::read(wake_fd, &count, sizeof count);
        } else if (fd == listen_fd) {
          accept_all(now);
        } else {
          readable(fd, now);
        }
      }
      take_returned(now);
      if (accept_paused_until && now >= *accept_paused_until && listen_fd >= 0) {
        accept_paused_until.reset();
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = listen_fd;
        ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &event);
      }
      if (now - last_sweep >= std::chrono::milliseconds(50)) {
        sweep(now);
        last_sweep = now;
      }
      std::size_t partial = 0;
      std::vector<int> idle;
      for (const auto& [fd, connection] : held) {
        partial +=
            connection->phase == Connection::Phase::head || connection->phase == Connection::Phase::body ? 1
                                                                                                         : 0;
        if (connection->phase == Connection::Phase::idle) idle.push_back(fd);
      }
      arriving.store(partial);
      if (state.stopping.load()) {
        for (int fd : idle)
          drop(fd);  // no new request starts once shutdown began
      }
      std::unique_lock lock(mutex);
      if (stop_listening && !listening_closed) {
        ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
        ::close(listen_fd);  // new connections are refused instead of waiting in the backlog
        listen_fd = -1;
        listening_closed = true;
        front_done.notify_all();
      }
      if (stop_front) {
        lock.unlock();
        held.clear();  // idle, arriving and closing connections: closed
        return;
      }
    }
  }

  void run_worker() {
    Pipeline pipeline(state);
    while (true) {
      std::unique_ptr<Connection> connection;
      {
        std::unique_lock lock(mutex);
        work_ready.wait(lock, [&] { return stop_workers || !queue.empty(); });
        if (queue.empty()) return;
        connection = std::move(queue.front());
        queue.pop_front();
      }
      connection->close_after = !pipeline.serve(*connection);
      state.in_flight.fetch_sub(1);
      {
        std::lock_guard lock(mutex);
        returned.push_back(std::move(connection));
      }
      wake();
    }
  }
};

// ---------------------------------------------------------------------------------------------------------

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
  state_->config = config_;
}

Server::~Server() {
  if (engine_ && !stopped_) (void)stop(std::chrono::seconds(config_.shutdown_timeout_s));
  if (engine_) {
    {
      std::lock_guard lock(engine_->mutex);
      engine_->stop_workers = true;
    }
    engine_->work_ready.notify_all();
    for (std::thread& worker : engine_->workers) {
      if (worker.joinable()) worker.join();
    }
  }
}

Result<void> Server::start() {
  const std::string where = config_.bind + ":" + std::to_string(config_.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
  addrinfo* found = nullptr;
  if (::getaddrinfo(config_.bind.c_str(), std::to_string(config_.port).c_str(), &hints, &found) != 0 ||
      found == nullptr) {
    return unavailable("cannot serve on " + where + ": not an address", "bind");
  }
  auto engine = std::make_unique<Engine>(*state_);
  engine->listen_fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  bool ok = engine->listen_fd >= 0 &&
            ::setsockopt(engine->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
            ::bind(engine->listen_fd, found->ai_addr, found->ai_addrlen) == 0 &&
            ::listen(engine->listen_fd, 1024) == 0;
  const int bind_errno = errno;
  ::freeaddrinfo(found);
  if (!ok) return unavailable("cannot serve on " + where + ": " + std::strerror(bind_errno), "bind");
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(engine->listen_fd, reinterpret_cast<sockaddr*>(&bound), &length);
  port_ = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6&>(bound).sin6_port)
                                      : ntohs(reinterpret_cast<sockaddr_in&>(bound).sin_port);
  engine->epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  engine->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (engine->epoll_fd < 0 || engine->wake_fd < 0)
    return unavailable("cannot serve: epoll/eventfd failed", "bind");
  for (int fd : {engine->listen_fd, engine->wake_fd}) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    ::epoll_ctl(engine->epoll_fd, EPOLL_CTL_ADD, fd, &event);
  }
  for (int i = 0; i < config_.threads; ++i)
    engine->workers.emplace_back([e = engine.get()] { e->run_worker(); });
  engine->front = std::thread([e = engine.get()] { e->run_front(); });
  engine_ = std::move(engine);
  return success();
}

bool Server::stop(std::chrono::milliseconds grace) {
  if (!engine_ || stopped_) return true;
  stopped_ = true;
  state_->stopping.store(true);
  Engine& engine = *engine_;
  {
    std::unique_lock lock(engine.mutex);
    engine.stop_listening = true;
    engine.wake();
    engine.front_done.wait_for(lock, std::chrono::seconds(5), [&] { return engine.listening_closed; });
  }
  const Clock::time_point deadline = Clock::now() + grace;
  // Requests count from their first byte: those still arriving are read, answered and closed too.
  const auto busy = [&] { return state_->in_flight.load() > 0 || engine.arriving.load() > 0; };
  while (busy() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const bool drained = !busy();
  {
    std::lock_guard lock(engine.mutex);
    engine.stop_front = true;
    engine.stop_workers = drained;
  }
  engine.wake();
  engine.front.join();  // idle keep-alive connections are closed now
  if (drained) {
    engine.work_ready.notify_all();
    for (std::thread& worker : engine.workers)
      worker.join();
  }
  return drained;
}

}  // namespace renofee::http
