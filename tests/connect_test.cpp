// The parts of connect/ that need no sandbox: authorized_keys lines, IMDS answers, guest
// files read and copied without following the guest's links, and the start-up probe.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "connect/authorized_keys.hpp"
#include "connect/imds.hpp"
#include "connect/sandbox.hpp"
#include "sim/guest_fs.hpp"
#include "test_support.hpp"

using namespace ec2sim;
using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

const char* kBlob = "AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample";

struct TemporaryTree {
  fs::path root;
  TemporaryTree() {
    std::string pattern = (fs::temp_directory_path() / "ec2sim-connect-unit-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()));
    root = pattern;
  }
  ~TemporaryTree() { fs::remove_all(root); }
  void write(const fs::path& relative, const std::string& text) const {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative) << text;
  }
};

json metadata(std::string tokens = "optional", std::string endpoint = "enabled") {
  return {{"InstanceId", "i-0123456789abcdef0"},
          {"ImageId", "ami-0abc"},
          {"InstanceType", "t3.micro"},
          {"PrivateIpAddress", "172.31.5.9"},
          {"PrivateDnsName", "ip-172-31-5-9.ap-northeast-2.compute.internal"},
          {"Placement", {{"AvailabilityZone", "ap-northeast-2a"}}},
          {"SecurityGroups", json::array({{{"GroupName", "ssh"}, {"GroupId", "sg-1"}}})},
          {"KeyName", "aws-course"},
          {"_PublicKey", std::string("ssh-ed25519 ") + kBlob},
          {"_Region", "ap-northeast-2"},
          {"_Account", "123456789012"},
          {"MetadataOptions", {{"HttpTokens", tokens}, {"HttpEndpoint", endpoint}}}};
}

connect::ImdsReply get(const json& instance, const std::string& path, connect::ImdsTokens& tokens,
                       const std::string& token = "") {
  return connect::imds_answer({"GET", path, token, "", false}, instance, tokens);
}

}  // namespace

TEST_CASE("authorized_keys lines match by type and key, with options and quoted commands", "[connect]") {
  const std::string key = std::string("ssh-ed25519 ") + kBlob;
  CHECK(connect::match_authorized_line(key + " student@laptop", "ssh-ed25519", kBlob));
  CHECK_FALSE(connect::match_authorized_line(key, "ssh-rsa", kBlob));
  CHECK_FALSE(connect::match_authorized_line("# " + key, "ssh-ed25519", kBlob));
  CHECK_FALSE(connect::match_authorized_line(key.substr(0, key.size() - 1), "ssh-ed25519", kBlob));
  const auto forced = connect::match_authorized_line(
      "no-port-forwarding,command=\"echo 'Please login as the user \\\"ec2-user\\\" rather than the user \\\"root\\\".';"
      "echo;sleep 10;exit 142\" " + key,
      "ssh-ed25519", kBlob);
  REQUIRE(forced);
  CHECK(forced->forced_command ==
        "echo 'Please login as the user \"ec2-user\" rather than the user \"root\".';echo;sleep 10;exit 142");
}

TEST_CASE("a login needs the user in the guest's passwd and the key in its home", "[connect]") {
  TemporaryTree guest;
  guest.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nec2-user:x:1000:1000::/home/ec2-user:/bin/bash\n"
                            "evil:x:1000:1000::/etc/../root:/bin/bash\n");
  guest.write("home/ec2-user/.ssh/authorized_keys", std::string("ssh-ed25519 ") + kBlob + " k\n");
  CHECK(connect::home_of(guest.root, "ec2-user") == "/home/ec2-user");
  CHECK_FALSE(connect::home_of(guest.root, "ubuntu"));
  CHECK_FALSE(connect::home_of(guest.root, "evil"));  // a home outside /home and /root
  CHECK(connect::find_authorized_key(guest.root, "ec2-user", "ssh-ed25519", kBlob));
  CHECK_FALSE(connect::find_authorized_key(guest.root, "root", "ssh-ed25519", kBlob));
}

TEST_CASE("guest files are read inside the guest's disk, never through a link out of it", "[connect]") {
  TemporaryTree host, guest;
  host.write("secret", "host secret");
  guest.write("etc/hostname", "ip-172-31-5-9\n");
  fs::create_symlink(host.root / "secret", guest.root / "etc" / "absolute");
  fs::create_symlink("../../" + host.root.filename().string() + "/secret", guest.root / "etc" / "relative");
  fs::create_symlink("/etc/hostname", guest.root / "etc" / "inside");
  CHECK(sim::read_guest_file(guest.root, "etc/hostname", 100) == "ip-172-31-5-9\n");
  CHECK(sim::read_guest_file(guest.root, "etc/inside", 100) == "ip-172-31-5-9\n");  // resolved as the guest would
  CHECK_FALSE(sim::read_guest_file(guest.root, "etc/absolute", 100));
  CHECK_FALSE(sim::read_guest_file(guest.root, "etc/relative", 100));
  CHECK_FALSE(sim::read_guest_file(guest.root, "etc/hostname", 5));  // larger than asked for
  fs::create_symlink("/dev/zero", guest.root / "etc" / "zero");
  CHECK_FALSE(sim::read_guest_file(guest.root, "etc/zero", 100));
}

