#include "cli.hpp"

#include <algorithm>
#include <utility>

namespace renofee::cli {
namespace {

std::vector<Command>& registry() {
  static std::vector<Command> list;
  return list;
}

}  // namespace

const std::vector<Command>& commands() {
  std::vector<Command>& list = registry();
  std::sort(list.begin(), list.end(),
            [](const Command& left, const Command& right) { return left.name < right.name; });
  return list;
}

CommandRegistration::CommandRegistration(std::string name, std::string summary, CommandFn run) {
  registry().push_back(Command{std::move(name), std::move(summary), std::move(run)});
}

std::vector<std::string> flag_values(const std::vector<std::string>& args, std::string_view flag) {
  std::vector<std::string> values;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == flag && i + 1 < args.size()) {
      values.push_back(args[++i]);
    } else if (args[i].size() > flag.size() && args[i].compare(0, flag.size(), flag) == 0 &&
               args[i][flag.size()] == '=') {
      values.push_back(args[i].substr(flag.size() + 1));
    }
  }
  return values;
}

std::string flag_value(const std::vector<std::string>& args, std::string_view flag, std::string fallback) {
  std::vector<std::string> values = flag_values(args, flag);
  return values.empty() ? fallback : values.front();
}

bool has_flag(const std::vector<std::string>& args, std::string_view flag) {
  return std::any_of(args.begin(), args.end(), [&](const std::string& arg) {
    return arg == flag ||
           (arg.size() > flag.size() && arg.compare(0, flag.size(), flag) == 0 && arg[flag.size()] == '=');
  });
}

std::vector<std::string> positional(const std::vector<std::string>& args,
                                    const std::vector<std::string_view>& value_flags) {
  std::vector<std::string> result;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() > 1 && arg[0] == '-') {
      if (std::find(value_flags.begin(), value_flags.end(), arg) != value_flags.end()) ++i;  // skip its value
      continue;
    }
    result.push_back(arg);
  }
  return result;
}

}  // namespace renofee::cli
