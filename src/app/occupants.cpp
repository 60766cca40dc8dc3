#include "renofee/app/occupants.hpp"

#include <algorithm>

#include "renofee/app/arrears.hpp"
#include "renofee/app/payoff.hpp"
#include "renofee/app/tenancy.hpp"

namespace renofee::app {
namespace {

using finance::OccupantEvent;

// The first entry dated on or after `on` that a change cannot hand over, or nullopt. Fees (and their 0.00
// collection entries) can: a fee posted to the outgoing occupant for a month from the change on moves to the
// incoming one by a handover pair (moved_fees). Anything else dated then (a payment, compensation, a payoff)
// would belong to neither, so the change is refused.
std::optional<LedgerEntry> entry_on_or_after(const std::vector<LedgerEntry>& entries, calendar::Date on) {
  for (const LedgerEntry& e : entries) {
    const bool movable = e.entry.kind == EntryKind::fee || e.entry.kind == EntryKind::collection;
    if (!(e.entry.value_date < on) && !movable) return e;
  }
  return std::nullopt;
}

// The handover pairs that move the fees dated on or after `on` from the outgoing occupant to the incoming one
// (or, when the contract ends, credit them back).
std::vector<NewEntry> moved_fees(const std::vector<LedgerEntry>& entries, calendar::Date on, int number,
                                 int outgoing, bool ends) {
  std::vector<NewEntry> out;
  for (const LedgerEntry& e : entries) {
    if (e.entry.kind != EntryKind::fee || e.entry.value_date < on) continue;
    const std::string tag = "handover:" + std::to_string(number) + ":" + e.entry.posting_key;
    NewEntry credit{EntryKind::handover, calendar::add_days(on, -1), -e.entry.amount, tag + ":out",
                    e.entry.reference + " (entry " + std::to_string(e.sequence) + "), due after occupant " +
                        std::to_string(outgoing) + " left"};
    credit.occupant = outgoing;
    out.push_back(std::move(credit));
    if (ends) continue;
    NewEntry charge{
        EntryKind::handover, e.entry.value_date, e.entry.amount, tag + ":in",
        e.entry.reference + " (entry " + std::to_string(e.sequence) + "), the incoming occupant's"};
    charge.occupant = outgoing + 1;
    out.push_back(std::move(charge));
  }
  return out;
}

// The handover entries of change `number` (rules in the header): the fee of the contract month containing
// `on`, when that fee is due before `on`.
Result<std::vector<NewEntry>> handover_entries(ReconcileDeps& deps, const OccupantChangeRequest& request,
                                               calendar::Date start, int number, int outgoing) {
  const calendar::Date on = request.change.on;
  RENOFEE_TRY(const std::vector<DueFee> due, due_fees(deps, request.contract_id, on));
  std::vector<NewEntry> out;
  if (due.empty()) return out;
  const DueFee& fee = due.back();
  const calendar::Period month = calendar::contract_month(start, fee.month - 1);
  const Money share = finance::incoming_fee_share(fee.total, month, on);
  if (share.is_zero()) return out;
  const int days = calendar::days_between(on, month.end);
  const std::string what = "fee of contract month " + std::to_string(fee.month) + " (" +
                           fee.total.to_string() + ") shared to the day: " + std::to_string(days) + " of " +
                           std::to_string(month.days()) + " days from " + calendar::to_string(on);
  const bool ends = request.change.event == OccupantEvent::sale_payoff;
  NewEntry credit{EntryKind::handover, calendar::add_days(on, -1), -share,
                  "handover:" + std::to_string(number) + ":out",
                  what + (ends ? ", after the contract ends" : " are the next occupant's")};
  credit.occupant = outgoing;
  out.push_back(std::move(credit));
  if (!ends) {
    NewEntry charge{EntryKind::handover, on, share, "handover:" + std::to_string(number) + ":in",
                    what + ", the part of the incoming occupant"};
    charge.occupant = outgoing + 1;
    out.push_back(std::move(charge));
  }
  return out;
}

// The payoff entry of a sale without takeover (none when the financing was repaid already).
Result<std::optional<PayoffOutcome>> sale_payoff(ReconcileDeps& deps, const OccupantChangeRequest& request,
                                                 const std::vector<LedgerEntry>& entries, int outgoing,
                                                 std::vector<NewEntry>& postings) {
  for (const LedgerEntry& e : entries) {
    if (e.entry.kind == EntryKind::payoff) return std::optional<PayoffOutcome>();
  }
  RENOFEE_TRY(PayoffOutcome payoff, contract_payoff(deps.contracts, request.contract_id, request.change.on));
  const finance::PayoffQuote& q = payoff.quote;
  NewEntry entry{EntryKind::payoff, request.change.on, q.total, "payoff",
                 "early repayment at the sale of the home on " + calendar::to_string(request.change.on) +
                     " (the buyer does not take the contract over; contract version " +
                     std::to_string(payoff.version.version) + "): principal " + q.balance.to_string() +
                     " + interest " + q.accrued_interest.to_string() + " + compensation " +
                     q.compensation.to_string()};
  entry.occupant = outgoing;
  postings.push_back(std::move(entry));
  return std::optional<PayoffOutcome>(std::move(payoff));
}

// The keys of a change: the incoming occupant's (unless the contract ends) and, on request, the outgoing one's.
Result<void> make_keys(KeyCrypto& crypto, const OccupantChangeRequest& request, int outgoing,
                       OccupantChangeOutcome& out) {
  auto make = [&](int occupant, const std::string& label) -> Result<IssuedKey> {
    KeyRequest k;
    k.role = Role::resident;
    k.contract_id = request.contract_id;
    k.occupant = occupant;
    k.label = label;
    k.now = request.now;
    return make_key(crypto, k);
  };
  if (request.change.event != OccupantEvent::sale_payoff) {
    RENOFEE_TRY(IssuedKey in, make(outgoing + 1, "occupant " + std::to_string(outgoing + 1) + " from " +
                                                     calendar::to_string(request.change.on)));
    out.incoming_key = std::move(in);
  }
  if (request.outgoing_key) {
    RENOFEE_TRY(IssuedKey leaving,
                make(outgoing, "occupant " + std::to_string(outgoing) + " until " +
                                   calendar::to_string(request.change.on) + " (final statement)"));
    out.outgoing_key = std::move(leaving);
  }
  return success();
}

// The guarantee year running on `day` (the calendar year or the contract year holding it, as the contract
// settles), or nullopt when the contract settles none then (before its first calendar year).
std::optional<SettledYear> year_containing(const quote::Offer& offer, calendar::Date day) {
  const bool by_calendar = offer.settlement_year == quote::SettlementYear::calendar;
  const int year = by_calendar
                       ? static_cast<int>(day.year())
                       : 1 + (static_cast<int>(day.year()) - static_cast<int>(offer.start_date.year()));
  // A contract year starts on the start's anniversary, so `day` lies in `year` or the one before.
  for (const int candidate : {year, year - 1}) {
    Result<SettledYear> y = settled_year(offer, candidate);
    if (y && y->period.contains(day)) return *y;
  }
  return std::nullopt;
}

// The day after an occupant's last entry, or `end` when that is later: an occupant's statement holds every
// entry of theirs, also one dated after they left (a fee handed over, a late payment).
calendar::Date statement_end(const std::vector<LedgerEntry>& own, calendar::Date end) {
  for (const LedgerEntry& e : own) {
    if (!(e.entry.value_date < end)) end = calendar::add_days(e.entry.value_date, 1);
  }
  return end;
}

Result<FinalStatement> final_statement(ReconcileDeps& deps, const OccupantChangeRequest& request,
                                       const quote::Offer& offer, const finance::OccupantPeriod& leaving) {
  FinalStatement f;
  f.occupant = leaving.occupant;
  RENOFEE_TRY(const std::vector<LedgerEntry> entries, deps.ledger.entries(request.contract_id));
  const std::vector<LedgerEntry> own = entries_of_occupant(entries, leaving.occupant);
  f.period = calendar::Period{leaving.begin, statement_end(own, request.change.on)};
  LedgerHead head{request.contract_id, 0, genesis_hash};
  if (!entries.empty()) head = LedgerHead{request.contract_id, entries.back().sequence, entries.back().hash};
  f.statement = make_statement(request.contract_id, f.period, own, head);
  const calendar::Date last_day = calendar::add_days(request.change.on, -1);
  RENOFEE_TRY(f.arrears, ledger_arrears(own, last_day));
  if (const std::optional<SettledYear> y = year_containing(offer, last_day)) {
    const calendar::Date from = std::max(y->period.begin, leaving.begin);
    f.open_year = OpenGuaranteeYear{y->year, y->period, calendar::Period{from, request.change.on}};
  }
  return f;
}

}  // namespace

Result<std::vector<finance::OccupantPeriod>> contract_occupants(ContractStore& contracts,
                                                                std::string_view contract_id) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, contracts.versions(contract_id));
  RENOFEE_TRY(const std::vector<finance::OccupantChange> changes, contracts.occupant_changes(contract_id));
  return finance::occupant_periods(versions.front().offer.start_date, changes);
}

