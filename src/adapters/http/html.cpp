#include "renofee/adapters/http/html.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "renofee/adapters/io/json_text.hpp"

namespace renofee::http {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// "1234567.891" with '.' -> integer digits grouped by `group`, decimals after `point`.
std::string group_digits(const std::string& plain, char group, char point) {
  const std::size_t dot = plain.find('.');
  std::string integer = plain.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : plain.substr(dot + 1);
  for (int i = static_cast<int>(integer.size()) - 3; i > 0; i -= 3)
    integer.insert(static_cast<std::size_t>(i), 1, group);
  return fraction.empty() ? integer : integer + point + fraction;
}

// |value| rounded half-up to `decimals`, as plain digits with exactly `decimals` decimals.
std::string fixed_digits(const Decimal& value, int decimals) {
  std::string text = value.abs().round(decimals, Rounding::half_up).to_string();
  if (decimals > 0) {
    std::size_t dot = text.find('.');
    if (dot == std::string::npos) {
      text += '.';
      dot = text.size() - 1;
    }
    const std::size_t have = text.size() - dot - 1;
    if (have < static_cast<std::size_t>(decimals))
      text.append(static_cast<std::size_t>(decimals) - have, '0');
  }
  return text;
}

bool rounds_to_zero(const Decimal& value, int decimals) {
  return value.round(decimals, Rounding::half_up).is_zero();
}

std::string svg_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t length = io::utf8_sequence_length(text, i);
    if (length == 0) {
      out += replacement;
      ++i;
      continue;
    }
    if (length > 1) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
          out += replacement;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out;
}

std::string format_money(const Money& amount, Language language) {
  const bool negative = amount.is_negative() && !rounds_to_zero(amount.value(), 2);
  const std::string digits = fixed_digits(amount.value(), 2);
  if (language == Language::nl) {
    return std::string("€ ") + (negative ? "-" : "") + group_digits(digits, '.', ',');
  }
  return std::string(negative ? "-" : "") + "€" + group_digits(digits, ',', '.');
}

std::string format_number(const Decimal& value, int decimals, Language language) {
  const bool negative = value.is_negative() && !rounds_to_zero(value, decimals);
  const std::string digits = fixed_digits(value, decimals);
  return (negative ? "-" : "") +
         (language == Language::nl ? group_digits(digits, '.', ',') : group_digits(digits, ',', '.'));
}

std::string format_date(calendar::Date day, Language language) {
  static constexpr std::array<const char*, 12> dutch = {"januari",   "februari", "maart",    "april",
                                                        "mei",       "juni",     "juli",     "augustus",
                                                        "september", "oktober",  "november", "december"};
  static constexpr std::array<const char*, 12> english = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};
  const unsigned month = static_cast<unsigned>(day.month()) - 1;
  const char* name = (language == Language::nl ? dutch : english).at(month);
  return std::to_string(static_cast<unsigned>(day.day())) + " " + name + " " +
         std::to_string(static_cast<int>(day.year()));
}

// The opening of an accessible chart: <svg role="img"> labelled by its <title> and <desc>.
std::string svg_open(const std::string& id, const std::string& title, const std::string& description,
                     double width, double height) {
  const std::string title_id = id + "-title";
  const std::string desc_id = id + "-desc";
  return "<svg id=\"" + escape_html(id) + "\" class=\"chart\" role=\"img\" viewBox=\"0 0 " +
         svg_number(width) + " " + svg_number(height) + "\" aria-labelledby=\"" + title_id + " " + desc_id +
         "\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"" + title_id + "\">" + escape_html(title) +
         "</title>\n<desc id=\"" + desc_id + "\">" + escape_html(description) + "</desc>\n";
}

