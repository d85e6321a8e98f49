// Launch templates: named, versioned launch parameters. Create (with version 1), more
// versions (from a source version, overridden member by member), the default version
// (ModifyLaunchTemplate), describe templates and versions ($Latest, $Default, numbers,
// ranges), delete versions (never the default) or the whole template, GetLaunchTemplateData
// from an instance, and RunInstances from a template (apply_launch_template).
#include "sim/launch_templates.hpp"

#include <algorithm>
#include <cstdio>

#include "sim/client_tokens.hpp"
#include "sim/describe.hpp"
#include "sim/document_view.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/instance_view.hpp"
#include "sim/instances.hpp"
#include "sim/pagination.hpp"
#include "sim/records.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

constexpr int kVersionsPerTemplate = 10000;  // AWS's quota

const FilterTable& template_filters() {
  static const FilterTable table{{
                                     {"create-time", Path::path("CreateTime")},
                                     {"launch-template-name", Path::path("LaunchTemplateName")},
                                 },
                                 true};
  return table;
}

const FilterTable& version_filters() {
  static const FilterTable table{{
      {"create-time", Path::path("CreateTime")},
      {"ebs-optimized", Path::path("LaunchTemplateData.EbsOptimized")},
      {"http-endpoint", Path::path("LaunchTemplateData.MetadataOptions.HttpEndpoint")},
      {"http-protocol-ipv4", Path::path("LaunchTemplateData.MetadataOptions.HttpProtocolIpv4")},
      {"host-resource-group-arn", Path::path("LaunchTemplateData.Placement.HostResourceGroupArn")},
      {"http-tokens", Path::path("LaunchTemplateData.MetadataOptions.HttpTokens")},
      {"iam-instance-profile", Path::path("LaunchTemplateData.IamInstanceProfile.Name")},
      {"image-id", Path::path("LaunchTemplateData.ImageId")},
      {"instance-type", Path::path("LaunchTemplateData.InstanceType")},
      {"is-default-version", Path::path("DefaultVersion")},
      {"license-configuration-arn", Path::path("LaunchTemplateData.LicenseSpecifications.LicenseConfigurationArn")},
      {"network-card-index", Path::path("LaunchTemplateData.NetworkInterfaces.NetworkCardIndex")},
      {"ram-disk-id", Path::path("LaunchTemplateData.RamDiskId")},
      {"kernel-id", Path::path("LaunchTemplateData.KernelId")},
  }};
  return table;
}

// 3 to 128 of letters, digits and ( ) . - / _, as AWS allows.
void check_template_name(const std::string& name) {
  const bool ok = name.size() >= 3 && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("().-/_").find(c) != std::string_view::npos;
                  });
  if (!ok)
    throw ApiError::client("InvalidLaunchTemplateName.MalformedException",
                           "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, "
                           "and the following characters: - ( ) . / _.");
}

// The template a request names by LaunchTemplateId or LaunchTemplateName (exactly one).
const json& named_template(const store::Reader& r, const RequestContext& ctx, const json& named) {
  const bool by_id = named.contains("LaunchTemplateId"), by_name = named.contains("LaunchTemplateName");
  if (by_id && by_name) throw ApiError::invalid_combination("A launch template may be named by ID or by name, not both.");
  if (by_id) {
    const std::string id = named.at("LaunchTemplateId").get<std::string>();
    if (!is_id(id, "lt")) throw ApiError::client("InvalidLaunchTemplateId.Malformed", "The launch template ID '" + id + "' is malformed.");
    if (const json* t = r.find(ctx.scope(), kind::launch_template, id)) return *t;
    throw ApiError::client("InvalidLaunchTemplateId.NotFound",
                           "The specified launch template, with template ID " + id + ", does not exist.");
  }
  if (by_name) {
    const std::string name = named.at("LaunchTemplateName").get<std::string>();
    for (const auto& [id, t] : r.all(ctx.scope(), kind::launch_template))
      if (t.at("LaunchTemplateName") == name) return t;
    throw ApiError::client("InvalidLaunchTemplateName.NotFoundException",
                           "The specified launch template, with template name " + name + ", does not exist.");
  }
  throw ApiError::missing_parameter("The request must contain the parameter LaunchTemplateId or LaunchTemplateName");
}

