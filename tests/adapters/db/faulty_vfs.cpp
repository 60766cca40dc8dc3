#include "faulty_vfs.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace renofee::db::testing::faulty_vfs {
namespace {

std::atomic<int> write_fault{0};  // 0: off
std::atomic<std::int64_t> write_budget{0};
std::atomic<int> sync_fault{0};
std::atomic<std::int64_t> injected_count{0};

sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs faulty;

// Our file object: the header SQLite sees, followed by the real VFS's file object.
struct FaultyFile {
  sqlite3_file base;
  sqlite3_file* real;
};

sqlite3_file* real_of(sqlite3_file* file) {
  return reinterpret_cast<FaultyFile*>(file)->real;
}

int file_close(sqlite3_file* f) {
  sqlite3_file* real = real_of(f);
  return real->pMethods != nullptr ? real->pMethods->xClose(real) : SQLITE_OK;
}
int file_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xRead(real, buffer, amount, offset);
}
int file_write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  sqlite3_file* real = real_of(f);
  const int fault = write_fault.load();
  if (fault != 0) {
    const std::int64_t left = write_budget.fetch_sub(amount);
    if (left < amount) {
      // The bytes that still fit are written, the rest is refused: a disk filling up mid-write.
      if (left > 0) (void)real->pMethods->xWrite(real, buffer, static_cast<int>(left), offset);
      ++injected_count;
      return fault;
    }
  }
  return real->pMethods->xWrite(real, buffer, amount, offset);
}
int file_truncate(sqlite3_file* f, sqlite3_int64 size) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xTruncate(real, size);
}
int file_sync(sqlite3_file* f, int flags) {
  sqlite3_file* real = real_of(f);
  if (const int fault = sync_fault.load(); fault != 0) {
    ++injected_count;
    return fault;
  }
  return real->pMethods->xSync(real, flags);
}
int file_size(sqlite3_file* f, sqlite3_int64* size) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xFileSize(real, size);
}
int file_lock(sqlite3_file* f, int level) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xLock(real, level);
}
int file_unlock(sqlite3_file* f, int level) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xUnlock(real, level);
}
int file_check_reserved(sqlite3_file* f, int* out) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xCheckReservedLock(real, out);
}
int file_control(sqlite3_file* f, int op, void* arg) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xFileControl(real, op, arg);
}
int file_sector_size(sqlite3_file* f) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xSectorSize(real);
}
int file_device_characteristics(sqlite3_file* f) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xDeviceCharacteristics(real);
}
int file_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xShmMap(real, region, size, extend, out);
}
int file_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xShmLock(real, offset, n, flags);
}
void file_shm_barrier(sqlite3_file* f) {
  sqlite3_file* real = real_of(f);
  real->pMethods->xShmBarrier(real);
}
int file_shm_unmap(sqlite3_file* f, int delete_flag) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xShmUnmap(real, delete_flag);
}
int file_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xFetch(real, offset, amount, out);
}
int file_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
  sqlite3_file* real = real_of(f);
  return real->pMethods->xUnfetch(real, offset, page);
}

const sqlite3_io_methods faulty_methods = {3,
                                           file_close,
                                           file_read,
                                           file_write,
                                           file_truncate,
                                           file_sync,
                                           file_size,
                                           file_lock,
                                           file_unlock,
                                           file_check_reserved,
                                           file_control,
                                           file_sector_size,
                                           file_device_characteristics,
                                           file_shm_map,
                                           file_shm_lock,
                                           file_shm_barrier,
                                           file_shm_unmap,
                                           file_fetch,
                                           file_unfetch};

int vfs_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  auto* ours = reinterpret_cast<FaultyFile*>(file);
  ours->real = reinterpret_cast<sqlite3_file*>(ours + 1);
  ours->base.pMethods = nullptr;
  const int rc = real_vfs->xOpen(real_vfs, name, ours->real, flags, out_flags);
  if (ours->real->pMethods != nullptr) ours->base.pMethods = &faulty_methods;
  return rc;
}

// The rest of the VFS forwards to the real one.
int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return real_vfs->xDelete(real_vfs, name, sync_dir);
}
int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return real_vfs->xAccess(real_vfs, name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, size, out);
}
void* vfs_dl_open(sqlite3_vfs*, const char* name) {
  return real_vfs->xDlOpen(real_vfs, name);
}
void vfs_dl_error(sqlite3_vfs*, int size, char* out) {
  real_vfs->xDlError(real_vfs, size, out);
}
void (*vfs_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return real_vfs->xDlSym(real_vfs, handle, symbol);
}
void vfs_dl_close(sqlite3_vfs*, void* handle) {
  real_vfs->xDlClose(real_vfs, handle);
}
int vfs_randomness(sqlite3_vfs*, int size, char* out) {
  return real_vfs->xRandomness(real_vfs, size, out);
}
int vfs_sleep(sqlite3_vfs*, int microseconds) {
  return real_vfs->xSleep(real_vfs, microseconds);
}
int vfs_current_time(sqlite3_vfs*, double* out) {
  return real_vfs->xCurrentTime(real_vfs, out);
}
int vfs_last_error(sqlite3_vfs*, int size, char* out) {
  return real_vfs->xGetLastError(real_vfs, size, out);
}
int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

}  // namespace

void install() {
  static std::once_flag once;
  std::call_once(once, [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    if (real_vfs == nullptr) throw std::runtime_error("SQLite has no default VFS");
    std::memset(&faulty, 0, sizeof faulty);
    faulty.iVersion = 2;
    faulty.szOsFile = static_cast<int>(sizeof(FaultyFile)) + real_vfs->szOsFile;
    faulty.mxPathname = real_vfs->mxPathname;
    faulty.zName = "renofee-faulty";
    faulty.xOpen = vfs_open;
    faulty.xDelete = vfs_delete;
    faulty.xAccess = vfs_access;
    faulty.xFullPathname = vfs_full_pathname;
    faulty.xDlOpen = vfs_dl_open;
    faulty.xDlError = vfs_dl_error;
    faulty.xDlSym = vfs_dl_sym;
    faulty.xDlClose = vfs_dl_close;
    faulty.xRandomness = vfs_randomness;
    faulty.xSleep = vfs_sleep;
    faulty.xCurrentTime = vfs_current_time;
    faulty.xGetLastError = vfs_last_error;
    faulty.xCurrentTimeInt64 = vfs_current_time_int64;
    if (sqlite3_vfs_register(&faulty, 1) != SQLITE_OK)
      throw std::runtime_error("sqlite3_vfs_register failed");
  });
}

void fail_writes(int code, std::int64_t after_bytes) {
  write_budget = after_bytes;
  write_fault = code;
}

void fail_syncs(int code) {
  sync_fault = code;
}

void clear() {
  write_fault = 0;
  sync_fault = 0;
}

std::int64_t injected() {
  return injected_count.load();
}

}  // namespace renofee::db::testing::faulty_vfs
