// renofee/core/base/text.hpp
//
// Purpose: the byte and text encodings every layer shares, each written once: lower- and upper-case hex
// (digests, key ids, salts, request ids, signed links, the P1 CRC in messages, \u escapes), RFC 3629 UTF-8
// well-formedness, and RFC 8259 JSON string literals in the two spellings renofee writes.
//
// JSON spellings (both are valid JSON and parse back to the same string; they differ only in bytes, and both
// must stay byte-stable because their outputs are compared or hashed):
//   compact    Poco's Stringifier spelling, which the io writers reproduce byte for byte (quote and schedule
//              JSON, problem details, access logs): `"` `\` \n \r \t with a backslash, the other controls
//              below U+0020 and DEL (U+007F) as \u00xx;
//   canonical  the JSON Canonicalization Scheme (RFC 8785 §3.2.2.2), the form report hashes rest on
//              (app/canonical_json.hpp): `"` `\` \b \f \n \r \t with a backslash, the other controls below
//              U+0020 as \u00xx, everything else (DEL included) verbatim.
// In both, hex digits are lower case and a byte that does not start a well-formed UTF-8 sequence is written
// as U+FFFD (canonical_json refuses such text before it gets here).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace renofee::text {

enum class HexCase { lower, upper };

// Two hex digits per byte, high nibble first: "\x01\xab" -> "01ab" (or "01AB").
void append_hex(std::string& out, std::string_view bytes, HexCase letters = HexCase::lower);
std::string to_hex(std::string_view bytes, HexCase letters = HexCase::lower);
// The `digits` lowest hex digits of `value`, most significant first: (0x1f, 4) -> "001f". digits 1..16.
void append_hex_number(std::string& out, std::uint64_t value, int digits, HexCase letters = HexCase::lower);

// 0..15 for '0'-'9', 'a'-'f' and 'A'-'F'; -1 for anything else.
constexpr int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
// True when every character is one of 0-9 a-f (the empty text too).
bool is_lower_hex(std::string_view text) noexcept;
// The bytes of hex text of even length (either case); nullopt for an odd length or a non-hex character.
std::optional<std::string> from_hex(std::string_view text);

// Length of the well-formed UTF-8 sequence starting at text[i] (i < text.size()), or 0 when there is none
// (RFC 3629 §4: no overlongs, surrogates or values above U+10FFFF). ASCII bytes have length 1.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;
bool is_valid_utf8(std::string_view text) noexcept;

enum class JsonSpelling { compact, canonical };

// Appends the JSON string literal of `text`, quotes included, in the given spelling (see above).
void append_json_string(std::string& out, std::string_view text, JsonSpelling spelling);

}  // namespace renofee::text
