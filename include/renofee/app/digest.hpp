// renofee/app/digest.hpp
//
// Purpose: the hashing port. Reports, contract versions and ledger entries carry SHA-256 digests
// (docs/domain.md §8.8); the use cases ask for them through this function type and an adapter supplies
// the implementation (adapters/io/sha256.hpp: OpenSSL's EVP interface directly), so the app layer links no
// crypto library.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace renofee::app {

// SHA-256 (FIPS 180-4) of the bytes, as 64 lower-case hex digits.
using Sha256 = std::function<std::string(std::string_view bytes)>;

}  // namespace renofee::app
