#include "sim/store/store.hpp"

#include <filesystem>
#include <fstream>
#include <thread>

#include "old_database.hpp"
#include "sim/store/schema.hpp"
#include "test_support.hpp"

using namespace ec2sim::store;

namespace {

std::string temp_db(const char* name) {
  auto path = std::filesystem::temp_directory_path() / (std::string("ec2sim-test-") + name + "-" +
                                                        std::to_string(::getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

}  // namespace

TEST_CASE("a new database is migrated to the current schema", "[store]") {
  Database db(":memory:");
  CHECK(schema_version(db) == 0);
  migrate(db);
  CHECK(schema_version(db) == current_schema_version());
  migrate(db);  // idempotent
  CHECK(schema_version(db) == current_schema_version());
}

TEST_CASE("a database from a newer ec2sim is refused, not damaged", "[store]") {
  Database db(":memory:");
  migrate(db);
  db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'");
  CHECK_THROWS_AS(migrate(db), StoreError);
  CHECK(schema_version(db) == 999);
}

namespace {
std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("a file that is not ec2sim's is refused and left as it was", "[store]") {
  auto refused_untouched = [](const std::string& path, const char* why) {
    const auto before = file_bytes(path);
    CHECK_THROWS_WITH(Store(path), Catch::Contains(why));
    CHECK(file_bytes(path) == before);
    CHECK(!std::filesystem::exists(path + "-wal"));
  };
  const auto text = temp_db("not-sqlite");
  { std::ofstream(text) << "notes of a student, not a database\n" << std::string(4096, 'x'); }
  refused_untouched(text, "is not an ec2sim database");

  const auto other = temp_db("other-sqlite");
  {
    Database db(other);
    db.execute("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('Arirang')");
  }
  refused_untouched(other, "another program's SQLite database");

  const auto newer = temp_db("newer");
  {
    Store store(newer);
  }
  {
    Database db(newer);
    db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'");
  }
  CHECK_THROWS_WITH(Store(newer), Catch::Contains("newer than this ec2sim"));
  for (const auto& path : {text, other, newer}) std::filesystem::remove(path);
}

TEST_CASE("a transaction rolls back unless committed", "[store]") {
  Database db(":memory:");
  migrate(db);
  {
    Transaction tx(db);
    db.prepare("INSERT INTO accounts VALUES (?1, ?2)").bind(1, "111111111111").bind(2, "t").run();
  }  // no commit
  {
    Transaction tx(db);
    db.prepare("INSERT INTO accounts VALUES (?1, ?2)").bind(1, "222222222222").bind(2, "t").run();
    tx.commit();
  }
  auto count = db.prepare("SELECT count(*) FROM accounts");
  count.step();
  CHECK(count.column_int(0) == 1);
}

TEST_CASE("accounts recorded in a file survive a reopen", "[store]") {
  auto path = temp_db("reopen");
  {
    Store store(path);
    store.ensure_account("123456789012", "2026-01-01T00:00:00.000Z");
    store.ensure_account("123456789012", "2026-01-02T00:00:00.000Z");  // known: no second row
  }
  Store reopened(path);
  auto rows = reopened.with_database([](Database& db) {
    auto stmt = db.prepare("SELECT account_id, created_at FROM accounts");
    std::vector<std::string> out;
    while (stmt.step()) out.push_back(stmt.column_text(0) + "@" + stmt.column_text(1));
    return out;
  });
  CHECK(rows == std::vector<std::string>{"123456789012@2026-01-01T00:00:00.000Z"});
  std::filesystem::remove(path);
}

TEST_CASE("bad SQL is a StoreError", "[store]") {
  Database db(":memory:");
  CHECK_THROWS_AS(db.execute("CREATE TABLEX nope"), StoreError);
  CHECK_THROWS_AS(db.prepare("SELECT * FROM missing_table"), StoreError);
}

TEST_CASE("resource writes are all-or-nothing, in SQLite and in memory", "[store]") {
  Store store(":memory:");
  Scope scope{"123456789012", "ap-northeast-2"};
  store.write([&](Writer& w) { w.put(scope, "key-pair", "key-1", {{"KeyName", "a"}}); });
  CHECK_THROWS(store.write([&](Writer& w) {
    w.put(scope, "key-pair", "key-1", {{"KeyName", "changed"}});
    w.put(scope, "key-pair", "key-2", {{"KeyName", "b"}});
    CHECK(w.find(scope, "key-pair", "key-2") != nullptr);  // a write sees its own changes
    throw std::runtime_error("rejected");
  }));
  CHECK(store.find(scope, "key-pair", "key-1")->at("KeyName") == "a");
  CHECK(!store.find(scope, "key-pair", "key-2"));
  auto rows = store.with_database([](Database& db) {
    auto stmt = db.prepare("SELECT count(*) FROM resources");
    stmt.step();
    return stmt.column_int(0);
  });
  CHECK(rows == 1);
  // Other accounts and Regions see nothing of it.
  CHECK(store.list({"111111111111", "ap-northeast-2"}, "key-pair").empty());
  CHECK(store.list({"123456789012", "us-east-1"}, "key-pair").empty());
}

TEST_CASE("resources survive a reopen of the file", "[store]") {
  auto path = temp_db("resources");
  Scope scope{"123456789012", "eu-west-1"};
  {
    Store store(path);
    store.write([&](Writer& w) {
      w.put(scope, "key-pair", "key-1", {{"KeyName", "a"}});
      w.put(scope, "key-pair", "key-2", {{"KeyName", "b"}});
    });
    store.write([&](Writer& w) { w.erase(scope, "key-pair", "key-1"); });
  }
  Store reopened(path);
  auto docs = reopened.list(scope, "key-pair");
  REQUIRE(docs.size() == 1);
  CHECK(docs[0]["KeyName"] == "b");
  std::filesystem::remove(path);
}

TEST_CASE("a database of every earlier schema opens, upgraded, with its documents", "[store]") {
  // The previous version's database above all: each new migration step is tested here
  // from the moment it is appended to the ladder. Documents exist from schema 2 on.
  for (int version = 2; version < current_schema_version(); ++version) {
    auto path = temp_db(("schema-" + std::to_string(version)).c_str());
    {
      Database db(path);
      migrate(db, version);
      db.execute("INSERT INTO accounts (account_id, created_at) VALUES ('123456789012', '2026-01-01T00:00:00.000Z')");
      db.execute("INSERT INTO resources (account_id, region, type, id, doc) VALUES ('123456789012', 'eu-west-1', "
                 "'instance', 'i-1', '{\"InstanceId\":\"i-1\",\"State\":{\"Name\":\"running\"}}')");
    }
    Store store(path);
    CAPTURE(version);
    CHECK(store.with_database([](Database& db) { return schema_version(db); }) == current_schema_version());
    auto doc = store.find({"123456789012", "eu-west-1"}, "instance", "i-1");
    REQUIRE(doc);
    CHECK((*doc)["State"]["Name"] == "running");
    std::filesystem::remove(path);
  }
}

TEST_CASE("meta values survive a reopen", "[store]") {
  auto path = temp_db("meta");
  {
    Store store(path);
    CHECK(!store.meta("clock_offset_ms"));
    store.set_meta("clock_offset_ms", "3600000");
    store.set_meta("clock_offset_ms", "7200000");
  }
  Store reopened(path);
  CHECK(reopened.meta("clock_offset_ms") == std::optional<std::string>("7200000"));
  std::filesystem::remove(path);
}

TEST_CASE("documents written under schema 2 survive the move to schema 3", "[store]") {
  auto path = temp_db("v2");
  {
    Database db(path);  // schema 2 as released: documents inside the key's b-tree
    db.execute(R"sql(
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE accounts (account_id TEXT PRIMARY KEY, created_at TEXT NOT NULL);
      CREATE TABLE resources (account_id TEXT NOT NULL, region TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL,
                              doc TEXT NOT NULL, PRIMARY KEY (account_id, region, type, id)) WITHOUT ROWID;
      INSERT INTO meta VALUES ('schema_version', '2');
      INSERT INTO resources VALUES ('123456789012', 'eu-west-1', 'key-pair', 'key-1', '{"KeyName":"kept"}');
    )sql");
  }
  Store store(path);
  auto doc = store.find({"123456789012", "eu-west-1"}, "key-pair", "key-1");
  REQUIRE(doc);
  CHECK((*doc)["KeyName"] == "kept");
  // Writing the same key again replaces the document instead of adding a second row.
  store.write([&](Writer& w) { w.put({"123456789012", "eu-west-1"}, "key-pair", "key-1", {{"KeyName", "new"}}); });
  int rows = store.with_database([](Database& db) {
    auto stmt = db.prepare("SELECT count(*) FROM resources");
    stmt.step();
    return static_cast<int>(stmt.column_int(0));
  });
  CHECK(rows == 1);
  std::filesystem::remove(path);
}

TEST_CASE("idle tables leave memory and come back from SQLite on their next use", "[store]") {
  auto path = temp_db("evict");
  Store store(path);
  Scope scope{"123456789012", "eu-west-1"};
  store.write([&](Writer& w) {
    w.put(scope, "key-pair", "key-1", {{"KeyName", "a"}});
    w.put(scope, "instance", "i-1", {{"_DueAt", 1234}, {"State", "pending"}});
  });
  // The instance table has a transition due: the scheduler must keep seeing it.
  CHECK(store.evict_idle(std::chrono::milliseconds(0)) == 1);
  CHECK(store.scopes_with("key-pair").empty());
  CHECK(store.scopes_with("instance").size() == 1);

  auto doc = store.find(scope, "key-pair", "key-1");
  REQUIRE(doc);
  CHECK((*doc)["KeyName"] == "a");
  CHECK(store.scopes_with("key-pair").size() == 1);  // resident again

  // A failed write into an evicted table leaves it as SQLite has it.
  CHECK(store.evict_idle(std::chrono::milliseconds(0)) == 1);
  CHECK_THROWS(store.write([&](Writer& w) {
    w.put(scope, "key-pair", "key-1", {{"KeyName", "changed"}});
    w.erase(scope, "key-pair", "key-1");
    throw std::runtime_error("rejected");
  }));
  CHECK(store.find(scope, "key-pair", "key-1").value()["KeyName"] == "a");
  CHECK(store.list(scope, "key-pair").size() == 1);
  std::filesystem::remove(path);
}

TEST_CASE("background reads do not keep a table in memory", "[store]") {
  Store store(":memory:");
  Scope scope{"123456789012", "eu-west-1"};
  store.write([&](Writer& w) { w.put(scope, "key-pair", "key-1", {{"KeyName", "a"}}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  {
    const BackgroundAccess background;
    CHECK(store.find(scope, "key-pair", "key-1"));
  }
  CHECK(store.evict_idle(std::chrono::milliseconds(20)) == 1);
  CHECK(store.find(scope, "key-pair", "key-1"));  // a client's read: used just now
  CHECK(store.evict_idle(std::chrono::milliseconds(20)) == 0);
}

TEST_CASE("a reopened store reads only tables with something due, the rest on first use", "[store]") {
  auto path = temp_db("lazy");
  Scope scope{"123456789012", "eu-west-1"};
  {
    Store store(path);
    store.write([&](Writer& w) {
      w.put(scope, "key-pair", "key-1", {{"KeyName", "a"}});
      w.put(scope, "instance", "i-1", {{"_DueAt", 1234}, {"State", "pending"}});
      w.put(scope, "instance", "i-2", {{"_DueAt", 0}, {"State", "running"}});
      w.put({"111111111111", "eu-west-1"}, "instance", "i-3", {{"_DueAt", 0}, {"State", "stopped"}});
    });
  }
  Store reopened(path);
  // The scheduler sees the table with a transition due, and only that one.
  auto scopes = reopened.scopes_with("instance");
  REQUIRE(scopes.size() == 1);
  CHECK(scopes[0].account == "123456789012");
  CHECK(reopened.scopes_with("key-pair").empty());
  // Everything else is there on first use.
  CHECK(reopened.find(scope, "key-pair", "key-1").value()["KeyName"] == "a");
  CHECK(reopened.list({"111111111111", "eu-west-1"}, "instance").size() == 1);
  CHECK(reopened.list(scope, "instance").size() == 2);
  std::filesystem::remove(path);
}

TEST_CASE("a table's stamp and in-order list follow puts, erases and rollbacks", "[store]") {
  Store store(":memory:");
  const Scope scope{"123456789012", "ap-northeast-2"};
  auto ids = [&] {
    return store.read([&](const Reader& w) {
      std::vector<std::string> out;
      for (const auto* doc : w.in_order(scope, "instance")) out.push_back(doc->at("InstanceId").get<std::string>());
      return out;
    });
  };
  auto stamp = [&] { return store.read([&](const Reader& w) { return w.stamp(scope, "instance"); }); };
  CHECK(stamp() == 0);
  CHECK(ids().empty());
  store.write([&](Writer& w) {
    for (const char* id : {"i-3", "i-1", "i-2"}) w.put(scope, "instance", id, {{"InstanceId", id}});
  });
  const auto first = stamp();
  CHECK(first != 0);
  CHECK(ids() == std::vector<std::string>{"i-1", "i-2", "i-3"});
  CHECK(stamp() == first);  // reading changes nothing
  store.write([&](Writer& w) { w.erase(scope, "instance", "i-2"); });
  CHECK(stamp() != first);
  CHECK(ids() == std::vector<std::string>{"i-1", "i-3"});
  const auto second = stamp();
  CHECK_THROWS(store.write([&](Writer& w) {
    w.put(scope, "instance", "i-0", {{"InstanceId", "i-0"}});
    throw std::runtime_error("rejected");
  }));
  CHECK(stamp() != second);  // what was derived during the failed write is stale
  CHECK(ids() == std::vector<std::string>{"i-1", "i-3"});
  Store other(":memory:");  // stamps are never handed out twice, even across stores
  other.write([&](Writer& w) { w.put(scope, "instance", "i-1", {{"InstanceId", "i-1"}}); });
  CHECK(other.read([&](const Reader& w) { return w.stamp(scope, "instance"); }) != stamp());
}

TEST_CASE("the tag index follows puts, erases, rollbacks, eviction and reloads", "[store]") {
  auto path = temp_db("tags");
  const Scope scope{"123456789012", "ap-northeast-2"};
  auto tagged = [&](Store& store, std::vector<std::string> values) {
    return store.read([&](const Reader& w) {
      std::vector<std::string> out;
      for (const auto* doc : w.tagged(scope, "instance", "role", values)) out.push_back(doc->at("Id").get<std::string>());
      return out;
    });
  };
  auto doc = [](const char* id, const char* role) {
    return nlohmann::ordered_json{{"Id", id}, {"Tags", {{{"Key", "role"}, {"Value", role}}, {{"Key", "env"}, {"Value", "x"}}}}};
  };
  {
    Store store(path);
    store.write([&](Writer& w) {
      w.put(scope, "instance", "i-3", doc("i-3", "web"));
      w.put(scope, "instance", "i-1", doc("i-1", "web"));
      w.put(scope, "instance", "i-2", doc("i-2", "db"));
    });
    CHECK(tagged(store, {"web"}) == std::vector<std::string>{"i-1", "i-3"});
    CHECK(tagged(store, {"web", "db"}) == std::vector<std::string>{"i-1", "i-2", "i-3"});
    CHECK(tagged(store, {"cache"}).empty());
    // A retag moves the entry; an erase drops it; a rolled-back write changes nothing.
    store.write([&](Writer& w) {
      w.put(scope, "instance", "i-1", doc("i-1", "db"));
      w.erase(scope, "instance", "i-3");
    });
    CHECK(tagged(store, {"web"}).empty());
    CHECK(tagged(store, {"db"}) == std::vector<std::string>{"i-1", "i-2"});
    CHECK_THROWS(store.write([&](Writer& w) {
      w.put(scope, "instance", "i-2", doc("i-2", "web"));
      w.put(scope, "instance", "i-4", doc("i-4", "web"));
      w.erase(scope, "instance", "i-1");
      throw std::runtime_error("rejected");
    }));
    CHECK(tagged(store, {"web"}).empty());
    CHECK(tagged(store, {"db"}) == std::vector<std::string>{"i-1", "i-2"});
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    CHECK(store.evict_idle(std::chrono::milliseconds(20)) == 1);
    CHECK(tagged(store, {"db"}) == std::vector<std::string>{"i-1", "i-2"});  // reloaded with its index
  }
  Store reopened(path);
  CHECK(tagged(reopened, {"db"}) == std::vector<std::string>{"i-1", "i-2"});
  std::filesystem::remove(path);
}

TEST_CASE("derived values are kept with their table and made again when its documents change", "[store]") {
  Store store(":memory:");
  const Scope scope{"123456789012", "eu-west-1"};
  struct Count {
    int documents = 0;
  };
  int made = 0;
  auto count = [&](Writer& w) -> Count& {
    return w.derived<Count>(scope, "instance", [&](Count& c) {
      ++made;
      c.documents = static_cast<int>(w.all(scope, "instance").size());
    });
  };
  store.write([&](Writer& w) { w.put(scope, "instance", "i-1", {{"InstanceId", "i-1"}}); });
  CHECK(store.write([&](Writer& w) { return count(w).documents; }) == 1);
  CHECK(store.write([&](Writer& w) { return count(w).documents; }) == 1);
  CHECK(made == 1);  // kept while the table is unchanged
  store.write([&](Writer& w) { w.put(scope, "instance", "i-2", {{"InstanceId", "i-2"}}); });
  CHECK(store.write([&](Writer& w) { return count(w).documents; }) == 2);
  CHECK(made == 2);  // the put moved the stamp
  store.write([&](Writer& w) {  // a write that keeps the value in step with its put
    Count& c = count(w);
    w.put(scope, "instance", "i-3", {{"InstanceId", "i-3"}});
    ++c.documents;
    w.keep_current<Count>(scope, "instance");
  });
  CHECK(store.write([&](Writer& w) { return count(w).documents; }) == 3);
  CHECK(made == 2);
  CHECK_THROWS(store.write([&](Writer& w) {  // the same, rolled back: made again next time
    Count& c = count(w);
    w.put(scope, "instance", "i-4", {{"InstanceId", "i-4"}});
    ++c.documents;
    w.keep_current<Count>(scope, "instance");
    throw std::runtime_error("rolled back");
  }));
  CHECK(store.write([&](Writer& w) { return count(w).documents; }) == 3);
  CHECK(made == 3);
}

TEST_CASE("VPCs from before DHCP options sets get the set they name, with the Region's defaults", "[store]") {
  // Schema 8: a VPC naming a set never stored, and one whose set exists (left as it is).
  const nlohmann::json old_vpc = {{"VpcId", "vpc-1"}, {"DhcpOptionsId", "dopt-0123456789abcdef0"}};
  const nlohmann::json custom = {{"_Id", "dopt-0fedcba9876543210"}, {"DhcpOptionsId", "dopt-0fedcba9876543210"},
                                 {"DhcpConfigurations", nlohmann::json::array()}, {"OwnerId", "123456789012"}, {"Tags", nlohmann::json::array()}};
  const auto path = old_database("ec2sim-dhcp-upgrade-test.db", 8,
                                 {{"vpc", "vpc-1", old_vpc},
                                  {"vpc", "vpc-2", {{"VpcId", "vpc-2"}, {"DhcpOptionsId", "dopt-0fedcba9876543210"}}},
                                  {"dhcp-options", "dopt-0fedcba9876543210", custom}});
  ec2sim::store::Store store(path);
  const ec2sim::store::Scope scope{"123456789012", "ap-northeast-2"};
  const auto made = store.find(scope, "dhcp-options", "dopt-0123456789abcdef0");
  REQUIRE(made);
  CHECK(made->at("DhcpConfigurations").at(0).at("Values").at(0).at("Value") == "ap-northeast-2.compute.internal");
  CHECK(made->at("DhcpConfigurations").at(1).at("Values").at(0).at("Value") == "AmazonProvidedDNS");
  CHECK(made->at("OwnerId") == "123456789012");
  CHECK(store.find(scope, "dhcp-options", "dopt-0fedcba9876543210")->at("DhcpConfigurations").empty());  // kept
  std::filesystem::remove(path);
}
