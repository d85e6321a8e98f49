// A database an earlier ec2sim wrote, for tests of what an upgrade does to its documents.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/store/database.hpp"
#include "sim/store/schema.hpp"

struct OldDocument {
  const char* type;
  const char* id;
  nlohmann::ordered_json doc;
};

// A fresh file at schema `version` holding `docs` in account 123456789012, Region
// ap-northeast-2; returns its path.
inline std::string old_database(const char* name, int version, std::initializer_list<OldDocument> docs) {
  const auto path = (std::filesystem::temp_directory_path() / name).string();
  std::filesystem::remove(path);
  ec2sim::store::Database db(path);
  ec2sim::store::migrate(db, version);
  for (const auto& d : docs)
    db.prepare("INSERT INTO resources (account_id, region, type, id, doc) VALUES ('123456789012', 'ap-northeast-2', ?1, ?2, ?3)")
        .bind(1, d.type).bind(2, d.id).bind(3, d.doc.dump()).run();
  return path;
}
