#include "renofee/adapters/io/crypto.hpp"

#include <openssl/evp.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>

#include "renofee/core/base/text.hpp"

namespace renofee::io {
namespace {

void start(EVP_MD_CTX* context) {
  if (EVP_DigestInit_ex(context, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("EVP_DigestInit_ex failed");
}

}  // namespace

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr) throw std::bad_alloc();
  start(context_);
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(context_);
}

void Sha256::update(std::string_view bytes) {
  if (EVP_DigestUpdate(context_, bytes.data(), bytes.size()) != 1)
    throw std::runtime_error("EVP_DigestUpdate failed");
}

std::string Sha256::raw_digest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context_, digest, &length) != 1)
    throw std::runtime_error("EVP_DigestFinal_ex failed");
  start(context_);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Sha256::hex_digest() {
  return text::to_hex(raw_digest());
}

std::string sha256_hex(std::string_view bytes) {
  // One hasher per thread (hex_digest resets it): allocating and initialising an EVP context for every call
  // showed in the reconciliation profile (bench/reconcile_bench.cpp).
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
