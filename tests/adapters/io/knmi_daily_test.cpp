// Test plan for knmi_daily.hpp:
//   Real files in both published shapes (tests/data/knmi/README.md): De Bilt with only the '# STN,...' header
//   (LF), Cabauw with KNMI's long free-text header, a blank line and CRLF line ends. Day counts, first and
//   last values. CBS StatLine 80182ned check values for De Bilt: 3,321 (2010) and 2,385 (2014) degree days,
//   unweighted, base 18 degC; our exact sums are 3320.6 and 2385.0 (scripts/knmi_degree_days.py), compared
//   after rounding half-up to whole degree days as CBS publishes them. Weighted sums and Cabauw 2014 from the
//   same script. Gaps in De Bilt 2014 filled from Cabauw 2014 (expected sums from python over both files).
//   Real blanks: Cabauw January 1987 has 8 days without TG, which makes the month's degree days
//   unavailable (listed), and filling from De Bilt is not possible there (De Bilt starts in 2000 here).
//   Malformed input, one mutation of a real line per row: each gives its code, the line number in `field` and
//   in the message. Truncated files: cut inside a line (error on that line) and after a complete line (fewer
//   days). Streaming: the reader returns days one by one and stays failed after an error.
#include "renofee/adapters/io/knmi_daily.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "renofee/core/weather/degree_days.hpp"

