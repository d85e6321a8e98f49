#include "sim/store/schema.hpp"

#include <string_view>

namespace ec2sim::store {
namespace {

// Step N takes the schema from version N-1 to N. Append; never edit a released step.
constexpr std::string_view kMigrations[] = {
    // 1: the version record, and the accounts that have made a request (an account's
    // resources will hang off this row; its first request creates it).
    R"sql(
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE accounts (
        account_id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      );
    )sql",
    // 2: every account resource, as the document the EC2 API describes it with.
    R"sql(
      CREATE TABLE resources (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account_id, region, type, id)
      ) WITHOUT ROWID;
    )sql",
    // 3: documents out of the primary-key b-tree. A WITHOUT ROWID row keeps its whole
    // document (an instance is ~3 KiB) in the key's b-tree, so that tree spans thousands of
    // pages and every insert reads a random one. Now the key lives in a small index that
    // stays in the page cache, and new documents are appended to the table in rowid order.
    R"sql(
      CREATE TABLE resources_v3 (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        doc TEXT NOT NULL,
        UNIQUE (account_id, region, type, id)
      );
      INSERT INTO resources_v3 (account_id, region, type, id, doc)
        SELECT account_id, region, type, id, doc FROM resources;
      DROP TABLE resources;
      ALTER TABLE resources_v3 RENAME TO resources;
    )sql",
    // 4: finding a document by its id alone, whoever owns it (the control routes take an
    // instance id without an account).
    R"sql(
      CREATE INDEX resources_by_id ON resources (id, type);
    )sql",
    // 5: one type's documents across accounts in a Region (AMIs shared with an account,
    // looked up by every DescribeImages) without scanning the whole table.
    R"sql(
      CREATE INDEX resources_by_type ON resources (type, region);
    )sql",
    // 6: the two lookups above are only ever made for one type each (instances by id, AMIs
    // across accounts), so only those rows are indexed: every other insert — a launch's
    // volumes, say — then updates one index instead of three.
    R"sql(
      DROP INDEX resources_by_id;
      DROP INDEX resources_by_type;
      CREATE INDEX instances_by_id ON resources (id) WHERE type = 'instance';
      CREATE INDEX images_by_region ON resources (region) WHERE type = 'image';
    )sql",
    // 7: one shape per kind in code. Instances launched before instance views
    // (sim/instance_view.cpp) kept their network interface and host names; they now keep
    // the interface's ids as every later record does, and the view derives the rest. A
    // pending image is now due when its snapshots are (sim/timed_kinds.cpp); one written
    // before has no due time, so it is due at once and the next settling re-arms it.
    R"sql(
      UPDATE resources SET doc = json_insert(doc, '$._EniId', json_extract(doc, '$.NetworkInterfaces[0].NetworkInterfaceId'))
        WHERE type = 'instance' AND json_type(doc, '$.NetworkInterfaces[0].NetworkInterfaceId') = 'text';
      UPDATE resources SET doc = json_insert(doc, '$._EniAttachmentId',
                                             json_extract(doc, '$.NetworkInterfaces[0].Attachment.AttachmentId'))
        WHERE type = 'instance' AND json_type(doc, '$.NetworkInterfaces[0].Attachment.AttachmentId') = 'text';
      UPDATE resources SET doc = json_insert(doc, '$._MacAddress', json_extract(doc, '$.NetworkInterfaces[0].MacAddress'))
        WHERE type = 'instance' AND json_type(doc, '$.NetworkInterfaces[0].MacAddress') = 'text';
      UPDATE resources SET doc = json_insert(doc, '$._OwnerId', json_extract(doc, '$.NetworkInterfaces[0].OwnerId'))
        WHERE type = 'instance' AND json_type(doc, '$.NetworkInterfaces[0].OwnerId') = 'text';
      UPDATE resources SET doc = json_remove(doc, '$.NetworkInterfaces', '$.PublicDnsName', '$.PrivateDnsName',
                                                  '$.UsageOperationUpdateTime')
        WHERE type = 'instance' AND json_type(doc, '$.NetworkInterfaces') IS NOT NULL;
      UPDATE resources SET doc = json_set(doc, '$._DueAt', 1)
        WHERE type = 'image' AND json_extract(doc, '$.State') = 'pending' AND json_type(doc, '$._DueAt') IS NULL;
    )sql",
    // 8: instance and volume records leave more to their views (sim/records.hpp reads the
    // defaults): no tags, false flags, launch index 0, the empty placement group name and
    // default tenancy; a volume's `_Id` is its VolumeId.
    R"sql(
      UPDATE resources SET doc = json_remove(doc, '$.Tags')
        WHERE type IN ('instance', 'volume') AND json_array_length(doc, '$.Tags') = 0;
      UPDATE resources SET doc = json_remove(doc, '$.EbsOptimized')
        WHERE type = 'instance' AND json_type(doc, '$.EbsOptimized') = 'false';
      UPDATE resources SET doc = json_remove(doc, '$.EnaSupport')
        WHERE type = 'instance' AND json_type(doc, '$.EnaSupport') = 'false';
      UPDATE resources SET doc = json_remove(doc, '$.AmiLaunchIndex')
        WHERE type = 'instance' AND json_type(doc, '$.AmiLaunchIndex') = 'integer' AND json_extract(doc, '$.AmiLaunchIndex') = 0;
      UPDATE resources SET doc = json_remove(doc, '$.Placement.GroupName')
        WHERE type = 'instance' AND json_extract(doc, '$.Placement.GroupName') = '';
      UPDATE resources SET doc = json_remove(doc, '$.Placement.Tenancy')
        WHERE type = 'instance' AND json_extract(doc, '$.Placement.Tenancy') = 'default';
      UPDATE resources SET doc = json_remove(doc, '$.Encrypted')
        WHERE type = 'volume' AND json_type(doc, '$.Encrypted') = 'false';
      UPDATE resources SET doc = json_remove(doc, '$.MultiAttachEnabled')
        WHERE type = 'volume' AND json_type(doc, '$.MultiAttachEnabled') = 'false';
      UPDATE resources SET doc = json_remove(doc, '$._Id') WHERE type = 'volume';
    )sql",
    // 9: VPCs made before DHCP options sets (sim/dhcp_options.cpp) name a set that was never
    // stored. Each such id becomes a set with the Region's defaults, as the VPC had them.
    R"sql(
      INSERT OR IGNORE INTO resources (account_id, region, type, id, doc)
        SELECT DISTINCT v.account_id, v.region, 'dhcp-options', json_extract(v.doc, '$.DhcpOptionsId'),
          json_object('_Id', json_extract(v.doc, '$.DhcpOptionsId'),
                      'DhcpConfigurations', json_array(
                          json_object('Key', 'domain-name', 'Values', json_array(json_object('Value',
                              CASE v.region WHEN 'us-east-1' THEN 'ec2.internal' ELSE v.region || '.compute.internal' END))),
                          json_object('Key', 'domain-name-servers', 'Values', json_array(json_object('Value', 'AmazonProvidedDNS')))),
                      'DhcpOptionsId', json_extract(v.doc, '$.DhcpOptionsId'),
                      'OwnerId', v.account_id,
                      'Tags', json_array())
        FROM resources v
        WHERE v.type = 'vpc' AND json_type(v.doc, '$.DhcpOptionsId') = 'text'
          AND json_extract(v.doc, '$.DhcpOptionsId') <> 'default';
    )sql",
};

}  // namespace

