// `renofee demo`: shows the exact-value core at work (decimals, rounding modes, units, contract months, DST).
#include <iomanip>
#include <ostream>

#include "../cli.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"
#include "renofee/version.hpp"

namespace renofee::cli {
namespace {

namespace cal = renofee::calendar;

Decimal must_parse(std::string_view text) {
  return Decimal::parse(text).value();
}

int demo(const std::vector<std::string>&, Streams& io) {
  std::ostream& out = io.out;
  out << "renofee " << renofee::version << " demo\n\n";
  out << "Exact decimals (never binary floating point):\n";
  out << "  0.1 + 0.2                      = " << (must_parse("0.1") + must_parse("0.2")) << '\n';
  out << "  10000.00 / 120, half_up, cents = "
      << Decimal::divide(must_parse("10000.00"), 120, 2, Rounding::half_up).value() << '\n';
  for (Rounding mode : all_roundings) {
    const std::string label = "-2.345 rounded to cents, " + std::string(to_string(mode));
    out << "  " << std::left << std::setw(31) << label << "= " << must_parse("-2.345").round(2, mode) << '\n';
  }
  const EurPerKwh price = EurPerKwh::parse("0.09161").value();
  const Kwh use = Kwh::parse("3100").value();
  out << "  energy tax 2026: 3100 kWh x 0.09161 EUR/kWh = " << (price * use).to_string()
      << " EUR, on the bill " << round_to_cents(price * use, Rounding::half_up).to_string() << " EUR\n\n";

  out << "Contract months keep the start day and clamp to month end (docs/domain.md §3):\n";
  const cal::Date start = cal::make_date(2028, 1, 31);
  for (int k = 0; k < 4; ++k)
    out << "  month " << k << ": " << cal::to_string(cal::contract_month(start, k)) << '\n';
  const cal::InstantRange day = cal::local_day(cal::make_date(2026, 3, 29));
  out << "\nLocal day 2026-03-29 in Europe/Amsterdam lasts "
      << std::chrono::duration_cast<std::chrono::hours>(day.end - day.begin).count()
      << " hours (summer time starts)\n";
  return 0;
}

const CommandRegistration registration{"demo", "show exact decimal arithmetic and contract-month stepping",
                                       demo};

}  // namespace
}  // namespace renofee::cli
