// renofee executable: the only place that wires adapters to use cases. Subcommands grow with the issues; for
// now
// `--version` and `demo` show the exact-value core at work.
#include <iomanip>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"
#include "renofee/version.hpp"

namespace {

using renofee::Decimal;
using renofee::Rounding;
namespace cal = renofee::calendar;

constexpr std::string_view usage = R"(usage: renofee <command> [options]

commands:
  demo         show exact decimal arithmetic and contract-month stepping
  --version    print the version
  --help       this text
)";

Decimal must_parse(std::string_view text) {
  return Decimal::parse(text).value();
}

int demo() {
  std::cout << "renofee " << renofee::version << " demo\n\n";
  std::cout << "Exact decimals (never binary floating point):\n";
  std::cout << "  0.1 + 0.2                      = " << (must_parse("0.1") + must_parse("0.2")) << '\n';
  std::cout << "  10000.00 / 120, half_up, cents = "
            << Decimal::divide(must_parse("10000.00"), 120, 2, Rounding::half_up).value() << '\n';
  for (Rounding mode : renofee::all_roundings) {
    const std::string label = "-2.345 rounded to cents, " + std::string(renofee::to_string(mode));
    std::cout << "  " << std::left << std::setw(31) << label << "= " << must_parse("-2.345").round(2, mode)
              << '\n';
  }
  const renofee::EurPerKwh price = renofee::EurPerKwh::parse("0.09160").value();
  const renofee::Kwh use = renofee::Kwh::parse("3100").value();
  std::cout << "  energy tax 2026: 3100 kWh x 0.09160 EUR/kWh = " << (price * use).to_string()
            << " EUR, on the bill " << renofee::round_to_cents(price * use, Rounding::half_up).to_string()
            << " EUR\n\n";

  std::cout << "Contract months keep the start day and clamp to month end (design.md 3):\n";
  const cal::Date start = cal::make_date(2028, 1, 31);
  for (int k = 0; k < 4; ++k)
    std::cout << "  month " << k << ": " << cal::to_string(cal::contract_month(start, k)) << '\n';
  const cal::Date dst = cal::make_date(2026, 3, 29);
  const cal::InstantRange day = cal::local_day(dst);
  std::cout << "\nLocal day 2026-03-29 in Europe/Amsterdam lasts "
            << std::chrono::duration_cast<std::chrono::hours>(day.end - day.begin).count()
            << " hours (summer time starts)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << usage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "renofee " << renofee::version << '\n';
    return 0;
  }
  if (args[0] == "demo") return demo();
  std::cerr << "renofee: unknown command \"" << args[0] << "\"\n" << usage;
  return 2;
}
