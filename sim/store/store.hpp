// The server's durable state: one SQLite database (a file, or memory for tests), brought
// to the current schema when opened, used by one request at a time.
#pragma once

#include <mutex>
#include <set>
#include <string>

#include "sim/store/database.hpp"

namespace ec2sim::store {

class Store {
 public:
  // `path` is a file (created if missing) or ":memory:".
  explicit Store(const std::string& path);

  // Records `account_id` the first time it is seen (created_at = `now_iso`). Later calls
  // for a known account cost a set lookup, not a write.
  void ensure_account(const std::string& account_id, const std::string& now_iso);

  // Runs `fn(Database&)` with exclusive use of the database.
  template <class Fn>
  auto with_database(Fn&& fn) {
    std::lock_guard lock(mutex_);
    return fn(db_);
  }

 private:
  std::mutex mutex_;
  Database db_;
  std::set<std::string, std::less<>> known_accounts_;
};

}  // namespace ec2sim::store
