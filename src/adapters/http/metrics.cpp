#include "renofee/adapters/http/metrics.hpp"

#include <stdexcept>

namespace renofee::http {
namespace {

bool valid_name(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
    const bool digit = c >= '0' && c <= '9';
    if (!(letter || (digit && i > 0))) return false;
  }
  return true;
}

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::string text = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) text += ',';
    text += labels[i].first + "=\"" + escape_label_value(labels[i].second) + '"';
  }
  return text + '}';
}

}  // namespace

std::string seconds_text(std::int64_t microseconds) {
  const bool negative = microseconds < 0;
  const std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-(microseconds + 1)) + 1
                                           : static_cast<std::uint64_t>(microseconds);
  std::string fraction = std::to_string(magnitude % 1'000'000);
  fraction.insert(0, 6 - fraction.size(), '0');
  return (negative ? "-" : "") + std::to_string(magnitude / 1'000'000) + '.' + fraction;
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void Metrics::observe_request(std::string_view route, std::string_view method, int status,
                              std::chrono::microseconds duration) {
  const std::string key = render_labels(
      {{"route", std::string(route)}, {"method", std::string(method)}, {"status", std::to_string(status)}});
  const std::int64_t us = duration.count() < 0 ? 0 : duration.count();
  std::lock_guard lock(mutex_);
  ++requests_[key];
  RouteSeries& series = durations_[std::string(route)];
  ++series.count;
  series.sum_us += us;
  for (std::size_t i = 0; i < latency_bucket_bounds_us.size(); ++i) {
    if (us <= latency_bucket_bounds_us[i]) {
      ++series.buckets[i];
      break;
    }
  }
}

Counter& Metrics::counter(const std::string& name, const std::string& help, const Labels& labels) {
  if (!valid_name(name, true)) throw std::invalid_argument("bad metric name \"" + name + "\"");
  for (const auto& [label, value] : labels) {
    if (!valid_name(label, false) || label.starts_with("__")) {
      throw std::invalid_argument("bad label name \"" + label + "\" on metric " + name);
    }
  }
  std::lock_guard lock(mutex_);
  Family& family = counters_[name];
  if (family.help.empty()) family.help = help;
  std::unique_ptr<Counter>& slot = family.series[render_labels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

std::string Metrics::exposition() const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP renofee_http_requests_total HTTP requests answered, by route name, method and status.\n";
  out += "# TYPE renofee_http_requests_total counter\n";
  for (const auto& [labels, count] : requests_) {
    out += "renofee_http_requests_total" + labels + ' ' + std::to_string(count) + '\n';
  }
  out += "# HELP renofee_http_request_duration_seconds Time from request headers read to response sent.\n";
  out += "# TYPE renofee_http_request_duration_seconds histogram\n";
  for (const auto& [route, series] : durations_) {
    const std::string label = "route=\"" + escape_label_value(route) + '"';
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < latency_bucket_bounds_us.size(); ++i) {
      cumulative += series.buckets[i];
      std::string bound = seconds_text(latency_bucket_bounds_us[i]);
      while (bound.back() == '0')
        bound.pop_back();  // "0.000500" -> "0.0005", "1.000000" -> "1."
      if (bound.back() == '.') bound.pop_back();
      out += "renofee_http_request_duration_seconds_bucket{" + label + ",le=\"" + bound + "\"} " +
             std::to_string(cumulative) + '\n';
    }
    out += "renofee_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(series.count) + '\n';
    out += "renofee_http_request_duration_seconds_sum{" + label + "} " + seconds_text(series.sum_us) + '\n';
    out +=
        "renofee_http_request_duration_seconds_count{" + label + "} " + std::to_string(series.count) + '\n';
  }
  out += "# HELP renofee_http_requests_in_flight Requests being handled now.\n";
  out += "# TYPE renofee_http_requests_in_flight gauge\n";
  out += "renofee_http_requests_in_flight " + std::to_string(in_flight()) + '\n';
  for (const auto& [name, family] : counters_) {
    out += "# HELP " + name + ' ' + family.help + '\n';
    out += "# TYPE " + name + " counter\n";
    for (const auto& [labels, counter] : family.series) {
      out += name + labels + ' ' + std::to_string(counter->value()) + '\n';
    }
  }
  return out;
}

}  // namespace renofee::http