Result<finance::OccupantPeriod> occupant_period(ContractStore& contracts, std::string_view contract_id,
                                                int occupant) {
  RENOFEE_TRY(const std::vector<finance::OccupantPeriod> periods, contract_occupants(contracts, contract_id));
  for (const finance::OccupantPeriod& p : periods) {
    if (p.occupant == occupant) return p;
  }
  return not_found("contract " + std::string(contract_id) + " has no occupant " + std::to_string(occupant));
}

namespace {

// The period of the principal's occupant among `periods` (the last for a key naming none), or no_contract.
Result<std::optional<finance::OccupantPeriod>> period_of(const std::vector<finance::OccupantPeriod>& periods,
                                                         const Principal& principal,
                                                         std::string_view contract_id) {
  if (principal.occupant < 1) return std::optional<finance::OccupantPeriod>(periods.back());
  for (const finance::OccupantPeriod& p : periods) {
    if (p.occupant == principal.occupant) return std::optional<finance::OccupantPeriod>(p);
  }
  return no_contract(contract_id);
}

}  // namespace

Result<std::optional<finance::OccupantPeriod>> resident_period(ContractStore& contracts,
                                                               const Principal& principal,
                                                               std::string_view contract_id) {
  if (principal.role != Role::resident) return std::optional<finance::OccupantPeriod>();
  RENOFEE_TRY(const std::vector<finance::OccupantPeriod> periods, contract_occupants(contracts, contract_id));
  return period_of(periods, principal, contract_id);
}

