// renofee/adapters/io/json_text.hpp
//
// Purpose: writing JSON text safely, shared by every adapter that produces JSON (io writers, HTTP problem
// details, access logs): RFC 3629 UTF-8 validation and RFC 8259 string literals.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace renofee::io {

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when there is none (RFC 3629 §4: no
// overlongs, surrogates or values above U+10FFFF). ASCII bytes have length 1.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;
bool is_valid_utf8(std::string_view text) noexcept;

// JSON string literal of `text` (quotes included), escaping per RFC 8259 §7; invalid UTF-8 bytes are replaced
// by U+FFFD so the document stays valid whatever a client sent.
std::string json_quote(std::string_view text);
// The same literal appended to `out` (writers that build one document in one string).
void append_json_quoted(std::string& out, std::string_view text);

}  // namespace renofee::io
