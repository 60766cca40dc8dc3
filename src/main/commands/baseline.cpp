// `renofee baseline fit --contract ID [--model monthly_ols|caltrack_daily|caltrack_billing] [--guarantee N]
// [--accept]` with `--from YYYY-MM --to YYYY-MM` (monthly_ols, the default) or `[--baseline-start DATE]
// [--baseline-end DATE]` (CalTRACK; end exclusive, default the day the works were completed; start default
// 365 days before the end): fits a savings guarantee's baseline from the contract's stored pre-renovation
// readings and weather (app/baseline_fit.hpp).
// monthly_ols: IPMVP use = a·days + b·weighted degree days; prints each month with the fitted value and the
// statistics against ASHRAE Guideline 14 (monthly: CV(RMSE) <= 15%, |NMBE| <= 5%); a fit outside the limits
// is not accepted. CalTRACK: prints the model, balance points, coefficients, statistics, CalTRACK's data
// sufficiency and every row left out with its reason; a window that fails sufficiency or gives no qualified
// model is not accepted. --accept freezes the baseline into a new contract version effective from the
// contract start, so reconciliations never refit.
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
    "URL]\n"
    "       renofee baseline fit --contract ID --model caltrack_daily|caltrack_billing [--baseline-start "
    "DATE]\n"
    "                            [--baseline-end DATE] [--guarantee N] [--accept] [--db URL]\n";

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

// Stores `terms` as a new contract version effective from the contract start, saying why.
int store_amendment(ContractBook& book, const std::string& contract, const quote::Offer& terms,
                    const std::string& reason, Streams& io) {
  Result<app::ContractVersion> stored = app::amend_contract(
      *book.book, io::sha256_port(),
      app::Amendment{contract, terms, io::offer_to_json(terms), terms.start_date, reason, now_utc(), "cli"});
  if (!stored) {
    io.err << "renofee baseline: " << stored.error() << '\n';
    return 1;
  }
  io.out << "frozen into contract " << contract << " version " << stored->version << " (effective "
         << calendar::to_string(stored->effective_date) << ")\n";
  return 0;
}

std::string optional_point(const std::optional<Decimal>& value) {
  return value ? value->to_string() + " C" : "-";
}

// What a CalTRACK fit shows: the model, the sufficiency and the rows left out.
void print_caltrack(const app::CaltrackFitOutcome& fit, Streams& io) {
  const savings::Sufficiency& s = fit.sufficiency;
  io.out << "data sufficiency (CalTRACK 2.2-2.3): " << s.days_total << " days, " << fixed(s.valid_use_days, 0)
         << " with use, " << fixed(s.valid_temperature_days, 0) << " with temperature, "
         << fixed(s.valid_days, 0) << " with both: " << (s.pass ? "passes" : "FAILS");
  for (const std::string& failure : s.failures)
    io.out << " " << failure;
  io.out << '\n';
  if (fit.filled_days > 0) io.out << "days with TG from the fill station: " << fit.filled_days << '\n';
  int left_out = 0;
  for (const savings::DesignRow& row : fit.rows) {
    if (row.excluded == savings::Exclusion::none) continue;
    if (++left_out <= 20) {
      io.out << "left out: " << calendar::to_string(calendar::Date{std::chrono::floor<date::days>(row.start)})
             << " (" << savings::to_string(row.excluded) << ")\n";
    }
  }
  if (left_out > 20) io.out << "left out: " << left_out - 20 << " more rows\n";
  if (!fit.frozen) {
    io.out << "no CalTRACK candidate qualified (" << fit.model.candidates_attempted << " attempted)\n";
    return;
  }
  const guarantee::CaltrackBaseline& b = *fit.frozen;
  io.out << "model " << guarantee::to_string(b.model) << " (" << guarantee::to_string(b.form)
         << "), heating balance point " << optional_point(b.heating_balance_point_c)
         << ", cooling balance point " << optional_point(b.cooling_balance_point_c) << '\n';
  io.out << "use per day = " << b.intercept.to_string() << " + " << b.beta_hdd.to_string() << " x HDD + "
         << b.beta_cdd.to_string() << " x CDD (frozen to 9 decimals)\n";
  io.out << "adjusted R2 " << b.stats.r_squared_adj.to_string() << ", rmse " << b.stats.rmse_adj.to_string()
         << ", lag-1 autocorrelation " << b.stats.autocorrelation.to_string() << ", n "
         << b.stats.observations << ", t " << b.stats.t_value.to_string() << " at "
         << b.settings.confidence_level.to_string() << " confidence, " << b.stats.candidates_qualified
         << " of " << fit.model.candidates_attempted << " candidates qualified\n";
}

