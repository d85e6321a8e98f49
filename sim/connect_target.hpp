// What reaching a running instance from outside needs (ssh, the console's terminal of
// issue 14), read from its documents: its state, host key, login user, disks and inbound
// rules. The connect layer (connect/) knows processes and sockets; this file knows the
// documents, so connect/ never reads the store itself.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "sim/clock.hpp"
#include "sim/store/store.hpp"

namespace ec2sim::sim {

struct GuestDisk {
  std::string device;           // "/dev/sdf", or the instance-store device ("/dev/sdb")
  std::string virtual_name;     // "ephemeral0" for instance store, "" for EBS
  std::filesystem::path files;  // its directory (sim/guest_storage.hpp), made if missing
};

struct ConnectTarget {
  std::string instance_id;
  std::string account;                 // whose it is, and where: a caller of another account
  std::string region;                  // or Region does not find it
  std::string state;                   // "running", "stopped" …
  std::string boot;                    // changes on every start and reboot
  std::string login_user;              // the AMI's ("ec2-user", "ubuntu", "admin"); "" on Windows
  std::string host_name;               // "ip-172-31-5-9", as `hostname` prints it
  std::string host_private_key;        // OpenSSH text; its public half is in GetConsoleOutput
  std::filesystem::path root;          // the root volume's files, seeded on first use
  std::vector<GuestDisk> disks;        // every other attached volume and instance-store volume
  nlohmann::ordered_json inbound_rules = nlohmann::ordered_json::array();  // all its groups' `_Rules`
  std::string user_data;               // decoded; "" without
};

// Gives `instance` its SSH host key (`_HostKeys`: type, bits, fingerprint, public and
// private key) unless it has one; true when it did. Made when the console is first read or
// the first connection comes, and kept, so fingerprints stay the same as on a real disk.
bool ensure_host_keys(nlohmann::ordered_json& instance);

// The instance's state and boot marker alone, cheap enough for the one-second scheduler;
// nullopt once it is gone.
struct GuestState {
  std::string state;
  std::string boot;
};
std::optional<GuestState> guest_state(store::Store& store, const std::string& instance_id);

// Everything above, in one write (the host key is made and kept the first time, as
// GetConsoleOutput would). nullopt when no such instance exists or guest storage is off.
std::optional<ConnectTarget> connect_target(store::Store& store, const catalog::Catalog& catalog,
                                            std::chrono::system_clock::time_point now, const Settings& settings,
                                            const std::string& instance_id);

// What the instance metadata service serves (connect/imds.hpp), read fresh for every
// request so that ModifyInstanceMetadataOptions, an Elastic IP or a new tag shows at once:
// the instance as DescribeInstances shows it, plus "_UserData" (base64), "_PublicKey",
// "_ReservationId", "_InstanceStore",
// "_Account" and "_Region". nullopt once the instance is gone.
std::optional<nlohmann::ordered_json> instance_metadata(store::Store& store, const std::string& instance_id);

// The instance whose public IPv4, public DNS name, private IPv4 or id is `name`
// (`ssh ec2-user@ec2-3-35-….compute.amazonaws.com` through the ProxyCommand), or "".
std::string instance_named_by_host(store::Store& store, const std::string& name);

// Does any of `rules` (a group's `_Rules`) let `source_ip` reach TCP `port`? CIDR peers
// only: a peer that is a group or a prefix list names instances and AWS's own ranges, never
// an address outside the cloud.
bool inbound_allows(const nlohmann::ordered_json& rules, const std::string& source_ip, int port);

}  // namespace ec2sim::sim
