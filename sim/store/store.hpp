// The server's durable state: one SQLite database (a file, or memory for tests), brought
// to the current schema when opened.
//
// Resources (key pairs, VPCs, instances …) are kept as documents shaped like the EC2 API
// returns them, keyed by (account, Region, type, id). Documents are also held in memory,
// so reads don't touch SQLite; every change goes through write(), which runs in one
// SQLite transaction and is applied to memory only if that transaction commits — a
// failed or rejected request leaves both exactly as they were.
//
// A parsed document costs several times its text, so the documents of one (account,
// Region, type) that nobody has used for a while are dropped from memory (evict_idle) and
// read back from SQLite by the next request that needs them. A table holding a document
// with a timed change still to come (a non-zero `_DueAt`) is never dropped: the scheduler
// must keep seeing it.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/store/checkpointer.hpp"
#include "sim/store/database.hpp"
#include "sim/thread_safety.hpp"

namespace ec2sim::store {

// Whose resources, where.
struct Scope {
  std::string account;
  std::string region;
};

using Documents = std::map<std::string, nlohmann::ordered_json, std::less<>>;  // by id

class Store;

// Asks the CPU to start loading what reading `doc`'s first members touches, `ahead`
// documents before a scan reaches it: 3 = the document's slot, 2 = its member list, 1 = the
// members themselves; each stage reads only what the previous one brought in.
void prefetch_document(const nlohmann::ordered_json& doc, int ahead);

// While one exists on a thread, that thread's writes are rolled back instead of committed
// (a DryRun request: every check runs, nothing is kept).
class DryRunScope {
 public:
  DryRunScope() : was_(active_) { active_ = true; }
  ~DryRunScope() { active_ = was_; }
  DryRunScope(const DryRunScope&) = delete;
  DryRunScope& operator=(const DryRunScope&) = delete;
  static bool active() { return active_; }

 private:
  static thread_local bool active_;
  bool was_;
};

// While one exists on a thread, that thread's reads and writes don't count as use of the
// tables they touch: the scheduler looking for due transitions must not keep every idle
// account in memory.
class BackgroundAccess {
 public:
  BackgroundAccess() : was_(active_) { active_ = true; }
  ~BackgroundAccess() { active_ = was_; }
  BackgroundAccess(const BackgroundAccess&) = delete;
  BackgroundAccess& operator=(const BackgroundAccess&) = delete;
  static bool active() { return active_; }

 private:
  static thread_local bool active_;
  bool was_;
};

// A consistent view of the store's documents, under its read lock (Store::read) or as part
// of a write (Writer is one). Pointers it hands out stay valid while the lock is held.
class Reader {
 public:
  Reader(const Reader&) = delete;  // a Reader lives inside the read or write that made it
  Reader& operator=(const Reader&) = delete;

  const nlohmann::ordered_json* find(const Scope& scope, std::string_view type, std::string_view id) const;
  const Documents& all(const Scope& scope, std::string_view type) const;
  // The same documents as a vector in id order, kept until the table's stamp moves. A scan
  // of a tree's nodes, scattered over the heap, waits on memory node after node; a vector
  // lets the scan ask for the next documents early (see prefetch_document).
  const std::vector<const nlohmann::ordered_json*>& in_order(const Scope& scope, std::string_view type) const;

  // Every account's documents of `type` in `region`, read from SQLite (for what one
  // account shares with others: an AMI's launch permissions). Pairs of (account, doc).
  // Indexed for type "image" only (schema 6); other types are found by a scan.
  std::vector<std::pair<std::string, nlohmann::ordered_json>> across_accounts(std::string_view type,
                                                                              std::string_view region) const;

  // The earliest `_DueAt` among the documents of one type (0: nothing due). A lower bound:
  // after the due documents change, it may be early until Writer::refresh_due() recomputes
  // it — which costs a needless look, never a missed transition. An evicted table has
  // nothing due and is not loaded to say so.
  std::int64_t earliest_due(const Scope& scope, std::string_view type) const;

