#include "renofee/app/api_keys.hpp"

#include <algorithm>

namespace renofee::app {
namespace {

constexpr std::string_view key_prefix = "rf_";
constexpr std::size_t id_hex_digits = 12;
constexpr std::size_t secret_chars = 43;  // base64url of 32 bytes, no padding
constexpr std::size_t key_text_length = 3 + id_hex_digits + 1 + secret_chars;
constexpr std::size_t salt_bytes = 16;
constexpr std::size_t max_label_bytes = 200;

bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    out += digits[u >> 4];
    out += digits[u & 0xF];
  }
  return out;
}

// Hex digits back to bytes; the caller checked the text is lower-case hex of even length.
std::string unhex(std::string_view text) {
  const auto value = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out += static_cast<char>(value(text[i]) * 16 + value(text[i + 1]));
  }
  return out;
}

// RFC 4648 §5 base64url without padding.
std::string base64url(std::string_view bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                            static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    if (rest == 2) out += alphabet[(n >> 6) & 63];
  }
  return out;
}

std::string key_hash(KeyCrypto& crypto, std::string_view salt, std::string_view secret) {
  std::string input(salt);
  input.append(secret);
  return crypto.sha256(input);
}

}  // namespace

std::string_view to_string(Role role) noexcept {
  switch (role) {
    case Role::financier:
      return "financier";
    case Role::resident:
      return "resident";
    case Role::auditor:
      return "auditor";
    case Role::operator_:
      return "operator";
  }
  return "operator";
}

Result<Role> parse_role(std::string_view text) {
  for (Role role : all_roles) {
    if (to_string(role) == text) return role;
  }
  std::string shown(text.substr(0, 40));
  return invalid_argument("unknown role \"" + shown + "\" (want financier, resident, auditor or operator)",
                          "--role");
}

std::string_view to_string(KeyRefusal refusal) noexcept {
  switch (refusal) {
    case KeyRefusal::malformed:
      return "malformed";
    case KeyRefusal::unknown:
      return "unknown";
    case KeyRefusal::revoked:
      return "revoked";
    case KeyRefusal::wrong_secret:
      return "wrong_secret";
  }
  return "malformed";
}

Result<void> validate_contract_id(std::string_view id, const std::string& field) {
  const bool charset_ok = std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
  if (id.empty() || id.size() > 64 || !charset_ok || id.find("..") != std::string_view::npos) {
    return invalid_argument("contract id must be 1..64 characters of A-Z a-z 0-9 . _ - without \"..\"",
                            field);
  }
  return success();
}

std::optional<KeyParts> parse_key_text(std::string_view text) noexcept {
  if (text.size() != key_text_length || text.substr(0, key_prefix.size()) != key_prefix) return std::nullopt;
  const std::string_view id = text.substr(key_prefix.size(), id_hex_digits);
  if (text[key_prefix.size() + id_hex_digits] != '_') return std::nullopt;
  const std::string_view secret = text.substr(key_prefix.size() + id_hex_digits + 1);
  if (!std::all_of(id.begin(), id.end(), is_lower_hex)) return std::nullopt;
  if (!std::all_of(secret.begin(), secret.end(), is_base64url)) return std::nullopt;
  return KeyParts{id, secret};
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

Result<IssuedKey> issue_key(KeyStore& store, KeyCrypto& crypto, const KeyRequest& request) {
  if (request.role == Role::resident) {
    if (!request.contract_id) return invalid_argument("a resident key needs --contract ID", "--contract");
    RENOFEE_CHECK(validate_contract_id(*request.contract_id, "--contract"));
  } else if (request.contract_id) {
    return invalid_argument(
        "only resident keys name a contract (role " + std::string(to_string(request.role)) + ")",
        "--contract");
  }
  if (request.label.size() > max_label_bytes) {
    return invalid_argument("the label is longer than " + std::to_string(max_label_bytes) + " bytes",
                            "--label");
  }
  if (std::any_of(request.label.begin(), request.label.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return invalid_argument("the label contains a control character", "--label");
  }
  for (int attempt = 0;; ++attempt) {
    RENOFEE_TRY(const std::string id_bytes, crypto.random_bytes(id_hex_digits / 2));
    RENOFEE_TRY(const std::string secret_bytes, crypto.random_bytes(32));
    RENOFEE_TRY(const std::string salt, crypto.random_bytes(salt_bytes));
    const std::string secret = base64url(secret_bytes);
    ApiKey key;
    key.id = hex(id_bytes);
    key.salt_hex = hex(salt);
    key.hash_hex = hex(key_hash(crypto, salt, secret));
    key.role = request.role;
    key.contract_id = request.contract_id;
    key.label = request.label;
    key.created_at = request.now;
    Result<void> stored = store.insert(key);
    if (!stored && stored.error().code == ErrorCode::already_exists && attempt == 0) continue;
    if (!stored) return stored.error();
    std::string text = std::string(key_prefix) + key.id + "_" + secret;
    return IssuedKey{std::move(key), std::move(text)};
  }
}

Result<Authentication> authenticate(KeyStore& store, KeyCrypto& crypto, std::string_view key_text) {
  const std::optional<KeyParts> parts = parse_key_text(key_text);
  if (!parts) return Authentication{std::nullopt, KeyRefusal::malformed};
  RENOFEE_TRY(const std::optional<ApiKey> key, store.find(parts->id));
  if (!key) return Authentication{std::nullopt, KeyRefusal::unknown};
  const bool stored_ok = key->salt_hex.size() == 2 * salt_bytes && key->hash_hex.size() == 64 &&
                         std::all_of(key->salt_hex.begin(), key->salt_hex.end(), is_lower_hex) &&
                         std::all_of(key->hash_hex.begin(), key->hash_hex.end(), is_lower_hex);
  if (!stored_ok) return internal_error("api key " + key->id + " has a malformed salt or hash in the store");
  const std::string digest = key_hash(crypto, unhex(key->salt_hex), parts->secret);
  if (!constant_time_equal(digest, unhex(key->hash_hex))) {
    return Authentication{std::nullopt, KeyRefusal::wrong_secret};
  }
  if (key->revoked_at) return Authentication{std::nullopt, KeyRefusal::revoked};
  return Authentication{Principal{key->id, key->role, key->contract_id}, std::nullopt};
}

std::string key_actor(const Principal& principal) {
  return "key:" + principal.key_id;
}

bool owns_contract(const Principal& principal, std::string_view created_by) {
  return created_by == key_actor(principal);
}

bool may_see_contract(const Principal& principal, std::string_view contract_id,
                      std::optional<bool> owned_by_financier) noexcept {
  switch (principal.role) {
    case Role::resident:
      return principal.contract_id && *principal.contract_id == contract_id;
    case Role::auditor:
      return true;
    case Role::financier:
      return owned_by_financier.value_or(true);
    case Role::operator_:
      return false;
  }
  return false;
}

}  // namespace renofee::app
