// Control: a core source using only the core's own headers compiles (build.core_purity.pure).
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"
int main() {
  return renofee::Decimal(1).sign() == 1 ? 0 : 1;
}
