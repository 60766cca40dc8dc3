// `renofee occupant change --contract ID --date YYYY-MM-DD --event tenant_change|sale|sale_payoff
//      [--outgoing-key] [--format text|json] [--db URL]`
// `renofee occupant list --contract ID [--db URL]`
// A new occupant of the home (app/occupants.hpp, docs/occupants.md): the date is the incoming occupant's first
// day. `change` shares the fee of that month to the day, revokes the contract's resident keys, prints the
// incoming occupant's new key (and with --outgoing-key one for the outgoing occupant's final statement), and
// prints the outgoing occupant's final statement. `sale_payoff` (a sale where the buyer does not take over)
// repays the financing and ends the contract. `list` prints the occupants with their periods as JSON.
#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "renofee/adapters/io/crypto.hpp"
#include "renofee/adapters/io/occupant_output.hpp"
#include "renofee/app/occupants.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee occupant change --contract ID --date YYYY-MM-DD --event tenant_change|sale|sale_payoff\n"
    "                               [--outgoing-key] [--format text|json] [--db URL]\n"
    "       renofee occupant list --contract ID [--db URL]\n";

int change(const std::vector<std::string>& args, Streams& io) {
  const std::string format = flag_value(args, "--format", "text");
  if (format != "text" && format != "json") {
    io.err << usage;
    return 2;
  }
  const Result<calendar::Date> on = calendar::parse_date(flag_value(args, "--date"));
  if (!on) {
    io.err << "renofee occupant: --date: " << on.error() << '\n';
    return 2;
  }
  const Result<finance::OccupantEvent> event = finance::parse_occupant_event(flag_value(args, "--event"));
  if (!event) {
    io.err << "renofee occupant: --event: " << event.error().message << '\n';
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "occupant");
  if (!book) return 1;
  io::SystemKeyCrypto crypto;
  app::OccupantChangeRequest request{flag_value(args, "--contract"),
                                     finance::OccupantChange{*on, *event},
                                     has_flag(args, "--outgoing-key"),
                                     calendar::local_date(now_utc()),
                                     now_utc(),
                                     "cli"};
  Result<app::OccupantChangeOutcome> out = app::change_occupant(*book->deps, *book->book, crypto, request);
  if (!out) {
    io.err << "renofee occupant: " << describe(out.error()) << '\n';
    return out.error().code == ErrorCode::invalid_argument ? 2 : 1;
  }
  if (format == "json") {
    io::occupant_change_json(request.contract_id, *out)->stringify(io.out, 2);
    io.out << '\n';
  } else {
    io.out << io::occupant_change_text(request.contract_id, *out);
  }
  return 0;
}

int list(const std::vector<std::string>& args, Streams& io) {
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "occupant");
  if (!book) return 1;
  const std::string contract = flag_value(args, "--contract");
  Result<std::vector<finance::OccupantPeriod>> periods = app::contract_occupants(*book->book, contract);
  if (!periods) {
    io.err << "renofee occupant: " << describe(periods.error()) << '\n';
    return 1;
  }
  io::occupants_json(contract, *periods)->stringify(io.out, 2);
  io.out << '\n';
  return 0;
}

int occupant_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest =
      positional(args, {"--contract", "--date", "--event", "--format", "--db", "--tariffs"});
  if (rest.size() != 1 || flag_value(args, "--contract").empty()) {
    io.err << usage;
    return 2;
  }
  if (rest.front() == "change") return change(args, io);
  if (rest.front() == "list") return list(args, io);
  io.err << usage;
  return 2;
}

const CommandRegistration registration{
    "occupant", "a new tenant or owner of a contract's home, and its occupants", occupant_command};

}  // namespace
}  // namespace renofee::cli
