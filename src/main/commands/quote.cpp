// `renofee quote FILE [--format json|text] [--lang nl|en] [--tariffs DIR]`: the quote of one offer document.
// `renofee quote --batch FILE.ndjson`: one offer per line in, one JSON line per line out, streaming; a bad
// line yields an error line for that line and the rest continue; progress on stderr for long runs; exit 1
// when any line failed.
#include <chrono>
#include <fstream>
#include <iostream>

#include "../cli.hpp"
#include "offer_files.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/quoting.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee quote FILE [--format json|text] [--lang nl|en] [--tariffs DIR]\n"
    "       renofee quote --batch FILE.ndjson [--tariffs DIR]   (FILE may be - for standard input)\n";

int batch(const std::string& path, renofee::io::TariffDirectory& tariffs, Streams& io) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      io.err << "renofee quote: cannot read " << path << '\n';
      return 1;
    }
  }
  std::istream& in = path == "-" ? io.in : file;
  const auto started = std::chrono::steady_clock::now();
  auto last_progress = started;
  std::int64_t line_number = 0;
  std::int64_t quoted = 0;
  std::int64_t failed = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines are allowed
    std::vector<Error> problems;
    Result<quote::Offer> offer = renofee::io::parse_offer_json(line, &problems);
    std::string out;
    if (offer) {
      Result<quote::Quote> result = app::quote_offer(*offer, tariffs);
      if (result) {
        out = renofee::io::batch_quote_line(line_number, *result);
      } else {
        problems = {result.error()};
      }
    }
    if (out.empty()) {
      out = renofee::io::batch_error_line(line_number, problems);
      ++failed;
    } else {
      ++quoted;
    }
    io.out << out << '\n';
    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress >= std::chrono::seconds(2)) {
      const double seconds = std::chrono::duration<double>(now - started).count();
      io.err << "renofee quote: " << line_number << " lines, " << quoted << " quoted, " << failed
             << " failed, " << static_cast<long>(static_cast<double>(line_number) / seconds) << " lines/s\n";
      last_progress = now;
    }
  }
  io.out.flush();
  io.err << "renofee quote: done: " << quoted << " quoted, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

int quote_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> files = positional(args, {"--format", "--lang", "--tariffs", "--batch"});
  renofee::io::TariffDirectory tariffs(renofee::io::default_tariff_directory(flag_value(args, "--tariffs")));
  if (has_flag(args, "--batch")) {
    const std::string path = flag_value(args, "--batch");
    if (path.empty() || !files.empty()) {
      io.err << usage;
      return 2;
    }
    return batch(path, tariffs, io);
  }
  const std::string format = flag_value(args, "--format", "json");
  const std::string lang = flag_value(args, "--lang", "en");
  if (files.size() != 1 || (format != "json" && format != "text") || (lang != "nl" && lang != "en")) {
    io.err << usage;
    return 2;
  }
  const std::optional<quote::Offer> offer = read_offer_file(files[0], io.in, io.err, "quote");
  if (!offer) return 1;
  const Result<quote::Quote> result = app::quote_offer(*offer, tariffs);
  if (!result) {
    io.err << "renofee quote: " << describe(result.error()) << '\n';
    return 1;
  }
  if (format == "json") {
    io.out << renofee::io::to_json_text(renofee::io::quote_json(*result), 2) << '\n';
  } else {
    renofee::io::write_quote_text(
        *result, lang == "nl" ? renofee::io::Language::nl : renofee::io::Language::en, io.out);
  }
  return 0;
}

const CommandRegistration registration{
    "quote", "quote an offer: fees, APR, energy bills, savings, affordability", quote_command};

}  // namespace
}  // namespace renofee::cli
