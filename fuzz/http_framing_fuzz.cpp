// Fuzz target `http_framing`: the bytes a client sends on a connection, read as renofee's server reads them
// (adapters/http/framing.hpp): where the request head ends, what it says, and where a chunked body ends.
// This is the parser that decides where one request stops and the next begins, so its properties are about
// agreeing with itself (request smuggling is two readings of the same bytes that disagree).
//
// Input: the raw bytes of a connection (a request head, maybe a body, maybe more requests).
//
// Properties:
//   - find_head_end: the end is within the input, just past a line feed; a refusal is a well-formed error;
//   - parse_request_head of a complete head: a refusal is an invalid_argument with a message; an accepted
//     head has a token method of 1..32 bytes, a visible-ASCII target, version 1.0 or 1.1, at most one Host,
//     Content-Length, Transfer-Encoding, Authorization and Content-Type field, chunked framing only with
//     Transfer-Encoding: chunked and no Content-Length, a Content-Length equal to its digits, and an HTTP/1.1
//     Host; written back in canonical form (request line, "name: value" fields, CRLF) it parses to the same
//     head (a fixed point);
//   - both resume: a head search or a chunked decoding continued from the result of the first half of the
//     input ends as one call over the whole input does;
//   - decode_chunked of what follows the head: complete consumes no more than it was given, its body is
//     within the limit, decoding exactly the consumed bytes gives the same body, appending bytes changes
//     nothing (the end does not depend on what comes next), every shorter prefix is incomplete (the end is
//     never found early), and the body re-encoded as one chunk decodes to itself.
#include <string>

#include "fuzz_check.hpp"
#include "renofee/adapters/http/framing.hpp"
#include "renofee/adapters/http/message.hpp"

