// `renofee contract create OFFER.json`, `contract amend ID OFFER.json --reason TEXT --effective DATE`,
// `contract show ID`, `contract list`: accepted offers stored as contracts with immutable versions
// (app/contracts.hpp). All take `--db URL` (default renofee.db).
#include <Poco/JSON/Object.h>

#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "offer_files.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/reconciliation_output.hpp"
#include "renofee/adapters/io/sha256.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee contract create OFFER.json [--db URL]\n"
    "       renofee contract amend ID OFFER.json --reason TEXT --effective YYYY-MM-DD [--db URL]\n"
    "       renofee contract show ID [--db URL]\n"
    "       renofee contract list [--after ID] [--limit N] [--db URL]\n";

int create(const std::vector<std::string>& files, const std::vector<std::string>& args, Streams& io) {
  if (files.size() != 1) {
    io.err << usage;
    return 2;
  }
  std::optional<io::OfferDocument> document = read_offer_document(files[0], io.in, io.err, "contract create");
  if (!document) return 1;
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "contract create");
  if (!book) return 1;
  Result<app::ContractVersion> stored =
      app::create_contract(*book->book, io::sha256_port(),
                           app::NewContract{document->offer, document->canonical_json, now_utc(), "cli"});
  if (!stored) {
    io.err << "renofee contract create: " << stored.error() << '\n';
    return 1;
  }
  io.out << "contract " << stored->contract_id << " stored as version 1 (effective "
         << calendar::to_string(stored->effective_date) << ", sha256 " << stored->sha256 << ")\n";
  return 0;
}

int amend(const std::vector<std::string>& words, const std::vector<std::string>& args, Streams& io) {
  const std::string reason = flag_value(args, "--reason");
  const Result<calendar::Date> effective = calendar::parse_date(flag_value(args, "--effective"));
  if (words.size() != 2 || reason.empty() || !effective) {
    if (words.size() == 2 && !effective)
      io.err << "renofee contract amend: --effective: " << effective.error() << '\n';
    io.err << usage;
    return 2;
  }
  std::optional<io::OfferDocument> document = read_offer_document(words[1], io.in, io.err, "contract amend");
  if (!document) return 1;
  const quote::Offer& offer = document->offer;
  if (offer.id != words[0]) {
    io.err << "renofee contract amend: the offer's id is \"" << offer.id << "\", not \"" << words[0]
           << "\" (an amendment keeps the contract id) (at /id)\n";
    return 1;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "contract amend");
  if (!book) return 1;
  Result<app::ContractVersion> stored = app::amend_contract(
      *book->book, io::sha256_port(),
      app::Amendment{words[0], offer, document->canonical_json, *effective, reason, now_utc(), "cli"});
  if (!stored) {
    io.err << "renofee contract amend: " << stored.error() << '\n';
    return 1;
  }
  io.out << "contract " << stored->contract_id << " version " << stored->version << " stored (effective "
         << calendar::to_string(stored->effective_date) << ", sha256 " << stored->sha256 << ")\n";
  return 0;
}

int show(const std::vector<std::string>& words, const std::vector<std::string>& args, Streams& io) {
  if (words.size() != 1) {
    io.err << usage;
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "contract show");
  if (!book) return 1;
  Result<std::vector<app::ContractVersion>> versions = book->book->versions(words[0]);
  if (!versions) {
    io.err << "renofee contract show: " << versions.error() << '\n';
    return 1;
  }
  Poco::JSON::Object::Ptr out = io::contract_versions_json(words[0], *versions);
  out->stringify(io.out, 2);
  io.out << '\n';
  return 0;
}

int list(const std::vector<std::string>& args, Streams& io) {
  const std::string limit_text = flag_value(args, "--limit", "100");
  int limit = 0;
  try {
    limit = std::stoi(limit_text);
  } catch (const std::exception&) {
    limit = 0;
  }
  if (limit < 1 || limit > 1000) {
    io.err << "renofee contract list: --limit must be 1..1000\n";
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "contract list");
  if (!book) return 1;
  Result<std::vector<app::ContractSummary>> contracts =
      book->book->list_contracts(flag_value(args, "--after"), limit, std::nullopt);
  if (!contracts) {
    io.err << "renofee contract list: " << contracts.error() << '\n';
    return 1;
  }
  for (const app::ContractSummary& contract : *contracts) {
    io.out << contract.contract_id << '\t' << contract.versions << " version(s)\tcreated "
           << io::iso_instant(contract.created_at) << " by " << contract.created_by << '\n';
  }
  return 0;
}

int contract_command(const std::vector<std::string>& args, Streams& io) {
  std::vector<std::string> words =
      positional(args, {"--db", "--reason", "--effective", "--after", "--limit", "--tariffs"});
  if (words.empty()) {
    io.err << usage;
    return 2;
  }
  const std::string verb = words.front();
  words.erase(words.begin());
  if (verb == "create") return create(words, args, io);
  if (verb == "amend") return amend(words, args, io);
  if (verb == "show") return show(words, args, io);
  if (verb == "list" && words.empty()) return list(args, io);
  io.err << usage;
  return 2;
}

const CommandRegistration registration{"contract", "store an accepted offer as a contract; amend, show, list",
                                       contract_command};

}  // namespace
}  // namespace renofee::cli
