#include "renofee/core/finance/occupancy.hpp"

#include <algorithm>

namespace renofee::finance {
namespace {

// amount × part / whole, rounded half up to the cent.
Money share_of(const Money& amount, int part, int whole) {
  const Result<Decimal> q =
      Decimal::divide(amount.value() * Decimal(part), Decimal(whole), 2, Rounding::half_up);
  return Money(*q);
}

}  // namespace

std::string_view to_string(OccupantEvent event) noexcept {
  switch (event) {
    case OccupantEvent::tenant_change:
      return "tenant_change";
    case OccupantEvent::sale:
      return "sale";
    case OccupantEvent::sale_payoff:
      return "sale_payoff";
  }
  return "tenant_change";
}

Result<OccupantEvent> parse_occupant_event(std::string_view text) {
  for (OccupantEvent e : {OccupantEvent::tenant_change, OccupantEvent::sale, OccupantEvent::sale_payoff}) {
    if (to_string(e) == text) return e;
  }
  return invalid_argument("unknown occupant change \"" + std::string(text) +
                              "\" (tenant_change: a new tenant; sale: the buyer takes the contract over; "
                              "sale_payoff: the buyer does not, the financing is repaid)",
                          "/event");
}

bool OccupantPeriod::contains(calendar::Date day) const {
  return !(day < begin) && (!end || day < *end);
}

std::vector<OccupantPeriod> occupant_periods(calendar::Date start, std::span<const OccupantChange> changes) {
  std::vector<OccupantPeriod> out{OccupantPeriod{1, start, std::nullopt}};
  for (const OccupantChange& c : changes) {
    out.back().end = c.on;
    if (c.event == OccupantEvent::sale_payoff) break;
    out.push_back(OccupantPeriod{out.back().occupant + 1, c.on, std::nullopt});
  }
  return out;
}

int occupant_on(std::span<const OccupantPeriod> periods, calendar::Date day) {
  for (const OccupantPeriod& p : periods) {
    if (p.contains(day)) return p.occupant;
  }
  if (periods.empty() || day < periods.front().begin) return 1;
  return periods.back().occupant;
}

int occupant_on(std::span<const OccupantChange> changes, calendar::Date day) {
  int occupant = 1;
  for (const OccupantChange& c : changes) {
    if (day < c.on || c.event == OccupantEvent::sale_payoff) break;
    ++occupant;
  }
  return occupant;
}

Result<void> check_occupant_change(calendar::Date start, std::span<const OccupantChange> changes,
                                   const OccupantChange& next) {
  if (!(start < next.on))
    return invalid_argument("a change of occupant on " + calendar::to_string(next.on) +
                                " is not after the contract's start (" + calendar::to_string(start) + ")",
                            "/date");
  if (changes.empty()) return success();
  const OccupantChange& last = changes.back();
  if (last.event == OccupantEvent::sale_payoff)
    return failed_precondition("the contract ended on " + calendar::to_string(last.on) +
                                   " (a sale without takeover): it has no occupant to change",
                               "/date");
  if (!(last.on < next.on))
    return invalid_argument("a change of occupant on " + calendar::to_string(next.on) +
                                " is not after the last change (" + calendar::to_string(last.on) + ")",
                            "/date");
  return success();
}

Money incoming_fee_share(const Money& fee, const calendar::Period& month, calendar::Date on) {
  if (!(month.begin < on) || !(on < month.end)) return Money{};
  return share_of(fee, calendar::days_between(on, month.end), month.days());
}

std::vector<OccupantShare> split_by_days(const Money& amount, const calendar::Period& period,
                                         std::span<const OccupantPeriod> periods) {
  std::vector<OccupantShare> out;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const OccupantPeriod& p = periods[i];
    const calendar::Date begin = std::max(p.begin, period.begin);
    const calendar::Date end = std::min(p.end ? *p.end : period.end, period.end);
    if (!(begin < end)) continue;
    out.push_back(OccupantShare{p.occupant, calendar::Period{begin, end}, Money{}});
  }
  if (out.empty()) return {};
  int lived = 0;
  for (const OccupantShare& s : out)
    lived += s.days.days();
  Money given;
  for (OccupantShare& s : out) {
    s.amount = share_of(amount, s.days.days(), period.days());
    given = given + s.amount;
  }
  if (lived == period.days()) out.back().amount = amount - (given - out.back().amount);
  return out;
}

}  // namespace renofee::finance
