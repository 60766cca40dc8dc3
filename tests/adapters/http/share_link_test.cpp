// Test plan (adapters/http/share_link.hpp):
//  - hmac_sha256_hex against RFC 4231 test cases 1, 2 and 6 (a key longer than the block is hashed first);
//  - a token made for a contract checks valid until its expiry second, expired from then on;
//  - the same token for another contract, with a changed expiry, a changed signature or another secret is
//    forged; tokens of the wrong shape are malformed;
//  - the signature equals python's hmac over "renofee.share/1|<contract>|<expiry>" (computed independently);
//  - secrets shorter than 32 bytes are refused.
#include "renofee/adapters/http/share_link.hpp"

#include <gtest/gtest.h>

namespace renofee::http {
namespace {

calendar::Instant at(long long seconds) {
  return calendar::Instant(std::chrono::seconds(seconds));
}

ShareSecret secret(char c = 'k') {
  return ShareSecret::make(std::string(32, c)).value();
}

TEST(HmacSha256, Rfc4231TestCases) {
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(
      hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(ShareToken, MatchesAnIndependentHmac) {
  // python3: hmac.new(b'k'*32, b'renofee.share/1|nom-tussenwoning|1780000000', hashlib.sha256).hexdigest()
  EXPECT_EQ(make_share_token(secret(), "nom-tussenwoning", at(1780000000)),
            "1780000000.fddf34bd723335f2b581cdec6bdfd58eea3d8dcb3183e5c97320bf05639d0691");
}

TEST(ShareToken, ValidUntilItsExpirySecond) {
  const std::string token = make_share_token(secret(), "c-1", at(1000));
  EXPECT_EQ(check_share_token(secret(), "c-1", token, at(0)), ShareCheck::valid);
  EXPECT_EQ(check_share_token(secret(), "c-1", token, at(999)), ShareCheck::valid);
  EXPECT_EQ(check_share_token(secret(), "c-1", token, at(1000)), ShareCheck::expired);
  EXPECT_EQ(check_share_token(secret(), "c-1", token, at(5000)), ShareCheck::expired);
}

TEST(ShareToken, AnyChangeIsForged) {
  const std::string token = make_share_token(secret(), "c-1", at(1000));
  EXPECT_EQ(check_share_token(secret(), "c-2", token, at(0)), ShareCheck::forged);
  EXPECT_EQ(check_share_token(secret('x'), "c-1", token, at(0)), ShareCheck::forged);
  std::string later = token;
  later.replace(0, 4, "9999");  // a longer life with the old signature
  EXPECT_EQ(check_share_token(secret(), "c-1", later, at(0)), ShareCheck::forged);
  std::string flipped = token;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_EQ(check_share_token(secret(), "c-1", flipped, at(0)), ShareCheck::forged);
  // An expired token with a wrong signature is forged, not expired: the signature is checked first.
  EXPECT_EQ(check_share_token(secret(), "c-2", token, at(5000)), ShareCheck::forged);
}

TEST(ShareToken, WrongShapesAreMalformed) {
  const std::string sig(64, 'a');
  for (const std::string& bad :
       {std::string(""), std::string("."), std::string("1000"), "1000." + sig.substr(1), "1000." + sig + "a",
        "." + sig, "10a0." + sig, "1000." + std::string(64, 'A'), "1234567890123." + sig, "-100." + sig}) {
    EXPECT_EQ(check_share_token(secret(), "c-1", bad, at(0)), ShareCheck::malformed) << bad;
  }
}

TEST(ShareSecret, AtLeast32Bytes) {
  EXPECT_FALSE(ShareSecret::make(std::string(31, 's')));
  EXPECT_EQ(ShareSecret::make(std::string(31, 's')).error().field, "RENOFEE_SHARE_SECRET");
  EXPECT_TRUE(ShareSecret::make(std::string(32, 's')));
  const auto unset = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_FALSE(share_secret_from_env(unset).value().has_value());
  const auto short_one = [](const std::string&) -> std::optional<std::string> { return "short"; };
  EXPECT_FALSE(share_secret_from_env(short_one));
}

}  // namespace
}  // namespace renofee::http
