// renofee/adapters/http/html.hpp
//
// Purpose: the small HTML writer of the resident pages (page_routes.hpp, docs/pages.md): escaping, Dutch and
// English notation of amounts, numbers and dates, and the server-drawn SVG line chart. No business logic: the
// figures arrive computed by the app layer; this file only writes them.
//
// Notation (Dutch as the default of the pages, English as the alternative):
//   amounts   nl "€ 1.234,56", "€ -1.234,56" (the form Intl.NumberFormat('nl-NL', EUR) writes);
//             en "€1,234.56", "-€1,234.56" (en-GB). Always two decimals: an amount with more digits is
//             rounded half-up to cents (customer-facing rounding, docs/domain.md §2), one with fewer padded.
//   numbers   nl "1.234,5" / en "1,234.5" with exactly `decimals` decimals, rounded half-up.
//   dates     nl "1 maart 2026" / en "1 March 2026".
// Escaping: & < > " ' become entities, so text is safe in element content and in double- or single-quoted
// attribute values; C0 control characters other than tab, LF and CR, and DEL, become U+FFFD (they are not
// allowed in HTML text), and so do the bytes of invalid UTF-8 sequences.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::http {

using io::Language;

std::string escape_html(std::string_view text);

std::string format_money(const Money& amount, Language language);
std::string format_number(const Decimal& value, int decimals, Language language);
std::string format_date(calendar::Date day, Language language);

// A line chart of series over a common x axis, drawn as inline SVG with role="img", aria-labelledby pointing
// at its <title> and <desc>, one polyline per series (each with its own dash pattern besides its colour, so
// the series differ without colour too) and a legend in text. Values are scaled for drawing only
// (Decimal::to_double_for_display); the figures themselves go in the table next to the chart.
struct ChartSeries {
  std::string label;            // legend text
  std::string colour;           // CSS colour of the line ("#1d4e89")
  std::string dash;             // stroke-dasharray ("" = solid, "8 4")
  std::vector<Decimal> values;  // one per x label
};
struct LineChart {
  std::string id;           // unique in the page, [a-z0-9-]; prefixes the ids of <title> and <desc>
  std::string title;        // short name
  std::string description;  // what it shows, for screen readers
  std::vector<std::string> x_labels;
  std::string y_unit_label;  // "€"
  std::vector<ChartSeries> series;
  Language language = Language::nl;
};
std::string line_chart_svg(const LineChart& chart);

// A bar chart of counts (a histogram), inline SVG with the same accessibility as line_chart_svg: one bar per
// label, its count written above it, so the chart reads without colour; the figures go in a table beside it.
struct BarChart {
  std::string id;  // unique in the page, [a-z0-9-]
  std::string title;
  std::string description;
  std::vector<std::string> labels;  // under each bar
  std::vector<int> counts;          // one per label, >= 0
  std::string colour;
};
std::string bar_chart_svg(const BarChart& chart);

// A range chart, one horizontal row per label: a line from the lowest to the highest value, a box from the
// first to the third quartile and a thick mark at the median, with a zero line; the median is written at the
// right of each row, so the chart reads without colour. Same accessibility as line_chart_svg; the figures go
// in a table beside it.
struct RangeRow {
  std::string label;
  Decimal lowest, p25, median, p75, highest;
};
struct RangeChart {
  std::string id;  // unique in the page, [a-z0-9-]
  std::string title;
  std::string description;
  std::vector<RangeRow> rows;
  std::string colour;
  Language language = Language::nl;
};
std::string range_chart_svg(const RangeChart& chart);

}  // namespace renofee::http
