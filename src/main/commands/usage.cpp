// `renofee usage --contract ID --from D --to D [--db URL]`: use per channel over the half-open period of
// local (Europe/Amsterdam) days [from, to), as JSON: the use, its unit, whether a boundary was interpolated
// (estimated), meter swaps, and for a channel the readings do not cover, the reason instead of a value (never
// a silent zero). Exit 1 when no channel could be computed.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <ostream>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/core/metering/consumption.hpp"

namespace renofee::cli {
namespace {

using Poco::JSON::Object;

Object::Ptr boundary_json(const metering::Boundary& b) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("at", metering::to_iso(b.at));
  o->set("meter_id", b.meter_id);
  o->set("register", b.register_value.to_string());
  o->set("estimated", b.estimated);
  return o;
}

int usage_command(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  const Result<calendar::Date> from = calendar::parse_date(flag_value(args, "--from"));
  const Result<calendar::Date> to = calendar::parse_date(flag_value(args, "--to"));
  if (contract.empty() || !from || !to ||
      !positional(args, {"--contract", "--from", "--to", "--db"}).empty()) {
    if (!contract.empty() && (!from || !to))
      io.err << "renofee usage: " << (!from ? from.error() : to.error()) << '\n';
    io.err << "usage: renofee usage --contract ID --from YYYY-MM-DD --to YYYY-MM-DD [--db URL]\n";
    return 2;
  }
  if (!(*from < *to)) {
    io.err << "renofee usage: --to must be after --from (the period is [from, to))\n";
    return 2;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "usage");
  if (!database) return 1;
  db::SqlReadingStore store(*database);
  const calendar::Instant t0 = calendar::local_day(*from).begin;
  const calendar::Instant t1 = calendar::local_day(*to).begin;

  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("contract", contract);
  out->set("from", calendar::to_string(*from));
  out->set("to", calendar::to_string(*to));
  out->set("period_utc", metering::to_iso(t0) + "/" + metering::to_iso(t1));
  Poco::JSON::Array::Ptr channels = new Poco::JSON::Array;
  int computed = 0;
  for (metering::Channel channel : metering::all_channels) {
    Result<std::vector<metering::Reading>> readings = app::channel_readings(store, contract, channel, t0, t1);
    if (readings && readings->empty()) continue;  // the contract has no meter on this channel
    Object::Ptr c = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    c->set("channel", std::string(metering::to_string(channel)));
    c->set("unit", std::string(metering::unit_of(channel)));
    Result<metering::Use> use = readings ? metering::use_over(*readings, channel, t0, t1) : readings.error();
    if (use) {
      ++computed;
      c->set("use", use->value.to_string());
      c->set("estimated", use->estimated());
      c->set("meter_swaps", use->meter_swaps);
      c->set("start", boundary_json(use->start));
      c->set("end", boundary_json(use->end));
    } else {
      c->set("error", describe(use.error()));
    }
    channels->add(c);
  }
  out->set("channels", channels);
  out->stringify(io.out, 2);
  io.out << '\n';
  if (computed == 0) {
    io.err << "renofee usage: no channel of contract " << contract << " has readings covering the period\n";
    return 1;
  }
  return 0;
}

const CommandRegistration registration{
    "usage", "use per channel of a contract over [from, to) with estimated flags", usage_command};

}  // namespace
}  // namespace renofee::cli
