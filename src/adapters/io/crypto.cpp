#include "renofee/adapters/io/crypto.hpp"

#include <Poco/Crypto/DigestEngine.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>

namespace renofee::io {

Sha256::Sha256() : engine_(std::make_unique<Poco::Crypto::DigestEngine>("SHA256")) {}
Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  engine_->update(bytes.data(), bytes.size());
}

std::string Sha256::hex_digest() {
  return Poco::Crypto::DigestEngine::digestToHex(engine_->digest());
}

std::string Sha256::raw_digest() {
  const Poco::DigestEngine::Digest& digest = engine_->digest();
  return std::string(digest.begin(), digest.end());
}

std::string sha256_hex(std::string_view bytes) {
  // One hasher per thread (hex_digest resets it): constructing a DigestEngine runs OpenSSL's initializer and
  // cost more than hashing a report (measured in bench/reconcile_bench.cpp).
  thread_local Sha256 hasher;
  hasher.update(bytes);
  return hasher.hex_digest();
}

Result<std::string> random_bytes(std::size_t n) {
  std::string out(n, '\0');
  std::size_t filled = 0;
  while (filled < n) {
    const ssize_t got = getrandom(out.data() + filled, n - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return unavailable(std::string("getrandom failed: ") + std::strerror(errno));
    }
    filled += static_cast<std::size_t>(got);
  }
  return out;
}

Result<std::string> SystemKeyCrypto::random_bytes(std::size_t n) {
  return io::random_bytes(n);
}

std::string SystemKeyCrypto::sha256(std::string_view data) {
  Sha256 hasher;
  hasher.update(data);
  return hasher.raw_digest();
}

}  // namespace renofee::io
