#include "sim/store/database.hpp"

#include <sqlite3.h>

namespace ec2sim::store {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw StoreError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(sqlite3_db_handle(stmt_), "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(sqlite3_db_handle(stmt_), "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(sqlite3_db_handle(stmt_), "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(sqlite3_db_handle(stmt_), "step");
}

void Statement::run() {
  while (step()) {
  }
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
              : std::string();
}

bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

int Database::changes() const { return sqlite3_changes(db_); }

Database::Database(const std::string& path) : in_memory_(path == ":memory:") {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw StoreError("cannot open database " + path + ": " + message);
  }
  sqlite3_busy_timeout(db_, 5000);
  execute("PRAGMA foreign_keys = ON");
}

void Database::use_wal() {
  // WAL with synchronous=NORMAL: a committed transaction is in the WAL before the call
  // returns, so it survives the process being killed (kill -9); only an operating-system
  // crash could lose the last few. FULL would fsync every commit and cap writes at the
  // disk's flush rate.
  if (!in_memory_) execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  // A backstop only: Checkpointer copies the log back every second from its own thread.
  // Should it fall behind, the committing connection checkpoints at 16,384 pages (64 MiB).
  if (!in_memory_) execute("PRAGMA wal_autocheckpoint = 16384");
  // After a burst of writes the log is cut back to 8 MiB instead of staying at its peak.
  if (!in_memory_) execute("PRAGMA journal_size_limit = 8388608");
}

void Database::checkpoint() {
  if (in_memory_) return;
  if (int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      rc != SQLITE_OK && rc != SQLITE_BUSY)
    fail(db_, "checkpoint");
}

Database::~Database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void Database::execute(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw StoreError("SQL failed (" + text.substr(0, 60) + "): " + message);
  }
}

Statement Database::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK)
      fail(db_, "prepare " + std::string(sql.substr(0, 60)));
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(it->second);
}

// Through the statement cache: sqlite3_exec would parse these on every request.
Transaction::Transaction(Database& db) : db_(db) { db_.prepare("BEGIN IMMEDIATE").run(); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.prepare("ROLLBACK").run();
    } catch (...) {
      // Nothing more can be done from a destructor; SQLite rolls back on close anyway.
    }
  }
}

void Transaction::commit() {
  db_.prepare("COMMIT").run();
  done_ = true;
}

}  // namespace ec2sim::store