  // A stamp that changes whenever the documents of one type may have changed (a put, an
  // erase, a rollback, a reload), never handed out twice: what the caller derived
  // from them under one stamp still holds while the stamp is the same. 0: no such table.
  std::uint64_t stamp(const Scope& scope, std::string_view type) const;

  // The documents whose Tags hold `key` with one of `values` (exact values), in id order,
  // from an index the store keeps as documents change: a tag filter costs what it
  // finds, not what the account holds.
  std::vector<const nlohmann::ordered_json*> tagged(const Scope& scope, std::string_view type, std::string_view key,
                                                    const std::vector<std::string>& values) const;

 protected:
  friend class Store;
  explicit Reader(const Store& store) : store_(store) {}
  const Store& store_;
};

// The view a write has (Store::write): reads see the write's own changes.
class Writer : public Reader {
 public:
  void put(const Scope& scope, std::string_view type, const std::string& id, nlohmann::ordered_json doc);
  void erase(const Scope& scope, std::string_view type, const std::string& id);
  // Recomputes earliest_due() after due documents changed.
  void refresh_due(const Scope& scope, std::string_view type);

  // Puts back each document of (scope, type) that `change(doc)` returns changed (an
  // optional json; nullopt leaves it as it is): for edits that touch many documents (a
  // route's state in every table). The puts come after the walk, which they would disturb.
  template <class Change>
  void update_each(const Scope& scope, std::string_view type, Change&& change) {
    std::vector<std::pair<std::string, nlohmann::ordered_json>> changed;
    for (const auto& [id, doc] : all(scope, type))
      if (std::optional<nlohmann::ordered_json> updated = change(doc)) changed.emplace_back(id, std::move(*updated));
    for (auto& [id, doc] : changed) put(scope, type, id, std::move(doc));
  }

  // A `T` derived from the documents of (scope, type) and kept by the store with the table
  // between requests (the instance census, the storage tally): `make(T&)` fills an empty
  // one the first time and whenever the table's stamp has moved since; it goes when the
  // table leaves memory or is reset.
  template <class T, class Make>
  T& derived(const Scope& scope, std::string_view type, Make&& make) {
    DerivedSlot& slot = derived_slot(scope, type, typeid(T));
    if (!slot.value) slot.value = std::make_shared<T>();
    T& value = *static_cast<T*>(slot.value.get());  // the same object for the table's life
    if (slot.stamp == 0 || slot.stamp != stamp(scope, type)) {
      value = T{};
      make(value);  // may load the table, which moves its stamp
      slot.stamp = stamp(scope, type);
    }
    return value;
  }
  // Says that this write changed the derived `T` in step with the documents it puts, so it
  // is current for the table as the write leaves it — once the write commits; a rollback
  // leaves it to be made again.
  template <class T>
  void keep_current(const Scope& scope, std::string_view type) {
    DerivedSlot& slot = derived_slot(scope, type, typeid(T));
    slot.stamp = 0;
    after_commit([this, &slot, scope, type = std::string(type)] { slot.stamp = stamp(scope, type); });
  }

  // Runs `effect` once the write has committed, still under the store's exclusive lock,
  // and never when it rolls back (an error, a dry run). For what lives outside SQLite —
  // a volume's files — so that it changes only with the documents that describe it.
  void after_commit(std::function<void()> effect) { effects_.push_back(std::move(effect)); }

 private:
  friend class Store;
  struct Undo {
    std::string table;
    std::string id;
    std::optional<nlohmann::ordered_json> before;
  };
  explicit Writer(Store& store) : Reader(store), writable_(store) {}
  void rollback();
  struct DerivedSlot {
    std::uint64_t stamp = 0;  // the table's stamp the value is current for (0: none)
    std::shared_ptr<void> value;
  };
  DerivedSlot& derived_slot(const Scope& scope, std::string_view type, std::type_index kind);

