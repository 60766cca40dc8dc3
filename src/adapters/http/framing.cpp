#include "renofee/adapters/http/framing.hpp"

#include "renofee/adapters/http/message.hpp"

#include <algorithm>

namespace renofee::http {
namespace {

// tchar (RFC 9110 §5.6.2).
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar);
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

// Empty lines (CRLF) before the request line (RFC 9112 §2.2), at most a few.
std::size_t leading_empty_lines(std::string_view buffer) {
  std::size_t at = 0;
  for (int i = 0; i < 8 && buffer.substr(at, 2) == "\r\n"; ++i)
    at += 2;
  return at;
}

// True when the comma-separated list `value` holds `token` (case-insensitive), as Connection does.
bool lists_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (equals_ignore_case(trim_ows(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

Error bad(std::string message, std::string field = {}) {
  return Error{ErrorCode::invalid_argument, std::move(message), std::move(field)};
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The lines of a head that ends with its blank line, the blank line dropped; every line ended in CRLF.
Result<std::vector<std::string_view>> head_lines(std::string_view head) {
  for (std::size_t i = 0; i < head.size(); ++i) {
    const bool lf_after_cr = head[i] == '\n' && i > 0 && head[i - 1] == '\r';
    const bool cr_before_lf = head[i] == '\r' && i + 1 < head.size() && head[i + 1] == '\n';
    if ((head[i] == '\n' && !lf_after_cr) || (head[i] == '\r' && !cr_before_lf)) {
      return bad("a bare CR or LF in the request head (lines end with CRLF)");
    }
  }
  if (!head.ends_with("\r\n\r\n")) return bad("the request head does not end with an empty line (CRLF CRLF)");
  // Lines, each ending in CRLF; a CR or LF anywhere else is a fault.
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < head.size();) {
    const std::size_t end = head.find("\r\n", at);
    const std::string_view line = head.substr(at, end - at);
    if (line.find_first_of("\r\n") != std::string_view::npos) {
      return bad("a bare CR or LF in the request head (lines end with CRLF)");
    }
    lines.push_back(line);
    at = end + 2;
  }
  lines.pop_back();  // the blank line
  if (lines.empty()) return bad("no request line");
  return lines;
}

// Request line: method SP target SP version, single spaces (RFC 9112 §3); fills method, target and version.
Result<void> read_request_line(std::string_view request_line, const HeadLimits& limits, RequestHead& out) {
  const std::size_t sp1 = request_line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string_view::npos) {
    return bad("the request line is not \"METHOD target HTTP/1.1\"");
  }
  const std::string_view method = request_line.substr(0, sp1);
  const std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = request_line.substr(sp2 + 1);
  if (!is_token(method) || method.size() > 32) return bad("the request method is not a token of 1..32 bytes");
  if (target.empty() || target.size() > limits.max_target_bytes) {
    return bad("the request target is empty or longer than " + std::to_string(limits.max_target_bytes) +
               " bytes");
  }
  if (!std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7F; })) {
    return bad("the request target contains a byte that is not visible ASCII");
  }
  if (version == "HTTP/1.1") {
    out.minor_version = 1;
  } else if (version == "HTTP/1.0") {
    out.minor_version = 0;
  } else {
    return bad("the HTTP version is not HTTP/1.1 or HTTP/1.0");
  }
  out.method = std::string(method);
  out.target = std::string(target);
  return success();
}

struct FieldLine {
  std::string_view name;
  std::string_view value;  // optional whitespace around it trimmed
};

// One field line (RFC 9112 §5): a token name, ':' with no whitespace before it, a value without CTLs.
Result<FieldLine> read_field_line(std::string_view line, const HeadLimits& limits) {
  if (line.front() == ' ' || line.front() == '\t') {
    return bad("a folded header line (obs-fold) is not accepted");
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bad("a header line without ':'");
  const std::string_view name = line.substr(0, colon);
  if (!is_token(name)) return bad("a header name is not a token (no whitespace before ':')");
  if (name.size() > limits.max_name_bytes) {
    return bad("a header name is longer than " + std::to_string(limits.max_name_bytes) + " bytes");
  }
  const std::string_view value = trim_ows(line.substr(colon + 1));
  if (value.size() > limits.max_value_bytes) {
    return bad("header " + std::string(name) + " is longer than " + std::to_string(limits.max_value_bytes) +
                   " bytes",
               std::string(name));
  }
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7F) {
      return bad("header " + std::string(name) + " contains a control character", std::string(name));
    }
  }
  return FieldLine{name, value};
}

// What the fields say about framing and persistence, gathered while they are read.
struct FramingFields {
  int hosts = 0;
  int content_lengths = 0;
  int transfer_encodings = 0;
  std::string_view content_length;
  std::string_view transfer_encoding;
  std::string connection;  // every Connection value, each followed by ','
};

