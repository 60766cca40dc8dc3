// Contract ledgers in memory (app::LedgerStore) for the use-case tests that run without a database
// (ledger_test.cpp, arrears_test.cpp). Like the SQL store, an entry whose posting key exists in its contract is
// skipped (and counted), and each entry is chained to the previous one of its contract. The digest is a
// stand-in (`toy_hash`); the real SHA-256 is exercised by the database tests. `chains` and `head_of` are open,
// so a test can tamper with them.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/app/ledger.hpp"

namespace renofee::app::test {

// FNV-1a 64-bit, hex, repeated to 64 characters.
inline std::string toy_hash(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes)
    h = (h ^ c) * 1099511628211ULL;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf) + buf + buf + buf;
}

class MemoryLedger final : public LedgerStore {
 public:
  Result<AppendOutcome> append(std::string_view id, std::span<const NewEntry> entries,
                               calendar::Instant posted_at) override {
    AppendOutcome out;
    std::vector<LedgerEntry>& chain = chains[std::string(id)];
    for (const NewEntry& e : entries) {
      bool exists = false;
      for (const LedgerEntry& old : chain)
        exists = exists || old.entry.posting_key == e.posting_key;
      if (exists) {
        ++out.skipped;
        continue;
      }
      const auto n = static_cast<std::int64_t>(chain.size() + 1);
      LedgerEntry le{n, std::string(id), n, e, posted_at, chain.empty() ? genesis_hash : chain.back().hash,
                     ""};
      // As the SQL store does with no occupant change: an entry without an occupant is the first occupant's.
      if (le.entry.occupant <= 0) le.entry.occupant = 1;
      le.entry.occupant_date.reset();
      le.hash = toy_hash(entry_digest_text(le));
      chain.push_back(le);
      out.appended.push_back(le);
    }
    if (!chain.empty())
      head_of[std::string(id)] =
          LedgerHead{std::string(id), static_cast<std::int64_t>(chain.size()), chain.back().hash};
    return out;
  }
  Result<std::vector<LedgerEntry>> entries(std::string_view id) override { return chains[std::string(id)]; }
  Result<std::vector<LedgerHead>> heads() override {
    std::vector<LedgerHead> out;
    for (const auto& [id, h] : head_of)
      out.push_back(h);
    return out;
  }
  Result<std::vector<std::string>> contract_ids_with_entries() override {
    std::vector<std::string> out;
    for (const auto& [id, chain] : chains) {
      if (!chain.empty()) out.push_back(id);
    }
    return out;
  }
  std::map<std::string, std::vector<LedgerEntry>> chains;
  std::map<std::string, LedgerHead> head_of;
};

}  // namespace renofee::app::test
