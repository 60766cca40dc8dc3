#include "renofee/app/portfolio_risk.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "renofee/core/weather/degree_days.hpp"

namespace renofee::app {
namespace {

using StationKey = std::pair<int, std::optional<int>>;
constexpr int page_size = 512;

std::string station_text(const StationKey& key) {
  return "station " + std::to_string(key.first) +
         (key.second ? " (fill " + std::to_string(*key.second) + ")" : std::string());
}

Result<void> check_request(const PortfolioRiskRequest& r) {
  const std::vector<Error> problems = risk::settings_problems(r.settings);
  if (!problems.empty()) return problems.front();
  const RiskStress& s = r.stress;
  if (s.temperature_shift_01c < -50 || s.temperature_shift_01c > 50)
    return invalid_argument("a temperature shift must lie within -5.0..5.0 degC",
                            "/stress/temperature_shift");
  const Decimal& q = s.irradiance_change_percent;
  if (q < Decimal(-50) || q > Decimal(50) || q.round(1, Rounding::half_even) != q)
    return invalid_argument("an irradiance change must lie within -50..50 % with at most 1 decimal",
                            "/stress/irradiance_change_percent");
  if (r.default_station < 1 || r.default_station > 999)
    return invalid_argument("a KNMI station is 1..999", "/default_station");
  for (const auto& [year, field] : {std::pair{r.from_year, "/from_year"}, std::pair{r.to_year, "/to_year"}}) {
    if (year && (*year < 1900 || *year > 2200))
      return invalid_argument("a weather year is 1900..2200, not " + std::to_string(*year), field);
  }
  if (r.from_year && r.to_year && *r.from_year > *r.to_year)
    return invalid_argument("from_year is after to_year", "/from_year");
  if (!r.owner && !r.all_contracts && r.contract_ids.empty() && r.offers.empty())
    return failed_precondition("the portfolio has no contracts", "/contracts");
  return {};
}

// Walks the book's contracts in id order, a page at a time: fn(id, version in effect on as_of).
template <typename Fn>
Result<void> for_each_contract(ContractStore& store, const PortfolioRiskRequest& r, Fn&& fn) {
  auto visit = [&](const std::string& id) -> Result<void> {
    Result<std::vector<ContractVersion>> versions = store.versions(id);
    if (!versions) {
      if (versions.error().code == ErrorCode::not_found)
        return not_found("contract " + id + " is not in the book", "/contracts");
      return versions.error();
    }
    Result<ContractVersion> current = version_in_effect(*versions, r.as_of);
    return fn(current ? *current : versions->front());
  };
  if (!r.offers.empty()) {
    for (const quote::Offer& offer : r.offers) {
      ContractVersion v;
      v.contract_id = offer.id;
      v.version = 1;
      v.offer = offer;
      RENOFEE_CHECK(fn(v));
    }
    return {};
  }
  if (!r.owner && !r.all_contracts) {
    std::vector<std::string> ids = r.contract_ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (const std::string& id : ids) {
      RENOFEE_CHECK(visit(id));
    }
    return {};
  }
  std::string after;
  for (;;) {
    RENOFEE_TRY(const std::vector<ContractSummary> page, store.list_contracts(after, page_size, r.owner));
    for (const ContractSummary& summary : page) {
      RENOFEE_CHECK(visit(summary.contract_id));
    }
    if (static_cast<int>(page.size()) < page_size) return {};
    after = page.back().contract_id;
  }
}

StationKey station_of(const guarantee::Guarantee& g, int default_station) {
  if (!guarantee::needs_weather(g.kind) || !g.station) return {default_station, std::nullopt};
  return {*g.station, g.fill_station};
}

// One station's years: complete ones with their (shifted) figures, and the unshifted ones for the normal.
struct StationYears {
  std::map<int, risk::WeatherYear> shifted;
  std::map<int, risk::WeatherYear> plain;
};

std::vector<weather::WeatherDay> shifted_days(std::vector<weather::WeatherDay> days, int shift_01c) {
  if (shift_01c == 0) return days;
  for (weather::WeatherDay& d : days) {
    if (d.mean_temperature_01c) *d.mean_temperature_01c += shift_01c;
  }
  return days;
}

Result<std::map<int, risk::WeatherYear>> complete_years(const weather::StationSeries& primary,
                                                        const std::optional<weather::StationSeries>& fill,
                                                        int first, int last,
                                                        const Decimal& irradiance_factor) {
  std::map<int, risk::WeatherYear> out;
  for (int year = first; year <= last; ++year) {
    RENOFEE_TRY(const weather::WeatherSummary s,
                weather::summarise(primary, calendar::calendar_year(year), fill));
    if (!s.weighted_degree_days || !s.irradiance) continue;
    out.emplace(year, risk::WeatherYear{year, *s.weighted_degree_days,
                                        Irradiance(s.irradiance->value() * irradiance_factor)});
  }
  return out;
}

Result<StationYears> station_years(WeatherStore& store, const StationKey& key, int first, int last,
                                   const RiskStress& stress) {
  const calendar::Period period{calendar::Date{date::year{first} / 1 / 1},
                                calendar::Date{date::year{last + 1} / 1 / 1}};
  RENOFEE_TRY(const std::vector<weather::WeatherDay> days, store.days(key.first, period));
  std::vector<weather::WeatherDay> fill_days;
  if (key.second) {
    RENOFEE_TRY(fill_days, store.days(*key.second, period));
  }
  const auto years_of = [&](int shift, const Decimal& factor) -> Result<std::map<int, risk::WeatherYear>> {
    const std::vector<weather::WeatherDay> p = shifted_days(days, shift);
    const std::vector<weather::WeatherDay> f = shifted_days(fill_days, shift);
    std::optional<weather::StationSeries> fill;
    if (key.second) fill = weather::StationSeries{*key.second, f};
    return complete_years(weather::StationSeries{key.first, p}, fill, first, last, factor);
  };
  StationYears out;
  RENOFEE_TRY(out.plain, years_of(0, Decimal(1)));
  const Decimal factor = (Decimal(100) + stress.irradiance_change_percent) * Decimal::from_units(1, 2);
  if (stress.temperature_shift_01c == 0 && stress.irradiance_change_percent.is_zero()) {
    out.shifted = out.plain;
  } else {
    RENOFEE_TRY(out.shifted, years_of(stress.temperature_shift_01c, factor));
  }
  return out;
}

std::string years_text(const std::vector<int>& years) {
  std::string text;
  for (std::size_t i = 0; i < years.size() && i < 8; ++i)
    text += (i ? ", " : "") + std::to_string(years[i]);
  return text + (years.size() > 8 ? ", ... (" + std::to_string(years.size()) + " years)" : "");
}

// The book's years (rules in the header) and what was left out.
Result<std::vector<int>> book_years(const std::map<StationKey, StationYears>& stations,
                                    const PortfolioRiskRequest& r, int first, int last,
                                    std::vector<YearLeftOut>& left_out) {
  std::vector<int> years;
  for (int y = first; y <= last; ++y) {
    bool everywhere = true;
    for (const auto& [key, s] : stations)
      everywhere = everywhere && s.plain.count(y) > 0 && s.shifted.count(y) > 0;
    if (everywhere) years.push_back(y);
  }
  // Without from_year the candidate years start at the earliest complete year of any station: every one of
  // them the book does not use is listed, with the station that lacks it.
  int earliest = last + 1;
  for (const auto& [key, s] : stations) {
    if (!s.plain.empty()) earliest = std::min(earliest, s.plain.begin()->first);
  }
  for (const auto& [key, s] : stations) {
    if (s.plain.empty()) {
      return failed_precondition(station_text(key) + " has no complete weather year in " +
                                     std::to_string(first) + ".." + std::to_string(last) +
                                     ": import KNMI's daily file first",
                                 "/weather");
    }
    std::vector<int> missing;
    for (int y = first; y <= last; ++y) {
      if (s.plain.count(y) == 0 && (r.from_year || y >= earliest)) missing.push_back(y);
    }
    if (r.from_year && !missing.empty()) {
      return failed_precondition(station_text(key) + " lacks complete weather years from " +
                                     std::to_string(first) + ": " + years_text(missing),
                                 "/from_year");
    }
    for (int y : missing)
      left_out.push_back({key.first, key.second, y});
  }
  if (years.empty()) {
    return failed_precondition("no weather year in " + std::to_string(first) + ".." + std::to_string(last) +
                                   " is complete at every station the book uses",
                               "/weather");
  }
  return years;
}

Result<int> stress_year(const std::map<StationKey, StationYears>& stations, const std::vector<int>& years,
                        const RiskStress& stress) {
  if (stress.pick == StressPick::year) {
    if (std::find(years.begin(), years.end(), stress.year) == years.end())
      return failed_precondition("the book has no complete weather year " + std::to_string(stress.year),
                                 "/stress/year");
    return stress.year;
  }
  int best = years.front();
  Decimal best_value;
  for (std::size_t i = 0; i < years.size(); ++i) {
    Decimal value;
    for (const auto& [key, s] : stations) {
      const risk::WeatherYear& y = s.shifted.at(years[i]);
      value += stress.pick == StressPick::coldest ? y.weighted_degree_days.value() : -y.irradiance.value();
    }
    if (i == 0 || value > best_value) {
      best = years[i];
      best_value = value;
    }
  }
  return best;
}

std::optional<Decimal> cbs_price(TariffSource& tariffs, calendar::Date as_of) {
  const int year = static_cast<int>(as_of.year());
  for (int y = year; y >= year - 10; --y) {
    Result<tariffs::TariffYear> tariff = tariffs.tariff_year("nl-" + std::to_string(y));
    if (tariff) return tariff->electricity.cbs_average_price.value();
  }
  return std::nullopt;
}

struct Job {
  ContractVersion version;
  ContractRiskRow row;
};

void compute(Job& job, const std::map<StationKey, risk::Climate>& climates, const PortfolioRiskRequest& r,
             const std::optional<Decimal>& cbs) {
  const quote::Offer& offer = job.version.offer;
  ContractRiskRow& row = job.row;
  row.contract_id = job.version.contract_id;
  row.service_fee_monthly = offer.service_fee.monthly;
  risk::ContractInput input;
  input.id = row.contract_id;
  input.offer = &offer;
  input.next_year = next_guarantee_year(offer, r.as_of);
  input.cbs_price = cbs;
  for (const guarantee::Guarantee& g : offer.guarantees) {
    // A contract amended between the two passes may name a station the first pass did not see.
    const auto climate = climates.find(station_of(g, r.default_station));
    if (climate == climates.end()) {
      row.status = "not_modelled";
      row.reason = "a station changed while the book was read: run it again";
      row.field = "/guarantees";
      row.exposure.id = row.contract_id;
      return;
    }
    input.climates.push_back(&climate->second);
  }
  const bool has_epv = std::any_of(offer.guarantees.begin(), offer.guarantees.end(),
                                   [](const auto& g) { return g.kind == guarantee::Kind::epv_generation; });
  Result<risk::ContractExposure> exposure =
      has_epv && !cbs ? Result<risk::ContractExposure>(failed_precondition(
                            "no tariff year gives the CBS price the EPV guarantee is valued at", "/tariffs"))
                      : risk::contract_exposure(input, r.settings);
  if (!exposure) {
    row.status = "not_modelled";
    row.reason = exposure.error().message;
    row.field = exposure.error().field;
    row.exposure.id = row.contract_id;
    row.exposure.next_year = input.next_year;
    return;
  }
  row.exposure = std::move(*exposure);
  row.status = row.exposure.ended ? "term_ended" : "modelled";
  if (row.exposure.annual.empty()) {  // no guarantee at all: zero in every weather year of the book
    const std::vector<risk::WeatherYear>& years = climates.begin()->second.years;
    row.exposure.annual.assign(years.size(), Decimal::from_units(0, 2));
    row.exposure.annual_weather = row.exposure.annual;
    row.exposure.figures = risk::distribution(row.exposure.annual, years).value();
    row.exposure.premium_monthly = cents(0);
  }
}

// compute, with a broken invariant (an exception) turned into that contract's not_modelled row: in a worker
// thread an escaping exception would end the whole process (the server).
void compute_safely(Job& job, const std::map<StationKey, risk::Climate>& climates,
                    const PortfolioRiskRequest& r, const std::optional<Decimal>& cbs) {
  try {
    compute(job, climates, r, cbs);
  } catch (const std::exception& e) {
    job.row.status = "not_modelled";
    job.row.reason = std::string("internal error: ") + e.what();
    job.row.field = "";
  }
}

// Computes a page of jobs on the machine's cores (the stores are not touched here).
void compute_page(std::vector<Job>& jobs, const std::map<StationKey, risk::Climate>& climates,
                  const PortfolioRiskRequest& r, const std::optional<Decimal>& cbs) {
  const std::size_t workers =
      std::max<std::size_t>(1, std::min<std::size_t>(std::thread::hardware_concurrency(), 8));
  if (workers == 1 || jobs.size() < 8) {
    for (Job& job : jobs)
      compute_safely(job, climates, r, cbs);
    return;
  }
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < workers; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < jobs.size(); i += workers)
        compute_safely(jobs[i], climates, r, cbs);
    });
  }
  for (std::thread& thread : threads)
    thread.join();
}

