#include "renofee/core/collections/iban.hpp"

#include <array>
#include <utility>

namespace renofee::collections {
namespace {

// SEPA countries and their IBAN lengths (SWIFT IBAN registry).
constexpr std::array<std::pair<std::string_view, std::size_t>, 37> lengths{{
    {"AD", 24}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22},
    {"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27}, {"GB", 22}, {"GI", 23}, {"GR", 27},
    {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IS", 26}, {"IT", 27}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24},
    {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"VA", 22},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

Error bad(const std::string& iban, const std::string& why) {
  return invalid_argument("IBAN " + iban + " is not valid: " + why, "/iban");
}

}  // namespace

int mod97_10(std::string_view alphanumeric) noexcept {
  int remainder = 0;
  for (char c : alphanumeric) {
    const int value = is_digit(c) ? c - '0' : c - 'A' + 10;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

Result<std::string> normalise_iban(std::string_view text) {
  std::string iban;
  for (char c : text) {
    if (c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!is_digit(c) && !is_upper(c))
      return bad(std::string(text), "only letters, digits and spaces may appear");
    iban.push_back(c);
  }
  if (iban.size() < 5 || !is_upper(iban[0]) || !is_upper(iban[1]) || !is_digit(iban[2]) || !is_digit(iban[3]))
    return bad(iban, "it must start with a country code and two check digits");
  std::size_t expected = 0;
  for (const auto& [country, length] : lengths) {
    if (iban.compare(0, 2, country) == 0) expected = length;
  }
  if (expected == 0) return bad(iban, "country " + iban.substr(0, 2) + " is not a SEPA country");
  if (iban.size() != expected) {
    return bad(iban, "a " + iban.substr(0, 2) + " IBAN has " + std::to_string(expected) +
                         " characters, not " + std::to_string(iban.size()));
  }
  if (iban.compare(0, 2, "NL") == 0) {
    for (std::size_t i = 4; i < 18; ++i) {
      if (i < 8 ? !is_upper(iban[i]) : !is_digit(iban[i]))
        return bad(iban, "a Dutch IBAN has four letters (the bank) and ten digits after the check digits");
    }
  }
  if (mod97_10(iban.substr(4) + iban.substr(0, 4)) != 1)
    return bad(iban, "the check digits do not match (a typing error?)");
  return iban;
}

std::string iban_in_groups(std::string_view iban) {
  std::string out;
  for (std::size_t i = 0; i < iban.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(iban[i]);
  }
  return out;
}

}  // namespace renofee::collections