namespace renofee::io {
namespace {

using calendar::make_date;

const std::string data_dir = std::string(RENOFEE_TEST_DATA_DIR) + "/knmi/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::vector<weather::WeatherDay>> parse(const std::string& text) {
  std::istringstream in(text);
  return read_knmi_daily(in);
}

weather::WeatherSummary year_summary(const std::vector<weather::WeatherDay>& days, int station, int year) {
  return weather::summarise(weather::StationSeries{station, days}, calendar::calendar_year(year)).value();
}

TEST(KnmiDaily, DeBiltShortHeader) {
  const std::vector<weather::WeatherDay> days =
      read_knmi_daily_file(data_dir + "etmgeg_260_2010_2014.txt").value();
  ASSERT_EQ(days.size(), 730u);
  EXPECT_EQ(days.front(), (weather::WeatherDay{260, make_date(2010, 1, 1), -16, 318}));
  EXPECT_EQ(days.back(), (weather::WeatherDay{260, make_date(2014, 12, 31), 52, 340}));
}

TEST(KnmiDaily, CabauwLongHeaderAndCrlf) {
  const std::vector<weather::WeatherDay> days =
      read_knmi_daily_file(data_dir + "etmgeg_348_2014.txt").value();
  ASSERT_EQ(days.size(), 365u);
  EXPECT_EQ(days.front(), (weather::WeatherDay{348, make_date(2014, 1, 1), 71, 260}));
  EXPECT_EQ(days.back(), (weather::WeatherDay{348, make_date(2014, 12, 31), 29, 346}));
  const weather::WeatherSummary s = year_summary(days, 348, 2014);
  EXPECT_EQ(s.degree_days->value(), Decimal::parse("2426.1").value());  // scripts/knmi_degree_days.py
  EXPECT_EQ(s.weighted_degree_days->value(), Decimal::parse("2458.75").value());
  EXPECT_EQ(s.irradiance->value(), Decimal(390200));
}

TEST(KnmiDaily, DeBiltReproducesCbsDegreeDays) {
  const std::vector<weather::WeatherDay> days =
      read_knmi_daily_file(data_dir + "etmgeg_260_2010_2014.txt").value();
  struct Row {
    int line;
    int year;
    const char* exact;     // our exact sum (scripts/knmi_degree_days.py)
    int cbs;               // CBS StatLine 80182ned, De Bilt, base 18 degC, unweighted, whole degree days
    const char* weighted;  // scripts/knmi_degree_days.py
    int irradiance;
  };
  const Row rows[] = {
      {__LINE__, 2010, "3320.6", 3321, "3372.50", 375429},
      {__LINE__, 2014, "2385.0", 2385, "2418.00", 374635},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const weather::WeatherSummary s = year_summary(days, 260, row.year);
    ASSERT_TRUE(s.missing_temperature_days.empty());
    EXPECT_EQ(s.degree_days->value(), Decimal::parse(row.exact).value());
    EXPECT_EQ(s.degree_days->value().round(0, Rounding::half_up), Decimal(row.cbs));
    EXPECT_EQ(s.weighted_degree_days->value(), Decimal::parse(row.weighted).value());
    EXPECT_EQ(s.irradiance->value(), Decimal(row.irradiance));
  }
  // The normal year over these two years: (3372.50 + 2418.00) / 2 = 2895.25.
  const std::vector<int> years = {2010, 2014};
  EXPECT_EQ(weather::normal_year(weather::StationSeries{260, days}, years, 2, Rounding::half_even)
                .value()
                .weighted_degree_days.value(),
            Decimal::parse("2895.25").value());
}

TEST(KnmiDaily, DeBiltGapsFilledFromCabauw) {
  // De Bilt 2014 with 10-12 February removed and the TG of 5 March blanked, filled from Cabauw 2014.
  std::vector<weather::WeatherDay> de_bilt =
      read_knmi_daily_file(data_dir + "etmgeg_260_2010_2014.txt").value();
  std::erase_if(de_bilt, [](const weather::WeatherDay& d) {
    return d.day >= make_date(2014, 2, 10) && d.day <= make_date(2014, 2, 12);
  });
  for (weather::WeatherDay& d : de_bilt) {
    if (d.day == make_date(2014, 3, 5)) d.mean_temperature_01c.reset();
  }
  const std::vector<weather::WeatherDay> cabauw =
      read_knmi_daily_file(data_dir + "etmgeg_348_2014.txt").value();
  const weather::WeatherSummary alone = year_summary(de_bilt, 260, 2014);
  EXPECT_FALSE(alone.degree_days.has_value());
  EXPECT_EQ(alone.missing_temperature_days.size(), 4u);
  const weather::WeatherSummary filled =
      weather::summarise(weather::StationSeries{260, de_bilt}, calendar::calendar_year(2014),
                         weather::StationSeries{348, cabauw})
          .value();
  EXPECT_TRUE(filled.missing_temperature_days.empty());
  EXPECT_EQ(filled.filled, (std::vector<weather::FilledDay>{{make_date(2014, 2, 10), 348, true, true},
                                                            {make_date(2014, 2, 11), 348, true, true},
                                                            {make_date(2014, 2, 12), 348, true, true},
                                                            {make_date(2014, 3, 5), 348, true, false}}));
  // 2385.0 + Cabauw's 0.1 + 0.3 + 0.2 + 1.0 more degree days on those days (python, the two files).
  EXPECT_EQ(filled.degree_days->value(), Decimal::parse("2386.6").value());
  EXPECT_EQ(filled.weighted_degree_days->value(), Decimal::parse("2419.66").value());
  EXPECT_EQ(filled.irradiance->value(), Decimal(374719));
}

TEST(KnmiDaily, RealBlanksAreMissingNotZero) {
  const std::vector<weather::WeatherDay> days =
      read_knmi_daily_file(data_dir + "etmgeg_348_198701.txt").value();
  ASSERT_EQ(days.size(), 31u);
  EXPECT_EQ(days[0], (weather::WeatherDay{348, make_date(1987, 1, 1), std::nullopt, std::nullopt}));
  EXPECT_EQ(days[6], (weather::WeatherDay{348, make_date(1987, 1, 7), -19, 215}));
  EXPECT_EQ(days[11], (weather::WeatherDay{348, make_date(1987, 1, 12), -113, std::nullopt}));
  const weather::WeatherSummary s =
      weather::summarise(weather::StationSeries{348, days},
                         calendar::Period{make_date(1987, 1, 1), make_date(1987, 2, 1)})
          .value();
  EXPECT_FALSE(s.degree_days.has_value());
  EXPECT_EQ(s.missing_temperature_days.size(), 8u);
  const Result<DegreeDays> unavailable = weather::require_degree_days(s);
  ASSERT_FALSE(unavailable.ok());
  EXPECT_NE(unavailable.error().message.find(
                "8 missing day(s): 1987-01-01, 1987-01-02, 1987-01-03, 1987-01-04, 1987-01-05, 1987-01-06, "
                "1987-01-11, 1987-01-13"),
            std::string::npos)
      << unavailable.error().message;
  // From 7 January to 11 January every TG is there: 19.9 + 20.9 + 18.8 + 24.9 = 84.5 K·day.
  const weather::WeatherSummary part =
      weather::summarise(weather::StationSeries{348, days},
                         calendar::Period{make_date(1987, 1, 7), make_date(1987, 1, 11)})
          .value();
  EXPECT_EQ(part.degree_days->value(), Decimal::parse("84.5").value());
}

// The header and first three lines of the De Bilt file, with `column` of data line `which` (0-based) replaced
// by `text` (padded like KNMI pads).
std::string mutated(std::size_t which, std::size_t column, const std::string& text) {
  std::istringstream in(slurp(data_dir + "etmgeg_260_2010_2014.txt"));
  std::string header, out;
  std::getline(in, header);
  out = header + "\n";
  for (std::size_t i = 0; i < 3; ++i) {
    std::string line;
    std::getline(in, line);
    if (i == which) {
      std::vector<std::string> fields;
      std::stringstream split(line);
      for (std::string field; std::getline(split, field, ',');)
        fields.push_back(field);
      fields.at(column) = std::string(text.size() < 5 ? 5 - text.size() : 0, ' ') + text;
      line.clear();
      for (std::size_t f = 0; f < fields.size(); ++f)
        line += (f ? "," : "") + fields[f];
    }
    out += line + "\n";
  }
  return out;
}

constexpr std::size_t stn = 0, ymd = 1, tg = 11, q = 20;

TEST(KnmiDaily, BlankFieldIsMissing) {
  const std::vector<weather::WeatherDay> days = parse(mutated(1, tg, "")).value();
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[1].mean_temperature_01c, std::nullopt);  // blank, not 0
  EXPECT_EQ(days[1].global_radiation_j_cm2, 117);
  EXPECT_EQ(parse(mutated(2, q, "")).value()[2].global_radiation_j_cm2, std::nullopt);
  EXPECT_EQ(parse(mutated(0, tg, "0")).value()[0].mean_temperature_01c, 0);  // a real zero stays zero
}

