// Test support: a SQLite VFS that wraps the default one ("unix") and injects disk faults on demand, for the
// fault-injection tests (docs/reliability.md, "Database faults"). `install()` registers it as the default
// VFS of the process, so every connection opened afterwards (Database::open, DatabasePool) goes through it;
// with no fault armed it only forwards.
//
// Switches (process-wide, atomic):
//   fail_writes(code, after_bytes)  xWrite answers `code` (an SQLite result code such as SQLITE_IOERR_WRITE
//                                   or SQLITE_FULL) once `after_bytes` more bytes have been written to any
//                                   file (0: the next write fails); the partial write before the limit does
//                                   happen, as on a disk that fills up mid-transaction
//   fail_syncs(code)                xSync answers `code` (SQLITE_IOERR_FSYNC)
//   clear()                         no faults; the counters stay
// `injected()` counts the calls that failed because of a switch (a test proves its fault was hit).
#pragma once

#include <cstdint>

namespace renofee::db::testing::faulty_vfs {

void install();
void fail_writes(int code, std::int64_t after_bytes = 0);
void fail_syncs(int code);
void clear();
std::int64_t injected();

// SQLite result codes for the switches (sqlite3.h values, so that tests need not include sqlite3.h).
inline constexpr int ioerr_write = 10 | (3 << 8);  // SQLITE_IOERR_WRITE
inline constexpr int ioerr_fsync = 10 | (4 << 8);  // SQLITE_IOERR_FSYNC
inline constexpr int full = 13;                    // SQLITE_FULL

}  // namespace renofee::db::testing::faulty_vfs
