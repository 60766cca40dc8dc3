// `renofee baseline fit --contract ID --from YYYY-MM --to YYYY-MM [--guarantee N] [--accept]`: fits a savings
// guarantee's IPMVP baseline (use = a·days + b·weighted degree days) from the contract's stored
// pre-renovation readings and weather (app/baseline_fit.hpp), prints each month with the fitted value and the
// statistics against ASHRAE Guideline 14 (monthly: CV(RMSE) <= 15%, |NMBE| <= 5%), and with --accept freezes
// the coefficients (4 decimals) into a new contract version effective from the contract start, so
// reconciliations never refit. A fit outside the ASHRAE limits is not accepted.
#include <cstdio>
#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "database_open.hpp"
#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "renofee/app/baseline_fit.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee baseline fit --contract ID --from YYYY-MM --to YYYY-MM [--guarantee N] [--accept] [--db "
    "URL]\n";

std::optional<date::year_month> parse_month(const std::string& text) {
  Result<calendar::Date> day = calendar::parse_date(text + "-01");
  if (text.size() != 7 || !day) return std::nullopt;
  return day->year() / day->month();
}

std::string month_text(date::year_month month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(month.year()),
                static_cast<unsigned>(month.month()));
  return buf;
}

std::string fixed(double value, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

int baseline_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> words =
      positional(args, {"--contract", "--from", "--to", "--guarantee", "--db"});
  const std::string contract = flag_value(args, "--contract");
  const std::optional<date::year_month> from = parse_month(flag_value(args, "--from"));
  const std::optional<date::year_month> to = parse_month(flag_value(args, "--to"));
  const std::string guarantee_text = flag_value(args, "--guarantee", "-1");
  int guarantee_index = -1;
  try {
    guarantee_index = std::stoi(guarantee_text);
  } catch (const std::exception&) {
    guarantee_index = -2;
  }
  if (words != std::vector<std::string>{"fit"} || contract.empty() || !from || !to || guarantee_index < -1) {
    io.err << usage;
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "baseline");
  if (!book) return 1;
  Result<app::BaselineOutcome> outcome =
      app::fit_contract_baseline(*book->deps, app::BaselineRequest{contract, guarantee_index, *from, *to});
  if (!outcome) {
    io.err << "renofee baseline: " << outcome.error() << '\n';
    return 1;
  }
  const guarantee::BaselineFit& fit = outcome->fit;
  const guarantee::Baseline& frozen = outcome->frozen;
  io.out << "month    days  weighted_degree_days  use  fitted\n";
  for (const app::BaselineMonth& month : outcome->months) {
    const double fitted =
        fit.per_day * month.days + fit.per_wdd * month.weighted_degree_days.value().to_double_for_display();
    io.out << month_text(month.month) << "  " << month.days << "  "
           << month.weighted_degree_days.value().to_string() << "  " << month.use.to_string()
           << (month.estimated ? " (estimated)" : "") << "  " << fixed(fitted, 3) << '\n';
  }
  io.out << "use = " << frozen.per_day.to_string() << " x days + "
         << frozen.per_weighted_degree_day.to_string() << " x weighted degree days (frozen to 4 decimals)\n";
  io.out << "R2 " << fixed(fit.r_squared, 4) << ", CV(RMSE) " << fixed(100 * fit.cv_rmse, 2) << "%, NMBE "
         << fixed(100 * fit.nmbe, 2) << "% over " << fit.months
         << " months: " << (fit.meets_ashrae14 ? "meets" : "does NOT meet")
         << " ASHRAE Guideline 14 (monthly CV(RMSE) <= 15%, |NMBE| <= 5%)\n";
  if (!has_flag(args, "--accept")) {
    io.out << "not stored: add --accept to freeze these coefficients into a new contract version\n";
    return 0;
  }
  if (!fit.meets_ashrae14) {
    io.err << "renofee baseline: the fit does not meet ASHRAE Guideline 14, so it is not frozen into the "
              "contract\n";
    return 1;
  }
  quote::Offer terms = outcome->version.offer;
  auto& savings = std::get<guarantee::SavingsTerms>(
      terms.guarantees[static_cast<std::size_t>(outcome->guarantee_index)].terms);
  savings.baseline = frozen;
  const std::string reason = "baseline fitted on " + month_text(*from) + ".." + month_text(*to) +
                             ": CV(RMSE) " + fixed(100 * fit.cv_rmse, 2) + "%, NMBE " +
                             fixed(100 * fit.nmbe, 2) + "%";
  Result<app::ContractVersion> stored = app::amend_contract(
      *book->book, io::sha256_port(),
      app::Amendment{contract, terms, io::offer_to_json(terms), terms.start_date, reason, now_utc(), "cli"});
  if (!stored) {
    io.err << "renofee baseline: " << stored.error() << '\n';
    return 1;
  }
  io.out << "frozen into contract " << contract << " version " << stored->version << " (effective "
         << calendar::to_string(stored->effective_date) << ")\n";
  return 0;
}

const CommandRegistration registration{"baseline", "fit a savings guarantee's baseline (IPMVP C, ASHRAE G14)",
                                       baseline_command};

}  // namespace
}  // namespace renofee::cli
