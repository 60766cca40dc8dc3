#include "renofee/app/api_keys.hpp"

#include <algorithm>

#include "renofee/core/base/text.hpp"

namespace renofee::app {
namespace {

constexpr std::string_view key_prefix = "rf_";
constexpr std::size_t id_hex_digits = 12;
constexpr std::size_t secret_chars = 43;  // base64url of 32 bytes, no padding
constexpr std::size_t key_text_length = 3 + id_hex_digits + 1 + secret_chars;
constexpr std::size_t salt_bytes = 16;
constexpr std::size_t max_label_bytes = 200;

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::string key_hash(KeyCrypto& crypto, std::string_view salt, std::string_view secret) {
  std::string input(salt);
  input.append(secret);
  return crypto.sha256(input);
}

}  // namespace

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
    case Role::meter_data:
      return "meter_data";
    case Role::energy_desk:
      return "energy_desk";
  }
  return "operator";
}

Result<Role> parse_role(std::string_view text) {
  for (Role role : all_roles) {
    if (to_string(role) == text) return role;
  }
  std::string shown(text.substr(0, 40));
  return invalid_argument(
      "unknown role \"" + shown + "\" (want financier, resident, auditor, operator or meter_data)", "--role");
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
  if (!text::is_lower_hex(id)) return std::nullopt;
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

namespace {

// The contracts a key names, checked against its role; `scope` receives a meter_data key's scope, sorted and
// without duplicates.
Result<void> check_key_contracts(const KeyRequest& request, std::vector<std::string>& scope) {
  const std::string role(to_string(request.role));
  if (request.role == Role::resident) {
    if (!request.contract_id) return invalid_argument("a resident key needs --contract ID", "--contract");
    if (!request.scope.empty()) return invalid_argument("a resident key names one contract", "--contract");
    return validate_contract_id(*request.contract_id, "--contract");
  }
  if (request.contract_id) {
    return invalid_argument("only resident keys name their one contract (role " + role + ")", "--contract");
  }
  if (request.role != Role::meter_data) {
    if (request.scope.empty()) return success();
    return invalid_argument("only meter_data keys are scoped to contracts (role " + role + ")", "--contract");
  }
  if (request.scope.empty()) {
    return invalid_argument("a meter_data key needs its scope: --contract ID, once per contract",
                            "--contract");
  }
  for (const std::string& id : request.scope)
    RENOFEE_CHECK(validate_contract_id(id, "--contract"));
  scope = request.scope;
  std::sort(scope.begin(), scope.end());
  scope.erase(std::unique(scope.begin(), scope.end()), scope.end());
  if (scope.size() > max_key_scope) {
    return invalid_argument("a meter_data key is scoped to at most " + std::to_string(max_key_scope) +
                                " contracts, not " + std::to_string(scope.size()),
                            "--contract");
  }
  return success();
}

}  // namespace

Result<IssuedKey> make_key(KeyCrypto& crypto, const KeyRequest& request) {
  std::vector<std::string> scope;
  RENOFEE_CHECK(check_key_contracts(request, scope));
  if (request.label.size() > max_label_bytes) {
    return invalid_argument("the label is longer than " + std::to_string(max_label_bytes) + " bytes",
                            "--label");
  }
  if (std::any_of(request.label.begin(), request.label.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return invalid_argument("the label contains a control character", "--label");
  }
  if (request.occupant < 0 || (request.occupant > 0 && request.role != Role::resident))
    return invalid_argument("only resident keys name an occupant, 1 or more", "--occupant");
  RENOFEE_TRY(const std::string id_bytes, crypto.random_bytes(id_hex_digits / 2));
  RENOFEE_TRY(const std::string secret_bytes, crypto.random_bytes(32));
  RENOFEE_TRY(const std::string salt, crypto.random_bytes(salt_bytes));
  const std::string secret = base64url(secret_bytes);
  ApiKey key;
  key.id = text::to_hex(id_bytes);
  key.salt_hex = text::to_hex(salt);
  key.hash_hex = text::to_hex(key_hash(crypto, salt, secret));
  key.role = request.role;
  key.contract_id = request.contract_id;
  key.scope = scope;
  key.label = request.label;
  key.created_at = request.now;
  if (request.role == Role::resident) key.occupant = request.occupant > 0 ? request.occupant : 1;
  std::string text = std::string(key_prefix) + key.id + "_" + secret;
  return IssuedKey{std::move(key), std::move(text)};
}

Result<IssuedKey> issue_key(KeyStore& store, KeyCrypto& crypto, const KeyRequest& request) {
  for (int attempt = 0;; ++attempt) {
    RENOFEE_TRY(IssuedKey issued, make_key(crypto, request));
    Result<void> stored = store.insert(issued.key);
    if (!stored && stored.error().code == ErrorCode::already_exists && attempt == 0) continue;
    if (!stored) return stored.error();
    return issued;
  }
}

Result<Authentication> authenticate(KeyStore& store, KeyCrypto& crypto, std::string_view key_text) {
  const std::optional<KeyParts> parts = parse_key_text(key_text);
  if (!parts) return Authentication{std::nullopt, KeyRefusal::malformed};
  RENOFEE_TRY(const std::optional<ApiKey> key, store.find(parts->id));
  if (!key) return Authentication{std::nullopt, KeyRefusal::unknown};
  const bool stored_ok = key->salt_hex.size() == 2 * salt_bytes && key->hash_hex.size() == 64 &&
                         text::is_lower_hex(key->salt_hex) && text::is_lower_hex(key->hash_hex);
  if (!stored_ok) return internal_error("api key " + key->id + " has a malformed salt or hash in the store");
  const std::string digest = key_hash(crypto, *text::from_hex(key->salt_hex), parts->secret);
  if (!constant_time_equal(digest, *text::from_hex(key->hash_hex))) {
    return Authentication{std::nullopt, KeyRefusal::wrong_secret};
  }
  if (key->revoked_at) return Authentication{std::nullopt, KeyRefusal::revoked};
  return Authentication{Principal{key->id, key->role, key->contract_id, key->scope, key->occupant},
                        std::nullopt};
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
    case Role::meter_data:
      return std::binary_search(principal.scope.begin(), principal.scope.end(), contract_id);
    case Role::energy_desk:
      return false;  // campaigns only (app/campaigns.hpp)
  }
  return false;
}

}  // namespace renofee::app
