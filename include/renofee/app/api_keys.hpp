// renofee/app/api_keys.hpp
//
// Purpose: who may call the service (docs/domain.md §1 and §9): API keys with a role, stored
// hashed, and the `Principal` a request acts as once its key is verified.
//
// Key text (what a client sends in `Authorization: Bearer ...`), 59 ASCII characters:
//   rf_<id>_<secret>
//   id      12 lower-case hex digits (48 random bits): the key's public name, its primary key, printed by
//           `renofee keys list` and used by `renofee keys revoke`; lets the server find the key with one
//           indexed lookup instead of hashing against every key.
//   secret  43 characters: 32 random bytes in base64url without padding (RFC 4648 §5), 256 bits.
// Fixed lengths make the split unambiguous although base64url itself contains '_'.
//
// Storage: never the secret. Per key a 16-byte random salt (hex) and hash = SHA-256(salt bytes || the 43
// ASCII characters of the secret), hex. Verification recomputes the hash and compares all 32 bytes in
// constant time (no early exit), so response time does not tell how much of a guess was right. A per-key
// salt makes equal secrets hash differently and precomputed tables useless; a fast hash is enough because
// the secret has 256 random bits (nothing to brute-force, unlike a password).
//
// Roles (docs/domain.md §1): financier (quotes, contracts it created), resident (its one contract, read
// only), auditor (loads meter and weather data, reads everything, runs reconciliations), operator (health,
// metrics, keys), meter_data (whoever delivers meter data, e.g. a P1 dongle service or a grid operator's
// data hub: uploads readings into the contracts its key is scoped to, and nothing more). A resident key names
// exactly one contract; a meter_data key names its scope, 1..1000 contracts fixed when the key is made (a new
// scope is a new key); other roles name none. energy_desk (a municipal energy desk, energieloket): creates
// campaigns and adds their homes, sees their aggregates and never a contract (app/campaigns.hpp).
//
// Ports: `KeyStore` (the table, adapters/db) and `KeyCrypto` (random bytes and SHA-256, adapters/io), so
// these use cases stay pure and testable with fakes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::app {

enum class Role { financier, resident, auditor, operator_, meter_data, energy_desk };

inline constexpr std::array<Role, 6> all_roles = {Role::financier, Role::resident,   Role::auditor,
                                                  Role::operator_, Role::meter_data, Role::energy_desk};

// The most contracts one meter_data key may be scoped to.
inline constexpr std::size_t max_key_scope = 1000;

// "financier", "resident", "auditor", "operator", "meter_data", "energy_desk".
std::string_view to_string(Role role) noexcept;
// Inverse of to_string; anything else is invalid_argument naming the text and the valid names.
Result<Role> parse_role(std::string_view text);

// The caller of one request, after its key was verified.
struct Principal {
  std::string key_id;
  Role role = Role::operator_;
  std::optional<std::string> contract_id;  // residents only: the one contract they may read
  std::vector<std::string> scope;          // meter_data only: the contracts it may upload into, sorted
  int occupant = 0;  // residents only: the occupant of the contract whose period it may read (>= 1)

  friend bool operator==(const Principal&, const Principal&) = default;
};

// One row of the key table.
struct ApiKey {
  std::string id;        // 12 lower-case hex digits
  std::string salt_hex;  // 32 hex digits (16 bytes)
  std::string hash_hex;  // 64 hex digits: SHA-256(salt || secret)
  Role role = Role::operator_;
  std::optional<std::string> contract_id;
  std::string label;  // free text for people ("ACME bank, production"), 0..200 characters
  calendar::Instant created_at;
  std::optional<calendar::Instant> revoked_at;
  std::vector<std::string> scope;  // meter_data keys: the contracts of its scope, sorted, unique; else empty
  int occupant = 0;                // resident keys: the occupant it belongs to (1, 2, ...); else 0

  friend bool operator==(const ApiKey&, const ApiKey&) = default;
};

class KeyStore {
 public:
  virtual ~KeyStore() = default;
  // Stores a new key; already_exists when the id is taken.
  virtual Result<void> insert(const ApiKey& key) = 0;
  // The key with this id, or nullopt.
  virtual Result<std::optional<ApiKey>> find(std::string_view id) = 0;
  // Every key, oldest first.
  virtual Result<std::vector<ApiKey>> list() = 0;
  // Marks the key revoked at `at`. not_found when there is no such key; a key revoked before keeps its
  // first revocation time (returns false: nothing changed).
  virtual Result<bool> revoke(std::string_view id, calendar::Instant at) = 0;
};