  Store& writable_;
  std::vector<Undo> undo_;
  std::vector<std::function<void()>> effects_;
};

class Store {
 public:
  // `path` is a file (created if missing) or ":memory:".
  explicit Store(const std::string& path);

  // Records `account_id` the first time it is seen (created_at = `now_iso`). Later calls
  // for a known account cost a set lookup, not a write. True when this call recorded it:
  // the account is new (or new again since a reset).
  bool ensure_account(const std::string& account_id, const std::string& now_iso);
  // Every account recorded, in id order.
  std::vector<std::string> accounts() const;

  // Marks: facts that, once true, stay true until reset() (an account is known, a scope
  // has its default network). Checked under their own small mutex, so that the checks
  // every request makes never wait behind a write holding the store's lock. Account ids
  // are marks; other callers' keys name their account as a "/ACCOUNT/" part, so that an
  // account's reset finds them ("default-network/ACCOUNT/REGION").
  bool is_marked(std::string_view key) const;
  void mark(std::string key);

  // Copies of the documents of one type (sorted by id), or of one document.
  std::vector<nlohmann::ordered_json> list(const Scope& scope, std::string_view type) const;
  std::optional<nlohmann::ordered_json> find(const Scope& scope, std::string_view type, std::string_view id) const;

  // Server-wide settings that must survive a restart (the clock's offset), in `meta`.
  std::optional<std::string> meta(const std::string& key) const;
  void set_meta(const std::string& key, const std::string& value);

  // Every (account, Region) that has documents of `type` in memory. Evicted tables are
  // left out: they hold nothing due, which is what the callers (the scheduler) look for.
  std::vector<Scope> scopes_with(std::string_view type) const;

  // The (account, Region) that holds the document `id` of `type`, wherever it is.
  // Indexed for type "instance" only (schema 6); other types are found by a scan.
  std::optional<Scope> scope_of(std::string_view type, std::string_view id) const;

  // Drops from memory the tables unused for `idle` that hold nothing due, and gives the
  // freed memory back to the operating system. Returns how many tables it dropped.
  std::size_t evict_idle(std::chrono::milliseconds idle);

  // Forgets every account and resource (the reset control route), or only those of
  // `account` when it is not empty.
  void reset(const std::string& account = {});

  // Runs `fn(Writer&)` with exclusive use of the store inside one transaction. If `fn`
  // throws, nothing it changed remains, in SQLite or in memory. Inside a DryRunScope the
  // transaction is always rolled back: the request is checked in full, nothing is kept.
  template <class Fn>
  auto write(Fn&& fn) EXCLUDES(mutex_) {
    ExclusiveLock lock(mutex_);
    Transaction tx(db_);
    Writer writer(*this);
    try {
      if constexpr (std::is_void_v<decltype(fn(writer))>) {
        fn(writer);
        finish(tx, writer);
      } else {
        auto result = fn(writer);
        finish(tx, writer);
        return result;
      }
    } catch (...) {
      writer.rollback();
      throw;
    }
  }

  // Runs `fn(const Reader&)` under a shared lock: a consistent read of many documents
  // without copying them.
  template <class Fn>
  auto read(Fn&& fn) const EXCLUDES(mutex_) {
    SharedLock lock(mutex_);
    const Reader view(*this);
    return fn(view);
  }

  // read(), leaving the read lock in `hold` so that documents `fn` hands out stay valid
  // after it returns (see sim/borrowed.hpp). Nothing may write until `hold` is released.
  template <class Fn>
  auto read_and_hold(std::shared_lock<std::shared_mutex>& hold, Fn&& fn) const NO_THREAD_SAFETY_ANALYSIS {
    // Once per response: a second shared lock on the same thread can wait behind a writer
    // that waits for the first.
    if (hold.owns_lock()) throw std::logic_error("the store's read lock is already held for this response");
    hold = std::shared_lock(mutex_.native());  // held past this scope: beyond what the analysis follows
    const Reader view(*this);
    return fn(view);
  }

