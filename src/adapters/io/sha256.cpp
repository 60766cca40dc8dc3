#include "renofee/adapters/io/sha256.hpp"

#include <Poco/Crypto/DigestEngine.h>

#include <fstream>
#include <vector>

namespace renofee::io {

std::string sha256_hex(std::string_view bytes) {
  // One engine per thread, reset by digest(): constructing a DigestEngine runs OpenSSL's initializer and cost
  // more than hashing a report (measured in bench/reconcile_bench.cpp).
  thread_local Poco::Crypto::DigestEngine engine("SHA256");
  engine.update(bytes.data(), bytes.size());
  return Poco::Crypto::DigestEngine::digestToHex(engine.digest());
}

app::Sha256 sha256_port() {
  return [](std::string_view bytes) { return sha256_hex(bytes); };
}

Result<std::string> file_sha256(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot read " + path.string());
  Poco::Crypto::DigestEngine engine("SHA256");
  std::vector<char> buffer(1 << 20);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    engine.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  return Poco::Crypto::DigestEngine::digestToHex(engine.digest());
}

}  // namespace renofee::io