TEST_CASE("copying and unsharing a guest's tree leave links as links", "[connect]") {
  TemporaryTree host, guest, copy;
  host.write("secret", "host secret");
  guest.write("home/a.txt", "a");
  fs::create_hard_link(guest.root / "home" / "a.txt", guest.root / "home" / "b.txt");
  fs::create_symlink(host.root / "secret", guest.root / "home" / "link");
  fs::create_symlink(host.root, guest.root / "hostdir");
  sim::copy_guest_tree(guest.root, copy.root);
  CHECK(fs::is_symlink(copy.root / "home" / "link"));
  CHECK(fs::is_symlink(copy.root / "hostdir"));  // not a copy of the host directory
  CHECK(std::ifstream(copy.root / "home" / "a.txt").get() == 'a');
  // A link planted where the copy is written is replaced, not written through.
  fs::create_symlink(host.root / "secret", guest.root / "home" / ".a.txt.ec2sim-copy");
  sim::unshare_hard_links(guest.root);
  CHECK(fs::hard_link_count(guest.root / "home" / "a.txt") == 1);
  CHECK(fs::hard_link_count(guest.root / "home" / "b.txt") == 1);
  std::string secret;
  std::getline(std::ifstream(host.root / "secret"), secret);
  CHECK(secret == "host secret");
  sim::create_guest_file(guest.root / "home" / "link", "x");  // there already: left alone
  std::getline(std::ifstream(host.root / "secret"), secret);
  CHECK(secret == "host secret");
}

TEST_CASE("IMDS answers as EC2's does", "[connect]") {
  connect::ImdsTokens tokens;
  const json instance = metadata();
  CHECK(get(instance, "/latest/meta-data/instance-id", tokens).body == "i-0123456789abcdef0");
  CHECK(get(instance, "/latest/meta-data/placement/availability-zone", tokens).body == "ap-northeast-2a");
  CHECK(get(instance, "/latest/meta-data/public-keys/", tokens).body == "0=aws-course");
  CHECK(get(instance, "/latest/meta-data/public-keys/0/", tokens).body == "openssh-key");
  CHECK(get(instance, "/latest/meta-data/public-keys/0/openssh-key", tokens).body.starts_with("ssh-ed25519 "));
  CHECK(get(instance, "/latest/meta-data/placement/", tokens).body == "availability-zone\nregion");
  CHECK(get(instance, "/2021-01-03/meta-data/instance-type", tokens).body == "t3.micro");  // a dated version
  CHECK(get(instance, "/latest/meta-data/public-ipv4", tokens).status == 404);  // no public address
  CHECK(get(instance, "/latest/user-data", tokens).status == 404);
  CHECK(json::parse(get(instance, "/latest/dynamic/instance-identity/document", tokens).body)["accountId"] ==
        "123456789012");
  CHECK(connect::imds_answer({"POST", "/latest/meta-data/", "", "", false}, instance, tokens).status == 405);
}

TEST_CASE("IMDSv2 tokens, HttpTokens=required and HttpEndpoint=disabled", "[connect]") {
  connect::ImdsTokens tokens;
  auto put = [&](const json& instance, const std::string& ttl, bool forwarded = false) {
    return connect::imds_answer({"PUT", "/latest/api/token", "", ttl, forwarded}, instance, tokens);
  };
  const json required = metadata("required");
  CHECK(put(required, "").status == 400);
  CHECK(put(required, "21601").status == 400);
  CHECK(put(required, "60", true).status == 403);  // through a proxy
  const auto token = put(required, "60");
  REQUIRE(token.status == 200);
  CHECK(token.ttl == "60");
  CHECK(get(required, "/latest/meta-data/instance-id", tokens).status == 401);
  CHECK(get(required, "/latest/meta-data/instance-id", tokens, token.body).body == "i-0123456789abcdef0");
  CHECK(get(required, "/latest/meta-data/instance-id", tokens, "forged").status == 401);
  CHECK(get(metadata("optional", "disabled"), "/latest/meta-data/instance-id", tokens, token.body).status == 403);
  CHECK(connect::imds_answer({"GET", "/latest/meta-data/", "", "", false}, std::nullopt, tokens).status == 404);
}

TEST_CASE("connect says why it is off where no sandbox can start", "[connect]") {
  connect::SandboxHost host;
  host.bwrap = "/nonexistent/bwrap";
  CHECK(connect::sandbox_unavailable_reason(host).find("bubblewrap") != std::string::npos);
}