  // Runs `fn(Database&)` with exclusive use of the database (tests, migrations).
  template <class Fn>
  auto with_database(Fn&& fn) EXCLUDES(mutex_) {
    ExclusiveLock lock(mutex_);
    return fn(db_);
  }

 private:
  friend class Reader;
  friend class Writer;
  // The documents of one (account, Region, type), or none in memory when evicted.
  struct Table {
    std::string account, region, type;
    mutable Documents docs;  // mutable: load() fills an evicted table on a read
    mutable std::int64_t min_due = 0;  // see Reader::earliest_due
    // Atomic: reads run concurrently under the shared lock, and the first of them to find
    // the table evicted loads it back (under reload_mutex_).
    mutable std::atomic<bool> resident{true};
    mutable std::atomic<std::int64_t> last_used_ms{0};
    mutable std::atomic<std::uint64_t> stamp{0};  // see Reader::stamp
    // Reader::in_order's vector and the stamp it was made at. Readers share the store's
    // lock, so the first to find it stale remakes it under its own mutex.
    mutable std::vector<const nlohmann::ordered_json*> order;
    mutable std::atomic<std::uint64_t> order_stamp{0};
    mutable std::mutex order_mutex;
    // The ids of the documents with each tag, by "Key\0Value": changed with `docs`
    // (put, erase, rollback, load, eviction), so mutable for the same reason.
    mutable std::map<std::string, std::set<std::string, std::less<>>, std::less<>> by_tag;
    // Writer::derived's values, one per C++ type (changed under the exclusive lock only).
    std::unordered_map<std::type_index, Writer::DerivedSlot> derived;

    // Moves document `id`'s index entries from what `before` tags to what `after` tags
    // (either may be null: a new or a removed document).
    void reindex(const std::string& id, const nlohmann::ordered_json* before, const nlohmann::ordered_json* after) const;
  };

  void finish(Transaction& tx, Writer& writer) REQUIRES(mutex_);
  static std::string table_key(const Scope& scope, std::string_view type);
  // The table for reading (under either lock): loaded back if evicted, empty if unknown.
  const Documents& table(const std::string& key) const REQUIRES_SHARED(mutex_);
  // The table for changing (under the exclusive lock), created if unknown.
  Table& table_for_write(const Scope& scope, std::string_view type) REQUIRES(mutex_);
  void load(const Table& table) const REQUIRES_SHARED(mutex_);  // reads an evicted table back from SQLite
  static std::int64_t now_ms();
  // A Reader exists only while its read or write holds the lock: its methods say so here.
  void held_shared() const ASSERT_SHARED_CAPABILITY(mutex_) {}
  void held_exclusive() const ASSERT_CAPABILITY(mutex_) {}

  // Guards tables_ and everything in them. Under the shared lock, the fields of a Table
  // marked mutable change only as its comments say (a reload under reload_mutex_, the
  // order vector under its own mutex, atomics).
  mutable SharedMutex mutex_;
  mutable Mutex reload_mutex_;  // one reload at a time, and the connection is ours meanwhile
  // The connection: used under the exclusive lock, or under the shared lock with reload_mutex_.
  mutable Database db_;
  std::optional<Checkpointer> checkpointer_;  // file databases only; after db_, so it stops first
  mutable SharedMutex marks_mutex_;  // shared: the checks of concurrent requests never wait for each other
  std::set<std::string, std::less<>> marks_ GUARDED_BY(marks_mutex_);  // see is_marked
  std::unordered_map<std::string, Table> tables_ GUARDED_BY(mutex_);  // by "account/region/type"
  // Process-wide, so that no two stores (tests open several) ever hand out the same stamp.
  static inline std::atomic<std::uint64_t> last_stamp_{0};
  static void restamp(const Table& table) { table.stamp.store(++last_stamp_, std::memory_order_relaxed); }
};

}  // namespace ec2sim::store