Result<std::optional<finance::OccupantPeriod>> resident_meter_period(ContractStore& contracts,
                                                                     const Principal& principal,
                                                                     std::string_view contract_id) {
  if (principal.role != Role::resident) return std::optional<finance::OccupantPeriod>();
  RENOFEE_TRY(const std::vector<finance::OccupantChange> changes, contracts.occupant_changes(contract_id));
  return period_of(finance::occupant_periods(calendar::make_date(1900, 1, 1), changes), principal,
                   contract_id);
}

Result<StatementOutcome> statement_for(ReconcileDeps& deps, const std::optional<Principal>& principal,
                                       std::string_view contract_id, int year, calendar::Date today) {
  if (!principal) return yearly_statement(deps, contract_id, year, today);
  RENOFEE_TRY(const std::optional<finance::OccupantPeriod> own,
              resident_period(deps.contracts, *principal, contract_id));
  if (!own) return yearly_statement(deps, contract_id, year, today);
  return occupant_statement(deps, contract_id, own->occupant, year, today);
}

bool lived_whole(const finance::OccupantPeriod& occupant, const calendar::Period& period) {
  return !(period.begin < occupant.begin) && (!occupant.end || !(*occupant.end < period.end));
}

Result<OccupantChangeOutcome> change_occupant(ReconcileDeps& deps, OccupantStore& store, KeyCrypto& crypto,
                                              const OccupantChangeRequest& request) {
  RENOFEE_TRY(const std::vector<ContractVersion> versions, deps.contracts.versions(request.contract_id));
  const quote::Offer& first = versions.front().offer;
  RENOFEE_TRY(const std::vector<finance::OccupantChange> changes,
              deps.contracts.occupant_changes(request.contract_id));
  RENOFEE_CHECK(finance::check_occupant_change(first.start_date, changes, request.change));
  const calendar::Date on = request.change.on;
  const bool ends = request.change.event == OccupantEvent::sale_payoff;
  if (ends && request.today < on)
    return invalid_argument("a sale without takeover on " + calendar::to_string(on) + " is after today (" +
                                calendar::to_string(request.today) +
                                "): it repays the financing, which is posted when it happens",
                            "/date");
  RENOFEE_TRY(const std::vector<LedgerEntry> entries, deps.ledger.entries(request.contract_id));
  if (const std::optional<LedgerEntry> late = entry_on_or_after(entries, on))
    return failed_precondition("the ledger of " + request.contract_id + " holds entry " +
                                   std::to_string(late->sequence) + " (" +
                                   std::string(to_string(late->entry.kind)) + ", " + late->entry.posting_key +
                                   ") dated " + calendar::to_string(late->entry.value_date) +
                                   ", on or after the change on " + calendar::to_string(on) +
                                   ": only fees are handed over; record the change before other entries of "
                                   "the new occupant's time are posted",
                               "/date");
  const std::vector<finance::OccupantPeriod> before = finance::occupant_periods(first.start_date, changes);
  const finance::OccupantPeriod leaving = before.back();
  OccupantChangeOutcome out;
  out.number = static_cast<int>(changes.size()) + 1;
  out.change = request.change;
  out.outgoing = leaving.occupant;
  if (!ends) out.incoming = leaving.occupant + 1;

  OccupantChangeRecord record{
      request.contract_id, out.number, request.change, request.now, request.actor, {}, {}};
  RENOFEE_TRY(record.entries,
              handover_entries(deps, request, first.start_date, out.number, leaving.occupant));
  for (NewEntry& e : moved_fees(entries, on, out.number, leaving.occupant, ends))
    record.entries.push_back(std::move(e));
  if (ends) {
    RENOFEE_TRY(const std::optional<PayoffOutcome> payoff,
                sale_payoff(deps, request, entries, leaving.occupant, record.entries));
    if (payoff) out.payoff = payoff->quote;
  }
  RENOFEE_CHECK(make_keys(crypto, request, leaving.occupant, out));
  if (out.incoming_key) record.new_keys.push_back(out.incoming_key->key);
  if (out.outgoing_key) record.new_keys.push_back(out.outgoing_key->key);
  RENOFEE_TRY(StoredOccupantChange stored, store.record_occupant_change(record));
  out.posted = std::move(stored.posted.appended);
  out.revoked_keys = std::move(stored.revoked_keys);
  RENOFEE_TRY(out.final_statement, final_statement(deps, request, first, leaving));
  return out;
}

