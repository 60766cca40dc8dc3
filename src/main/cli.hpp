// renofee/src/main/cli.hpp
//
// Purpose: the subcommand registry of the renofee executable. Each command lives in
// src/main/commands/<name>.cpp and registers itself with a static `CommandRegistration`; main() dispatches on
// the first argument. Commands return the process exit code: 0 success, 1 a refused input or failed operation
// (message on stderr), 2 a usage error.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace renofee::cli {

struct Streams {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

using CommandFn = std::function<int(const std::vector<std::string>& args, Streams& io)>;

struct Command {
  std::string name;     // first word on the command line ("quote", "import")
  std::string summary;  // one line for `renofee --help`
  CommandFn run;
};

// All registered commands, sorted by name.
const std::vector<Command>& commands();

struct CommandRegistration {
  CommandRegistration(std::string name, std::string summary, CommandFn run);
};

// Small argument helpers shared by the commands: `--flag value` and `--flag=value`.
// Returns the value of `flag` or `fallback`; removes nothing.
std::string flag_value(const std::vector<std::string>& args, std::string_view flag,
                       std::string fallback = {});
// Every value of a flag that may be given more than once, in order.
std::vector<std::string> flag_values(const std::vector<std::string>& args, std::string_view flag);
bool has_flag(const std::vector<std::string>& args, std::string_view flag);
// Arguments that are neither flags nor the values of the given value-taking flags.
std::vector<std::string> positional(const std::vector<std::string>& args,
                                    const std::vector<std::string_view>& value_flags);

}  // namespace renofee::cli
