// renofee/adapters/http/response_stream.hpp
//
// Purpose: the response body of a route that answers while it still reads (POST /v1/quotes/batch: one NDJSON
// line out per offer line in), so neither side holds the whole batch. The server's implementation
// (server.cpp) sends the status line and headers at `begin`, then every `write` as one chunk of HTTP/1.1
// chunked transfer coding (RFC 9112 §7.1); `StringResponseStream` collects the body for tests.
//
// Contract: a handler calls `begin` once, before the first `write`, and then returns
// `Response::streamed(status)`; the server sends nothing more of its own except the last chunk. Once begun,
// the status can no longer change: a streaming route reports a later failure inside the body (its format says
// how) and the server closes the connection when the request body was not read to its end. `write` returns
// false when the client has gone: the handler stops producing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace renofee::http {

class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Sends the status line and the headers (the server adds X-Request-Id). Only once.
  virtual void begin(int status, std::string_view content_type) = 0;
  // Sends `piece` as the next part of the body now; false when the client is gone.
  virtual bool write(std::string_view piece) = 0;
  [[nodiscard]] virtual bool begun() const noexcept = 0;
};

class StringResponseStream final : public ResponseStream {
 public:
  // `fail_after_writes`: the client goes away after that many successful writes (tests of early stops).
  explicit StringResponseStream(std::size_t fail_after_writes = static_cast<std::size_t>(-1))
      : fail_after_(fail_after_writes) {}
  void begin(int status, std::string_view content_type) override {
    status_ = status;
    content_type_ = std::string(content_type);
    begun_ = true;
  }
  bool write(std::string_view piece) override {
    if (!begun_ || writes_ >= fail_after_) return false;
    ++writes_;
    body_ += piece;
    return true;
  }
  [[nodiscard]] bool begun() const noexcept override { return begun_; }
  [[nodiscard]] int status() const noexcept { return status_; }
  [[nodiscard]] const std::string& content_type() const noexcept { return content_type_; }
  [[nodiscard]] const std::string& body() const noexcept { return body_; }
  [[nodiscard]] std::size_t writes() const noexcept { return writes_; }

 private:
  std::size_t fail_after_;
  bool begun_ = false;
  int status_ = 0;
  std::string content_type_;
  std::string body_;
  std::size_t writes_ = 0;
};

}  // namespace renofee::http
