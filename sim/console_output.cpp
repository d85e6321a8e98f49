// GetConsoleOutput: what the instance's serial console printed while it booted — the
// kernel, cloud-init bringing the network up under the instance's host name, and the SSH
// host key fingerprints cloud-init prints so a student can check them on first connect.
//
// The host keys are real: generated when the console is first read and kept with the
// instance, so the fingerprints stay the same across reads and reboots, as on a real disk.
#include "sim/connect_target.hpp"
#include "sim/errors.hpp"
#include "sim/guest_fs.hpp"
#include "sim/guest_storage.hpp"
#include "sim/instance_view.hpp"
#include "sim/instances.hpp"
#include "sim/handlers.hpp"
#include "sim/time_format.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/records.hpp"
#include "sim/ssh_keys.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

// The lines that differ by the machine under the guest: Xen (t2, m4 …) shows its HVM
// callback and xvd disks on eth0; Nitro's KVM (and bare metal, with no hypervisor at all)
// shows NVMe disks and the ENA interface ens5 — as DescribeInstanceTypes describes the type.
struct Machine {
  std::string hypervisor_line;  // empty on bare metal
  std::string disk_line;
  std::string root_partition;
  std::string interface;
};

Machine machine_of(const catalog::InstanceType* type) {
  const json none = json::object();
  const json& info = type ? type->info : none;
  if (info.value("Hypervisor", "nitro") == "xen")
    return {"Hypervisor detected: Xen HVM",
            "blkfront: xvda: barrier or flush: disabled; persistent grants: disabled; indirect descriptors: enabled;",
            "xvda1", "eth0"};
  return {info.value("BareMetal", false) ? "" : "Hypervisor detected: KVM", "nvme nvme0: pci function 0000:00:04.0",
          "nvme0n1p1", "ens5"};
}

// What cloud-init printed running the user data (connect/guest/cloud-init writes it to the
// root volume's /var/log/cloud-init-output.log): its last lines, as the console shows them.
std::string user_data_output(const RequestContext& ctx, const json& instance) {
  if (ctx.settings.data_dir.empty()) return "";
  for (const auto& m : InstanceRecord(instance).block_device_mappings()) {
    if (m.at("DeviceName") != InstanceRecord(instance).root_device_name()) continue;
    const auto log = read_guest_file(volume_dir(ctx, m.at("Ebs").at("VolumeId").get<std::string>()),
                                     "var/log/cloud-init-output.log", 1 << 20);
    if (!log) return "";
    std::string out;
    std::size_t start = 0;
    while (start < log->size()) {
      const auto end = log->find('\n', start);
      const auto line = log->substr(start, end == std::string::npos ? std::string::npos : end - start);
      out += "[    8.000000] cloud-init[1870]: " + line + "\n";
      start = end == std::string::npos ? log->size() : end + 1;
    }
    // The console keeps its last 64 KB; half of it for these.
    return out.size() > 32768 ? out.substr(out.size() - 32768) : out;
  }
  return "";
}

