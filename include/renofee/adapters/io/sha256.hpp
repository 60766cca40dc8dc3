// renofee/adapters/io/sha256.hpp
//
// Purpose: SHA-256 for the app's hashing port (app/digest.hpp) and for uploaded files, over the one SHA-256
// implementation in adapters/io/crypto.hpp (OpenSSL's EVP interface directly; Poco::Crypto is not used).
#pragma once

#include <filesystem>
#include <string>

#include "renofee/adapters/io/crypto.hpp"
#include "renofee/app/digest.hpp"
#include "renofee/core/base/result.hpp"

namespace renofee::io {

// The port implementation: `app::Sha256 hash = io::sha256_port();` (io::sha256_hex per call).
app::Sha256 sha256_port();

// SHA-256 of a file's bytes, streamed in 1 MiB blocks; not_found when the file cannot be read.
Result<std::string> file_sha256(const std::filesystem::path& path);

}  // namespace renofee::io
