// Test plan for knmi_daily.hpp:
//   Synthetic files in both published shapes (tests/data/knmi/README.md: made by scripts/gen_weather.py, not
//   KNMI measurements): station 260 with only the '# STN,...' header (LF), station 348 with a long free-text
//   header, a blank line and CRLF line ends. Day counts, first and last values; yearly degree days, weighted
//   degree days and Q sums from the independent script (tests/data/knmi/degree_days.tsv, made by
//   scripts/knmi_degree_days.py). Gaps: 260's 10-12 February 2014 (TG and Q) and 5 March 2014 (TG) are blank,
//   filled from 348 (expected sums from the script's --fill). Blanks are missing, never zero: the synthetic
//   January 1987 of 348 has 8 days without TG and 20 without Q, which makes the month's degree days
//   unavailable (listed).
//   Real KNMI files (KnmiDailyRealFiles): only when RENOFEE_KNMI_DIR names a directory with KNMI's own
//   etmgeg_260.txt / etmgeg_348.txt (docs/metering.md); skipped with the reason otherwise. They check the
//   published CBS degree days of De Bilt and the real blanks of Cabauw in January 1987.
//   Malformed input, one mutation of a line per row: each gives its code, the line number in `field` and
//   in the message. Truncated files: cut inside a line (error on that line) and after a complete line (fewer
//   days). Streaming: the reader returns days one by one and stays failed after an error.
#include "renofee/adapters/io/knmi_daily.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "renofee/core/weather/degree_days.hpp"