std::string line_chart_svg(const LineChart& chart) {
  // Drawing area in SVG user units; the SVG scales to its container (width 100%).
  constexpr double width = 720, height = 360, left = 90, right = 20, top = 20, bottom = 50;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  double max_value = 0;
  std::size_t points = 0;
  for (const ChartSeries& series : chart.series) {
    points = std::max(points, series.values.size());
    for (const Decimal& value : series.values)
      max_value = std::max(max_value, value.to_double_for_display());
  }
  // A round upper bound: 1, 2 or 5 times a power of ten, so the grid lines carry simple numbers.
  double step = 1;
  if (max_value > 0) {
    const double raw = max_value / 5;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    step = raw <= power ? power : raw <= 2 * power ? 2 * power : raw <= 5 * power ? 5 * power : 10 * power;
  }
  const int lines = max_value > 0 ? static_cast<int>(std::ceil(max_value / step)) : 1;
  const double top_value = step * lines;
  const auto x_at = [&](std::size_t i) {
    return left + (points > 1 ? plot_w * static_cast<double>(i) / static_cast<double>(points - 1) : 0);
  };
  const auto y_at = [&](double value) { return top + plot_h - plot_h * value / top_value; };

  std::string svg = svg_open(chart.id, chart.title, chart.description, width, height);
  svg += "<g class=\"grid\" aria-hidden=\"true\">\n";
  for (int line = 0; line <= lines; ++line) {
    const double value = step * line;
    const double y = y_at(value);
    svg += "<line x1=\"" + svg_number(left) + "\" x2=\"" + svg_number(width - right) + "\" y1=\"" +
           svg_number(y) + "\" y2=\"" + svg_number(y) + "\"/>";
    // Whole euros on the axis: the grid values are round numbers by construction.
    const Decimal label_value(static_cast<long long>(std::llround(value)));
    svg += "<text x=\"" + svg_number(left - 8) + "\" y=\"" + svg_number(y + 4) + "\" text-anchor=\"end\">" +
           escape_html(chart.y_unit_label) + " " +
           escape_html(format_number(label_value, 0, chart.language)) + "</text>\n";
  }
  // At most about 10 x labels, evenly spaced, always the last.
  const std::size_t every = std::max<std::size_t>(1, (chart.x_labels.size() + 9) / 10);
  for (std::size_t i = 0; i < chart.x_labels.size(); ++i) {
    if (i % every != 0 && i + 1 != chart.x_labels.size()) continue;
    svg += "<text x=\"" + svg_number(x_at(i)) + "\" y=\"" + svg_number(height - bottom + 20) +
           "\" text-anchor=\"middle\">" + escape_html(chart.x_labels[i]) + "</text>";
  }
  svg += "\n</g>\n";
  for (const ChartSeries& series : chart.series) {
    std::string coordinates;
    for (std::size_t i = 0; i < series.values.size(); ++i) {
      coordinates += (i == 0 ? "" : " ") + svg_number(x_at(i)) + "," +
                     svg_number(y_at(series.values[i].to_double_for_display()));
    }
    svg += "<polyline class=\"series\" fill=\"none\" stroke-width=\"3\" stroke=\"" +
           escape_html(series.colour) + "\"" +
           (series.dash.empty() ? "" : " stroke-dasharray=\"" + escape_html(series.dash) + "\"") +
           " points=\"" + coordinates + "\"><title>" + escape_html(series.label) + "</title></polyline>\n";
  }
  // Legend: a line sample and the label of each series, under the x labels.
  double legend_x = left;
  for (const ChartSeries& series : chart.series) {
    const double y = height - 10;
    svg += "<g class=\"legend\"><line x1=\"" + svg_number(legend_x) + "\" x2=\"" + svg_number(legend_x + 30) +
           "\" y1=\"" + svg_number(y - 4) + "\" y2=\"" + svg_number(y - 4) +
           "\" stroke-width=\"3\" stroke=\"" + escape_html(series.colour) + "\"" +
           (series.dash.empty() ? "" : " stroke-dasharray=\"" + escape_html(series.dash) + "\"") +
           "/><text x=\"" + svg_number(legend_x + 36) + "\" y=\"" + svg_number(y) + "\">" +
           escape_html(series.label) + "</text></g>\n";
    legend_x += 300;
  }
  svg += "</svg>\n";
  return svg;
}

