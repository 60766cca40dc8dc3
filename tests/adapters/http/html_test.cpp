// Test plan (adapters/http/html.hpp): the HTML writer of the pages.
//  - escape_html: each of & < > " ' becomes its entity; hostile strings (script tags, attribute break-outs,
//    entities already escaped) come out inert; control characters and invalid UTF-8 become U+FFFD; valid
//    multi-byte UTF-8 (é, €, 😀) passes unchanged.
//  - format_money: Dutch "€ 1.234,56" and English "€1,234.56"; grouping at every 3 digits; negative amounts;
//    amounts with more than 2 decimals rounded half-up (ties away from zero), fewer padded; a negative amount
//    that rounds to zero shows no minus sign.
//  - format_number, format_date (Dutch and English month names, 29 February, 31 December).
//  - line_chart_svg: role, aria-labelledby naming the title and desc ids, escaped labels, one polyline per
//    series with the expected point count, coordinates inside the view box.
#include "renofee/adapters/http/html.hpp"

#include <gtest/gtest.h>

#include <regex>
#include "support/literals.hpp"

namespace renofee::http {
namespace {

TEST(EscapeHtml, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(escape_html("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
  EXPECT_EQ(escape_html(""), "");
  EXPECT_EQ(escape_html("plain text 123"), "plain text 123");
}

TEST(EscapeHtml, HostileStringsComeOutInert) {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"<script>alert(\"x\")</script>", "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"},
      {"\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)"},
      {"' autofocus onfocus='alert(1)", "&#39; autofocus onfocus=&#39;alert(1)"},
      {"</title><img src=x onerror=alert(1)>", "&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;"},
      {"&lt;already&gt;", "&amp;lt;already&amp;gt;"},
      {"<!--", "&lt;!--"},
      {"]]><svg onload=alert(1)>", "]]&gt;&lt;svg onload=alert(1)&gt;"},
  };
  for (const Row& row : rows) {
    const std::string escaped = escape_html(row.in);
    EXPECT_EQ(escaped, row.out) << row.in;
    EXPECT_EQ(escaped.find_first_of("<>\"'"), std::string::npos) << row.in;
  }
}

TEST(EscapeHtml, ControlCharactersAndInvalidUtf8BecomeReplacementCharacters) {
  EXPECT_EQ(escape_html(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(escape_html("a\x1b[31mb"), "a\xEF\xBF\xBD[31mb");
  EXPECT_EQ(escape_html("\x7f"), "\xEF\xBF\xBD");
  EXPECT_EQ(escape_html("tab\tnew\nline\r"), "tab\tnew\nline\r");
  EXPECT_EQ(escape_html("\xff<"), "\xEF\xBF\xBD&lt;");
  EXPECT_EQ(escape_html("\xC3"), "\xEF\xBF\xBD");                  // truncated 2-byte sequence
  EXPECT_EQ(escape_html("\xC0\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '<' is not a '<'
  EXPECT_EQ(escape_html("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(FormatMoney, DutchAndEnglishNotation) {
  struct Row {
    const char* amount;
    const char* nl;
    const char* en;
  };
  const Row rows[] = {
      {"1234.56", "€ 1.234,56", "€1,234.56"},
      {"0", "€ 0,00", "€0.00"},
      {"0.5", "€ 0,50", "€0.50"},
      {"7", "€ 7,00", "€7.00"},
      {"999.99", "€ 999,99", "€999.99"},
      {"1000", "€ 1.000,00", "€1,000.00"},
      {"100000", "€ 100.000,00", "€100,000.00"},
      {"1234567.89", "€ 1.234.567,89", "€1,234,567.89"},
      {"-1234.5", "€ -1.234,50", "-€1,234.50"},
      {"-0.01", "€ -0,01", "-€0.01"},
      {"0.005", "€ 0,01", "€0.01"},  // half-up: the tie goes away from zero
      {"0.0049", "€ 0,00", "€0.00"},
      {"-0.004", "€ 0,00", "€0.00"},  // rounds to zero: no minus sign
      {"-0.005", "€ -0,01", "-€0.01"},
      {"999.995", "€ 1.000,00", "€1,000.00"},  // the carry reaches a new group
      {"10000000.00", "€ 10.000.000,00", "€10,000,000.00"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(format_money(eur(row.amount), Language::nl), row.nl) << row.amount;
    EXPECT_EQ(format_money(eur(row.amount), Language::en), row.en) << row.amount;
  }
}

TEST(FormatNumber, DecimalsAndGrouping) {
  EXPECT_EQ(format_number(Decimal::parse("3.9").value(), 2, Language::nl), "3,90");
  EXPECT_EQ(format_number(Decimal::parse("2537").value(), 0, Language::nl), "2.537");
  EXPECT_EQ(format_number(Decimal::parse("2537").value(), 0, Language::en), "2,537");
  EXPECT_EQ(format_number(Decimal::parse("0.25").value(), 5, Language::nl), "0,25000");
  EXPECT_EQ(format_number(Decimal::parse("287.995").value(), 2, Language::nl), "288,00");
  EXPECT_EQ(format_number(Decimal::parse("-12345.5").value(), 0, Language::nl), "-12.346");
}

TEST(FormatDate, DutchAndEnglishMonthNames) {
  EXPECT_EQ(format_date(calendar::make_date(2026, 3, 1), Language::nl), "1 maart 2026");
  EXPECT_EQ(format_date(calendar::make_date(2028, 2, 29), Language::nl), "29 februari 2028");
  EXPECT_EQ(format_date(calendar::make_date(2026, 12, 31), Language::nl), "31 december 2026");
  EXPECT_EQ(format_date(calendar::make_date(2027, 5, 15), Language::nl), "15 mei 2027");
  EXPECT_EQ(format_date(calendar::make_date(2026, 3, 1), Language::en), "1 March 2026");
  EXPECT_EQ(format_date(calendar::make_date(2026, 12, 31), Language::en), "31 December 2026");
}

TEST(LineChartSvg, LabelledAccessibleAndEscaped) {
  LineChart chart;
  chart.id = "cost-chart";
  chart.title = "Kosten <met> & zonder";
  chart.description = "Beschrijving \"x\"";
  chart.x_labels = {"0", "1", "2"};
  chart.y_unit_label = "€";
  chart.series = {{"Zonder", "#9c3d00", "8 5", {Decimal(0), Decimal(1500), Decimal(3000)}},
                  {"Met <b>", "#1d4e89", "", {Decimal(0), Decimal(2000), Decimal(2500)}}};
  const std::string svg = line_chart_svg(chart);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"cost-chart-title cost-chart-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"cost-chart-title\">Kosten &lt;met&gt; &amp; zonder</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"cost-chart-desc\">Beschrijving &quot;x&quot;</desc>"), std::string::npos);
  EXPECT_NE(svg.find("Met &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  // Two polylines with three points each, all inside the 720 x 360 view box.
  const std::regex polyline("points=\"([^\"]*)\"");
  int lines = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), polyline); it != std::sregex_iterator(); ++it) {
    ++lines;
    const std::string points = (*it)[1];
    const std::regex pair("([0-9.]+),([0-9.]+)");
    int count = 0;
    for (auto p = std::sregex_iterator(points.begin(), points.end(), pair); p != std::sregex_iterator();
         ++p) {
      ++count;
      EXPECT_LE(std::stod((*p)[1]), 720.0);
      EXPECT_LE(std::stod((*p)[2]), 360.0);
    }
    EXPECT_EQ(count, 3);
  }
  EXPECT_EQ(lines, 2);
  // The highest value (3000) sits at the top grid line (step 1000: 0..3000), x = 90 + 610 = 700, y = 20.
  EXPECT_NE(svg.find("700.0,20.0\""), std::string::npos) << svg;
}

}  // namespace
}  // namespace renofee::http
