// `renofee keys create --role R [--contract ID]... [--label TEXT] [--db URL]` (a resident names its one
// contract; a meter_data key its scope, one --contract per contract)
// `renofee keys list [--db URL]`
// `renofee keys revoke ID [--db URL]`
// API keys (docs/api.md "Authentication"; app/api_keys.hpp). `create` prints the new key alone on stdout
// (so scripts can capture it) and, on stderr, its id and that it cannot be shown again: only a salted
// SHA-256 of it is stored. `list` shows id, role, contract, label, created and revoked times, never secrets.
// `revoke` takes effect on the key's next request (servers look keys up per request).
#include <cstdlib>
#include <iomanip>
#include <ostream>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/adapters/db/sql_key_store.hpp"
#include "renofee/adapters/io/crypto.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "renofee/app/occupants.hpp"
#include "renofee/core/metering/consumption.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee keys create --role financier|resident|auditor|operator|meter_data [--contract ID]... "
    "[--label TEXT] [--occupant N] [--db URL]\n"
    "       renofee keys list [--db URL]\n"
    "       renofee keys revoke ID [--db URL]\n";

// The occupant a resident key is for (docs/occupants.md): --occupant N, or whoever lives in the home now (the
// last occupant; occupant 1 for a contract not stored yet). nullopt after printing why when N is not one.
std::optional<int> resident_occupant(const std::vector<std::string>& args, db::Database& database,
                                     const std::string& contract, std::ostream& err) {
  db::SqlContractBook book(database, io::sha256_port());
  Result<std::vector<finance::OccupantPeriod>> periods = app::contract_occupants(book, contract);
  const int current = periods ? periods->back().occupant : 1;
  const std::string text = flag_value(args, "--occupant");
  if (text.empty()) return current;
  const int wanted = std::atoi(text.c_str());
  if (wanted < 1 || wanted > current || std::to_string(wanted) != text) {
    err << "renofee keys: --occupant: \"" << text << "\" is not an occupant of contract " << contract
        << " (1.." << current << ")\n";
    return std::nullopt;
  }
  return wanted;
}

int create(const std::vector<std::string>& args, Streams& io) {
  if (positional(args, {"--role", "--contract", "--label", "--db", "--occupant"}).size() != 1 ||
      flag_value(args, "--role").empty()) {
    io.err << usage;
    return 2;
  }
  Result<app::Role> role = app::parse_role(flag_value(args, "--role"));
  if (!role) {
    io.err << "renofee keys: " << role.error().message << '\n';
    return 2;
  }
  app::KeyRequest request;
  request.role = *role;
  std::vector<std::string> contracts = flag_values(args, "--contract");
  if (request.role == app::Role::meter_data) {
    request.scope = std::move(contracts);
  } else if (contracts.size() > 1) {
    io.err << "renofee keys: only a meter_data key names several contracts (--contract)\n";
    return 2;
  } else if (!contracts.empty()) {
    request.contract_id = contracts.front();
  }
  request.label = flag_value(args, "--label");
  request.now = now_utc();
  std::unique_ptr<db::Database> database = open_database(args, io.err, "keys");
  if (!database) return 1;
  if (request.role == app::Role::resident && request.contract_id) {
    std::optional<int> occupant = resident_occupant(args, *database, *request.contract_id, io.err);
    if (!occupant) return 2;
    request.occupant = *occupant;
  }
  db::SqlKeyStore store(*database);
  io::SystemKeyCrypto crypto;
  Result<app::IssuedKey> issued = app::issue_key(store, crypto, request);
  if (!issued) {
    io.err << "renofee keys: " << describe(issued.error()) << '\n';
    return issued.error().code == ErrorCode::invalid_argument ? 2 : 1;
  }
  io.out << issued->text << std::endl;
  io.err << "created " << app::to_string(issued->key.role) << " key " << issued->key.id
         << (issued->key.contract_id ? " for contract " + *issued->key.contract_id : std::string())
         << (issued->key.scope.empty()
                 ? std::string()
                 : " scoped to " + std::to_string(issued->key.scope.size()) + " contract(s)")
         << ". This is the only time the key is shown: it cannot be shown again (only its salted SHA-256 is "
            "stored).\n";
  return 0;
}

// The contract column of `keys list`: a resident's contract, a meter_data key's scope ("a,b" or "a,b,... (n)").
std::string scope_text(const app::ApiKey& key) {
  if (key.contract_id) return *key.contract_id;
  if (key.scope.empty()) return "-";
  std::string text;
  for (std::size_t i = 0; i < key.scope.size() && i < 2; ++i)
    text += (i ? "," : "") + key.scope[i];
  if (key.scope.size() > 2) text += ",... (" + std::to_string(key.scope.size()) + ")";
  return text;
}

int list(const std::vector<std::string>& args, Streams& io) {
  if (positional(args, {"--db"}).size() != 1) {
    io.err << usage;
    return 2;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "keys");
  if (!database) return 1;
  db::SqlKeyStore store(*database);
  Result<std::vector<app::ApiKey>> keys = store.list();
  if (!keys) {
    io.err << "renofee keys: " << describe(keys.error()) << '\n';
    return 1;
  }
  io.out << std::left << std::setw(14) << "id" << std::setw(11) << "role" << std::setw(22) << "contract"
         << std::setw(22) << "created" << std::setw(22) << "revoked"
         << "label\n";
  for (const app::ApiKey& key : *keys) {
    io.out << std::setw(14) << key.id << std::setw(11) << app::to_string(key.role) << std::setw(22)
           << scope_text(key) << std::setw(22) << metering::to_iso(key.created_at) << std::setw(22)
           << (key.revoked_at ? metering::to_iso(*key.revoked_at) : std::string("-")) << key.label << '\n';
  }
  return 0;
}

int revoke(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest = positional(args, {"--db"});
  if (rest.size() != 2) {
    io.err << usage;
    return 2;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "keys");
  if (!database) return 1;
  db::SqlKeyStore store(*database);
  Result<bool> revoked = store.revoke(rest[1], now_utc());
  if (!revoked) {
    io.err << "renofee keys: " << describe(revoked.error()) << '\n';
    return 1;
  }
  io.out << "key " << rest[1] << (*revoked ? " revoked\n" : " was already revoked\n");
  return 0;
}

int keys_command(const std::vector<std::string>& args, Streams& io) {
  if (args.empty()) {
    io.err << usage;
    return 2;
  }
  if (args[0] == "create") return create(args, io);
  if (args[0] == "list") return list(args, io);
  if (args[0] == "revoke") return revoke(args, io);
  io.err << "renofee keys: unknown action \"" << args[0] << "\"\n" << usage;
  return 2;
}

const CommandRegistration registration{"keys", "create, list and revoke API keys (roles: docs/api.md)",
                                       keys_command};

}  // namespace
}  // namespace renofee::cli