// The climates of the book's stations: `used` years (the book's, or the stress year) with their figures
// after any shift, the normal from the station's own unshifted complete years in the range.
Result<std::map<StationKey, risk::Climate>> climates_of(const std::map<StationKey, StationYears>& stations,
                                                        const std::vector<int>& used) {
  std::map<StationKey, risk::Climate> climates;
  for (const auto& [key, s] : stations) {
    risk::Climate climate;
    climate.station = key.first;
    climate.fill_station = key.second;
    std::vector<risk::WeatherYear> plain;  // the station's own complete years: its normal
    for (const auto& [year, figures] : s.plain)
      plain.push_back(figures);
    RENOFEE_TRY(const risk::WeatherYear normal, risk::mean_year(plain));
    climate.normal_weighted_degree_days = normal.weighted_degree_days;
    climate.normal_irradiance = normal.irradiance;
    for (int y : used)
      climate.years.push_back(s.shifted.at(y));
    climates.emplace(key, std::move(climate));
  }
  return climates;
}

}  // namespace

int next_guarantee_year(const quote::Offer& offer, calendar::Date as_of) {
  for (int n = 1; n <= 100; ++n) {
    Result<SettledYear> year = offer.settlement_year == quote::SettlementYear::calendar
                                   ? settled_year(offer, static_cast<int>(offer.start_date.year()) + n -
                                                             (offer.start_date.month() == date::January &&
                                                                      offer.start_date.day() == date::day{1}
                                                                  ? 1
                                                                  : 0))
                                   : settled_year(offer, n);
    if (!year || year->period.end > as_of) return n;
  }
  return 101;
}

