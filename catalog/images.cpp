// Expands catalog/images.json into the public Image records of one Region.
#include <algorithm>

#include "catalog/catalog.hpp"

namespace ec2sim::catalog {
namespace {

using json = nlohmann::ordered_json;

std::string fill(std::string text, std::string_view key, std::string_view value) {
  for (auto pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + value.size()))
    text.replace(pos, key.size(), value);
  return text;
}

// Public AMIs are deprecated two years after they are published.
std::string two_years_later(const std::string& iso) {
  int year = std::stoi(iso.substr(0, 4));
  return std::to_string(year + 2) + iso.substr(4);
}

}  // namespace

std::vector<Image> load_images(const json& doc, std::string_view region) {
  std::vector<Image> out;
  for (const auto& f : doc.at("families")) {
    for (const auto& [arch, arch_name] : f.at("arch_names").items()) {
      for (const auto& release : f.at("releases")) {
        const auto version = release.at(0).get<std::string>();
        const auto created = release.at(1).get<std::string>();
        const auto arch_text = arch_name.get<std::string>();  // (clang 14 lambdas cannot capture a binding)
        auto expand = [&](std::string text) {
          text = fill(std::move(text), "{version}", version);
          return fill(std::move(text), "{arch}", arch_text);
        };
        std::string name = expand(f.at("name").get<std::string>());
        const std::string owner = f.at("owner").get<std::string>();
        const std::string seed = std::string(region) + "/" + name;
        const std::string root = f.at("root").get<std::string>();
        const std::string volume_type = f.at("volume_type").get<std::string>();

        json ebs = {{"DeleteOnTermination", true},
                    {"SnapshotId", stable_id("snap", seed + root)},
                    {"VolumeSize", f.at("size").get<int>()},
                    {"VolumeType", volume_type},
                    {"Encrypted", false}};
        if (volume_type == "gp3") {
          ebs["Iops"] = 3000;
          ebs["Throughput"] = 125;
        }
        json mappings = json::array({{{"DeviceName", root}, {"Ebs", ebs}}});
        for (int e = 0; e < f.value("ephemeral_devices", 0); ++e)
          mappings.push_back({{"DeviceName", std::string("/dev/sd") + static_cast<char>('b' + e)},
                              {"VirtualName", "ephemeral" + std::to_string(e)}});

        json image = {{"Architecture", arch},
                      {"CreationDate", created},
                      {"ImageId", stable_id("ami", seed)},
                      {"ImageLocation", (f.contains("alias") ? f.at("alias").get<std::string>() : owner) + "/" + name},
                      {"ImageType", "machine"},
                      {"Public", true},
                      {"OwnerId", owner},
                      {"PlatformDetails", f.value("platform_details", "Linux/UNIX")},
                      {"UsageOperation", f.value("usage_operation", "RunInstances")},
                      {"State", "available"},
                      {"BlockDeviceMappings", mappings},
                      {"Description", expand(f.at("description").get<std::string>())},
                      {"EnaSupport", true},
                      {"Hypervisor", "xen"},
                      {"Name", name},
                      {"RootDeviceName", root},
                      {"RootDeviceType", "ebs"},
                      {"SriovNetSupport", "simple"},
                      {"VirtualizationType", "hvm"},
                      {"DeprecationTime", two_years_later(created)}};
        if (f.contains("alias")) image["ImageOwnerAlias"] = f.at("alias");
        if (f.contains("platform")) image["Platform"] = f.at("platform");
        if (f.contains("boot_mode") && f.at("boot_mode").contains(arch)) image["BootMode"] = f.at("boot_mode").at(arch);
        if (f.contains("imds")) image["ImdsSupport"] = f.at("imds");
        out.push_back({image["ImageId"].get<std::string>(), std::move(image)});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Image& a, const Image& b) { return a.id < b.id; });
  return out;
}

}  // namespace ec2sim::catalog