std::string linux_boot_log(const json& instance, const json& host_keys, const Machine& machine,
                           const std::string& user_data_lines) {
  const std::string image = InstanceRecord(instance).image_name();
  const bool amazon = image.starts_with("al2023") || image.starts_with("amzn2");
  const std::string kernel = image.starts_with("al2023") ? "6.1.112-124.190.amzn2023" :
                             image.starts_with("amzn2") ? "5.10.228-219.884.amzn2" :
                             image.find("noble") != std::string::npos ? "6.8.0-1018-aws" :
                             image.find("jammy") != std::string::npos ? "6.5.0-1024-aws" :
                             image.starts_with("debian") ? "6.1.0-27-cloud-amd64" : "5.14.0-503.11.1.el9_5";
  const std::string arch = InstanceRecord(instance).architecture() == "arm64" ? "aarch64" : "x86_64";
  const std::string host = host_name_of(instance);
  const std::string short_host = host.substr(0, host.find('.'));
  const std::string ip = InstanceRecord(instance).private_ip();
  std::string log;
  log += "[    0.000000] Linux version " + kernel + "." + arch + " (mockbuild@builder) #1 SMP\n";
  log += "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-" + kernel + " root=UUID=" + InstanceRecord(instance).id().substr(2) + " ro console=tty0 console=ttyS0,115200n8\n";
  if (!machine.hypervisor_line.empty()) log += "[    0.512000] " + machine.hypervisor_line + "\n";
  log += "[    1.204000] " + machine.disk_line + "\n";
  log += "[    2.018000] EXT4-fs (" + machine.root_partition + "): mounted filesystem with ordered data mode\n";
  log += "[    3.300000] cloud-init[1102]: Cloud-init v. 22.2.2 running 'init' at boot. Up 3.30 seconds.\n";
  log += "[    3.310000] cloud-init[1102]: ci-info: ++++++++++++++++++++++++Net device info+++++++++++++++++++++++++\n";
  log += "[    3.310000] cloud-init[1102]: ci-info: |  " + machine.interface + "  | True | " + ip + " | 255.255.240.0 | global |\n";
  log += "[    3.400000] cloud-init[1102]: Generating public/private ed25519 key pair.\n";
  log += std::string(amazon ? "Amazon Linux" : "Welcome to Linux") + " on " + short_host + "\n\n";
  log += short_host + " login: \n";
  log += "-----BEGIN SSH HOST KEY FINGERPRINTS-----\n";
  for (const auto& k : host_keys)
    log += k.at("Bits").get<std::string>() + " SHA256:" + k.at("Fingerprint").get<std::string>() + " root@" + short_host +
           " (" + k.at("Type").get<std::string>() + ")\n";
  log += "-----END SSH HOST KEY FINGERPRINTS-----\n";
  log += "-----BEGIN SSH HOST KEY KEYS-----\n";
  for (const auto& k : host_keys) log += k.at("PublicKey").get<std::string>() + " root@" + short_host + "\n";
  log += "-----END SSH HOST KEY KEYS-----\n";
  log += user_data_lines;
  log += "[    8.120000] cloud-init[1870]: Cloud-init v. 22.2.2 finished. Datasource DataSourceEc2. Up 8.12 seconds\n";
  return log;
}

std::string windows_boot_log(const json& instance) {
  const std::string when = InstanceRecord(instance).launch_time();
  return when + " Info: EC2Launch: Windows sysprep configuration complete.\r\n" + when +
         " Info: EC2Launch: Instance ID: " + InstanceRecord(instance).id() + "\r\n" + when +
         " Info: EC2Launch: Username: Administrator\r\n" + when +
         " Info: EC2Launch: Password: <Password>\r\n(encrypted with the key pair; GetPasswordData)\r\n</Password>\r\n" +
         when + " Info: Message: Windows is Ready to use\r\n";
}

}  // namespace

json get_console_output(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("InstanceId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    json instance = instances_named(w, ctx, json::array({id})).at(0);
    json out = {{"InstanceId", id}, {"Timestamp", format_iso8601(ctx.now)}};
    // Nothing has been printed before the instance first booted.
    if (InstanceRecord(instance).state() == "pending" && !instance.contains("_HostKeys")) return out;
    if (ensure_host_keys(instance)) w.put(ctx.scope(), kind::instance, id, instance);
    const bool windows = InstanceRecord(instance).platform() == "windows";
    out["Output"] = base64_encode(windows ? windows_boot_log(instance)
                                      : linux_boot_log(instance, instance.at("_HostKeys"),
                                                       machine_of(ctx.catalog.find_instance_type(
                                                           InstanceRecord(instance).instance_type())),
                                                       user_data_output(ctx, instance)));
    return out;
  });
}

}  // namespace ec2sim::sim