Result<PortfolioRisk> portfolio_risk(ContractStore& contracts, WeatherStore& weather, TariffSource& tariffs,
                                     const PortfolioRiskRequest& r, const RiskRowSink& sink,
                                     const RiskProgress& progress) {
  RENOFEE_CHECK(check_request(r));
  // Pass 1: the contracts exist, and the stations they need.
  std::set<StationKey> keys;
  std::int64_t total = 0;
  RENOFEE_CHECK(for_each_contract(contracts, r, [&](const ContractVersion& v) -> Result<void> {
    ++total;
    for (const guarantee::Guarantee& g : v.offer.guarantees)
      keys.insert(station_of(g, r.default_station));
    return {};
  }));
  if (total == 0) return failed_precondition("the portfolio has no contracts", "/contracts");
  if (keys.empty()) keys.insert({r.default_station, std::nullopt});
  const int last = r.to_year.value_or(static_cast<int>(r.as_of.year()) - 1);
  const int first = r.from_year.value_or(1900);
  std::map<StationKey, StationYears> stations;
  for (const StationKey& key : keys) {
    RENOFEE_TRY(StationYears years, station_years(weather, key, first, last, r.stress));
    stations.emplace(key, std::move(years));
  }
  PortfolioRisk out;
  RENOFEE_TRY(std::vector<int> years, book_years(stations, r, first, last, out.years_left_out));
  // The climates: the book's years (or the stress year), the normal from the unshifted years.
  std::vector<int> used = years;
  if (r.stress.pick != StressPick::none) {
    RENOFEE_TRY(const int picked, stress_year(stations, years, r.stress));
    out.stress_year = picked;
    used = {picked};
  }
  RENOFEE_TRY(const auto climates, climates_of(stations, used));
  for (const auto& [key, climate] : climates)
    out.stations.push_back(key);
  // Pass 2: compute page by page and hand the rows on in id order.
  const std::optional<Decimal> cbs = cbs_price(tariffs, r.as_of);
  risk::Book book(climates.begin()->second.years);
  std::vector<Job> page;
  std::int64_t done = 0;
  const auto flush = [&]() -> Result<void> {
    compute_page(page, climates, r, cbs);
    for (Job& job : page) {
      if (job.row.status == "not_modelled") {
        ++out.not_modelled;
      } else {
        ++(job.row.status == "modelled" ? out.modelled : out.term_ended);
        book.add(job.row.exposure);
      }
      RENOFEE_CHECK(sink(job.row));
    }
    done += static_cast<std::int64_t>(page.size());
    if (progress) progress(done, total);
    page.clear();
    return {};
  };
  RENOFEE_CHECK(for_each_contract(contracts, r, [&](const ContractVersion& v) -> Result<void> {
    page.push_back(Job{v, {}});
    if (static_cast<int>(page.size()) == page_size) return flush();
    return {};
  }));
  if (!page.empty()) {
    RENOFEE_CHECK(flush());
  }
  out.contracts = out.modelled + out.term_ended;
  if (out.contracts == 0) {
    return failed_precondition("no contract of the portfolio could be modelled (" +
                                   std::to_string(out.not_modelled) + " not modelled)",
                               "/contracts");
  }
  RENOFEE_TRY(out.book, book.figures(r.settings));
  return out;
}

}  // namespace renofee::app
