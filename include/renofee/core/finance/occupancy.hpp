// renofee/core/finance/occupancy.hpp
//
// Purpose: who lives in the home when (issue 20 item 5; docs/occupants.md). The fee and the guarantee belong
// to the home (gebouwgebonden): a contract outlives its occupants. Occupant 1 is whoever lives there from the
// contract's start; each tenant change (EPV rental) or sale where the buyer takes over brings in the next
// occupant on a date; a sale where the buyer does not take over ends the contract on its date (the financing
// is repaid, docs/occupants.md "Sale without takeover").
//
// Periods are half-open day ranges: the outgoing occupant's last day is the day before the change, the
// incoming occupant's first day is the change date. Money is shared to the day:
// - the fee of the contract month in which the change falls (fees are due in advance, on the month's first
//   day, calendar::contract_month) is split by days: the incoming occupant pays
//   round_half_up(fee × days from the change to the month's end / days of the month), the outgoing occupant is
//   credited exactly that, so the two add up to the fee;
// - compensation and excess sharing of a guarantee year that spans a change are split by the days each
//   occupant lived in the year, each share rounded half up to the cent and the last occupant taking the
//   remainder, so the shares add up to the amount to the cent. After a sale without takeover the days from
//   the end on are nobody's: the seller's share is their days' part and the rest is not owed.
// Pure: no clock, no store.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::finance {

// tenant_change: a new tenant (EPV rental); sale: a buyer who takes the contract over; sale_payoff: a sale
// where the buyer does not, which repays the financing and ends the contract.
enum class OccupantEvent { tenant_change, sale, sale_payoff };
std::string_view to_string(OccupantEvent event) noexcept;           // "tenant_change", ...
Result<OccupantEvent> parse_occupant_event(std::string_view text);  // inverse; names the valid words

// One dated change. `on` is the incoming occupant's first day (for sale_payoff: the first day without a
// contract).
struct OccupantChange {
  calendar::Date on;
  OccupantEvent event = OccupantEvent::tenant_change;
  friend bool operator==(const OccupantChange&, const OccupantChange&) = default;
};

// One occupant's stay: occupant number (1, 2, ...) and [begin, end); end is nullopt while they live there.
struct OccupantPeriod {
  int occupant = 1;
  calendar::Date begin;
  std::optional<calendar::Date> end;
  [[nodiscard]] bool contains(calendar::Date day) const;
  friend bool operator==(const OccupantPeriod&, const OccupantPeriod&) = default;
};

// The occupants of a contract that starts on `start`, given its changes in the order they were recorded
// (each valid by check_occupant_change). Never empty: occupant 1 from `start`.
std::vector<OccupantPeriod> occupant_periods(calendar::Date start, std::span<const OccupantChange> changes);

// The occupant on `day`: the one whose period contains it; before `start` occupant 1; after a contract
// ended by sale_payoff, the last occupant (their payoff is dated on the end date).
int occupant_on(std::span<const OccupantPeriod> periods, calendar::Date day);
// The same from the changes alone (no start date needed): 1 + the changes that brought in an occupant on or
// before `day`.
int occupant_on(std::span<const OccupantChange> changes, calendar::Date day);

// Whether `next` may follow `changes` on a contract starting on `start`: after the start, after the last
// change, and not after a sale_payoff (the contract has ended). failed_precondition / invalid_argument naming
// "/date" otherwise.
Result<void> check_occupant_change(calendar::Date start, std::span<const OccupantChange> changes,
                                   const OccupantChange& next);

// The incoming occupant's part of `fee`, due for `month`, when the change is on `on` (month.begin < on <
// month.end): round_half_up(fee × (month.end − on) / month.days()). Zero when `on` is not inside the month
// after its first day (a change on the due date leaves the whole fee to the incoming occupant).
Money incoming_fee_share(const Money& fee, const calendar::Period& month, calendar::Date on);

// An amount of a period split between the occupants who lived in it, by days.
struct OccupantShare {
  int occupant = 1;
  calendar::Period days;  // the part of the period they lived in
  Money amount;
  friend bool operator==(const OccupantShare&, const OccupantShare&) = default;
};
// One share per occupant whose period overlaps `period`, in order (empty when none does). When the occupants
// cover the whole period the shares add up to `amount` exactly (rule above), and a period that one occupant
// lived in gives one share of the whole amount; days after the contract ended (sale_payoff) have no share.
std::vector<OccupantShare> split_by_days(const Money& amount, const calendar::Period& period,
                                         std::span<const OccupantPeriod> periods);

}  // namespace renofee::finance