namespace {

using renofee::http::BodyFraming;
using renofee::http::ChunkedBody;
using renofee::http::HeadLimits;
using renofee::http::RequestHead;

constexpr std::int64_t max_body = 1 << 16;

bool same(const RequestHead& a, const RequestHead& b) {
  return a.method == b.method && a.target == b.target && a.minor_version == b.minor_version &&
         a.fields == b.fields && a.framing == b.framing && a.content_length == b.content_length &&
         a.keep_alive == b.keep_alive && a.expect_continue == b.expect_continue;
}

std::string canonical(const RequestHead& head) {
  std::string text =
      head.method + ' ' + head.target + " HTTP/1." + std::to_string(head.minor_version) + "\r\n";
  for (const auto& [name, value] : head.fields)
    text += name + ": " + value + "\r\n";
  return text + "\r\n";
}

void check_head(const RequestHead& head, const HeadLimits& limits) {
  FUZZ_CHECK(!head.method.empty() && head.method.size() <= 32, head.method);
  FUZZ_CHECK(!head.target.empty() && head.target.size() <= limits.max_target_bytes, head.target);
  for (char c : head.target)
    FUZZ_CHECK(c > 0x20 && c < 0x7F, head.target);
  FUZZ_CHECK(head.minor_version == 0 || head.minor_version == 1, std::to_string(head.minor_version));
  int hosts = 0, lengths = 0, encodings = 0, authorizations = 0, types = 0;
  std::string length_value;
  for (const auto& [name, value] : head.fields) {
    using renofee::http::equals_ignore_case;
    hosts += equals_ignore_case(name, "Host") ? 1 : 0;
    encodings += equals_ignore_case(name, "Transfer-Encoding") ? 1 : 0;
    authorizations += equals_ignore_case(name, "Authorization") ? 1 : 0;
    types += equals_ignore_case(name, "Content-Type") ? 1 : 0;
    if (equals_ignore_case(name, "Content-Length")) {
      ++lengths;
      length_value = value;
    }
  }
  FUZZ_CHECK(hosts <= 1 && lengths <= 1 && encodings <= 1 && authorizations <= 1 && types <= 1,
             canonical(head));
  FUZZ_CHECK(head.minor_version == 0 || hosts == 1, canonical(head));
  FUZZ_CHECK(lengths + encodings <= 1, canonical(head));
  FUZZ_CHECK((head.framing == BodyFraming::chunked) == (encodings == 1), canonical(head));
  FUZZ_CHECK((head.framing == BodyFraming::length) == (lengths == 1), canonical(head));
  if (head.framing == BodyFraming::length) {
    std::int64_t digits = 0;
    for (char c : length_value) {
      FUZZ_CHECK(c >= '0' && c <= '9', length_value);
      digits = digits * 10 + (c - '0');
    }
    FUZZ_CHECK(digits == head.content_length, length_value);
  }
}

void check_chunked(std::string_view rest, const HeadLimits& limits) {
  const ChunkedBody decoded = renofee::http::decode_chunked(rest, max_body, limits);
  // Resuming from the result of the first half ends as decoding the whole at once does.
  ChunkedBody half = renofee::http::decode_chunked(rest.substr(0, rest.size() / 2), max_body, limits);
  if (half.status == ChunkedBody::Status::incomplete) {
    const ChunkedBody resumed = renofee::http::decode_chunked(rest, max_body, limits, std::move(half));
    FUZZ_CHECK(resumed.status == decoded.status && resumed.body == decoded.body &&
                   (decoded.status != ChunkedBody::Status::complete || resumed.consumed == decoded.consumed),
               "resumed decoding differs from decoding at once");
  }
  if (decoded.status == ChunkedBody::Status::malformed || decoded.status == ChunkedBody::Status::too_large) {
    FUZZ_CHECK(!decoded.detail.empty(), "a refusal without a detail");
    return;
  }
  if (decoded.status != ChunkedBody::Status::complete) return;
  FUZZ_CHECK(decoded.consumed <= rest.size(), std::to_string(decoded.consumed));
  FUZZ_CHECK(static_cast<std::int64_t>(decoded.body.size()) <= max_body, std::to_string(decoded.body.size()));
  const std::string_view exact = rest.substr(0, decoded.consumed);
  const ChunkedBody again = renofee::http::decode_chunked(exact, max_body, limits);
  FUZZ_CHECK(again.status == ChunkedBody::Status::complete && again.body == decoded.body &&
                 again.consumed == decoded.consumed,
             "decoding the consumed bytes alone differs");
  const ChunkedBody longer =
      renofee::http::decode_chunked(std::string(exact) + "0\r\n\r\nGET", max_body, limits);
  FUZZ_CHECK(longer.status == ChunkedBody::Status::complete && longer.consumed == decoded.consumed,
             "bytes after the body moved its end");
  // Every shorter prefix is incomplete (checked at a few cuts; all of them for short bodies).
  const std::size_t step = exact.size() > 512 ? exact.size() / 64 : 1;
  for (std::size_t cut = 0; cut < exact.size(); cut += step) {
    const ChunkedBody part = renofee::http::decode_chunked(exact.substr(0, cut), max_body, limits);
    FUZZ_CHECK(part.status == ChunkedBody::Status::incomplete,
               "a prefix of " + std::to_string(cut) + " bytes is not incomplete: " + part.detail);
  }
  char size[24];
  std::snprintf(size, sizeof size, "%zx\r\n", decoded.body.size());
  const std::string one_chunk =
      decoded.body.empty() ? std::string("0\r\n\r\n") : std::string(size) + decoded.body + "\r\n0\r\n\r\n";
  const ChunkedBody rewritten = renofee::http::decode_chunked(one_chunk, max_body, limits);
  FUZZ_CHECK(rewritten.status == ChunkedBody::Status::complete && rewritten.body == decoded.body,
             "the body as one chunk does not decode to itself");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = renofee::fuzz::as_text(data, size);
  HeadLimits limits;
  limits.max_head_bytes = 4096;  // small limits reach the limit paths with small inputs
  limits.max_target_bytes = 512;
  limits.max_fields = 20;
  limits.max_name_bytes = 64;
  limits.max_value_bytes = 512;
  const renofee::Result<std::size_t> end = renofee::http::find_head_end(input, limits);
  // A search resumed after a first half that had no end finds what one search finds.
  const renofee::Result<std::size_t> first = renofee::http::find_head_end(input.substr(0, size / 2), limits);
  if (first.ok() && *first == 0) {
    const renofee::Result<std::size_t> resumed = renofee::http::find_head_end(input, limits, size / 2);
    FUZZ_CHECK(resumed.ok() == end.ok() && (!end.ok() || *resumed == *end), "resumed head search differs");
  }
  if (!end) {
    FUZZ_CHECK(renofee::fuzz::well_formed(end.error()), end.error().message);
    return 0;
  }
  if (*end == 0) return 0;
  FUZZ_CHECK(*end <= input.size() && input[*end - 1] == '\n', std::to_string(*end));
  const renofee::Result<RequestHead> head = renofee::http::parse_request_head(input.substr(0, *end), limits);
  if (!head) {
    FUZZ_CHECK(head.error().code == renofee::ErrorCode::invalid_argument && !head.error().message.empty(),
               head.error().message);
    // The body decoder is exercised on what follows even so (a connection may start with anything).
    check_chunked(input.substr(*end), limits);
    return 0;
  }
  check_head(*head, limits);
  const std::string text = canonical(*head);
  HeadLimits roomier = limits;  // ": " after every name may make the canonical head a little longer
  roomier.max_head_bytes += 2 * limits.max_fields + 2;
  const renofee::Result<RequestHead> reparsed = renofee::http::parse_request_head(text, roomier);
  FUZZ_CHECK(reparsed.ok() && same(*head, *reparsed),
             "the canonical head does not parse to itself: " + text +
                 (reparsed.ok() ? std::string() : reparsed.error().message));
  check_chunked(input.substr(*end), limits);
  return 0;
}
