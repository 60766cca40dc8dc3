#include "renofee/adapters/io/sha256.hpp"

#include <fstream>
#include <vector>

namespace renofee::io {

app::Sha256 sha256_port() {
  return [](std::string_view bytes) { return sha256_hex(bytes); };
}

Result<std::string> file_sha256(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot read " + path.string());
  Sha256 hasher;
  std::vector<char> buffer(1 << 20);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    hasher.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
  }
  return hasher.hex_digest();
}

}  // namespace renofee::io
