// Test plan for framing.hpp (pure, no sockets):
//   find_head_end: incomplete heads wait (0), the end is just past the blank line, leading CRLFs are
//   skipped, a bare "\n\n" ends the search (the parser names the fault), a head over the limit is refused.
//   parse_request_head: a normal GET and POST (fields in order, values trimmed, keep-alive rules of 1.1 and
//   1.0, Expect: 100-continue); then one row per refusal with the detail it must name: each case of RFC
//   9112 §6.3 (two Content-Length fields, equal or not; -1, abc, "+5", "1,1", 19 digits; Content-Length with
//   Transfer-Encoding; gzip, "chunked, chunked", identity, chunked in HTTP/1.0), two Host / Authorization /
//   Content-Type fields, no Host in 1.1, whitespace before ':', obs-fold, bare CR and LF, control bytes,
//   bad request lines and versions, the field limits.
//   decode_chunked: one and several chunks, extensions, trailers; incomplete at every cut of a valid body;
//   malformed sizes ("zz", "-1", 16 hex digits, "5 x") and data without CRLF; too_large as soon as the sum
//   passes the limit; `consumed` leaves what follows (a pipelined request) untouched.
#include "renofee/adapters/http/framing.hpp"

#include <gtest/gtest.h>

namespace renofee::http {
namespace {

const HeadLimits limits;

Result<RequestHead> parse(const std::string& head) {
  return parse_request_head(head, limits);
}

TEST(FindHeadEnd, WaitsFindsAndLimits) {
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t cut = 0; cut < head.size(); ++cut) {
    SCOPED_TRACE(cut);
    const Result<std::size_t> end = find_head_end(head.substr(0, cut), limits);
    ASSERT_TRUE(end.ok());
    EXPECT_EQ(*end, 0u);
  }
  EXPECT_EQ(*find_head_end(head + "GET /next", limits), head.size());
  EXPECT_EQ(*find_head_end("\r\n\r\n" + head, limits), head.size() + 4);
  EXPECT_EQ(*find_head_end("GET / HTTP/1.1\nHost: x\n\n", limits), 24u);
  const Result<std::size_t> huge = find_head_end("GET /" + std::string(70000, 'a'), limits);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().message, "the request head is larger than 65536 bytes");
}