// The version number `asked` ("$Latest", "$Default" or a number) names in `t`; 0 when it is
// not one of the template's versions.
int version_number(const json& t, const std::string& asked) {
  if (asked == "$Latest") return t.at("LatestVersionNumber").get<int>();
  if (asked == "$Default") return t.at("DefaultVersionNumber").get<int>();
  if (asked.empty() || asked.size() > 9 || !std::all_of(asked.begin(), asked.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw ApiError::invalid_value("Value (" + asked + ") for parameter version is invalid. Expected a number, $Latest or $Default.");
  const int n = std::stoi(asked);
  for (const auto& v : t.at("_Versions"))
    if (v.at("VersionNumber") == n) return n;
  return 0;
}

ApiError version_not_found(const json& t, const std::string& asked) {
  return ApiError::client("InvalidLaunchTemplateId.VersionNotFound", "Could not find the specified version " + asked +
                                                                         " for the launch template with ID " +
                                                                         t.at("LaunchTemplateId").get<std::string>() + ".");
}

// Merges a list of `items` under `base`'s, an item replacing the one with the same `key`.
json merged_by(const json& base, const json& items, const char* key) {
  json out = base;
  for (const auto& item : items) {
    auto same = std::find_if(out.begin(), out.end(), [&](const json& b) { return b.value(key, json()) == item.value(key, json()); });
    if (same != out.end()) *same = item;
    else out.push_back(item);
  }
  return out;
}

// The request's tag specifications over the template's: per resource type, per tag key.
json merged_tag_specifications(const json& base, const json& specs) {
  json out = base;
  for (const auto& spec : specs) {
    const std::string type = spec.value("ResourceType", "");
    auto same = std::find_if(out.begin(), out.end(), [&](const json& s) { return s.value("ResourceType", "") == type; });
    if (same == out.end()) out.push_back(spec);
    else (*same)["Tags"] = merged_by(same->value("Tags", json::array()), spec.value("Tags", json::array()), "Key");
  }
  return out;
}

// A version as the API shows it (DefaultVersion follows the template).
json shown_version(const json& t, const json& v) {
  json out = v;
  out["DefaultVersion"] = v.at("VersionNumber") == t.at("DefaultVersionNumber");
  return out;
}

const json& version_of(const json& t, const std::string& asked) {
  const int n = version_number(t, asked);
  for (const auto& v : t.at("_Versions"))
    if (v.at("VersionNumber") == n) return v;
  throw version_not_found(t, asked);
}

json new_version(const RequestContext& ctx, const json& t, int number, const json& input, json data) {
  json v = {{"LaunchTemplateId", t.at("LaunchTemplateId")},
            {"LaunchTemplateName", t.at("LaunchTemplateName")},
            {"VersionNumber", number},
            {"CreateTime", format_iso8601(ctx.now)},
            {"CreatedBy", "arn:aws:iam::" + ctx.account_id + ":root"},
            {"LaunchTemplateData", std::move(data)}};
  if (input.contains("VersionDescription")) v["VersionDescription"] = input.at("VersionDescription");
  return v;
}

// MinVersion or MaxVersion (both inclusive), or `otherwise` when the request has none.
int version_bound(const json& input, const char* member, int otherwise) {
  if (!input.contains(member)) return otherwise;
  const std::string text = input.at(member).get<std::string>();
  if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw ApiError::invalid_value("Value (" + text + ") for parameter " + member + " is invalid. Expected a version number.");
  return std::stoi(text);
}

json shown_template(json t) {
  t.erase("_Id");
  t.erase("_Versions");
  return t;
}

// What GetLaunchTemplateData answers for an instance: the data a template needs to launch
// the same (its volumes read in the same view of the store).
json launch_template_data(const RequestContext& ctx, const store::Reader& r, const json& input) {
  const json i = complete(instances_named(r, ctx, json::array({input.at("InstanceId")})).at(0), instance_view());
  json data = {{"ImageId", i.at("ImageId")}, {"InstanceType", i.at("InstanceType")}};
  if (i.contains("KeyName")) data["KeyName"] = i.at("KeyName");
  data["Monitoring"] = {{"Enabled", i.at("Monitoring").at("State") != "disabled"}};
  data["Placement"] = {{"AvailabilityZone", i.at("Placement").at("AvailabilityZone")},
                       {"GroupName", i.at("Placement").value("GroupName", "")},
                       {"Tenancy", i.at("Placement").value("Tenancy", "default")}};
  json interfaces = json::array();
  for (const auto& eni : i.value("NetworkInterfaces", json::array())) {
    json groups = json::array();
    for (const auto& g : eni.value("Groups", json::array())) groups.push_back(g.at("GroupId"));
    json ips = json::array();
    for (const auto& ip : eni.value("PrivateIpAddresses", json::array()))
      ips.push_back({{"Primary", ip.value("Primary", false)}, {"PrivateIpAddress", ip.at("PrivateIpAddress")}});
    interfaces.push_back({{"AssociatePublicIpAddress", eni.contains("Association")},
                          {"DeleteOnTermination", eni.at("Attachment").value("DeleteOnTermination", true)},
                          {"Description", eni.value("Description", "")},
                          {"DeviceIndex", eni.at("Attachment").value("DeviceIndex", 0)},
                          {"Groups", groups},
                          {"InterfaceType", eni.value("InterfaceType", "interface")},
                          {"Ipv6Addresses", json::array()},
                          {"NetworkInterfaceId", eni.at("NetworkInterfaceId")},
                          {"PrivateIpAddresses", ips},
                          {"SubnetId", eni.at("SubnetId")},
                          {"NetworkCardIndex", eni.at("Attachment").value("NetworkCardIndex", 0)}});
  }
  data["NetworkInterfaces"] = interfaces;
  json mappings = json::array();
  for (const auto& m : i.value("BlockDeviceMappings", json::array())) {
    const json* volume = r.find(ctx.scope(), kind::volume, m.at("Ebs").value("VolumeId", ""));
    if (!volume) continue;
    json ebs = {{"Encrypted", volume->value("Encrypted", false)},
                {"DeleteOnTermination", m.at("Ebs").value("DeleteOnTermination", true)},
                {"SnapshotId", volume->value("SnapshotId", "")},
                {"VolumeSize", volume->at("Size")},
                {"VolumeType", volume->at("VolumeType")}};
    // IOPS and throughput only where a request may set them (gp2's IOPS follow its size).
    const std::string type = volume->at("VolumeType").get<std::string>();
    if (volume->contains("Iops") && (type == "gp3" || type == "io1" || type == "io2")) ebs["Iops"] = volume->at("Iops");
    if (volume->contains("Throughput") && type == "gp3") ebs["Throughput"] = volume->at("Throughput");
    if (ebs.at("SnapshotId") == "") ebs.erase("SnapshotId");
    mappings.push_back({{"DeviceName", m.at("DeviceName")}, {"Ebs", std::move(ebs)}});
  }
  data["BlockDeviceMappings"] = mappings;
  data["EbsOptimized"] = i.value("EbsOptimized", false);
  data["DisableApiTermination"] = InstanceRecord(i).termination_protected();
  data["DisableApiStop"] = InstanceRecord(i).stop_protected();
  data["InstanceInitiatedShutdownBehavior"] = InstanceRecord(i).shutdown_behavior();
  if (i.contains("_UserData")) data["UserData"] = i.at("_UserData");
  json user_tags = json::array();
  for (const auto& tag : i.value("Tags", json::array()))
    if (!tag.at("Key").get_ref<const std::string&>().starts_with("aws:")) user_tags.push_back(tag);
  if (!user_tags.empty()) data["TagSpecifications"] = json::array({{{"ResourceType", "instance"}, {"Tags", user_tags}}});
  for (const char* member : {"CpuOptions", "CapacityReservationSpecification", "HibernationOptions", "MetadataOptions",
                             "EnclaveOptions", "PrivateDnsNameOptions", "MaintenanceOptions", "IamInstanceProfile"})
    if (i.contains(member)) data[member] = i.at(member);
  if (data.contains("IamInstanceProfile")) data["IamInstanceProfile"].erase("Id");
  if (i.contains("_CpuCredits")) data["CreditSpecification"] = {{"CpuCredits", i.at("_CpuCredits")}};
  return {{"LaunchTemplateData", std::move(data)}};
}

}  // namespace

TemplatedLaunch apply_launch_template(const store::Reader& r, const RequestContext& ctx, const json& input) {
  auto named = input.find("LaunchTemplate");
  if (named == input.end()) return {input, json::array()};
  const json& t = named_template(r, ctx, *named);
  const std::string asked = named->value("Version", "$Default");
  const json& version = version_of(t, asked);
  // The template's data under the request's own parameters, as AWS merges them: a member
  // the request gives replaces the template's, but tags merge by key and block device
  // mappings by device name. (Groups beside a template's interfaces are then refused by
  // RunInstances's own checks, as on AWS.)
  json merged = version.at("LaunchTemplateData");
  for (const auto& [key, value] : input.items()) {
    if (key == "LaunchTemplate") continue;
    if (key == "TagSpecifications" && merged.contains(key)) merged[key] = merged_tag_specifications(merged.at(key), value);
    else if (key == "BlockDeviceMappings" && merged.contains(key)) merged[key] = merged_by(merged.at(key), value, "DeviceName");
    else merged[key] = value;
  }
  if (merged.contains("InstanceRequirements"))
    throw ApiError::client("UnsupportedOperation", "ec2sim launches a named instance type: attribute-based InstanceRequirements are not simulated.");
  const json tags = json::array({{{"Key", "aws:ec2launchtemplate:id"}, {"Value", t.at("LaunchTemplateId")}},
                                 {{"Key", "aws:ec2launchtemplate:version"}, {"Value", std::to_string(version.at("VersionNumber").get<int>())}}});
  return {std::move(merged), tags};
}

json create_launch_template(const RequestContext& ctx, const json& input) {
  const std::string name = input.at("LaunchTemplateName").get<std::string>();
  check_template_name(name);
  if (input.at("LaunchTemplateData").empty())
    throw ApiError::missing_parameter("The request must contain the parameter LaunchTemplateData");
  json tags = tags_for(input, "launch-template");
  return ctx.store.write([&](store::Writer& w) {
    if (const json* made = replayed_resource(w, ctx, "CreateLaunchTemplate", input, kind::launch_template, "LaunchTemplateId"))
      return json{{"LaunchTemplate", shown_template(*made)}};  // as it is now
    for (const auto& [id, t] : w.all(ctx.scope(), kind::launch_template))
      if (t.at("LaunchTemplateName") == name)
        throw ApiError::client("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use.");
    const std::string id = new_id("lt");
    json t = {{"_Id", id},
              {"CreateTime", format_iso8601(ctx.now)},
              {"CreatedBy", "arn:aws:iam::" + ctx.account_id + ":root"},
              {"DefaultVersionNumber", 1},
              {"LatestVersionNumber", 1},
              {"LaunchTemplateId", id},
              {"LaunchTemplateName", name},
              {"Tags", std::move(tags)}};
    t["_Versions"] = json::array({new_version(ctx, t, 1, input, input.at("LaunchTemplateData"))});
    w.put(ctx.scope(), kind::launch_template, id, t);
    remember_call(w, ctx, "CreateLaunchTemplate", input, {{"LaunchTemplateId", id}});
    return json{{"LaunchTemplate", shown_template(std::move(t))}};
  });
}

json create_launch_template_version(const RequestContext& ctx, const json& input) {
  return ctx.store.write([&](store::Writer& w) {
    json t = named_template(w, ctx, input);
    const std::string id = t.at("LaunchTemplateId").get<std::string>();
    if (const json* previous = replayed_call(w, ctx, "CreateLaunchTemplateVersion", input))
      for (const auto& v : t.at("_Versions"))
        if (v.at("VersionNumber") == previous->at("VersionNumber")) return json{{"LaunchTemplateVersion", shown_version(t, v)}};
    // From a source version: its data, each member the request gives replacing the source's.
    json data = input.at("LaunchTemplateData");
    if (input.contains("SourceVersion")) {
      json base = version_of(t, input.at("SourceVersion").get<std::string>()).at("LaunchTemplateData");
      for (const auto& [key, value] : data.items()) base[key] = value;
      data = std::move(base);
    }
    const int number = t.at("LatestVersionNumber").get<int>() + 1;
    if (t.at("_Versions").size() >= static_cast<std::size_t>(kVersionsPerTemplate))
      throw ApiError::client("VersionLimitExceeded", "Launch template " + id + " has reached its limit of " +
                                                         std::to_string(kVersionsPerTemplate) + " versions.");
    json v = new_version(ctx, t, number, input, std::move(data));
    t["_Versions"].push_back(v);
    t["LatestVersionNumber"] = number;
    json shown = shown_version(t, v);
    w.put(ctx.scope(), kind::launch_template, id, std::move(t));
    remember_call(w, ctx, "CreateLaunchTemplateVersion", input, {{"VersionNumber", number}});
    return json{{"LaunchTemplateVersion", std::move(shown)}};
  });
}

json modify_launch_template(const RequestContext& ctx, const json& input) {
  if (input.contains("LaunchTemplateId") && input.contains("LaunchTemplateName"))
    throw ApiError::invalid_combination("Either provide launch template ID or launch template name to modify the template.");
  return ctx.store.write([&](store::Writer& w) {
    json t = named_template(w, ctx, input);
    const std::string id = t.at("LaunchTemplateId").get<std::string>();
    if (input.contains("DefaultVersion")) {
      const std::string asked = input.at("DefaultVersion").get<std::string>();
      const int n = version_number(t, asked);
      if (n == 0)
        throw ApiError::client("InvalidLaunchTemplateId.VersionNotFound",
                               "The launch template version " + asked + " is not found for the specified launch template.");
      t["DefaultVersionNumber"] = n;
      w.put(ctx.scope(), kind::launch_template, id, t);
    }
    return json{{"LaunchTemplate", shown_template(std::move(t))}};
  });
}

json delete_launch_template(const RequestContext& ctx, const json& input) {
  return ctx.store.write([&](store::Writer& w) {
    json t = named_template(w, ctx, input);
    w.erase(ctx.scope(), kind::launch_template, t.at("LaunchTemplateId").get<std::string>());
    return json{{"LaunchTemplate", shown_template(std::move(t))}};
  });
}

json delete_launch_template_versions(const RequestContext& ctx, const json& input) {
  return ctx.store.write([&](store::Writer& w) {
    json t = named_template(w, ctx, input);
    const std::string id = t.at("LaunchTemplateId").get<std::string>();
    json deleted = json::array(), failed = json::array();
    json& versions = t.at("_Versions");
    for (const auto& asked_json : input.at("Versions")) {
      const std::string asked = asked_json.get<std::string>();
      json row = {{"LaunchTemplateId", id}, {"LaunchTemplateName", t.at("LaunchTemplateName")}};
      const int n = version_number(t, asked);
      if (n > 0) row["VersionNumber"] = n;
      auto fail = [&](const char* code, const std::string& message) {
        row["ResponseError"] = {{"Code", code}, {"Message", message}};
        failed.push_back(row);
      };
      if (n == 0) {
        fail("launchTemplateVersionDoesNotExist", "The specified launch template version does not exist.");
      } else if (n == t.at("DefaultVersionNumber").get<int>()) {
        fail("unexpectedError", "Cannot delete the default version of a launch template. Delete the launch template instead.");
      } else {
        versions.erase(std::remove_if(versions.begin(), versions.end(), [&](const json& v) { return v.at("VersionNumber") == n; }),
                       versions.end());
        deleted.push_back(row);
      }
    }
    // The latest number is the highest one left (new versions still count on from it).
    int latest = 0;
    for (const auto& v : versions) latest = std::max(latest, v.at("VersionNumber").get<int>());
    t["LatestVersionNumber"] = latest;
    w.put(ctx.scope(), kind::launch_template, id, std::move(t));
    return json{{"SuccessfullyDeletedLaunchTemplateVersions", deleted}, {"UnsuccessfullyDeletedLaunchTemplateVersions", failed}};
  });
}

json describe_launch_templates(const RequestContext& ctx, const json& input) {
  json by_ids = input;
  if (input.contains("LaunchTemplateNames")) {  // names become ids, each must exist
    ctx.store.read([&](const store::Reader& r) {
      for (const auto& name : input.at("LaunchTemplateNames")) {
        const json* found = nullptr;
        for (const auto& [id, t] : r.all(ctx.scope(), kind::launch_template))
          if (t.at("LaunchTemplateName") == name) found = &t;
        if (!found)
          throw ApiError::client("InvalidLaunchTemplateName.NotFoundException",
                                 "At least one of the launch templates specified in the request does not exist.");
        by_ids["LaunchTemplateIds"].push_back(found->at("LaunchTemplateId"));
      }
      return 0;
    });
  }
  return describe_resources(ctx, by_ids,
                            {kind::launch_template, "LaunchTemplateIds", "InvalidLaunchTemplateId.NotFound",
                             "launch template ID", "launch template IDs", template_filters(), "LaunchTemplates"});
}

json describe_launch_template_versions(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  version_filters().validate(filters);
  const auto page = page_request(input, 0);
  std::vector<json> rows;  // shown versions, in (template id, version) order
  std::vector<std::string> keys;
  ctx.store.read([&](const store::Reader& r) {
    std::vector<const json*> templates;
    const bool named = input.contains("LaunchTemplateId") || input.contains("LaunchTemplateName");
    if (named) templates.push_back(&named_template(r, ctx, input));
    else
      for (const auto& [id, t] : r.all(ctx.scope(), kind::launch_template)) templates.push_back(&t);
    const json asked = input.value("Versions", json::array());
    if (!named) {  // every template's latest or default version, and nothing else
      static const std::string kHow =
          "To describe the launch template data for all your launch templates, for '--versions' specify '$Latest', "
          "'$Default', or both, and omit '--launch-template-id', '--launch-template-name', and version numbers. To "
          "describe the launch template data for a specific launch template, specify '--launch-template-id' or "
          "'--launch-template-name', and for '--versions' specify one or more of the following values: '$Latest', "
          "'$Default', or one or more version numbers.";
      if (asked.empty()) throw ApiError::missing_parameter(kHow);
      for (const auto& a : asked)
        if (a != "$Latest" && a != "$Default") throw ApiError::invalid_value(kHow);
    }
    const int min = version_bound(input, "MinVersion", 0);
    const int max = version_bound(input, "MaxVersion", kVersionsPerTemplate);
    for (const json* t : templates) {
      std::vector<int> wanted;
      for (const auto& a : asked) {
        const int n = version_number(*t, a.get<std::string>());
        if (n == 0) throw version_not_found(*t, a.get<std::string>());
        wanted.push_back(n);
      }
      for (const auto& v : t->at("_Versions")) {
        const int n = v.at("VersionNumber").get<int>();
        if (!asked.empty() && std::find(wanted.begin(), wanted.end(), n) == wanted.end()) continue;
        if (n < min || n > max) continue;
        json shown = shown_version(*t, v);
        if (!version_filters().matches(filters, shown)) continue;
        char key[32];
        std::snprintf(key, sizeof key, "/%09d", n);
        keys.push_back(t->at("LaunchTemplateId").get<std::string>() + key);
        rows.push_back(std::move(shown));
      }
    }
    return 0;
  });
  return paged_rows("LaunchTemplateVersions", rows, keys, page);
}

json get_launch_template_data(const RequestContext& ctx, const json& input) {
  return ctx.store.read([&](const store::Reader& r) { return launch_template_data(ctx, r, input); });
}

}  // namespace ec2sim::sim
