#include "renofee/adapters/db/database_pool.hpp"

namespace renofee::db {

Lease::~Lease() {
  if (pool_ != nullptr && db_) {
    const bool broken = discard_ || db_->in_transaction() || !db_->healthy();
    pool_->give_back(std::move(db_), broken);
  }
}

DatabasePool::DatabasePool(std::string url, std::size_t size, std::chrono::milliseconds wait,
                           DatabaseOptions options)
    : url_(std::move(url)), size_(size), wait_(wait), options_(options) {}

Result<std::unique_ptr<DatabasePool>> DatabasePool::open(std::string url, std::size_t size,
                                                         std::chrono::milliseconds wait,
                                                         DatabaseOptions options) {
  if (size == 0) return invalid_argument("a database pool needs at least one connection", "size");
  RENOFEE_TRY(const DatabaseTarget target, parse_database_url(url));
  if (target.dialect == Dialect::sqlite && target.location == ":memory:") size = 1;
  RENOFEE_TRY(std::unique_ptr<Database> first, Database::open(url, options));
  std::unique_ptr<DatabasePool> pool(new DatabasePool(std::move(url), size, wait, options));
  pool->description_ = first->description();
  pool->idle_.push_back(std::move(first));
  pool->open_ = 1;
  return pool;
}

Result<Lease> DatabasePool::acquire() {
  std::unique_lock lock(mutex_);
  const bool ready = returned_.wait_for(lock, wait_, [&] { return !idle_.empty() || open_ < size_; });
  if (!ready) {
    return unavailable("all " + std::to_string(size_) + " database connections are busy", "database");
  }
  while (!idle_.empty()) {
    std::unique_ptr<Database> db = std::move(idle_.back());
    idle_.pop_back();
    // An idle PostgreSQL connection whose server restarted since it was returned is closed here, so the
    // first request after a restart gets a fresh connection instead of the error of a dead one.
    if (db->healthy()) return Lease(*this, std::move(db));
    --open_;
  }
  ++open_;
  lock.unlock();
  Result<std::unique_ptr<Database>> opened = Database::open(url_, options_);
  if (!opened) {
    lock.lock();
    --open_;
    returned_.notify_one();
    return opened.error();
  }
  return Lease(*this, std::move(opened).value());
}

void DatabasePool::give_back(std::unique_ptr<Database> db, bool discard) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (discard) {
      --open_;
    } else {
      idle_.push_back(std::move(db));
    }
  }
  returned_.notify_one();
  // A discarded connection closes here, outside the lock.
}

std::size_t DatabasePool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace renofee::db