int caltrack_command(const std::vector<std::string>& args, Streams& io, app::BaselineModelKind model,
                     const std::string& contract, int guarantee_index) {
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "baseline");
  if (!book) return 1;
  Result<std::vector<app::ContractVersion>> versions = book->deps->contracts.versions(contract);
  if (!versions) {
    io.err << "renofee baseline: " << versions.error() << '\n';
    return 1;
  }
  const std::string end_text = flag_value(args, "--baseline-end");
  const std::string start_text = flag_value(args, "--baseline-start");
  const Result<calendar::Date> end =
      end_text.empty() ? Result<calendar::Date>(quote::works_completed(versions->back().offer))
                       : calendar::parse_date(end_text);
  if (!end) {
    io.err << "renofee baseline: --baseline-end: " << end.error() << '\n';
    return 2;
  }
  const Result<calendar::Date> start = start_text.empty()
                                           ? Result<calendar::Date>(calendar::add_days(*end, -365))
                                           : calendar::parse_date(start_text);
  if (!start) {
    io.err << "renofee baseline: --baseline-start: " << start.error() << '\n';
    return 2;
  }
  app::BaselineRequest request{contract, guarantee_index, {}, {}, model, *start, *end};
  Result<app::BaselineOutcome> outcome = app::fit_contract_baseline(*book->deps, request);
  if (!outcome) {
    io.err << "renofee baseline: " << outcome.error() << '\n';
    return 1;
  }
  const app::CaltrackFitOutcome& fit = *outcome->caltrack;
  io.out << "baseline window " << calendar::to_string(*start) << " .. " << calendar::to_string(*end)
         << " (end exclusive)\n";
  print_caltrack(fit, io);
  if (!has_flag(args, "--accept")) {
    io.out << "not stored: add --accept to freeze this baseline into a new contract version\n";
    return 0;
  }
  if (!fit.sufficiency.pass || !fit.frozen) {
    io.err << "renofee baseline: "
           << (fit.frozen ? "the window fails CalTRACK's data sufficiency" : "there is no model")
           << ", so it is not frozen into the contract\n";
    return 1;
  }
  quote::Offer terms = outcome->version.offer;
  auto& savings_terms = std::get<guarantee::SavingsTerms>(
      terms.guarantees[static_cast<std::size_t>(outcome->guarantee_index)].terms);
  savings_terms.baseline.reset();
  savings_terms.caltrack = fit.frozen;
  const std::string reason = "CalTRACK " + std::string(guarantee::to_string(fit.frozen->form)) +
                             " baseline " + std::string(guarantee::to_string(fit.frozen->model)) +
                             " fitted on " + calendar::to_string(*start) + ".." +
                             calendar::to_string(calendar::add_days(*end, -1));
  return store_amendment(*book, contract, terms, reason, io);
}

int baseline_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> words =
      positional(args, {"--contract", "--from", "--to", "--guarantee", "--db", "--model", "--baseline-start",
                        "--baseline-end"});
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
  Result<app::BaselineModelKind> model =
      app::parse_baseline_model(flag_value(args, "--model", "monthly_ols"));
  if (!model) {
    io.err << "renofee baseline: --model: " << model.error().message << '\n' << usage;
    return 2;
  }
  if (words == std::vector<std::string>{"fit"} && !contract.empty() && guarantee_index >= -1 &&
      *model != app::BaselineModelKind::monthly_ols)
    return caltrack_command(args, io, *model, contract, guarantee_index);
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
  savings.caltrack.reset();
  const std::string reason = "baseline fitted on " + month_text(*from) + ".." + month_text(*to) +
                             ": CV(RMSE) " + fixed(100 * fit.cv_rmse, 2) + "%, NMBE " +
                             fixed(100 * fit.nmbe, 2) + "%";
  return store_amendment(*book, contract, terms, reason, io);
}

const CommandRegistration registration{"baseline", "fit a savings guarantee's baseline (IPMVP C, ASHRAE G14)",
                                       baseline_command};

}  // namespace
}  // namespace renofee::cli