namespace renofee::io {
namespace {

using calendar::make_date;

const std::string data_dir = std::string(RENOFEE_TEST_DATA_DIR) + "/knmi/";
const std::string short_file = data_dir + "synthetic_260_2010_2014.txt";
const std::string long_file = data_dir + "synthetic_348_2014.txt";

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

TEST(KnmiDaily, ShortHeader) {
  const std::vector<weather::WeatherDay> days = read_knmi_daily_file(short_file).value();
  ASSERT_EQ(days.size(), 1826u);  // 2010-2014, every day has its line (blanks included)
  EXPECT_EQ(days.front(), (weather::WeatherDay{260, make_date(2010, 1, 1), 34, 132}));
  EXPECT_EQ(days.back(), (weather::WeatherDay{260, make_date(2014, 12, 31), 86, 185}));
}

TEST(KnmiDaily, LongHeaderAndCrlf) {
  const std::vector<weather::WeatherDay> days = read_knmi_daily_file(long_file).value();
  ASSERT_EQ(days.size(), 365u);
  EXPECT_EQ(days.front(), (weather::WeatherDay{348, make_date(2014, 1, 1), -18, 295}));
  EXPECT_EQ(days.back(), (weather::WeatherDay{348, make_date(2014, 12, 31), 88, 184}));
  const weather::WeatherSummary s = year_summary(days, 348, 2014);
  EXPECT_EQ(s.degree_days->value(), Decimal::parse("2814.6").value());  // degree_days.tsv
  EXPECT_EQ(s.weighted_degree_days->value(), Decimal::parse("2857.91").value());
  EXPECT_EQ(s.irradiance->value(), Decimal(369785));
}

TEST(KnmiDaily, YearSumsMatchTheIndependentScript) {
  const std::vector<weather::WeatherDay> days = read_knmi_daily_file(short_file).value();
  struct Row {
    int line;
    int year;
    const char* degree_days;  // tests/data/knmi/degree_days.tsv
    const char* weighted;
    int irradiance;
  };
  const Row rows[] = {
      {__LINE__, 2010, "2666.7", "2662.33", 351935},
      {__LINE__, 2011, "2752.5", "2795.20", 364302},
      {__LINE__, 2012, "3412.4", "3449.25", 409257},
      {__LINE__, 2013, "3089.6", "3144.94", 389201},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const weather::WeatherSummary s = year_summary(days, 260, row.year);
    ASSERT_TRUE(s.missing_temperature_days.empty());
    EXPECT_EQ(s.degree_days->value(), Decimal::parse(row.degree_days).value());
    EXPECT_EQ(s.weighted_degree_days->value(), Decimal::parse(row.weighted).value());
    EXPECT_EQ(s.irradiance->value(), Decimal(row.irradiance));
  }
  // The normal year over 2010 and 2012: (2662.33 + 3449.25) / 2 = 3055.79.
  const std::vector<int> years = {2010, 2012};
  EXPECT_EQ(weather::normal_year(weather::StationSeries{260, days}, years, 2, Rounding::half_even)
                .value()
                .weighted_degree_days.value(),
            Decimal::parse("3055.79").value());
}

TEST(KnmiDaily, GapsFilledFromTheFillStation) {
  // 260's 2014 has 10-12 February blank (TG and Q) and the TG of 5 March blank; 348 has those days.
  const std::vector<weather::WeatherDay> primary = read_knmi_daily_file(short_file).value();
  const std::vector<weather::WeatherDay> fill = read_knmi_daily_file(long_file).value();
  const weather::WeatherSummary alone = year_summary(primary, 260, 2014);
  EXPECT_FALSE(alone.degree_days.has_value());
  EXPECT_EQ(alone.missing_temperature_days,
            (std::vector<calendar::Date>{make_date(2014, 2, 10), make_date(2014, 2, 11),
                                         make_date(2014, 2, 12), make_date(2014, 3, 5)}));
  EXPECT_EQ(alone.missing_radiation_days.size(), 3u);
  const weather::WeatherSummary filled =
      weather::summarise(weather::StationSeries{260, primary}, calendar::calendar_year(2014),
                         weather::StationSeries{348, fill})
          .value();
  EXPECT_TRUE(filled.missing_temperature_days.empty());
  EXPECT_EQ(filled.filled, (std::vector<weather::FilledDay>{{make_date(2014, 2, 10), 348, true, true},
                                                            {make_date(2014, 2, 11), 348, true, true},
                                                            {make_date(2014, 2, 12), 348, true, true},
                                                            {make_date(2014, 3, 5), 348, true, false}}));
  // scripts/knmi_degree_days.py --fill synthetic_348_2014.txt synthetic_260_2010_2014.txt (degree_days.tsv).
  EXPECT_EQ(filled.degree_days->value(), Decimal::parse("2752.5").value());
  EXPECT_EQ(filled.weighted_degree_days->value(), Decimal::parse("2801.08").value());
  EXPECT_EQ(filled.irradiance->value(), Decimal(364496));
}

TEST(KnmiDaily, BlanksAreMissingNotZero) {
  const std::vector<weather::WeatherDay> days =
      read_knmi_daily_file(data_dir + "synthetic_348_198701.txt").value();
  ASSERT_EQ(days.size(), 31u);
  EXPECT_EQ(days[0], (weather::WeatherDay{348, make_date(1987, 1, 1), std::nullopt, std::nullopt}));
  EXPECT_EQ(days[6], (weather::WeatherDay{348, make_date(1987, 1, 7), 41, 212}));
  EXPECT_EQ(days[11], (weather::WeatherDay{348, make_date(1987, 1, 12), 38, std::nullopt}));
  const weather::WeatherSummary s =
      weather::summarise(weather::StationSeries{348, days},
                         calendar::Period{make_date(1987, 1, 1), make_date(1987, 2, 1)})
          .value();
  EXPECT_FALSE(s.degree_days.has_value());
  EXPECT_EQ(s.missing_temperature_days.size(), 8u);
  EXPECT_EQ(s.missing_radiation_days.size(), 20u);
  const Result<DegreeDays> unavailable = weather::require_degree_days(s);
  ASSERT_FALSE(unavailable.ok());
  EXPECT_NE(unavailable.error().message.find(
                "8 missing day(s): 1987-01-01, 1987-01-02, 1987-01-03, 1987-01-04, 1987-01-05, 1987-01-06, "
                "1987-01-20, 1987-01-21"),
            std::string::npos)
      << unavailable.error().message;
  // From 7 January to 11 January every TG is there: 13.9 + 11.0 + 10.9 + 11.6 = 47.4 K·day.
  const weather::WeatherSummary part =
      weather::summarise(weather::StationSeries{348, days},
                         calendar::Period{make_date(1987, 1, 7), make_date(1987, 1, 11)})
          .value();
  EXPECT_EQ(part.degree_days->value(), Decimal::parse("47.4").value());
}

// KNMI's own files, read only from $RENOFEE_KNMI_DIR (the repository holds no KNMI data). The expected figures
// are published facts about those files: CBS StatLine 80182ned, "Klimaatgegevens; De Bilt" (base 18 degC,
// unweighted, whole degree days: 3,321 in 2010 and 2,385 in 2014), and Cabauw's January 1987, which KNMI
// publishes with 8 days without TG and 20 without Q.
std::optional<std::string> real_file(const char* name) {
  const char* dir = std::getenv("RENOFEE_KNMI_DIR");
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  const std::string path = std::string(dir) + "/" + name;
  if (!std::filesystem::exists(path)) return std::nullopt;
  return path;
}

TEST(KnmiDailyRealFiles, DeBiltReproducesCbsDegreeDays) {
  const std::optional<std::string> path = real_file("etmgeg_260.txt");
  if (!path)
    GTEST_SKIP() << "set RENOFEE_KNMI_DIR to a directory with KNMI's etmgeg_260.txt to run this check";
  const std::vector<weather::WeatherDay> days = read_knmi_daily_file(*path).value();
  for (const auto& [year, cbs] : {std::pair{2010, 3321}, std::pair{2014, 2385}}) {
    SCOPED_TRACE(year);
    const weather::WeatherSummary s = year_summary(days, 260, year);
    ASSERT_TRUE(s.missing_temperature_days.empty());
    EXPECT_EQ(s.degree_days->value().round(0, Rounding::half_up), Decimal(cbs));
  }
}

TEST(KnmiDailyRealFiles, CabauwJanuary1987HasRealBlanks) {
  const std::optional<std::string> path = real_file("etmgeg_348.txt");
  if (!path)
    GTEST_SKIP() << "set RENOFEE_KNMI_DIR to a directory with KNMI's etmgeg_348.txt to run this check";
  const std::vector<weather::WeatherDay> days = read_knmi_daily_file(*path).value();
  const weather::WeatherSummary s =
      weather::summarise(weather::StationSeries{348, days},
                         calendar::Period{make_date(1987, 1, 1), make_date(1987, 2, 1)})
          .value();
  EXPECT_EQ(s.missing_temperature_days.size(), 8u);
  EXPECT_EQ(s.missing_radiation_days.size(), 20u);
}

// The header and first three lines of the De Bilt file, with `column` of data line `which` (0-based) replaced
// by `text` (padded like KNMI pads).
std::string mutated(std::size_t which, std::size_t column, const std::string& text) {
  std::istringstream in(slurp(short_file));
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
  EXPECT_EQ(days[1].global_radiation_j_cm2, 68);
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
  const std::string header = slurp(short_file).substr(0, 300);
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
  const std::string whole = slurp(long_file);
  // Cut in the middle of the 101st data line (line 18 is the column header, 19 blank, data from line 20).
  std::size_t cut = 0;
  for (int newline = 0; newline < 19 + 100; ++newline)
    cut = whole.find('\n', cut) + 1;
  ASSERT_EQ(whole.substr(cut, 14), "  348,20140411");
  const Result<std::vector<weather::WeatherDay>> mid_line = parse(whole.substr(0, cut + 100));
  ASSERT_FALSE(mid_line.ok());
  EXPECT_EQ(mid_line.error().field, "line 120");
  EXPECT_NE(mid_line.error().message.find("truncated"), std::string::npos);
  // Cut after a complete line: the days up to there, nothing invented.
  const std::vector<weather::WeatherDay> complete = parse(whole.substr(0, cut)).value();
  ASSERT_EQ(complete.size(), 100u);
  EXPECT_EQ(complete.back().day, make_date(2014, 4, 10));
  // Cut inside the long header: no column header.
  EXPECT_EQ(parse(whole.substr(0, 600)).error().code, ErrorCode::invalid_argument);
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