class KeyCrypto {
 public:
  virtual ~KeyCrypto() = default;
  // `n` bytes from the operating system's cryptographic random source; unavailable when it fails.
  virtual Result<std::string> random_bytes(std::size_t n) = 0;
  // SHA-256 of `data`, 32 raw bytes.
  virtual std::string sha256(std::string_view data) = 0;
};

struct KeyRequest {
  Role role = Role::operator_;
  std::optional<std::string> contract_id;  // required for residents, refused for the other roles
  std::string label;
  calendar::Instant now;
  std::vector<std::string> scope;  // required for meter_data (1..max_key_scope), refused otherwise
  int occupant = 0;                // residents: the occupant (docs/occupants.md); 0 means 1
};

struct IssuedKey {
  ApiKey key;        // as stored (no secret)
  std::string text;  // "rf_<id>_<secret>": shown once, never stored
};

// Creates and stores a new key (a meter_data key with its scope, in one transaction). invalid_argument (field
// "--contract" / "--label") for a resident without a contract, a meter_data key without a scope or with more
// than max_key_scope contracts (duplicates are dropped), a contract or scope on another role, a malformed contract id (validate_contract_id), or a label over
// 200 bytes or with control characters. Retries with a new id once if the random id is taken.
Result<IssuedKey> issue_key(KeyStore& store, KeyCrypto& crypto, const KeyRequest& request);
// The same key, checked and made but not stored: for a caller that stores it together with other rows in one
// transaction (an occupant change, app/occupants.hpp).
Result<IssuedKey> make_key(KeyCrypto& crypto, const KeyRequest& request);

// Why a presented key was refused (never told to the client beyond "invalid key": for logs and metrics).
enum class KeyRefusal { malformed, unknown, revoked, wrong_secret };
std::string_view to_string(KeyRefusal refusal) noexcept;

struct Authentication {
  std::optional<Principal> principal;  // set when the key is valid
  std::optional<KeyRefusal> refusal;   // set otherwise
};

// Verifies key text as sent by a client. Store errors (database down) are returned as errors, not as a
// refusal, so the caller answers 503 rather than 401.
Result<Authentication> authenticate(KeyStore& store, KeyCrypto& crypto, std::string_view key_text);

// The id and secret of well-formed key text, or nullopt.
struct KeyParts {
  std::string_view id;
  std::string_view secret;
};
std::optional<KeyParts> parse_key_text(std::string_view text) noexcept;

// RFC 4648 §5 base64url of `bytes`, without padding (32 bytes give 43 characters).
std::string base64url(std::string_view bytes);

// Whether two byte strings are equal, in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

// Whether `principal`'s role lets it see contract `contract_id` (docs/domain.md §1): a resident only its own,
// a meter_data key the contracts of its scope (the routes it may call: uploads only), the auditor every
// contract, the operator none, a financier the contracts it created, given as
// `owned_by_financier` (nullopt is taken as yes). It does not know whether the contract exists: callers ask
// the one tenancy rule, app::check_contract_visible (tenancy.hpp), which asks this and the contract store.
bool may_see_contract(const Principal& principal, std::string_view contract_id,
                      std::optional<bool> owned_by_financier = std::nullopt) noexcept;

// The actor a contract (and each amendment and report) records for a request made with `principal`'s key:
// "key:<id>" (the command line records "cli").
std::string key_actor(const Principal& principal);

// The ownership rule (docs/api.md, docs/pages.md "Access"): `principal` owns a contract when version 1 of it
// was stored with its key, i.e. `created_by` (version 1's) equals key_actor(principal). This is the
// `owned_by_financier` answer may_see_contract takes for financiers.
bool owns_contract(const Principal& principal, std::string_view created_by);

// Checks a contract id given by a person or a client: 1..64 characters from [A-Za-z0-9._-], not
// containing "..". Anything else (spaces, quotes, '/', non-ASCII) is invalid_argument with `field`, so ids
// are safe in paths, logs and file names whatever reaches them.
Result<void> validate_contract_id(std::string_view id, const std::string& field);

}  // namespace renofee::app
