// `renofee share-link --contract ID --days N [--base-url URL]`: prints a signed link to the contract's offer
// page that works without an API key for N days (1..366): "/offer/ID?share=EXPIRY.SIGNATURE", prefixed with
// the base URL when given. The secret is RENOFEE_SHARE_SECRET (at least 32 bytes), the one `renofee serve`
// uses; adapters/http/share_link.hpp describes the signature. The link is not stored anywhere: it stays
// valid until it expires or the secret changes.
#include <chrono>
#include <ostream>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/http/server_config.hpp"
#include "renofee/adapters/http/share_link.hpp"
#include "renofee/app/api_keys.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage = "usage: renofee share-link --contract ID --days N [--base-url URL]\n";

int share_link(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  const std::string days_text = flag_value(args, "--days");
  if (contract.empty() || days_text.empty() ||
      !positional(args, {"--contract", "--days", "--base-url"}).empty()) {
    io.err << usage;
    return 2;
  }
  if (Result<void> valid = app::validate_contract_id(contract, "--contract"); !valid) {
    io.err << "renofee share-link: " << valid.error() << '\n';
    return 2;
  }
  int days = 0;
  if (days_text.size() > 3 || days_text.find_first_not_of("0123456789") != std::string::npos ||
      (days = std::stoi(days_text)) < 1 || days > 366) {
    io.err << "renofee share-link: --days must be a whole number of days from 1 to 366, not \"" << days_text
           << "\"\n";
    return 2;
  }
  Result<std::optional<http::ShareSecret>> secret = http::share_secret_from_env(http::process_env);
  if (!secret) {
    io.err << "renofee share-link: " << secret.error() << '\n';
    return 2;
  }
  if (!*secret) {
    io.err << "renofee share-link: set RENOFEE_SHARE_SECRET (at least 32 bytes; the same as the server's)\n";
    return 2;
  }
  const calendar::Instant expires = now_utc() + std::chrono::hours(24 * days);
  std::string base = flag_value(args, "--base-url");
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  io.out << base << "/offer/" << contract << "?share=" << http::make_share_token(**secret, contract, expires)
         << '\n';
  return 0;
}

const CommandRegistration registration{"share-link", "print a signed link to a contract's offer page",
                                       share_link};

}  // namespace
}  // namespace renofee::cli
