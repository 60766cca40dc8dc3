// Quantity is a header-only template; this source keeps the one-header-one-source rule and compiles the
// header under core's poison include path (so the header itself is checked against the dependency rule). It
// also instantiates the common units once.
#include "renofee/core/units/quantity.hpp"

namespace renofee {

template class Quantity<unit::Eur>;
template class Quantity<unit::Kwh>;
template class Quantity<unit::CubicMetres>;
template class Quantity<unit::DegreeDays>;

}  // namespace renofee
