#include "sim/store/store.hpp"

#include <malloc.h>

#include <cstdio>

#include "sim/store/schema.hpp"

namespace ec2sim::store {

thread_local bool DryRunScope::active_ = false;
thread_local bool BackgroundAccess::active_ = false;

void Store::finish(Transaction& tx, Writer& writer) {
  if (DryRunScope::active()) {
    writer.rollback();  // and tx rolls back as it goes out of scope
    return;
  }
  tx.commit();
  auto effects = std::move(writer.effects_);
  writer.effects_.clear();
  for (auto& effect : effects) {
    try {
      effect();
    } catch (const std::exception& e) {
      // Committed is committed: an effect that fails (a full disk) is reported, and the
      // next read of what it concerns sees what the files hold.
      std::fprintf(stderr, "ec2sim: after a commit: %s\n", e.what());
    }
  }
}

std::string Store::table_key(const Scope& scope, std::string_view type) {
  std::string key;
  key.reserve(scope.account.size() + scope.region.size() + type.size() + 2);
  key.append(scope.account).append("/").append(scope.region).append("/").append(type);
  return key;
}

std::int64_t Store::now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

const Documents& Store::table(const std::string& key) const {
  static const Documents kEmpty;
  auto it = tables_.find(key);
  if (it == tables_.end()) return kEmpty;
  const Table& t = it->second;
  if (!BackgroundAccess::active()) t.last_used_ms.store(now_ms(), std::memory_order_relaxed);
  if (!t.resident.load(std::memory_order_acquire)) {
    ExclusiveLock reload(reload_mutex_);
    if (!t.resident.load(std::memory_order_relaxed)) {
      load(t);
      t.resident.store(true, std::memory_order_release);
    }
  }
  return t.docs;
}

Store::Table& Store::table_for_write(const Scope& scope, std::string_view type) {
  auto [it, fresh] = tables_.try_emplace(table_key(scope, type));
  Table& t = it->second;
  if (fresh) {
    t.account = scope.account;
    t.region = scope.region;
    t.type = type;
    restamp(t);
  }
  if (!BackgroundAccess::active()) t.last_used_ms.store(now_ms(), std::memory_order_relaxed);
  if (!t.resident.load(std::memory_order_relaxed)) {
    load(t);
    t.resident.store(true, std::memory_order_relaxed);
  }
  return t;
}

namespace {

// Gives back the spare capacity of a document's objects and arrays: documents built member
// by member keep up to twice the slots they use, and a store holds them for a long time.
void shrink(nlohmann::ordered_json& doc) {
  if (doc.is_object()) {
    auto& members = doc.get_ref<nlohmann::ordered_json::object_t&>();
    members.shrink_to_fit();
    for (auto& [key, value] : members) shrink(value);
  } else if (doc.is_array()) {
    auto& items = doc.get_ref<nlohmann::ordered_json::array_t&>();
    items.shrink_to_fit();
    for (auto& item : items) shrink(item);
  }
}

// `text` as an SQL string literal. The lookups by type name it in the statement, not as a
// parameter: only then can SQLite use the partial indexes of schema 6 (WHERE type = '…').
std::string sql_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// A document's `_DueAt`, or 0 when it has none.
std::int64_t due_of(const nlohmann::ordered_json& doc) {
  auto it = doc.find("_DueAt");
  return it != doc.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

std::int64_t earliest(const Documents& docs) {
  std::int64_t min = 0;
  for (const auto& [id, doc] : docs)
    if (auto due = due_of(doc); due != 0 && (min == 0 || due < min)) min = due;
  return min;
}

}  // namespace

namespace {

// Each "Key\0Value" a document's Tags hold.
std::vector<std::string> tag_keys(const nlohmann::ordered_json* doc) {
  std::vector<std::string> out;
  if (!doc || !doc->is_object()) return out;
  auto tags = doc->find("Tags");
  if (tags == doc->end() || !tags->is_array()) return out;
  for (const auto& tag : *tags) {
    auto key = tag.find("Key");
    auto value = tag.find("Value");
    if (key == tag.end() || !key->is_string()) continue;
    out.push_back(key->get<std::string>() + '\0' +
                  (value != tag.end() && value->is_string() ? value->get<std::string>() : std::string()));
  }
  return out;
}

}  // namespace

void Store::Table::reindex(const std::string& id, const nlohmann::ordered_json* before,
                           const nlohmann::ordered_json* after) const {
  const auto old_keys = tag_keys(before), new_keys = tag_keys(after);
  if (old_keys == new_keys) return;  // most puts change a state, not the tags
  for (const auto& key : old_keys) {
    auto it = by_tag.find(key);
    if (it == by_tag.end()) continue;
    it->second.erase(id);
    if (it->second.empty()) by_tag.erase(it);
  }
  for (const auto& key : new_keys) by_tag[key].insert(id);
}

void Store::load(const Table& t) const {
  auto rows = db_.prepare("SELECT id, doc FROM resources WHERE account_id = ?1 AND region = ?2 AND type = ?3");
  rows.bind(1, t.account).bind(2, t.region).bind(3, t.type);
  while (rows.step()) {
    auto [it, fresh] = t.docs.emplace(rows.column_text(0), nlohmann::ordered_json::parse(rows.column_text(1)));
    shrink(it->second);  // parsing grows member arrays by doubling, as building does
    t.reindex(it->first, nullptr, &it->second);
  }
  t.min_due = earliest(t.docs);
  restamp(t);
}

std::size_t Store::evict_idle(std::chrono::milliseconds idle) {
  std::size_t evicted = 0;
  {
    ExclusiveLock lock(mutex_);
    const std::int64_t before = now_ms() - idle.count();
    for (auto& [key, t] : tables_) {
      if (!t.resident.load(std::memory_order_relaxed) || t.docs.empty() ||
          t.last_used_ms.load(std::memory_order_relaxed) > before)
        continue;
      if (earliest(t.docs) != 0) continue;  // something due: the scheduler must keep seeing it
      t.docs.clear();
      t.by_tag.clear();
      t.derived.clear();
      t.resident.store(false, std::memory_order_relaxed);
      restamp(t);
      ++evicted;
    }
  }
  if (evicted) malloc_trim(0);  // free() keeps the pages; hand them back
  return evicted;
}

Store::Store(const std::string& path) : db_(path) {
  require_ours(db_, path);
  if (!db_.in_memory()) db_.use_wal();
  migrate(db_);
  if (!db_.in_memory()) checkpointer_.emplace(path);
  auto accounts = db_.prepare("SELECT account_id FROM accounts");
  while (accounts.step()) marks_.insert(accounts.column_text(0));
  // Tables start evicted and load on first use, so start-up costs an index scan, not a
  // parse of every document; only tables with a timed change due are read now, because
  // the scheduler must see them.
  auto tables = db_.prepare("SELECT DISTINCT account_id, region, type FROM resources");
  while (tables.step()) {
    const Scope scope{tables.column_text(0), tables.column_text(1)};
    auto [it, fresh] = tables_.try_emplace(table_key(scope, tables.column_text(2)));
    it->second.account = scope.account;
    it->second.region = scope.region;
    it->second.type = tables.column_text(2);
    it->second.resident.store(false, std::memory_order_relaxed);
  }
  auto due = db_.prepare(
      "SELECT DISTINCT account_id, region, type FROM resources WHERE json_extract(doc, '$._DueAt') > 0");
  while (due.step()) table_for_write({due.column_text(0), due.column_text(1)}, due.column_text(2));
}

bool Store::ensure_account(const std::string& account_id, const std::string& now_iso) {
  if (is_marked(account_id)) return false;
  ExclusiveLock lock(mutex_);
  if (is_marked(account_id)) return false;
  Transaction tx(db_);
  db_.prepare("INSERT OR IGNORE INTO accounts (account_id, created_at) VALUES (?1, ?2)")
      .bind(1, account_id)
      .bind(2, now_iso)
      .run();
  const bool recorded = db_.changes() > 0;
  tx.commit();
  mark(account_id);
  return recorded;
}

std::vector<std::string> Store::accounts() const {
  SharedLock lock(mutex_);
  std::vector<std::string> out;
  auto rows = db_.prepare("SELECT account_id FROM accounts ORDER BY account_id");
  while (rows.step()) out.push_back(rows.column_text(0));
  return out;
}

bool Store::is_marked(std::string_view key) const {
  SharedLock guard(marks_mutex_);
  return marks_.contains(key);
}

void Store::mark(std::string key) {
  ExclusiveLock guard(marks_mutex_);
  marks_.insert(std::move(key));
}

std::vector<nlohmann::ordered_json> Store::list(const Scope& scope, std::string_view type) const {
  SharedLock lock(mutex_);
  std::vector<nlohmann::ordered_json> out;
  for (const auto& [id, doc] : table(table_key(scope, type))) out.push_back(doc);
  return out;
}

std::optional<nlohmann::ordered_json> Store::find(const Scope& scope, std::string_view type, std::string_view id) const {
  SharedLock lock(mutex_);
  const auto& docs = table(table_key(scope, type));
  auto it = docs.find(id);
  if (it == docs.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Store::meta(const std::string& key) const {
  ExclusiveLock lock(mutex_);  // statements are shared state of the connection
  auto stmt = db_.prepare("SELECT value FROM meta WHERE key = ?1");
  stmt.bind(1, key);
  if (!stmt.step()) return std::nullopt;
  return stmt.column_text(0);
}

void Store::set_meta(const std::string& key, const std::string& value) {
  ExclusiveLock lock(mutex_);
  Transaction tx(db_);
  db_.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .bind(1, key)
      .bind(2, value)
      .run();
  tx.commit();
}

std::vector<Scope> Store::scopes_with(std::string_view type) const {
  SharedLock lock(mutex_);
  std::vector<Scope> out;
  for (const auto& [key, t] : tables_)
    if (t.type == type && t.resident.load(std::memory_order_acquire) && !t.docs.empty())
      out.push_back({t.account, t.region});
  return out;
}

std::optional<Scope> Store::scope_of(std::string_view type, std::string_view id) const {
  ExclusiveLock lock(mutex_);  // the connection is shared state
  auto stmt = db_.prepare("SELECT account_id, region FROM resources WHERE type = " + sql_literal(type) +
                          " AND id = ?1 LIMIT 1");
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  return Scope{stmt.column_text(0), stmt.column_text(1)};
}

void Store::reset(const std::string& account) {
  ExclusiveLock lock(mutex_);
  Transaction tx(db_);
  if (account.empty()) {
    db_.execute("DELETE FROM resources; DELETE FROM accounts");
  } else {
    db_.prepare("DELETE FROM resources WHERE account_id = ?1").bind(1, account).run();
    db_.prepare("DELETE FROM accounts WHERE account_id = ?1").bind(1, account).run();
  }
  tx.commit();
  std::erase_if(tables_, [&](const auto& entry) { return account.empty() || entry.second.account == account; });
  // Marks name their account as the whole key or as a "/ACCOUNT/" part (see is_marked).
  const std::string part = "/" + account + "/";
  ExclusiveLock guard(marks_mutex_);
  std::erase_if(marks_, [&](const std::string& key) {
    return account.empty() || key == account || key.find(part) != std::string::npos;
  });
}

Writer::DerivedSlot& Writer::derived_slot(const Scope& scope, std::string_view type, std::type_index kind) {
  writable_.held_exclusive();
  return writable_.table_for_write(scope, type).derived[kind];
}

const nlohmann::ordered_json* Reader::find(const Scope& scope, std::string_view type, std::string_view id) const {
  store_.held_shared();
  const auto& docs = store_.table(Store::table_key(scope, type));
  auto it = docs.find(id);
  return it == docs.end() ? nullptr : &it->second;
}

const Documents& Reader::all(const Scope& scope, std::string_view type) const {
  store_.held_shared();
  return store_.table(Store::table_key(scope, type));
}

const std::vector<const nlohmann::ordered_json*>& Reader::in_order(const Scope& scope, std::string_view type) const {
  store_.held_shared();
  static const std::vector<const nlohmann::ordered_json*> kNone;
  const std::string key = Store::table_key(scope, type);
  const Documents& docs = store_.table(key);  // loads an evicted table (and restamps it)
  auto it = store_.tables_.find(key);
  if (it == store_.tables_.end()) return kNone;
  const Store::Table& t = it->second;
  const std::uint64_t stamp = t.stamp.load(std::memory_order_acquire);
  if (t.order_stamp.load(std::memory_order_acquire) != stamp) {
    std::lock_guard remake(t.order_mutex);
    if (t.order_stamp.load(std::memory_order_relaxed) != stamp) {
      t.order.clear();
      t.order.reserve(docs.size());
      for (const auto& [id, doc] : docs) t.order.push_back(&doc);
      t.order_stamp.store(stamp, std::memory_order_release);
    }
  }
  return t.order;
}

void prefetch_document(const nlohmann::ordered_json& doc, int ahead) {
  if (ahead >= 3) {
    __builtin_prefetch(&doc);
  } else if (doc.is_object()) {
    const auto& members = doc.get_ref<const nlohmann::ordered_json::object_t&>();
    if (ahead == 2)
      __builtin_prefetch(&members);
    else if (!members.empty())
      __builtin_prefetch(members.data()), __builtin_prefetch(reinterpret_cast<const char*>(members.data()) + 64);
  }
}

void Writer::put(const Scope& scope, std::string_view type, const std::string& id, nlohmann::ordered_json doc) {
  writable_.held_exclusive();
  // Load an evicted table before the row changes, so the undo log records what was there.
  auto& table = writable_.table_for_write(scope, type);
  auto& docs = table.docs;
  writable_.restamp(table);
  writable_.db_
      .prepare("INSERT INTO resources (account_id, region, type, id, doc) VALUES (?1, ?2, ?3, ?4, ?5) "
               "ON CONFLICT (account_id, region, type, id) DO UPDATE SET doc = excluded.doc")
      .bind(1, scope.account)
      .bind(2, scope.region)
      .bind(3, type)
      .bind(4, id)
      .bind(5, doc.dump())
      .run();
  auto it = docs.find(id);
  table.reindex(id, it == docs.end() ? nullptr : &it->second, &doc);
  undo_.push_back({Store::table_key(scope, type), id,
                   it == docs.end() ? std::nullopt : std::optional<nlohmann::ordered_json>(std::move(it->second))});
  if (auto due = due_of(doc); due != 0)
    if (table.min_due == 0 || due < table.min_due) table.min_due = due;
  shrink(doc);
  docs[id] = std::move(doc);
}

std::vector<std::pair<std::string, nlohmann::ordered_json>> Reader::across_accounts(std::string_view type,
                                                                                    std::string_view region) const {
  store_.held_shared();
  // Under either lock; the connection is ours while reload_mutex_ is held (as for load()).
  ExclusiveLock reload(store_.reload_mutex_);
  auto rows = store_.db_.prepare("SELECT account_id, doc FROM resources WHERE type = " + sql_literal(type) +
                                 " AND region = ?1");
  rows.bind(1, region);
  std::vector<std::pair<std::string, nlohmann::ordered_json>> out;
  while (rows.step()) out.emplace_back(rows.column_text(0), nlohmann::ordered_json::parse(rows.column_text(1)));
  return out;
}

std::int64_t Reader::earliest_due(const Scope& scope, std::string_view type) const {
  store_.held_shared();
  auto it = store_.tables_.find(Store::table_key(scope, type));
  if (it == store_.tables_.end() || !it->second.resident.load(std::memory_order_acquire)) return 0;
  return it->second.min_due;
}

std::uint64_t Reader::stamp(const Scope& scope, std::string_view type) const {
  store_.held_shared();
  auto it = store_.tables_.find(Store::table_key(scope, type));
  return it == store_.tables_.end() ? 0 : it->second.stamp.load(std::memory_order_relaxed);
}

std::vector<const nlohmann::ordered_json*> Reader::tagged(const Scope& scope, std::string_view type, std::string_view key,
                                                          const std::vector<std::string>& values) const {
  store_.held_shared();
  const std::string table_key = Store::table_key(scope, type);
  const Documents& docs = store_.table(table_key);  // loads an evicted table, and its index
  std::vector<const nlohmann::ordered_json*> out;
  auto table = store_.tables_.find(table_key);
  if (table == store_.tables_.end()) return out;
  std::set<std::string_view> ids;  // several values may tag one document
  for (const auto& value : values) {
    auto it = table->second.by_tag.find(std::string(key) + '\0' + value);
    if (it != table->second.by_tag.end()) ids.insert(it->second.begin(), it->second.end());
  }
  for (auto id : ids)
    if (auto doc = docs.find(id); doc != docs.end()) out.push_back(&doc->second);
  return out;
}

void Writer::refresh_due(const Scope& scope, std::string_view type) {
  writable_.held_exclusive();
  auto& table = writable_.table_for_write(scope, type);
  table.min_due = earliest(table.docs);
}

void Writer::erase(const Scope& scope, std::string_view type, const std::string& id) {
  writable_.held_exclusive();
  auto& table = writable_.table_for_write(scope, type);  // before the row goes (see put)
  auto& docs = table.docs;
  writable_.restamp(table);
  writable_.db_.prepare("DELETE FROM resources WHERE account_id = ?1 AND region = ?2 AND type = ?3 AND id = ?4")
      .bind(1, scope.account)
      .bind(2, scope.region)
      .bind(3, type)
      .bind(4, id)
      .run();
  auto it = docs.find(id);
  if (it == docs.end()) return;
  table.reindex(id, &it->second, nullptr);
  undo_.push_back({Store::table_key(scope, type), id, std::move(it->second)});
  docs.erase(it);
}

void Writer::rollback() {
  writable_.held_exclusive();
  effects_.clear();
  // Every table named here was made resident by the put or erase that logged it, and
  // nothing evicts while the write holds the exclusive lock.
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
    auto& table = writable_.tables_.at(it->table);
    writable_.restamp(table);
    auto& docs = table.docs;
    auto now = docs.find(it->id);
    table.reindex(it->id, now == docs.end() ? nullptr : &now->second, it->before ? &*it->before : nullptr);
    if (it->before)
      docs[it->id] = std::move(*it->before);
    else
      docs.erase(it->id);
  }
  undo_.clear();
}

}  // namespace ec2sim::store