TEST(ParseRequestHead, GetAndPost) {
  const Result<RequestHead> get =
      parse("GET /healthz?x=1 HTTP/1.1\r\nHost: a\r\nX-Request-Id:  abc \t\r\n\r\n");
  ASSERT_TRUE(get.ok()) << get.error();
  EXPECT_EQ(get->method, "GET");
  EXPECT_EQ(get->target, "/healthz?x=1");
  EXPECT_EQ(get->minor_version, 1);
  ASSERT_EQ(get->fields.size(), 2u);
  EXPECT_EQ(get->fields[1], (std::pair<std::string, std::string>{"X-Request-Id", "abc"}));
  EXPECT_EQ(get->framing, BodyFraming::none);
  EXPECT_TRUE(get->keep_alive);
  EXPECT_FALSE(get->expect_continue);

  const Result<RequestHead> post = parse(
      "POST /v1/quotes HTTP/1.1\r\nHost: a\r\nContent-Length: 0042\r\nConnection: keep-alive, Close\r\n"
      "Expect: 100-continue\r\n\r\n");
  ASSERT_TRUE(post.ok()) << post.error();
  EXPECT_EQ(post->framing, BodyFraming::length);
  EXPECT_EQ(post->content_length, 42);
  EXPECT_FALSE(post->keep_alive);
  EXPECT_TRUE(post->expect_continue);

  const Result<RequestHead> chunked =
      parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n");
  ASSERT_TRUE(chunked.ok()) << chunked.error();
  EXPECT_EQ(chunked->framing, BodyFraming::chunked);

  const Result<RequestHead> old = parse("GET / HTTP/1.0\r\n\r\n");  // HTTP/1.0 needs no Host
  ASSERT_TRUE(old.ok()) << old.error();
  EXPECT_EQ(old->minor_version, 0);
  EXPECT_FALSE(old->keep_alive);
  EXPECT_TRUE(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")->keep_alive);
}

TEST(ParseRequestHead, RefusalsNameTheFault) {
  struct Row {
    int line;
    std::string fields;  // after "POST / HTTP/1.1\r\nHost: a\r\n" unless `whole`
    std::string detail;
    std::string field = {};
    bool whole = false;
  };
  const Row rows[] = {
      {__LINE__, "Content-Length: 5\r\nContent-Length: 6\r\n", "two Content-Length fields in one request",
       "Content-Length"},
      {__LINE__, "Content-Length: 5\r\nContent-Length: 5\r\n", "two Content-Length fields in one request",
       "Content-Length"},
      {__LINE__, "Content-Length: -1\r\n", "Content-Length must be 1..18 decimal digits", "Content-Length"},
      {__LINE__, "Content-Length: abc\r\n", "Content-Length must be 1..18 decimal digits", "Content-Length"},
      {__LINE__, "Content-Length: +5\r\n", "Content-Length must be 1..18 decimal digits", "Content-Length"},
      {__LINE__, "Content-Length: 1,1\r\n", "Content-Length must be 1..18 decimal digits", "Content-Length"},
      {__LINE__, "Content-Length: 1 1\r\n", "Content-Length must be 1..18 decimal digits", "Content-Length"},
      {__LINE__, "Content-Length:\r\n", "Content-Length must be 1..18 decimal digits", "Content-Length"},
      {__LINE__, "Content-Length: 1234567890123456789\r\n", "Content-Length must be 1..18 decimal digits",
       "Content-Length"},
      {__LINE__, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
       "Content-Length and Transfer-Encoding in one request", "Transfer-Encoding"},
      {__LINE__, "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
       "Content-Length and Transfer-Encoding in one request", "Transfer-Encoding"},
      {__LINE__, "Transfer-Encoding: gzip\r\n",
       "Transfer-Encoding must be \"chunked\" (no other transfer coding is accepted)", "Transfer-Encoding"},
      {__LINE__, "Transfer-Encoding: chunked, chunked\r\n",
       "Transfer-Encoding must be \"chunked\" (no other transfer coding is accepted)", "Transfer-Encoding"},
      {__LINE__, "Transfer-Encoding: gzip, chunked\r\n",
       "Transfer-Encoding must be \"chunked\" (no other transfer coding is accepted)", "Transfer-Encoding"},
      {__LINE__, "Transfer-Encoding: identity\r\n",
       "Transfer-Encoding must be \"chunked\" (no other transfer coding is accepted)", "Transfer-Encoding"},
      {__LINE__, "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
       "two Transfer-Encoding fields in one request", "Transfer-Encoding"},
      {__LINE__, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
       "Transfer-Encoding in an HTTP/1.0 request", "Transfer-Encoding", true},
      {__LINE__, "Authorization: Bearer a\r\nauthorization: Bearer b\r\n",
       "two Authorization fields in one request", "Authorization"},
      {__LINE__, "Content-Type: text/csv\r\nContent-Type: application/json\r\n",
       "two Content-Type fields in one request", "Content-Type"},
      {__LINE__, "Host: b\r\n", "two Host fields in one request", "Host"},
      {__LINE__, "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", "an HTTP/1.1 request without Host", "Host", true},
      {__LINE__, "Content-Length : 5\r\n", "a header name is not a token (no whitespace before ':')"},
      {__LINE__, "X-A: 1\r\n folded\r\n", "a folded header line (obs-fold) is not accepted"},
      {__LINE__, "X-A: 1\nX-B: 2\r\n", "a bare CR or LF in the request head (lines end with CRLF)"},
      {__LINE__, "X-A: 1\rX-B: 2\r\n", "a bare CR or LF in the request head (lines end with CRLF)"},
      {__LINE__, std::string("X-A: a\0b\r\n", 10), "header X-A contains a control character", "X-A"},
      {__LINE__, "NoColon\r\n", "a header line without ':'"},
      {__LINE__, "X-A: " + std::string(8193, 'v') + "\r\n", "header X-A is longer than 8192 bytes", "X-A"},
      {__LINE__, std::string(257, 'N') + ": v\r\n", "a header name is longer than 256 bytes"},
      {__LINE__, "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", "the request line is not \"METHOD target HTTP/1.1\"",
       "", true},
      {__LINE__, "GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", "the request line is not \"METHOD target HTTP/1.1\"",
       "", true},
      {__LINE__, "GET / HTTP/2.0\r\nHost: a\r\n\r\n", "the HTTP version is not HTTP/1.1 or HTTP/1.0", "",
       true},
      {__LINE__, "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", "the request method is not a token of 1..32 bytes", "",
       true},
      {__LINE__, "GET /\x7f HTTP/1.1\r\nHost: a\r\n\r\n",
       "the request target contains a byte that is not visible ASCII", "", true},
      {__LINE__, "GET /" + std::string(16384, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n",
       "the request target is empty or longer than 16384 bytes", "", true},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const std::string head = row.whole ? row.fields : "POST / HTTP/1.1\r\nHost: a\r\n" + row.fields + "\r\n";
    const Result<RequestHead> parsed = parse(head);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(parsed.error().message, row.detail);
    EXPECT_EQ(parsed.error().field, row.field);
  }
  std::string many = "GET / HTTP/1.1\r\nHost: a\r\n";
  for (int i = 0; i < 100; ++i)
    many += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(parse(many + "\r\n").error().message, "more than 100 header fields");
}

TEST(DecodeChunked, CompleteIncompleteAndPipelined) {
  const std::string body = "5;name=value\r\nhello\r\n1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: t\r\n\r\n";
  const ChunkedBody whole = decode_chunked(body + "GET /next HTTP/1.1\r\n", 100, limits);
  ASSERT_EQ(whole.status, ChunkedBody::Status::complete) << whole.detail;
  EXPECT_EQ(whole.body, "hello world!");
  EXPECT_EQ(whole.consumed, body.size());
  // Every cut is incomplete; resuming from each cut's result, byte by byte, ends as decoding it whole does.
  ChunkedBody resumed;
  for (std::size_t cut = 0; cut < body.size(); ++cut) {
    SCOPED_TRACE(cut);
    EXPECT_EQ(decode_chunked(body.substr(0, cut), 100, limits).status, ChunkedBody::Status::incomplete);
    resumed = decode_chunked(body.substr(0, cut), 100, limits, std::move(resumed));
    ASSERT_EQ(resumed.status, ChunkedBody::Status::incomplete);
    EXPECT_LE(resumed.consumed, cut);
  }
  resumed = decode_chunked(body, 100, limits, std::move(resumed));
  EXPECT_EQ(resumed.status, ChunkedBody::Status::complete);
  EXPECT_EQ(resumed.body, whole.body);
  EXPECT_EQ(resumed.consumed, whole.consumed);
  // The head search resumes too.
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  std::size_t searched = 0;
  for (std::size_t cut = 0; cut < head.size(); ++cut) {
    ASSERT_EQ(*find_head_end(head.substr(0, cut), limits, searched), 0u);
    searched = cut;
  }
  EXPECT_EQ(*find_head_end(head, limits, searched), head.size());
  EXPECT_EQ(decode_chunked("0\r\n\r\n", 0, limits).status, ChunkedBody::Status::complete);
}

TEST(DecodeChunked, MalformedAndTooLarge) {
  for (const char* bad : {"zz\r\n", "-1\r\n", "10000000000000000\r\n", "5 x\r\nhello\r\n", "5\r\nhelloXX",
                          "0\r\nno colon\r\n\r\n"}) {
    SCOPED_TRACE(bad);
    const ChunkedBody decoded = decode_chunked(bad, 100, limits);
    EXPECT_EQ(decoded.status, ChunkedBody::Status::malformed);
    EXPECT_FALSE(decoded.detail.empty());
  }
  const ChunkedBody trailers =
      decode_chunked("0\r\nX-Big: " + std::string(8190, 'v') + "\r\n\r\n", 100, limits);
  EXPECT_EQ(trailers.status, ChunkedBody::Status::malformed);
  EXPECT_EQ(trailers.detail, "the trailer section is too long");
  const ChunkedBody large = decode_chunked("5\r\nhello\r\n6\r\n", 10, limits);
  EXPECT_EQ(large.status, ChunkedBody::Status::too_large);
  EXPECT_EQ(large.detail, "the request body exceeds 10 bytes");
  EXPECT_EQ(decode_chunked("fffffffffffffff\r\n", 1 << 20, limits).status, ChunkedBody::Status::too_large);
}

}  // namespace
}  // namespace renofee::http
