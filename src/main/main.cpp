// renofee executable: the only place that wires adapters to use cases. Subcommands live in src/main/commands/
// and register themselves (cli.hpp); this file dispatches and turns escaped exceptions into exit code 1.
#include <malloc.h>

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "renofee/version.hpp"

namespace {

void print_usage(std::ostream& out) {
  out << "usage: renofee <command> [options]\n\ncommands:\n";
  for (const renofee::cli::Command& command : renofee::cli::commands()) {
    out << "  " << command.name << std::string(command.name.size() < 14 ? 14 - command.name.size() : 1, ' ')
        << command.summary << '\n';
  }
  out << "  --version     print the version\n  --help        this text\n";
}

}  // namespace

int main(int argc, char** argv) {
  // glibc returns freed memory at the top of a thread's heap to the kernel (madvise) once it exceeds the trim
  // threshold, and a worker thread's arena does so after almost every request: a quarter of a
  // reconciliation's time went to madvise and TLB flushes (docs/performance.md). Keep up to 64 MiB per arena
  // instead.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "renofee " << renofee::version << '\n';
    return 0;
  }
  for (const renofee::cli::Command& command : renofee::cli::commands()) {
    if (command.name != args[0]) continue;
    renofee::cli::Streams io{std::cin, std::cout, std::cerr};
    try {
      return command.run(std::vector<std::string>(args.begin() + 1, args.end()), io);
    } catch (const std::exception& e) {
      std::cerr << "renofee " << command.name << ": internal error: " << e.what() << '\n';
      return 1;
    }
  }
  std::cerr << "renofee: unknown command \"" << args[0] << "\"\n";
  print_usage(std::cerr);
  return 2;
}