Result<StatementOutcome> occupant_statement(ReconcileDeps& deps, std::string_view contract_id, int occupant,
                                            int year, calendar::Date today) {
  RENOFEE_TRY(const finance::OccupantPeriod own, occupant_period(deps.contracts, contract_id, occupant));
  RENOFEE_TRY(StatementOutcome out, yearly_statement(deps, contract_id, year, today));
  RENOFEE_TRY(const std::vector<LedgerEntry> entries, deps.ledger.entries(contract_id));
  const std::vector<LedgerEntry> mine = entries_of_occupant(entries, occupant);
  const calendar::Period& whole = out.year.period;
  const calendar::Date begin = std::max(whole.begin, own.begin);
  // Their entries dated after they left (statement_end) stay theirs; a year after that is not theirs.
  const calendar::Date end = own.end ? std::min(whole.end, statement_end(mine, *own.end)) : whole.end;
  if (!(begin < end))
    return not_found("no statement of year " + std::to_string(year) + " for this occupant of contract " +
                     std::string(contract_id));
  out.statement = make_statement(contract_id, calendar::Period{begin, end}, mine, out.statement.head);
  // A report of a year the occupant shared holds the other occupant's meter data: it is not theirs to read.
  if (!lived_whole(own, whole)) out.reports.clear();
  out.occupant = occupant;
  return out;
}

}  // namespace renofee::app
