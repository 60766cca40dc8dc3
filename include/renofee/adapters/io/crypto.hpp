// renofee/adapters/io/crypto.hpp
//
// Purpose: the two cryptographic primitives renofee needs, from the operating system and OpenSSL:
//   - SHA-256 (FIPS 180-4) through OpenSSL's EVP interface, which uses the CPU's SHA extensions: several
//     times faster than Poco::SHA2Engine on large uploads (docs/performance.md). Used for upload content
//     hashes, idempotency fingerprints and API key hashes, from many server threads at once.
//     Not through Poco::Crypto::DigestEngine: each of those holds a reference-counted
//     Poco::Crypto::OpenSSLInitializer, and threads creating and destroying engines concurrently drive the
//     count through zero, re-running OpenSSL's global set-up and tear-down under each other. The HTTP load
//     test crashed the server that way (docs/performance.md, "HTTP API"); EVP contexts have no such state.
//   - random bytes from getrandom(2) (the kernel's CSPRNG, the source behind /dev/urandom), for API keys.
// `SystemKeyCrypto` offers both as the app::KeyCrypto port.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "renofee/app/api_keys.hpp"
#include "renofee/core/base/result.hpp"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace renofee::io {

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // The digest of everything so far as 64 lower-case hex digits; the hasher is reset afterwards.
  std::string hex_digest();
  // The digest as 32 raw bytes; the hasher is reset afterwards.
  std::string raw_digest();

 private:
  evp_md_ctx_st* context_;
};

std::string sha256_hex(std::string_view bytes);

// `n` bytes from getrandom(2); unavailable when the kernel refuses.
Result<std::string> random_bytes(std::size_t n);

class SystemKeyCrypto final : public app::KeyCrypto {
 public:
  Result<std::string> random_bytes(std::size_t n) override;
  std::string sha256(std::string_view data) override;
};

}  // namespace renofee::io
