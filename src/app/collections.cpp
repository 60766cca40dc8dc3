#include "renofee/app/collections.hpp"

#include <algorithm>

#include "renofee/app/occupants.hpp"

namespace renofee::app {
namespace {

using collections::DirectDebit;
using collections::Mandate;
using collections::SequenceType;

std::string yyyymmdd(calendar::Date day) {
  std::string text = calendar::to_string(day);  // YYYY-MM-DD
  text.erase(std::remove(text.begin(), text.end(), '-'), text.end());
  return text;
}

std::string month_tag(int month) {
  std::string digits = std::to_string(month);
  return std::string(digits.size() < 3 ? 3 - digits.size() : 0, '0') + digits;
}

// What one mandate's contract owes on the collection day: the fee due that day, unless collected before.
struct Candidate {
  Mandate mandate;
  DueFee fee;
  SequenceType sequence = SequenceType::first;
};

Result<void> consider(CollectDeps& deps, const Mandate& mandate, calendar::Date day,
                      std::vector<Candidate>& out, std::vector<std::string>& already) {
  RENOFEE_TRY(const std::vector<DueFee> due, due_fees(deps.book, mandate.contract_id, day));
  if (due.empty() || due.back().due_date != day) return success();
  const DueFee& fee = due.back();
  // Only the occupant who owes the fee is debited (docs/occupants.md): a mandate of an earlier occupant collects
  // nothing after they left.
  // Whose fee it is needs only the changes (occupant 1 before the first), not the contract's versions again.
  RENOFEE_TRY(const std::vector<finance::OccupantChange> changes,
              deps.book.contracts.occupant_changes(mandate.contract_id));
  if (finance::occupant_on(changes, fee.due_date) != mandate.occupant) return success();
  RENOFEE_TRY(const std::vector<CollectionRecord> earlier, deps.store.collections(mandate.contract_id));
  for (const CollectionRecord& r : earlier) {
    if (r.month == fee.month) {
      already.push_back(mandate.contract_id + " month " + std::to_string(fee.month) + ": collected in " +
                        r.message_id);
      return success();
    }
  }
  const bool used = std::any_of(earlier.begin(), earlier.end(), [&](const CollectionRecord& r) {
    return r.mandate_id == mandate.mandate_id;
  });
  out.push_back(Candidate{mandate, fee, used ? SequenceType::recurring : SequenceType::first});
  return success();
}

std::vector<NewEntry> collection_postings(const CollectionRecord& r, calendar::Date day) {
  const std::vector<DueFee> fee{DueFee{r.month, r.due_date, r.amount}};
  std::vector<NewEntry> entries = fee_entries(fee, day);
  entries.push_back(NewEntry{EntryKind::collection, day, cents(0), "collection:" + std::to_string(r.month),
                             "pain.008 " + r.message_id + " end-to-end " + r.end_to_end_id + " mandate " +
                                 r.mandate_id + " " + std::string(collections::to_code(r.sequence)) +
                                 " EUR " + r.amount.value().to_string()});
  return entries;
}

}  // namespace

std::string end_to_end_id(std::string_view contract_id, int month, const Sha256& sha256) {
  const std::string readable = "RF-" + std::string(contract_id) + "-M" + month_tag(month);
  if (collections::check_sepa_identifier(readable, "/end_to_end_id").ok()) return readable;
  return "RF-" + sha256(std::string(contract_id) + "|" + std::to_string(month)).substr(0, 32);
}

Result<CollectOutcome> collect(CollectDeps& deps, calendar::Date day, calendar::Instant now,
                               const std::string& actor) {
  RENOFEE_TRY(const std::optional<collections::Creditor> creditor, deps.store.creditor());
  if (!creditor) {
    return failed_precondition("no creditor is set: renofee creditor set --name N --iban I --creditor-id C");
  }
  RENOFEE_TRY(const std::vector<Mandate> mandates, deps.store.mandates());
  CollectOutcome out;
  std::vector<Candidate> candidates;
  for (const Mandate& m : mandates)
    RENOFEE_CHECK(consider(deps, m, day, candidates, out.already));
  if (candidates.empty()) return out;

  RENOFEE_TRY(const int earlier_files, deps.store.files_on(day));
  const std::string message_id = "RF-" + yyyymmdd(day) + "-" + std::to_string(earlier_files + 1);
  std::vector<DirectDebit> debits;
  for (const Candidate& c : candidates) {
    debits.push_back(
        DirectDebit{end_to_end_id(c.mandate.contract_id, c.fee.month, deps.book.sha256),
                    round_to_cents(c.fee.total, Rounding::half_up), c.mandate, c.sequence,
                    "Maandtermijn " + c.mandate.contract_id + " maand " + std::to_string(c.fee.month)});
  }
  RENOFEE_TRY(const collections::CollectionRun run,
              collections::build_collection_run(message_id, now, *creditor, day, std::move(debits)));
  CollectionFile file{message_id, day, now, actor, run.transactions, run.control_sum, "", deps.render(run)};
  file.sha256 = deps.book.sha256(file.xml);
  std::vector<ContractPostings> postings;
  for (const collections::PaymentBatch& batch : run.batches) {
    for (const DirectDebit& d : batch.debits) {
      const auto c = std::find_if(candidates.begin(), candidates.end(), [&](const Candidate& each) {
        return each.mandate.mandate_id == d.mandate.mandate_id;  // one mandate per contract and occupant
      });
      out.records.push_back(CollectionRecord{d.mandate.contract_id, c->fee.month, c->fee.due_date, d.amount,
                                             d.end_to_end_id, d.mandate.mandate_id, batch.sequence,
                                             message_id});
      postings.push_back(
          ContractPostings{d.mandate.contract_id, collection_postings(out.records.back(), day)});
    }
  }
  RENOFEE_CHECK(deps.store.store_collection(file, out.records, postings));
  out.file = std::move(file);
  return out;
}

}  // namespace renofee::app
