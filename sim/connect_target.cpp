#include "sim/connect_target.hpp"

#include "sim/document_view.hpp"
#include "sim/guest_storage.hpp"
#include "sim/instance_view.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/records.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/ssh_keys.hpp"
#include "sim/timed_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

// Changes whenever the guest boots (reboot_guest counts starts and reboots); the launch time
// tells apart instances restored into a reset server.
std::string boot_marker(const json& instance) {
  return InstanceRecord(instance).launch_time() + "#" + std::to_string(instance.value("_Boots", 0));
}

// `fn(instance, scope)` for the instance `instance_id`, wherever it is, under the store's read
// lock; nullopt once it is gone.
template <class Fn>
auto read_instance(store::Store& store, const std::string& instance_id, Fn fn)
    -> std::optional<decltype(fn(std::declval<const json&>(), std::declval<const store::Scope&>()))> {
  const auto scope = store.scope_of(kind::instance, instance_id);
  if (!scope) return std::nullopt;
  return store.read([&](const store::Reader& r) -> decltype(read_instance(store, instance_id, fn)) {
    const json* instance = r.find(*scope, kind::instance, instance_id);
    if (!instance) return std::nullopt;
    return fn(*instance, *scope);
  });
}

bool protocol_is_tcp(const json& rule) {
  const std::string p = rule.value("IpProtocol", "");
  return p == "-1" || p == "tcp" || p == "6";
}

}  // namespace

bool ensure_host_keys(json& instance) {
  if (instance.contains("_HostKeys") && instance["_HostKeys"].size() > 0 &&
      instance["_HostKeys"][0].contains("PrivateKey"))
    return false;
  // ssh prints an ED25519 key's fingerprint unpadded.
  auto key = generate_key("ed25519", "");
  std::string fp = key.fingerprint;
  while (!fp.empty() && fp.back() == '=') fp.pop_back();
  instance["_HostKeys"] = json::array({{{"Type", "ED25519"},
                                        {"Bits", "256"},
                                        {"Fingerprint", fp},
                                        {"PublicKey", key.public_key},
                                        {"PrivateKey", key.private_key}}});
  return true;
}

std::optional<GuestState> guest_state(store::Store& store, const std::string& instance_id) {
  return read_instance(store, instance_id, [](const json& instance, const store::Scope&) {
    return GuestState{InstanceRecord(instance).state(), boot_marker(instance)};
  });
}

std::optional<ConnectTarget> connect_target(store::Store& store, const catalog::Catalog& catalog,
                                            std::chrono::system_clock::time_point now, const Settings& settings,
                                            const std::string& instance_id) {
  const auto scope = store.scope_of(kind::instance, instance_id);
  const catalog::Region* region = scope ? catalog.find_region(scope->region) : nullptr;
  if (!region || settings.data_dir.empty()) return std::nullopt;
  RequestContext ctx{scope->account, *region, catalog, store, now, settings};
  return store.write([&](store::Writer& w) -> std::optional<ConnectTarget> {
    settle(w, ctx);
    const json* found = w.find(*scope, kind::instance, instance_id);
    if (!found) return std::nullopt;
    json instance = *found;
    if (ensure_host_keys(instance)) w.put(*scope, kind::instance, instance_id, instance);
    const InstanceRecord record(instance);
    ConnectTarget t;
    t.instance_id = instance_id;
    t.account = scope->account;
    t.region = scope->region;
    t.state = record.state();
    t.boot = boot_marker(instance);
    t.login_user = login_user(record.image_name());
    const std::string host = host_name_of(instance);
    t.host_name = host.substr(0, host.find('.'));
    t.host_private_key = instance["_HostKeys"][0]["PrivateKey"].get<std::string>();
    for (const auto& m : record.block_device_mappings()) {
      const std::string volume_id = m.at("Ebs").at("VolumeId").get<std::string>();
      const std::string device = m.at("DeviceName").get<std::string>();
      if (device == record.root_device_name()) t.root = volume_dir(ctx, volume_id);
      else t.disks.push_back({device, "", volume_dir(ctx, volume_id)});
    }
    for (const auto& v : record.instance_store()) {
      const std::string name = v.at("VirtualName").get<std::string>();
      t.disks.push_back({v.at("DeviceName").get<std::string>(), name, instance_store_dir(ctx, instance_id, name)});
    }
    for (const auto& g : record.security_groups())
      if (const json* group = w.find(*scope, kind::security_group, g.at("GroupId").get<std::string>()))
        for (const auto& rule : group->value("_Rules", json::array()))
          if (!rule.value("IsEgress", false)) t.inbound_rules.push_back(rule);
    if (instance.contains("_UserData")) t.user_data = base64_decode(instance["_UserData"].get<std::string>());
    if (!t.root.empty() && !std::filesystem::exists(t.root)) {  // first use: the volume as its AMI made it
      std::filesystem::create_directories(t.root);
      seed_root_volume(t.root, instance, catalog, region->name);
    }
    for (const auto& d : t.disks) std::filesystem::create_directories(d.files);
    return t;
  });
}

std::optional<json> instance_metadata(store::Store& store, const std::string& instance_id) {
  return read_instance(store, instance_id, [](const json& instance, const store::Scope& scope) {
    json out = complete(instance, instance_view());
    for (const char* hidden : {"_UserData", "_PublicKey", "_ReservationId", "_InstanceStore", "_SpotAction"})
      if (instance.contains(hidden)) out[hidden] = instance.at(hidden);
    out["_Account"] = scope.account;
    out["_Region"] = scope.region;
    return out;
  });
}

std::string instance_named_by_host(store::Store& store, const std::string& name) {
  if (name.starts_with("i-")) return store.scope_of(kind::instance, name) ? name : "";
  for (const auto& scope : store.scopes_with(kind::instance)) {
    std::string id = store.read([&](const store::Reader& r) -> std::string {
      for (const auto& [id, doc] : r.all(scope, kind::instance)) {
        const InstanceRecord record(doc);
        if (record.state() == "terminated") continue;
        const std::string& ip = record.public_ip();
        if (name == record.private_ip() || name == host_name_of(doc) ||
            (!ip.empty() && (name == ip || name == public_dns_name(scope.region, ip))))
          return id;
      }
      return "";
    });
    if (!id.empty()) return id;
  }
  return "";
}

bool inbound_allows(const json& rules, const std::string& source_ip, int port) {
  for (const auto& rule : rules) {
    if (!protocol_is_tcp(rule)) continue;
    const int from = rule.value("FromPort", -1), to = rule.value("ToPort", -1);
    if (rule.value("IpProtocol", "") != "-1" && from != -1 && (port < from || port > to)) continue;
    if (rule.contains("CidrIpv4") && cidr_contains(rule["CidrIpv4"].get<std::string>(), source_ip)) return true;
    if (rule.contains("CidrIpv6") && source_ip.find(':') != std::string::npos &&
        ipv6_address_within(source_ip, rule["CidrIpv6"].get<std::string>()))
      return true;
  }
  return false;
}

}  // namespace ec2sim::sim
