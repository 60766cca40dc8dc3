// `renofee schedule FILE [--format csv|json] [--tariffs DIR]`: the monthly fee schedule of an offer document.
#include <ostream>

#include "../cli.hpp"
#include "offer_files.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/quoting.hpp"

namespace renofee::cli {
namespace {

int schedule(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> files = positional(args, {"--format", "--tariffs"});
  const std::string format = flag_value(args, "--format", "csv");
  if (files.size() != 1 || (format != "csv" && format != "json")) {
    io.err << "usage: renofee schedule FILE [--format csv|json] [--tariffs DIR]\n";
    return 2;
  }
  const std::optional<quote::Offer> offer = read_offer_file(files[0], io.in, io.err, "schedule");
  if (!offer) return 1;
  renofee::io::TariffDirectory tariffs(renofee::io::default_tariff_directory(flag_value(args, "--tariffs")));
  const Result<finance::Schedule> result = app::schedule_offer(*offer, tariffs);
  if (!result) {
    io.err << "renofee schedule: " << describe(result.error()) << '\n';
    return 1;
  }
  if (format == "csv") {
    renofee::io::write_schedule_csv(*result, io.out);
  } else {
    io.out << renofee::io::to_json_text(renofee::io::schedule_json(offer->id, *result), 2) << '\n';
  }
  return 0;
}

const CommandRegistration registration{"schedule", "print the monthly fee schedule of an offer (csv or json)",
                                       schedule};

}  // namespace
}  // namespace renofee::cli
