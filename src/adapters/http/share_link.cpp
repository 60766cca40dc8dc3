#include "renofee/adapters/http/share_link.hpp"

#include "renofee/adapters/io/sha256.hpp"
#include "renofee/app/api_keys.hpp"
#include "renofee/core/base/text.hpp"

namespace renofee::http {
namespace {

constexpr std::size_t min_secret_bytes = 32;
constexpr std::size_t block_bytes = 64;  // SHA-256 block size (RFC 2104: B)

std::string raw_sha256(std::string_view bytes) {
  io::Sha256 hasher;
  hasher.update(bytes);
  return hasher.raw_digest();
}

std::string signed_text(std::string_view contract_id, std::string_view expiry) {
  return "renofee.share/1|" + std::string(contract_id) + "|" + std::string(expiry);
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  // RFC 2104: H((K' xor opad) || H((K' xor ipad) || message)), K' = key (hashed first when longer than a
  // block) padded with zeros to the block size.
  std::string k = key.size() > block_bytes ? raw_sha256(key) : std::string(key);
  k.resize(block_bytes, '\0');
  std::string inner(block_bytes, '\0');
  std::string outer(block_bytes, '\0');
  for (std::size_t i = 0; i < block_bytes; ++i) {
    inner[i] = static_cast<char>(static_cast<unsigned char>(k[i]) ^ 0x36);
    outer[i] = static_cast<char>(static_cast<unsigned char>(k[i]) ^ 0x5c);
  }
  io::Sha256 hasher;
  hasher.update(inner);
  hasher.update(message);
  const std::string inner_digest = hasher.raw_digest();
  hasher.update(outer);
  hasher.update(inner_digest);
  return text::to_hex(hasher.raw_digest());
}

Result<ShareSecret> ShareSecret::make(std::string secret) {
  if (secret.size() < min_secret_bytes) {
    return invalid_argument("the share-link secret must hold at least " + std::to_string(min_secret_bytes) +
                                " bytes (it has " + std::to_string(secret.size()) + ")",
                            "RENOFEE_SHARE_SECRET");
  }
  return ShareSecret(std::move(secret));
}

std::string make_share_token(const ShareSecret& secret, std::string_view contract_id,
                             calendar::Instant expires) {
  const std::string expiry = std::to_string(expires.time_since_epoch().count());
  return expiry + "." + hmac_sha256_hex(secret.bytes(), signed_text(contract_id, expiry));
}

std::string_view to_string(ShareCheck check) noexcept {
  switch (check) {
    case ShareCheck::valid:
      return "valid";
    case ShareCheck::expired:
      return "expired";
    case ShareCheck::forged:
      return "forged";
    case ShareCheck::malformed:
      return "malformed";
  }
  return "malformed";
}

ShareCheck check_share_token(const ShareSecret& secret, std::string_view contract_id, std::string_view token,
                             calendar::Instant now) {
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 12) return ShareCheck::malformed;
  const std::string_view expiry = token.substr(0, dot);
  const std::string_view signature = token.substr(dot + 1);
  for (char c : expiry) {
    if (c < '0' || c > '9') return ShareCheck::malformed;
  }
  if (signature.size() != 64) return ShareCheck::malformed;
  for (char c : signature) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return ShareCheck::malformed;
  }
  const std::string expected = hmac_sha256_hex(secret.bytes(), signed_text(contract_id, expiry));
  if (!app::constant_time_equal(expected, signature)) return ShareCheck::forged;
  if (std::stoll(std::string(expiry)) <= now.time_since_epoch().count()) return ShareCheck::expired;
  return ShareCheck::valid;
}

Result<std::optional<ShareSecret>> share_secret_from_env(
    const std::function<std::optional<std::string>(const std::string&)>& env) {
  std::optional<std::string> text = env("RENOFEE_SHARE_SECRET");
  if (!text) return std::optional<ShareSecret>();
  RENOFEE_TRY(ShareSecret secret, ShareSecret::make(std::move(*text)));
  return std::optional<ShareSecret>(std::move(secret));
}

}  // namespace renofee::http
