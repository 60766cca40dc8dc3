// tests/support/literals.hpp
//
// Purpose: the decimal and money literals test files write as text ("12.34"), shared so that every test target
// can be compiled as one unit (CMake unity build) without two files defining the same helper. A literal that is
// not a decimal is a bug in the test itself: it throws std::invalid_argument naming the text.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee {

inline Decimal dec(std::string_view text) {
  Result<Decimal> value = Decimal::parse(text);
  if (!value) throw std::invalid_argument("test literal is not a decimal: " + std::string(text));
  return *value;
}

// An amount in euros as written, scale kept ("150.00").
inline Money eur(std::string_view text) {
  return Money(dec(text));
}

}  // namespace renofee
