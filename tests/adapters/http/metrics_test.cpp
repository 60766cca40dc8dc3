// Test plan for metrics.hpp:
//   seconds_text is exact (table); bucket boundaries are inclusive (500 us in le="0.0005", 501 us in
//   le="0.001", 10 s in le="10", 10.000001 s only in +Inf); buckets are cumulative and +Inf equals _count;
//   _sum is the exact sum; request counters split by route/method/status; in-flight gauge; registered
//   counters with labels appear with HELP/TYPE and escaped label values; bad names are refused.
#include "renofee/adapters/http/metrics.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace renofee::http {
namespace {

using std::chrono::microseconds;

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.starts_with(line + "\n");
}

TEST(Metrics, SecondsText) {
  struct Row {
    int line;
    std::int64_t us;
    const char* text;
  };
  const Row rows[] = {
      {__LINE__, 0, "0.000000"},       {__LINE__, 1, "0.000001"},
      {__LINE__, 500, "0.000500"},     {__LINE__, 999999, "0.999999"},
      {__LINE__, 1000000, "1.000000"}, {__LINE__, 12345678, "12.345678"},
      {__LINE__, -1, "-0.000001"},     {__LINE__, INT64_MIN, "-9223372036854.775808"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    EXPECT_EQ(seconds_text(row.us), row.text);
  }
}

TEST(Metrics, HistogramBucketsAreInclusiveAndCumulative) {
  Metrics metrics;
  for (std::int64_t us : {500, 501, 10'000'000, 10'000'001, 0}) {
    metrics.observe_request("healthz", "GET", 200, microseconds(us));
  }
  const std::string text = metrics.exposition();
  const std::string prefix = "renofee_http_request_duration_seconds";
  EXPECT_TRUE(has_line(text, prefix + R"(_bucket{route="healthz",le="0.0005"} 2)")) << text;  // 0 and 500
  EXPECT_TRUE(has_line(text, prefix + R"(_bucket{route="healthz",le="0.001"} 3)"));
  EXPECT_TRUE(has_line(text, prefix + R"(_bucket{route="healthz",le="5"} 3)"));
  EXPECT_TRUE(has_line(text, prefix + R"(_bucket{route="healthz",le="10"} 4)"));
  EXPECT_TRUE(has_line(text, prefix + R"(_bucket{route="healthz",le="+Inf"} 5)"));
  EXPECT_TRUE(has_line(text, prefix + R"(_count{route="healthz"} 5)"));
  // 500 + 501 + 10000000 + 10000001 + 0 us = 20001002 us
  EXPECT_TRUE(has_line(text, prefix + R"(_sum{route="healthz"} 20.001002)"));
  EXPECT_TRUE(has_line(text, "# TYPE renofee_http_request_duration_seconds histogram"));
}

TEST(Metrics, RequestCountersAndInFlight) {
  Metrics metrics;
  metrics.observe_request("healthz", "GET", 200, microseconds(10));
  metrics.observe_request("healthz", "GET", 200, microseconds(10));
  metrics.observe_request("healthz", "GET", 503, microseconds(10));
  metrics.observe_request("unmatched", "POST", 404, microseconds(10));
  metrics.request_started();
  metrics.request_started();
  metrics.request_finished();
  const std::string text = metrics.exposition();
  EXPECT_TRUE(has_line(text, R"(renofee_http_requests_total{route="healthz",method="GET",status="200"} 2)"));
  EXPECT_TRUE(has_line(text, R"(renofee_http_requests_total{route="healthz",method="GET",status="503"} 1)"));
  EXPECT_TRUE(
      has_line(text, R"(renofee_http_requests_total{route="unmatched",method="POST",status="404"} 1)"));
  EXPECT_TRUE(has_line(text, "renofee_http_requests_in_flight 1"));
  EXPECT_TRUE(text.ends_with("\n"));
}

TEST(Metrics, RegisteredCounters) {
  Metrics metrics;
  Counter& p1 = metrics.counter("renofee_ingest_readings_total", "Readings stored.", {{"source", "p1"}});
  Counter& csv = metrics.counter("renofee_ingest_readings_total", "ignored", {{"source", "csv"}});
  p1.add(3);
  csv.add();
  EXPECT_EQ(&metrics.counter("renofee_ingest_readings_total", "", {{"source", "p1"}}), &p1);
  metrics.counter("renofee_odd_total", "Odd labels.", {{"v", "a\"b\\c\nd"}}).add(7);
  const std::string text = metrics.exposition();
  EXPECT_TRUE(has_line(text, "# HELP renofee_ingest_readings_total Readings stored."));
  EXPECT_TRUE(has_line(text, "# TYPE renofee_ingest_readings_total counter"));
  EXPECT_TRUE(has_line(text, R"(renofee_ingest_readings_total{source="p1"} 3)"));
  EXPECT_TRUE(has_line(text, R"(renofee_ingest_readings_total{source="csv"} 1)"));
  EXPECT_TRUE(has_line(text, R"(renofee_odd_total{v="a\"b\\c\nd"} 7)")) << text;

  EXPECT_THROW(metrics.counter("9bad", ""), std::invalid_argument);
  EXPECT_THROW(metrics.counter("bad-name", ""), std::invalid_argument);
  EXPECT_THROW(metrics.counter("ok_total", "", {{"bad:label", "x"}}), std::invalid_argument);
  EXPECT_THROW(metrics.counter("ok_total", "", {{"__reserved", "x"}}), std::invalid_argument);
  EXPECT_NO_THROW(metrics.counter("ns:ok_total", ""));
}

}  // namespace
}  // namespace renofee::http
