// renofee/adapters/http/body_stream.hpp
//
// Purpose: the request body of a streaming route (uploads, batch quotes), read by the handler piece by piece
// so memory stays flat whatever the upload size. The server's implementation (server.cpp) reads from the
// socket and enforces the upload limit and the receive timeout; `StringBodyStream` serves tests and buffered
// bodies.
//
// Contract: `read` returns up to `n` bytes, 0 at the end of the body. When the body cannot be read
// completely (over the limit: 413; client silent for the receive timeout: 408; connection closed before
// Content-Length bytes, or a malformed chunk: 400), `read` returns 0 and `failure()` holds the problem to
// answer (bytes that arrived before the connection closed are returned first): a handler must check it before
// acting on what it read, so a cut-off upload is never stored as a shorter one.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <streambuf>
#include <string>

#include "renofee/adapters/http/problem.hpp"

namespace renofee::http {

class BodyStream {
 public:
  virtual ~BodyStream() = default;
  virtual std::size_t read(char* buffer, std::size_t n) = 0;
  [[nodiscard]] virtual const std::optional<Problem>& failure() const noexcept = 0;
};

class StringBodyStream final : public BodyStream {
 public:
  explicit StringBodyStream(std::string body, std::optional<Problem> failure_at_end = std::nullopt)
      : body_(std::move(body)), failure_at_end_(std::move(failure_at_end)) {}
  std::size_t read(char* buffer, std::size_t n) override {
    const std::size_t count = std::min(n, body_.size() - position_);
    body_.copy(buffer, count, position_);
    position_ += count;
    if (count == 0 && failure_at_end_) failure_ = failure_at_end_;
    return count;
  }
  [[nodiscard]] const std::optional<Problem>& failure() const noexcept override { return failure_; }

 private:
  std::string body_;
  std::size_t position_ = 0;
  std::optional<Problem> failure_at_end_;
  std::optional<Problem> failure_;
};

// A BodyStream as a std::streambuf, so line readers (io::LineReader) can read a streamed body through an
// std::istream. Reading stops at the body's end or failure (check the BodyStream's failure() afterwards).
class BodyStreamBuf final : public std::streambuf {
 public:
  explicit BodyStreamBuf(BodyStream& body) : body_(body) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const std::size_t got = body_.read(buffer_.data(), buffer_.size());
    if (got == 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
    return traits_type::to_int_type(*gptr());
  }

 private:
  BodyStream& body_;
  std::array<char, 16384> buffer_{};
};

}  // namespace renofee::http
