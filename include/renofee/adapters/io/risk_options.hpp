// renofee/adapters/io/risk_options.hpp
//
// Purpose: the options of a financier's book (app/portfolio_risk.hpp) read from text, once for both the
// command line (`renofee portfolio risk --household-sd 0.1`) and the API and page query (`?household_sd=0.1`).
// Names: seed, from_year, to_year, as_of, station, stress_year (a year, coldest or darkest),
// temperature_shift (degC, 1 decimal), irradiance_change (%), household_sd, heat_pump_sd, pv_degradation,
// pv_degradation_sd, discount_rate, cost_of_capital, heating_share. The command line spells them with "--" and
// hyphens. Only the form is checked here (a whole number, a decimal, a date); the bounds are the use case's
// (risk::settings_problems), so both interfaces refuse the same values with the same words.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/app/portfolio_risk.hpp"

namespace renofee::io {

enum class OptionSpelling { command_line, query };

// `value_of(name)` gives the text of option `name` (query spelling) or nullopt. Errors name the option as the
// caller spells it ("--seed", or "/seed").
Result<void> read_risk_options(const std::function<std::optional<std::string>(std::string_view)>& value_of,
                               OptionSpelling spelling, app::PortfolioRiskRequest& request);

// The command-line spelling of every option ("--seed", "--from-year", ...), for a command's list of flags
// that take a value.
const std::vector<std::string_view>& risk_option_flags();

// The option that sets a field of the use case's errors ("/spread/household_sd" -> "--household-sd" or
// "/household_sd", "/stress/temperature_shift" -> "--temperature-shift"); other fields unchanged.
Error with_option_field(Error error, OptionSpelling spelling);

}  // namespace renofee::io
