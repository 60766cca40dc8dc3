// Test plan for streaming (reading_source.hpp, reading_validation.hpp): a CSV of 1,000,000 rows (200,000
// under the sanitizers) generated on the fly by a streambuf, never held in memory, is parsed and validated
// while a replaced global operator new counts live heap blocks. The count after the first 1,000 rows and
// after the last row must be equal: the parser and validator hold no per-row state, so memory stays flat
// whatever the file size. The values and instants of sampled rows are checked too, so the test cannot pass by
// reading nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <streambuf>

#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/reading_source.hpp"
#include "renofee/adapters/io/reading_validation.hpp"

// GCC 12 inlines the replacement operator delete into library code and then warns that free() receives memory
// from operator new, which is exactly what this replacement pair does on purpose.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
std::atomic<long long> live_blocks{0};
}

void* operator new(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  live_blocks.fetch_add(1, std::memory_order_relaxed);
  return p;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  live_blocks.fetch_sub(1, std::memory_order_relaxed);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  operator delete(p);
}

namespace renofee::io {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr long long row_count = 200'000;
#else
constexpr long long row_count = 1'000'000;
#endif

// Row i: meter M1, import_t1, 2026-01-01T00:00:00Z + i minutes, value i * 0.125 kWh (printed with 3
// decimals).
class GeneratedCsv : public std::streambuf {
 public:
  explicit GeneratedCsv(long long rows) : rows_(rows) {
    const std::string header = "meter_id,channel,timestamp,value\n";
    header.copy(buffer_, header.size());
    setg(buffer_, buffer_, buffer_ + header.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (next_ >= rows_) return traits_type::eof();
    const long long minutes = next_;
    const calendar::Instant at = start_ + std::chrono::minutes(minutes);
    const std::string stamp = format_utc(at);
    const long long milli = next_ * 125;
    const int n = std::snprintf(buffer_, sizeof buffer_, "M1,import_t1,%s,%lld.%03lld\n", stamp.c_str(),
                                milli / 1000, milli % 1000);
    setg(buffer_, buffer_, buffer_ + n);
    ++next_;
    return traits_type::to_int_type(*gptr());
  }

 private:
  long long rows_;
  long long next_ = 0;
  calendar::Instant start_ = date::sys_days{date::year{2026} / 1 / 1};
  char buffer_[128];
};

TEST(Streaming, MillionRowCsvKeepsLiveHeapBlocksFlat) {
  GeneratedCsv generated(row_count);
  std::istream in(&generated);
  const std::unique_ptr<ReadingFeed> parser = open_csv_readings(in);
  ValidatingSource source(*parser);
  long long rows = 0;
  long long blocks_after_warmup = -1;
  for (;;) {
    Result<std::optional<SourcedReading>> next = source.next();
    ASSERT_TRUE(next.ok()) << next.error();
    if (!next->has_value()) break;
    const SourcedReading& parsed = **next;
    if (rows == 0 || rows == 999'999 % row_count || rows == row_count - 1) {
      EXPECT_EQ(parsed.line, rows + 2);
      EXPECT_EQ(parsed.reading.value, Decimal::from_units(rows * 125, 3));
      EXPECT_EQ(parsed.reading.at, date::sys_days{date::year{2026} / 1 / 1} + std::chrono::minutes(rows));
    }
    ++rows;
    if (rows == 1000) blocks_after_warmup = live_blocks.load();
  }
  EXPECT_EQ(rows, row_count);
  EXPECT_EQ(source.stats().readings, row_count);
  EXPECT_EQ(live_blocks.load(), blocks_after_warmup)
      << "live heap blocks grew while streaming " << row_count << " rows";
}

}  // namespace
}  // namespace renofee::io
