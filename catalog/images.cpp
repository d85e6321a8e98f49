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

// An image's name: the family's pattern with the release's version and the architecture's
// spelling.
std::string image_name(const json& family, const std::string& version, const std::string& arch_name) {
  return fill(fill(family.at("name").get<std::string>(), "{version}", version), "{arch}", arch_name);
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
        std::string name = image_name(f, version, arch_text);
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

std::vector<PublicParameter> load_public_parameters(const json& doc, std::string_view region) {
  std::vector<PublicParameter> out;
  for (const auto& f : doc.at("families")) {
    if (!f.contains("ssm_parameters") || f.at("releases").empty()) continue;
    const auto& newest = f.at("releases").back();  // releases are listed oldest first
    const auto version = newest.at(0).get<std::string>();
    for (const auto& [arch, arch_name] : f.at("arch_names").items()) {
      const auto arch_text = arch_name.get<std::string>();
      const std::string image_id = stable_id("ami", std::string(region) + "/" + image_name(f, version, arch_text));
      for (const auto& path : f.at("ssm_parameters"))
        out.push_back({fill(path.get<std::string>(), "{arch}", arch_text), image_id, newest.at(1).get<std::string>()});
    }
  }
  std::sort(out.begin(), out.end(), [](const PublicParameter& a, const PublicParameter& b) { return a.name < b.name; });
  return out;
}

}  // namespace ec2sim::catalog
