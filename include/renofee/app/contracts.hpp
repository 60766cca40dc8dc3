// renofee/app/contracts.hpp
//
// Purpose: contracts as the system of record keeps them. An accepted offer becomes a
// contract whose terms never change in place: each change is a new *version* with a reason and the date from
// which it applies; every version stays readable. The contract id is the offer id.
//
// Which version applies: for a date d, the version with the latest effective date <= d (ties: the higher
// version number). A reconciliation year uses the version in effect on the first day of its period, so an
// amendment effective in the middle of a year applies from the next settled year; a fee uses the version in
// effect on its due date.
//
// Each version stores the offer document as one deterministic text (io::OfferDocument::canonical_json, or
// offer_to_json for terms changed by renofee), and its SHA-256, which reports cite as the contract input
// hash. The store hands a version back with its terms parsed from that text (`offer`), so use cases never
// parse.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/app/digest.hpp"
#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/finance/occupancy.hpp"
#include "renofee/core/quote/offer.hpp"

namespace renofee::app {

struct ContractVersion {
  std::string contract_id;        // = the offer id
  int version = 0;                // 1, 2, ...
  std::string offer_json;         // the offer document as stored
  quote::Offer offer;             // offer_json parsed: the terms with their guarantees (filled when read)
  std::string sha256;             // of offer_json
  calendar::Date effective_date;  // version 1: the contract start date
  std::string reason;             // version 1: "created"
  calendar::Instant created_at;
  std::string created_by;  // who stored it: an API key id ("key:12") or "cli"
  friend bool operator==(const ContractVersion&, const ContractVersion&) = default;
};

// One line of a contract listing.
struct ContractSummary {
  std::string contract_id;
  int versions = 0;
  std::string created_by;  // of version 1: the owner (financiers see only their own contracts)
  calendar::Instant created_at;
  friend bool operator==(const ContractSummary&, const ContractSummary&) = default;
};

class ContractStore {
 public:
  virtual ~ContractStore() = default;
  // Stores version 1. already_exists when the contract id is taken.
  virtual Result<void> create_contract(const ContractVersion& first) = 0;
  // Stores `next` (version = the current last version + 1). already_exists when that version number was taken
  // meanwhile (a concurrent amendment): the caller re-reads and decides again. not_found for an unknown
  // contract.
  virtual Result<void> add_version(const ContractVersion& next) = 0;
  // All versions, ascending, each with its offer parsed; not_found for an unknown contract, internal when a
  // stored offer cannot be read back.
  virtual Result<std::vector<ContractVersion>> versions(std::string_view contract_id) = 0;
  // Version 1's created_by (the owner, app/tenancy.hpp), nullopt for an unknown contract. The default reads
  // versions(); a store overrides it with a lookup that parses no offer (every data request asks it).
  virtual Result<std::optional<std::string>> owner(std::string_view contract_id);
  // Contracts ordered by id, strictly after `after_id`, at most `limit`; only those created by `owner` when
  // given.
  virtual Result<std::vector<ContractSummary>> list_contracts(std::string_view after_id, int limit,
                                                              const std::optional<std::string>& owner) = 0;
  // The contract's occupant changes in order (core/finance/occupancy.hpp, app/occupants.hpp). The default has
  // none: a store without occupant changes has one occupant per contract.
  virtual Result<std::vector<finance::OccupantChange>> occupant_changes(std::string_view contract_id);
};

// The version in effect on `day` (rule above); failed_precondition when `day` is before every version's
// effective date.
Result<ContractVersion> version_in_effect(std::span<const ContractVersion> versions, calendar::Date day);

// Every contract id in order (of `owner` only when given), read page by page.
Result<std::vector<std::string>> contract_ids(ContractStore& store, const std::optional<std::string>& owner);

// Use cases. `offer` is an offer already validated by the caller and `offer_json` its canonical text
// (adapters parse and check the document and write it, io::OfferDocument); the contract id and start date are
// the offer's.
struct NewContract {
  quote::Offer offer;
  std::string offer_json;
  calendar::Instant now;
  std::string actor;
};
Result<ContractVersion> create_contract(ContractStore& store, const Sha256& sha256,
                                        const NewContract& request);

struct Amendment {
  std::string contract_id;
  quote::Offer offer;      // the complete amended offer (same id)
  std::string offer_json;  // its canonical text
  calendar::Date effective_date;
  std::string reason;  // 1..500 characters, required
  calendar::Instant now;
  std::string actor;
};
// invalid_argument for an empty reason; failed_precondition when the effective date lies before the contract
// start; already_exists ("nothing changed") when the offer text equals the latest version's.
Result<ContractVersion> amend_contract(ContractStore& store, const Sha256& sha256, const Amendment& request);

}  // namespace renofee::app
