// The store's schema and its migration ladder.
//
// `meta` holds the schema version. Opening a database runs every migration step above
// its version, each in its own transaction, so an interrupted upgrade leaves the previous
// version intact. A database newer than this binary is refused rather than damaged.
#pragma once

#include "sim/store/database.hpp"

namespace ec2sim::store {

// The version this binary writes.
int current_schema_version();

// The schema version recorded in `db` (0 for a new, empty database).
int schema_version(Database& db);

// Throws StoreError, before anything is written, unless `db` is empty or ec2sim's: a file
// that is not SQLite, or another program's SQLite database, is left as it is.
void require_ours(Database& db, const std::string& path);

// Brings `db` up to `target` (the current version unless a test asks for an older one, to
// make the previous version's database). Throws StoreError for a newer database.
void migrate(Database& db, int target = current_schema_version());

}  // namespace ec2sim::store
