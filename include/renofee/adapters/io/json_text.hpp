// renofee/adapters/io/json_text.hpp
//
// Purpose: writing JSON text safely, shared by every adapter that produces JSON (io writers, HTTP problem
// details, access logs). The rules themselves (RFC 3629 UTF-8 validation, RFC 8259 string literals) live
// once in core/base/text.hpp; this header names the adapters' spelling of them: the compact spelling,
// byte-identical to Poco's Stringifier.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "renofee/core/base/text.hpp"

namespace renofee::io {

using text::is_valid_utf8;
using text::utf8_sequence_length;

// JSON string literal of `value` (quotes included), escaping per RFC 8259 §7 in the compact spelling; invalid
// UTF-8 bytes are replaced by U+FFFD so the document stays valid whatever a client sent.
inline void append_json_quoted(std::string& out, std::string_view value) {
  text::append_json_string(out, value, text::JsonSpelling::compact);
}
inline std::string json_quote(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  append_json_quoted(out, value);
  return out;
}

}  // namespace renofee::io
