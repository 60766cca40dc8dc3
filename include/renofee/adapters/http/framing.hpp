// renofee/adapters/http/framing.hpp
//
// Purpose: HTTP/1.1 message framing of requests as renofee's server reads them off the wire (server.cpp):
// where a request head ends, what it says, and where a chunked body ends. Pure functions over bytes, so
// the rules are unit-tested and fuzzed (fuzz/http_framing_fuzz.cpp) without sockets. One parser decides
// the framing, and the pipeline uses exactly what it decided: a request the parser cannot frame with
// certainty is refused with 400 and its connection closed, never guessed at (the way request smuggling
// works is two readers disagreeing on where a request ends).
//
// Rules (RFC 9112 unless noted):
//   - Lines end in CRLF (§2.2); a bare CR or bare LF inside the head is refused. Empty lines before the
//     request line are skipped (§2.2: SHOULD ignore at least one).
//   - Request line (§3): method SP request-target SP HTTP-version; the method a token (RFC 9110 §5.6.2) of
//     at most 32 bytes, the target 1..max_target_bytes visible ASCII bytes, the version exactly HTTP/1.1 or
//     HTTP/1.0.
//   - Field lines (§5): name a token, then ':' with no whitespace before it (§5.1: MUST 400), the value
//     with optional whitespace around it trimmed; no obs-fold (§5.2: rejected with 400); no CTL other than
//     HTAB in a value (RFC 9110 §5.5). At most max_fields fields, names of max_name_bytes, values of
//     max_value_bytes, the head at most max_head_bytes.
//   - Framing (§6.1, §6.3): Transfer-Encoding in a request must be exactly one coding, "chunked"
//     (case-insensitive). Any other value (an unknown coding, a list, "identity", chunked not last, TE in an
//     HTTP/1.0 request) is a 400: §6.1 allows 501 for an unknown coding, but a request we cannot frame is
//     a framing error for the connection too, and one status keeps the answer simple. Content-Length must be
//     1..18 decimal digits (RFC 9110 §8.6; no sign, no list, no spaces inside); an invalid value, two
//     Content-Length fields (even equal ones), or Content-Length together with Transfer-Encoding (§6.3 item
//     3: "ought to be handled as an error") is a 400.
//   - Fields that must appear once: Host (§3.2: a request with more than one, or an HTTP/1.1 request with
//     none, MUST get 400), Content-Type, and Authorization (RFC 9110 §11.6.2 defines one credential per
//     request: with two, servers and proxies may each pick a different one).
//   - Persistence (§9.3): HTTP/1.1 keeps the connection unless Connection lists "close"; HTTP/1.0 only when
//     it lists "keep-alive". `Expect: 100-continue` is noted (RFC 9110 §10.1.1).
//   - Chunked bodies (§7.1): chunk-size 1*HEXDIG (at most 15 digits), optional extensions (ignored, at most
//     1024 bytes), CRLF, data, CRLF; the last chunk "0", then trailer fields (read and dropped, at most
//     max_fields lines and max_value_bytes in all) and CRLF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "renofee/core/base/result.hpp"

namespace renofee::http {

struct HeadLimits {
  std::size_t max_head_bytes = 65536;
  std::size_t max_target_bytes = 16384;
  std::size_t max_fields = 100;
  std::size_t max_name_bytes = 256;
  std::size_t max_value_bytes = 8192;
};

enum class BodyFraming { none, length, chunked };

struct RequestHead {
  std::string method;
  std::string target;                                       // as sent: path and query
  int minor_version = 1;                                    // HTTP/1.<minor>: 0 or 1
  std::vector<std::pair<std::string, std::string>> fields;  // in order, names as sent, values trimmed
  BodyFraming framing = BodyFraming::none;
  std::int64_t content_length = 0;  // framing == length
  bool keep_alive = true;
  bool expect_continue = false;
};

// Where the head in `buffer` ends: the offset just past its blank line; 0 while the blank line has not
// arrived. An invalid_argument when the head is already known to be bad: over limits.max_head_bytes without
// a blank line. `searched`: the size of `buffer` when an earlier call returned 0, so a head arriving in many
// small reads is scanned once, not once per read.
Result<std::size_t> find_head_end(std::string_view buffer, const HeadLimits& limits,
                                  std::size_t searched = 0);

// Parses a complete head (`head` ends with its blank line, as find_head_end delimits it). Every refusal is
// an invalid_argument whose message is the problem detail ("two Content-Length fields"); the field, when
// one is to blame, is its name ("Content-Length").
Result<RequestHead> parse_request_head(std::string_view head, const HeadLimits& limits);

struct ChunkedBody {
  enum class Status { complete, incomplete, malformed, too_large };
  Status status = Status::incomplete;
  std::string body;          // complete: the decoded data; incomplete: the data of the chunks decoded so far
  std::size_t consumed = 0;  // complete: bytes of `buffer` the body took, trailers included; incomplete:
                             // where the chunk not yet whole starts (decoding resumes there)
  std::string detail;        // malformed, too_large: why
};

// Decodes the chunked body at the start of `buffer`; `incomplete` while more bytes are needed, `too_large`
// as soon as the decoded data would pass `max_body_bytes`. `from`: an earlier incomplete result for a prefix
// of `buffer`; decoding resumes where it stopped (same outcome as from the start; each chunk is decoded once).
ChunkedBody decode_chunked(std::string_view buffer, std::int64_t max_body_bytes, const HeadLimits& limits,
                           ChunkedBody from = {});

}  // namespace renofee::http
