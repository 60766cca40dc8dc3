// Shared by the benchmarks that time a use case over SOCI stores (reconcile_bench.cpp, risk_bench.cpp): a
// stopwatch that sums the time spent inside wrapped calls, and the weather store wrapped by it, so a run can
// report its database time apart from its computation.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "renofee/app/weather_store.hpp"

namespace renofee::bench {

using Clock = std::chrono::steady_clock;

inline double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// Accumulates the time spent inside the wrapped calls.
struct Stopwatch {
  Clock::duration total{};
  template <typename F>
  auto time(F&& f) {
    const auto start = Clock::now();
    auto result = f();
    total += Clock::now() - start;
    return result;
  }
};

class TimedWeather final : public app::WeatherStore {
 public:
  TimedWeather(app::WeatherStore& inner, Stopwatch& watch) : inner_(inner), watch_(watch) {}
  Result<std::int64_t> upsert_days(std::span<const weather::WeatherDay> d) override {
    return inner_.upsert_days(d);
  }
  Result<std::vector<weather::WeatherDay>> days(int station, const calendar::Period& p) override {
    return watch_.time([&] { return inner_.days(station, p); });
  }

 private:
  app::WeatherStore& inner_;
  Stopwatch& watch_;
};

// The value, or the error printed with `what` and exit 1 (a benchmark has no one to return an error to).
template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) {
    std::cerr << what << ": " << r.error() << '\n';
    std::exit(1);
  }
  return std::move(r).value();
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace renofee::bench
