// A thin RAII layer over SQLite, after Chromium's sql/: a Database owns one connection and
// a cache of prepared statements; a Statement binds and steps; a Transaction rolls back
// unless committed, so an exception anywhere leaves the store as it was.
//
// A file database runs in WAL mode with synchronous=NORMAL, so every acknowledged
// (committed) write survives a kill -9 of the server. One Database is used by one thread at a time;
// the server serialises access to it (sim/store/store.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace ec2sim::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();  // resets the statement so the cache can hand it out again

  // Parameters are 1-based, as in SQLite.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind_null(int index);

  // Advances to the next row; false when there are no more. Throws StoreError on failure.
  bool step();
  // Runs a statement that returns no rows.
  void run();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens (creating if needed) the file at `path`; ":memory:" for a private in-memory one.
  explicit Database(const std::string& path);

  // Switches a file database to write-ahead logging (which changes the file: only once it
  // is known to be ours).
  void use_wal();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements that need no parameters (schema changes, pragmas).
  void execute(std::string_view sql);
  // A prepared statement for `sql`, from the cache when it was prepared before.
  Statement prepare(std::string_view sql);

  // Copies what the write-ahead log holds back into the file, as far as it can without
  // waiting for other connections (a PASSIVE checkpoint). Nothing to do in memory.
  void checkpoint();

  bool in_memory() const { return in_memory_; }
  // Rows the last INSERT, UPDATE or DELETE changed.
  int changes() const;

 private:
  sqlite3* db_ = nullptr;
  bool in_memory_ = false;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

class Transaction {
 public:
  explicit Transaction(Database& db);  // BEGIN IMMEDIATE: takes the write lock up front
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();  // rolls back unless commit() was called

  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace ec2sim::store
