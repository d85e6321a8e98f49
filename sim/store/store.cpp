#include "sim/store/store.hpp"

#include "sim/store/schema.hpp"

namespace ec2sim::store {

Store::Store(const std::string& path) : db_(path) {
  migrate(db_);
  auto stmt = db_.prepare("SELECT account_id FROM accounts");
  while (stmt.step()) known_accounts_.insert(stmt.column_text(0));
}

void Store::ensure_account(const std::string& account_id, const std::string& now_iso) {
  std::lock_guard lock(mutex_);
  if (known_accounts_.contains(account_id)) return;
  Transaction tx(db_);
  db_.prepare("INSERT OR IGNORE INTO accounts (account_id, created_at) VALUES (?1, ?2)")
      .bind(1, account_id)
      .bind(2, now_iso)
      .run();
  tx.commit();
  known_accounts_.insert(account_id);
}

}  // namespace ec2sim::store