std::string bar_chart_svg(const BarChart& chart) {
  constexpr double width = 720, height = 320, left = 40, right = 20, top = 30, bottom = 60;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  int max_count = 1;
  for (int count : chart.counts)
    max_count = std::max(max_count, count);
  const std::size_t bars = std::max<std::size_t>(1, chart.counts.size());
  const double slot = plot_w / static_cast<double>(bars);
  std::string svg = svg_open(chart.id, chart.title, chart.description, width, height);
  svg += "<line x1=\"" + svg_number(left) + "\" x2=\"" + svg_number(width - right) + "\" y1=\"" +
         svg_number(top + plot_h) + "\" y2=\"" + svg_number(top + plot_h) + "\" stroke=\"#444\"/>\n";
  for (std::size_t i = 0; i < chart.counts.size(); ++i) {
    const double h = plot_h * chart.counts[i] / max_count;
    const double x = left + slot * static_cast<double>(i) + slot * 0.1;
    svg += "<rect class=\"bar\" x=\"" + svg_number(x) + "\" y=\"" + svg_number(top + plot_h - h) +
           "\" width=\"" + svg_number(slot * 0.8) + "\" height=\"" + svg_number(h) + "\" fill=\"" +
           escape_html(chart.colour) + "\"><title>" +
           escape_html(i < chart.labels.size() ? chart.labels[i] : std::string()) + ": " +
           std::to_string(chart.counts[i]) + "</title></rect>";
    svg += "<text x=\"" + svg_number(x + slot * 0.4) + "\" y=\"" + svg_number(top + plot_h - h - 6) +
           "\" text-anchor=\"middle\">" + std::to_string(chart.counts[i]) + "</text>";
    if (i < chart.labels.size()) {
      svg += "<text x=\"" + svg_number(x + slot * 0.4) + "\" y=\"" +
             svg_number(height - bottom + 18 + 14 * (i % 2)) + "\" text-anchor=\"middle\" class=\"small\">" +
             escape_html(chart.labels[i]) + "</text>";
    }
    svg += "\n";
  }
  svg += "</svg>\n";
  return svg;
}

std::string range_chart_svg(const RangeChart& chart) {
  constexpr double width = 720, left = 220, right = 100, top = 20, row_h = 44, bottom = 36;
  const double height =
      top + bottom + row_h * static_cast<double>(std::max<std::size_t>(1, chart.rows.size()));
  double low = 0, high = 0;  // the zero line is always in view
  for (const RangeRow& r : chart.rows) {
    low = std::min(low, r.lowest.to_double_for_display());
    high = std::max(high, r.highest.to_double_for_display());
  }
  if (high - low < 1) high = low + 1;
  const double plot_w = width - left - right;
  const auto x_of = [&](const Decimal& v) {
    return left + plot_w * (v.to_double_for_display() - low) / (high - low);
  };
  std::string svg = svg_open(chart.id, chart.title, chart.description, width, height);
  const double zero = x_of(Decimal(0));
  svg += "<line x1=\"" + svg_number(zero) + "\" x2=\"" + svg_number(zero) + "\" y1=\"" + svg_number(top - 6) +
         "\" y2=\"" + svg_number(height - bottom + 6) + "\" stroke=\"#444\" stroke-dasharray=\"4 3\"/>\n";
  svg += "<text x=\"" + svg_number(zero) + "\" y=\"" + svg_number(height - bottom + 22) +
         "\" text-anchor=\"middle\" class=\"small\">" +
         escape_html(format_money(Money(Decimal(0)), chart.language)) + "</text>\n";
  for (std::size_t i = 0; i < chart.rows.size(); ++i) {
    const RangeRow& r = chart.rows[i];
    const double y = top + row_h * static_cast<double>(i) + row_h / 2;
    svg += "<g class=\"range\"><text x=\"" + svg_number(left - 10) + "\" y=\"" + svg_number(y + 5) +
           "\" text-anchor=\"end\">" + escape_html(r.label) + "</text>";
    svg += "<line x1=\"" + svg_number(x_of(r.lowest)) + "\" x2=\"" + svg_number(x_of(r.highest)) +
           "\" y1=\"" + svg_number(y) + "\" y2=\"" + svg_number(y) +
           "\" stroke=\"#444\" stroke-width=\"2\"/>";
    svg += "<rect x=\"" + svg_number(x_of(r.p25)) + "\" y=\"" + svg_number(y - 12) + "\" width=\"" +
           svg_number(std::max(1.0, x_of(r.p75) - x_of(r.p25))) + "\" height=\"24\" fill=\"" +
           escape_html(chart.colour) + "\" fill-opacity=\"0.35\" stroke=\"" + escape_html(chart.colour) +
           "\"/>";
    svg += "<line x1=\"" + svg_number(x_of(r.median)) + "\" x2=\"" + svg_number(x_of(r.median)) + "\" y1=\"" +
           svg_number(y - 14) + "\" y2=\"" + svg_number(y + 14) + "\" stroke=\"#000\" stroke-width=\"4\"/>";
    svg += "<text x=\"" + svg_number(width - right + 8) + "\" y=\"" + svg_number(y + 5) + "\">" +
           escape_html(format_money(Money(r.median), chart.language)) + "</text></g>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace renofee::http
