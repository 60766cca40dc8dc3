// renofee/adapters/io/sha256.hpp
//
// Purpose: SHA-256 (FIPS 180-4) for the app's hashing port (app/digest.hpp) and for uploaded files. OpenSSL's
// implementation through Poco::Crypto uses the CPU's SHA extensions: several times faster than
// Poco::SHA2Engine on large uploads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "renofee/app/digest.hpp"
#include "renofee/core/base/result.hpp"

namespace renofee::io {

// 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

// The port implementation: `app::Sha256 hash = io::sha256_port();`.
app::Sha256 sha256_port();

// SHA-256 of a file's bytes, streamed in 1 MiB blocks; not_found when the file cannot be read.
Result<std::string> file_sha256(const std::filesystem::path& path);

}  // namespace renofee::io