TEST(KnmiDaily, MalformedInputNamesTheLine) {
  struct Row {
    int line;
    std::string text;
    ErrorCode code;
    int error_line;
    const char* message_part;
  };
  const std::string header = slurp(data_dir + "etmgeg_260_2010_2014.txt").substr(0, 300);
  const std::string header_line = header.substr(0, header.find('\n') + 1);
  const Row rows[] = {
      {__LINE__, mutated(1, tg, "abc"), ErrorCode::invalid_argument, 3, "TG \"abc\" is not an integer"},
      {__LINE__, mutated(1, tg, "5.2"), ErrorCode::invalid_argument, 3, "TG \"5.2\" is not an integer"},
      {__LINE__, mutated(1, tg, "+52"), ErrorCode::invalid_argument, 3, "TG \"+52\""},
      {__LINE__, mutated(2, tg, "999"), ErrorCode::out_of_range, 4, "TG 999 outside -600..600"},
      {__LINE__, mutated(0, q, "-5"), ErrorCode::out_of_range, 2, "Q -5 outside 0..5000"},
      {__LINE__, mutated(0, q, "1 2"), ErrorCode::invalid_argument, 2, "Q \"1 2\""},
      {__LINE__, mutated(1, ymd, "20101301"), ErrorCode::invalid_argument, 3,
       "YYYYMMDD \"20101301\" is not a date"},
      {__LINE__, mutated(1, ymd, "2010012"), ErrorCode::invalid_argument, 3, "is not a date"},
      {__LINE__, mutated(1, ymd, "20100101"), ErrorCode::invalid_argument, 3,
       "date 2010-01-01 does not follow"},
      {__LINE__, mutated(2, ymd, "20091231"), ErrorCode::invalid_argument, 4, "does not follow 2010-01-02"},
      {__LINE__, mutated(2, stn, "348"), ErrorCode::invalid_argument, 4,
       "station 348 in a file of station 260"},
      {__LINE__, mutated(0, stn, "x"), ErrorCode::invalid_argument, 2, "STN \"x\""},
      {__LINE__, mutated(0, 40, "1,2"), ErrorCode::invalid_argument, 2, "expected 41 fields"},
      {__LINE__, "", ErrorCode::invalid_argument, 0, "no column header line"},
      {__LINE__, "# just a comment\n\n", ErrorCode::invalid_argument, 2, "no column header line"},
      {__LINE__, mutated(0, tg, "1").substr(header_line.size()), ErrorCode::invalid_argument, 1,
       "data line before the column header"},
      {__LINE__, "# STN,YYYYMMDD,   TX,    Q\n  260,20100101,  10,  5\n", ErrorCode::invalid_argument, 1,
       "column header lacks TG"},
      {__LINE__, "# STN,YYYYMMDD,   TG,   TG,    Q\n", ErrorCode::invalid_argument, 1,
       "column \"TG\" named twice"},
      {__LINE__, header_line + "  260,20100101\n", ErrorCode::invalid_argument, 2, "found 2"},
      {__LINE__, header_line + std::string(20'000, ' ') + "\n", ErrorCode::out_of_range, 2, "longer than"},
      {__LINE__, header_line + std::string(10'001, 'x'), ErrorCode::out_of_range, 2,
       "longer than"},  // no line end
      {__LINE__, header_line + std::string(10'001, 'x') + "\r\n", ErrorCode::out_of_range, 2, "longer than"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const Result<std::vector<weather::WeatherDay>> result = parse(row.text);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, row.code) << result.error();
    EXPECT_EQ(result.error().field, "line " + std::to_string(row.error_line)) << result.error();
    EXPECT_EQ(result.error().message.rfind("line " + std::to_string(row.error_line) + ": ", 0), 0u);
    EXPECT_NE(result.error().message.find(row.message_part), std::string::npos) << result.error().message;
  }
}

TEST(KnmiDaily, TruncatedFiles) {
  const std::string whole = slurp(data_dir + "etmgeg_348_2014.txt");
  // Cut in the middle of the 101st data line (line 52 is the column header, 53 blank, data from line 54).
  std::size_t cut = 0;
  for (int newline = 0; newline < 53 + 100; ++newline)
    cut = whole.find('\n', cut) + 1;
  const Result<std::vector<weather::WeatherDay>> mid_line = parse(whole.substr(0, cut + 100));
  ASSERT_FALSE(mid_line.ok());
  EXPECT_EQ(mid_line.error().field, "line 154");
  EXPECT_NE(mid_line.error().message.find("truncated"), std::string::npos);
  // Cut after a complete line: the days up to there, nothing invented.
  const std::vector<weather::WeatherDay> complete = parse(whole.substr(0, cut)).value();
  ASSERT_EQ(complete.size(), 100u);
  EXPECT_EQ(complete.back().day, make_date(2014, 4, 10));
  // Cut inside the long header: no column header.
  EXPECT_EQ(parse(whole.substr(0, 2000)).error().code, ErrorCode::invalid_argument);
}

TEST(KnmiDaily, StreamsDayByDayAndStaysFailed) {
  std::istringstream in(mutated(2, tg, "abc"));
  KnmiDailyReader reader(in);
  const std::optional<weather::WeatherDay> first = reader.next().value();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->day, make_date(2010, 1, 1));
  EXPECT_EQ(reader.line_number(), 2);
  EXPECT_EQ(reader.next().value()->day, make_date(2010, 1, 2));
  const Result<std::optional<weather::WeatherDay>> bad = reader.next();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(reader.next().error(), bad.error());

  std::istringstream ok(mutated(0, tg, "10"));
  KnmiDailyReader all(ok);
  int count = 0;
  while (true) {
    const std::optional<weather::WeatherDay> day = all.next().value();
    if (!day) break;
    ++count;
  }
  EXPECT_EQ(count, 3);
  EXPECT_FALSE(all.next().value().has_value());  // the end stays the end
}

TEST(KnmiDaily, MissingFileIsNotFound) {
  const Result<std::vector<weather::WeatherDay>> missing =
      read_knmi_daily_file(data_dir + "no_such_file.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace renofee::io
