// What an API key costs per request (docs/performance.md, "HTTP API"): the server looks every key up in the
// database (no cache, so a revocation applies on the next request). Timed on a SQLite file in $TMPDIR with
// 1,000 keys, as `renofee serve` does it: a pooled connection, SqlKeyStore::find (one indexed SELECT) and
// the salted SHA-256 compared in constant time; then the parts alone.
// Run: build/bench/renofee_auth_bench
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "renofee/adapters/db/database_pool.hpp"
#include "renofee/adapters/db/migrations.hpp"
#include "renofee/adapters/db/sql_key_store.hpp"
#include "renofee/adapters/io/crypto.hpp"

namespace {

using namespace renofee;

struct Fixture {
  std::filesystem::path file;
  std::unique_ptr<db::DatabasePool> pool;
  std::string key;
  Fixture() {
    file =
        std::filesystem::temp_directory_path() / ("renofee-auth-bench-" + std::to_string(getpid()) + ".db");
    pool = db::DatabasePool::open(file.string(), 2).value();
    db::Lease lease = pool->acquire().value();
    const calendar::Instant now{std::chrono::seconds(1'795'000'000)};
    (void)db::migrate(*lease, now).value();
    db::SqlKeyStore store(*lease);
    io::SystemKeyCrypto crypto;
    for (int i = 0; i < 1000; ++i) {
      key =
          app::issue_key(store, crypto, app::KeyRequest{app::Role::financier, std::nullopt, "bench", now, {}})
              .value()
              .text;
    }
  }
  ~Fixture() {
    pool.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(file.string() + suffix);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_AuthenticatePooledSqlite(benchmark::State& state) {
  Fixture& f = fixture();
  for (auto _ : state) {
    db::Lease lease = f.pool->acquire().value();
    db::SqlKeyStore store(*lease);
    io::SystemKeyCrypto crypto;
    benchmark::DoNotOptimize(app::authenticate(store, crypto, f.key));
  }
}
BENCHMARK(BM_AuthenticatePooledSqlite);

void BM_KeyLookupOnly(benchmark::State& state) {
  Fixture& f = fixture();
  db::Lease lease = f.pool->acquire().value();
  db::SqlKeyStore store(*lease);
  const std::string id = f.key.substr(3, 12);
  for (auto _ : state)
    benchmark::DoNotOptimize(store.find(id));
}
BENCHMARK(BM_KeyLookupOnly);

void BM_KeyHashOnly(benchmark::State& state) {
  io::SystemKeyCrypto crypto;
  const std::string input(16 + 43, 'k');
  for (auto _ : state)
    benchmark::DoNotOptimize(crypto.sha256(input));
}
BENCHMARK(BM_KeyHashOnly);

}  // namespace

BENCHMARK_MAIN();