int current_schema_version() { return static_cast<int>(std::size(kMigrations)); }

int schema_version(Database& db) {
  auto probe = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  probe.step();
  if (probe.column_int(0) == 0) return 0;
  auto stmt = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  return stmt.step() ? std::stoi(stmt.column_text(0)) : 0;
}

void require_ours(Database& db, const std::string& path) {
  int tables = 0;
  try {
    auto probe = db.prepare("SELECT count(*) FROM sqlite_master");
    probe.step();
    tables = probe.column_int(0);
  } catch (const StoreError& e) {
    throw StoreError(path + " is not an ec2sim database (not SQLite: " + e.what() + "); refusing to touch it");
  }
  if (tables > 0 && schema_version(db) == 0)
    throw StoreError(path + " is another program's SQLite database (it has no ec2sim schema version); refusing to touch it");
}

void migrate(Database& db, int target) {
  int version = schema_version(db);
  if (version > current_schema_version())
    throw StoreError("the database has schema version " + std::to_string(version) + ", newer than this ec2sim (" +
                     std::to_string(current_schema_version()) + "); refusing to touch it");
  for (; version < target; ++version) {
    Transaction tx(db);
    db.execute(kMigrations[version]);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?1) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, std::to_string(version + 1))
        .run();
    tx.commit();
  }
}

}  // namespace ec2sim::store