// Notes one field: counts the fields that must appear once and refuses a second Authorization or
// Content-Type (the field itself is added to `out.fields` by the caller).
Result<void> note_field(const FieldLine& field, FramingFields& framing, RequestHead& out) {
  const std::string_view name = field.name;
  const auto once = [&](int& seen) -> Result<void> {
    if (++seen > 1) {
      return bad("two " + std::string(name) + " fields in one request", std::string(name));
    }
    return success();
  };
  if (equals_ignore_case(name, "Host")) {
    RENOFEE_CHECK(once(framing.hosts));
  } else if (equals_ignore_case(name, "Content-Length")) {
    RENOFEE_CHECK(once(framing.content_lengths));
    framing.content_length = field.value;
  } else if (equals_ignore_case(name, "Transfer-Encoding")) {
    RENOFEE_CHECK(once(framing.transfer_encodings));
    framing.transfer_encoding = field.value;
  } else if (equals_ignore_case(name, "Connection")) {
    framing.connection += std::string(field.value) + ',';
  } else if (equals_ignore_case(name, "Expect")) {
    out.expect_continue = equals_ignore_case(field.value, "100-continue");
  } else {
    for (std::string_view single : {"Authorization", "Content-Type"}) {
      if (!equals_ignore_case(name, single)) continue;
      const auto earlier = std::count_if(
          out.fields.begin(), out.fields.end(),
          [&](const auto& earlier_field) { return equals_ignore_case(earlier_field.first, single); });
      if (earlier > 0)
        return bad("two " + std::string(single) + " fields in one request", std::string(single));
    }
  }
  return success();
}

// Framing (RFC 9112 §6.1, §6.3) and persistence (§9.3) from the fields: sets framing, content_length and
// keep_alive.
Result<void> decide_framing(const FramingFields& framing, RequestHead& out) {
  if (out.minor_version == 1 && framing.hosts == 0) return bad("an HTTP/1.1 request without Host", "Host");
  if (framing.transfer_encodings > 0) {
    if (framing.content_lengths > 0) {
      return bad("Content-Length and Transfer-Encoding in one request", "Transfer-Encoding");
    }
    if (out.minor_version == 0) return bad("Transfer-Encoding in an HTTP/1.0 request", "Transfer-Encoding");
    if (!equals_ignore_case(framing.transfer_encoding, "chunked")) {
      return bad("Transfer-Encoding must be \"chunked\" (no other transfer coding is accepted)",
                 "Transfer-Encoding");
    }
    out.framing = BodyFraming::chunked;
  } else if (framing.content_lengths > 0) {
    const std::string_view digits = framing.content_length;
    if (digits.empty() || digits.size() > 18 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return bad("Content-Length must be 1..18 decimal digits", "Content-Length");
    }
    std::int64_t length = 0;
    for (char c : digits)
      length = length * 10 + (c - '0');
    out.framing = BodyFraming::length;
    out.content_length = length;
  }
  out.keep_alive = out.minor_version == 1 ? !lists_token(framing.connection, "close")
                                          : lists_token(framing.connection, "keep-alive");
  return success();
}

// chunk-size [ chunk-ext ] (the line without its CRLF): the size, or the reason the line is malformed.
Result<std::uint64_t> chunk_size(std::string_view line) {
  std::size_t digits = 0;
  std::uint64_t size = 0;
  while (digits < line.size() && hex_digit(line[digits]) >= 0) {
    size = size * 16 + static_cast<std::uint64_t>(hex_digit(line[digits]));
    if (++digits > 15) return bad("a chunk size has more than 15 hex digits");
  }
  if (digits == 0) return bad("a chunk does not start with its hex size");
  const std::string_view extension = line.substr(digits);
  if (!extension.empty() && !trim_ows(extension).starts_with(';')) {
    return bad("a chunk size is followed by something other than ';'");
  }
  if (extension.find_first_of(std::string_view("\0\r\n", 3)) != std::string_view::npos) {
    return bad("a control character in a chunk extension");
  }
  return size;
}

// trailer-section CRLF from `at`: fields are read and dropped (nothing of renofee depends on trailers); the
// whole section is at most max_value_bytes, so waiting for it rescans little. The offset just past it,
// nullopt while it has not all arrived, or the reason it is malformed.
Result<std::optional<std::size_t>> skip_trailer_section(std::string_view buffer, std::size_t at,
                                                        const HeadLimits& limits) {
  const std::size_t trailer_start = at;
  for (std::size_t fields = 0;; ++fields) {
    const std::size_t line_end = buffer.find("\r\n", at);
    if (line_end == std::string_view::npos) {
      if (buffer.size() - trailer_start > limits.max_value_bytes + 2) {
        return bad("the trailer section is too long");
      }
      return std::optional<std::size_t>{};
    }
    const std::string_view line = buffer.substr(at, line_end - at);
    at = line_end + 2;
    if (line.empty()) return std::optional<std::size_t>{at};
    if (at - trailer_start > limits.max_value_bytes) return bad("the trailer section is too long");
    if (fields >= limits.max_fields || line.find(':') == std::string_view::npos ||
        !is_token(line.substr(0, line.find(':'))) || line.find('\n') != std::string_view::npos) {
      return bad("a malformed trailer field");
    }
  }
}

}  // namespace

