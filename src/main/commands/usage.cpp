// `renofee usage --contract ID --from D --to D [--channel C] [--granularity total|day|month] [--db URL]`:
// use per channel over the half-open period of local (Europe/Amsterdam) days [from, to), as JSON
// (adapters/io/data_json.hpp): the use, its unit, whether a boundary was interpolated (estimated), meter
// swaps, optionally per day or month, and for a channel the readings do not cover, the reason instead of a
// value (never a silent zero). The query is app::usage_report, shared with GET /v1/contracts/{id}/usage.
// Exit 1 when no channel could be computed.
#include <ostream>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/io/data_json.hpp"
#include "renofee/app/data_queries.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage_text =
    "usage: renofee usage --contract ID --from YYYY-MM-DD --to YYYY-MM-DD [--channel C]\n"
    "                     [--granularity total|day|month] [--db URL]\n";

int usage_command(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  const Result<calendar::Date> from = calendar::parse_date(flag_value(args, "--from"));
  const Result<calendar::Date> to = calendar::parse_date(flag_value(args, "--to"));
  if (contract.empty() || !from || !to ||
      !positional(args, {"--contract", "--from", "--to", "--channel", "--granularity", "--db"}).empty()) {
    if (!contract.empty() && (!from || !to))
      io.err << "renofee usage: " << (!from ? from.error() : to.error()) << '\n';
    io.err << usage_text;
    return 2;
  }
  app::UsageQuery query{contract, *from, *to, std::nullopt, app::Granularity::total};
  if (const std::string channel = flag_value(args, "--channel"); !channel.empty()) {
    Result<metering::Channel> parsed = metering::parse_channel(channel);
    if (!parsed) {
      io.err << "renofee usage: " << parsed.error().message << '\n';
      return 2;
    }
    query.channel = *parsed;
  }
  if (const std::string granularity = flag_value(args, "--granularity"); !granularity.empty()) {
    Result<app::Granularity> parsed = app::parse_granularity(granularity);
    if (!parsed) {
      io.err << "renofee usage: " << parsed.error().message << '\n';
      return 2;
    }
    query.granularity = *parsed;
  }
  if (Result<void> valid = app::validate(query); !valid) {
    io.err << "renofee usage: " << valid.error().message << '\n';
    return 2;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "usage");
  if (!database) return 1;
  db::SqlReadingStore store(*database);
  Result<app::UsageReport> report = app::usage_report(store, query);
  if (!report) {
    io.err << "renofee usage: " << describe(report.error()) << '\n';
    return 1;
  }
  io::usage_json(*report)->stringify(io.out, 2);
  io.out << '\n';
  if (report->computed() == 0) {
    io.err << "renofee usage: no channel of contract " << contract << " has readings covering the period\n";
    return 1;
  }
  return 0;
}

const CommandRegistration registration{
    "usage", "use per channel of a contract over [from, to) with estimated flags", usage_command};

}  // namespace
}  // namespace renofee::cli
