// renofee/adapters/http/share_link.hpp
//
// Purpose: signed share links for the offer page (docs/pages.md "Share links"). A financier can hand a
// resident (or the resident a partner) a link that opens one contract's offer page without an API key until
// it expires: `/offer/<contract>?share=<expiry>.<signature>`.
//   expiry     the instant the link stops working, UTC Unix seconds, decimal digits (1..12 of them)
//   signature  HMAC-SHA256 (RFC 2104, FIPS 180-4) keyed with the server secret over the text
//              "renofee.share/1|<contract id>|<expiry>", as 64 lower-case hex digits
// The contract id is inside the signed text, so a link for contract A opens nothing else; the expiry is too,
// so it cannot be extended. Signatures are compared in constant time. The secret (RENOFEE_SHARE_SECRET) must
// hold at least 32 bytes; it is never logged. Changing the secret revokes every link at once.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::http {

// HMAC-SHA256 of `message` with `key`, as 64 lower-case hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

class ShareSecret {
 public:
  // invalid_argument when shorter than 32 bytes (field RENOFEE_SHARE_SECRET).
  static Result<ShareSecret> make(std::string secret);
  [[nodiscard]] const std::string& bytes() const noexcept { return secret_; }

 private:
  explicit ShareSecret(std::string secret) : secret_(std::move(secret)) {}
  std::string secret_;
};

// The `share` value of a link for `contract_id` that expires at `expires` ("1780000000.3f2a...").
std::string make_share_token(const ShareSecret& secret, std::string_view contract_id,
                             calendar::Instant expires);

enum class ShareCheck { valid, expired, forged, malformed };
std::string_view to_string(ShareCheck check) noexcept;

// Checks a `share` value for `contract_id` at `now`. A token that is not "<digits>.<64 hex>" is malformed;
// a wrong signature (another contract, another expiry, another secret) is forged; a correct one whose
// expiry is at or before `now` is expired.
ShareCheck check_share_token(const ShareSecret& secret, std::string_view contract_id, std::string_view token,
                             calendar::Instant now);

// The secret from the environment variable RENOFEE_SHARE_SECRET through `env` (nullopt when unset: share
// links are then refused); invalid_argument when set but too short.
Result<std::optional<ShareSecret>> share_secret_from_env(
    const std::function<std::optional<std::string>(const std::string&)>& env);

}  // namespace renofee::http