Result<std::size_t> find_head_end(std::string_view buffer, const HeadLimits& limits, std::size_t searched) {
  const std::size_t start = leading_empty_lines(buffer);
  // The blank line: "\r\n\r\n" after the request line. A bare LF anywhere is refused by the parser, so a
  // "\n\n" also ends the search (the parser then names the fault) instead of waiting for the deadline.
  // Positions an earlier call saw with their two following bytes need no second look.
  for (std::size_t i = std::max(start, searched > 2 ? searched - 2 : 0); i < buffer.size(); ++i) {
    if (i - start >= limits.max_head_bytes) break;
    if (buffer[i] != '\n') continue;
    if (i + 1 < buffer.size() && buffer[i + 1] == '\n') return i + 2;
    if (i + 2 < buffer.size() && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') return i + 3;
  }
  if (buffer.size() - start > limits.max_head_bytes) {
    return bad("the request head is larger than " + std::to_string(limits.max_head_bytes) + " bytes");
  }
  return std::size_t{0};
}

Result<RequestHead> parse_request_head(std::string_view head, const HeadLimits& limits) {
  head.remove_prefix(leading_empty_lines(head));
  if (head.size() > limits.max_head_bytes) {
    return bad("the request head is larger than " + std::to_string(limits.max_head_bytes) + " bytes");
  }
  RENOFEE_TRY(const std::vector<std::string_view> lines, head_lines(head));
  RequestHead out;
  RENOFEE_CHECK(read_request_line(lines.front(), limits, out));
  if (lines.size() - 1 > limits.max_fields) {
    return bad("more than " + std::to_string(limits.max_fields) + " header fields");
  }
  FramingFields framing;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    RENOFEE_TRY(const FieldLine field, read_field_line(lines[i], limits));
    RENOFEE_CHECK(note_field(field, framing, out));
    out.fields.emplace_back(std::string(field.name), std::string(field.value));
  }
  RENOFEE_CHECK(decide_framing(framing, out));
  return out;
}

ChunkedBody decode_chunked(std::string_view buffer, std::int64_t max_body_bytes, const HeadLimits& limits,
                           ChunkedBody from) {
  ChunkedBody out = std::move(from);
  out.status = ChunkedBody::Status::incomplete;
  const auto fail = [&](ChunkedBody::Status status, std::string detail) {
    out.status = status;
    out.detail = std::move(detail);
    out.body.clear();
    return out;
  };
  std::size_t at = out.consumed;
  // Incomplete: `consumed` is where the chunk not yet whole starts, `body` the data before it.
  const auto wait = [&](std::size_t chunk_start) {
    out.consumed = chunk_start;
    return out;
  };
  std::size_t last_chunk = 0;
  while (true) {
    // chunk-size [ chunk-ext ] CRLF; a line still arriving may hold the CR of its CRLF already.
    constexpr std::size_t max_size_line = 15 + 1024;
    const std::size_t chunk_start = at;
    const std::size_t line_end = buffer.find("\r\n", at);
    if (line_end == std::string_view::npos) {
      if (buffer.size() - at > max_size_line + 1) {
        return fail(ChunkedBody::Status::malformed, "a chunk-size line is too long");
      }
      return wait(chunk_start);
    }
    if (line_end - at > max_size_line)
      return fail(ChunkedBody::Status::malformed, "a chunk-size line is too long");
    const Result<std::uint64_t> size = chunk_size(buffer.substr(at, line_end - at));
    if (!size) return fail(ChunkedBody::Status::malformed, size.error().message);
    at = line_end + 2;
    if (*size == 0) {
      last_chunk = chunk_start;
      break;
    }
    if (static_cast<std::uint64_t>(max_body_bytes) - out.body.size() < *size) {
      return fail(ChunkedBody::Status::too_large,
                  "the request body exceeds " + std::to_string(max_body_bytes) + " bytes");
    }
    if (buffer.size() - at < *size + 2) return wait(chunk_start);
    if (buffer.substr(at + *size, 2) != "\r\n")
      return fail(ChunkedBody::Status::malformed, "a chunk's data is not followed by CRLF");
    out.body.append(buffer.substr(at, *size));
    at += *size + 2;
  }
  const Result<std::optional<std::size_t>> trailer_end = skip_trailer_section(buffer, at, limits);
  if (!trailer_end) return fail(ChunkedBody::Status::malformed, trailer_end.error().message);
  if (!*trailer_end) return wait(last_chunk);
  out.status = ChunkedBody::Status::complete;
  out.consumed = **trailer_end;
  return out;
}

}  // namespace renofee::http
