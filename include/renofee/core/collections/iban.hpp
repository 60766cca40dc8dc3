// renofee/core/collections/iban.hpp
//
// Purpose: checking the debtor IBAN of a SEPA direct-debit mandate before any money is collected from it.
//
// Rules (ISO 13616-1:2020; lengths from SWIFT's IBAN registry, SEPA countries only, since a SEPA direct debit
// needs a SEPA account): spaces are ignored and letters upper-cased (the paper form groups by four); two letters
// of a SEPA country, two check digits, then the country's BBAN: alphanumeric, of the registry length in total
// (NL: 18, as NLkk BBBB 0123456789: four letters for the bank and ten digits). The check: move the first four
// characters to the end, replace each letter by 10..35 (A = 10), and the number modulo 97 must be 1.
#pragma once

#include <string>
#include <string_view>

#include "renofee/core/base/result.hpp"

namespace renofee::collections {

// ISO 7064 MOD 97-10: the remainder modulo 97 of the number written by replacing each letter of `alphanumeric`
// (digits and upper-case letters only) by 10..35 (A = 10). Shared by IBANs and SEPA creditor identifiers.
int mod97_10(std::string_view alphanumeric) noexcept;

// The IBAN in electronic form (no spaces, upper case), or invalid_argument (field "/iban") saying which rule
// failed: characters, country, length, the Dutch bank code layout, or the check digits.
Result<std::string> normalise_iban(std::string_view text);

// The paper form: groups of four separated by a space ("NL91 ABNA 0417 1643 00").
std::string iban_in_groups(std::string_view iban);

}  // namespace renofee::collections
