// renofee/adapters/http/metrics.hpp
//
// Purpose: the service's metrics in the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/), served at /metrics:
//   renofee_http_requests_total{route,method,status}          counter, one series per route/method/status
//   renofee_http_request_duration_seconds{route}              histogram with fixed buckets (below)
//   renofee_http_requests_in_flight                            gauge
//   any counter registered by later code (ingest counters):   counter(name, help, labels)
//
// Units and representation: durations are counted in whole microseconds (an integer, so sums and bucket
// counts are exact); they are printed in seconds, the Prometheus base unit, as decimal text with six digits
// after the point. Bucket upper bounds in seconds: 0.0005 0.001 0.0025 0.005 0.01 0.025 0.05 0.1 0.25 0.5
// 1 2.5 5 10 +Inf (Prometheus client default buckets plus 0.5 ms and 1 ms, since a small JSON endpoint
// answers in well under a millisecond here). A bucket counts observations <= its bound (the `le` label).
//
// Route labels are route names, never raw paths, so ids cannot blow up the series count; requests that
// matched no route are labelled "unmatched".
//
// Thread safety: every member may be called from any thread. Counters returned by `counter()` stay valid for
// the lifetime of the Metrics object.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace renofee::http {

// Bucket upper bounds in microseconds (see above).
inline constexpr std::array<std::int64_t, 14> latency_bucket_bounds_us = {
    500,     1'000,   2'500,   5'000,     10'000,    25'000,    50'000,
    100'000, 250'000, 500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000};

class Counter {
 public:
  void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  // Records one finished request.
  void observe_request(std::string_view route, std::string_view method, int status,
                       std::chrono::microseconds duration);

  // In-flight gauge; the server increments before a handler runs and decrements after the response is sent.
  void request_started() noexcept { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void request_finished() noexcept { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  [[nodiscard]] std::int64_t in_flight() const noexcept { return in_flight_.load(std::memory_order_relaxed); }

  // The counter `name{labels}`, created on first use. `name` must match [a-zA-Z_:][a-zA-Z0-9_:]* and label
  // names [a-zA-Z_][a-zA-Z0-9_]*; anything else is a programming error (std::invalid_argument). `help` is
  // kept from the first registration of a name.
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});

  // The whole exposition text (ends with a newline).
  [[nodiscard]] std::string exposition() const;

 private:
  struct RouteSeries {
    std::array<std::uint64_t, latency_bucket_bounds_us.size()> buckets{};  // non-cumulative
    std::uint64_t count = 0;
    std::int64_t sum_us = 0;
  };
  struct Family {
    std::string help;
    std::map<std::string, std::unique_ptr<Counter>> series;  // key: rendered label set "{a=\"b\"}"
  };

  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> requests_;  // key: rendered label set
  std::map<std::string, RouteSeries> durations_;   // key: route name
  std::map<std::string, Family> counters_;         // key: metric name
  std::atomic<std::int64_t> in_flight_{0};
};

// Seconds as Prometheus sample text from microseconds: 1500 -> "0.001500".
std::string seconds_text(std::int64_t microseconds);
// A label value escaped per the exposition format (backslash, double quote, newline).
std::string escape_label_value(std::string_view value);

}  // namespace renofee::http
