// DescribeImages over the catalog's public AMIs and the account's own (sim/own_images.hpp).
#include <regex>

#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"
#include "sim/own_images.hpp"
#include "sim/pagination.hpp"
#include "sim/records.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& image_filters() {
  static const FilterTable table{
      {
          {"architecture", Path::path("Architecture")},
          {"block-device-mapping.delete-on-termination", Path::path("BlockDeviceMappings.Ebs.DeleteOnTermination")},
          {"block-device-mapping.device-name", Path::path("BlockDeviceMappings.DeviceName")},
          {"block-device-mapping.snapshot-id", Path::path("BlockDeviceMappings.Ebs.SnapshotId")},
          {"block-device-mapping.volume-size", Path::path("BlockDeviceMappings.Ebs.VolumeSize")},
          {"block-device-mapping.volume-type", Path::path("BlockDeviceMappings.Ebs.VolumeType")},
          {"block-device-mapping.encrypted", Path::path("BlockDeviceMappings.Ebs.Encrypted")},
          {"boot-mode", Path::path("BootMode")},
          {"creation-date", Path::path("CreationDate")},
          {"deprecation-time", Path::path("DeprecationTime")},
          {"description", Path::path("Description")},
          {"ena-support", Path::path("EnaSupport")},
          {"hypervisor", Path::path("Hypervisor")},
          {"image-id", Path::path("ImageId")},
          {"image-type", Path::path("ImageType")},
          {"imds-support", Path::path("ImdsSupport")},
          {"is-public", Path::path("Public")},
          {"kernel-id", Path::path("KernelId")},
          {"manifest-location", Path::path("ImageLocation")},
          {"name", Path::path("Name")},
          {"owner-alias", Path::path("ImageOwnerAlias")},
          {"owner-id", Path::path("OwnerId")},
          {"platform", Path::path("Platform")},
          {"platform-details", Path::path("PlatformDetails")},
          {"product-code", Path::path("ProductCodes.ProductCodeId")},
          {"product-code.type", Path::path("ProductCodes.ProductCodeType")},
          {"ramdisk-id", Path::path("RamdiskId")},
          {"root-device-name", Path::path("RootDeviceName")},
          {"root-device-type", Path::path("RootDeviceType")},
          {"state", Path::path("State")},
          {"state-reason-code", Path::path("StateReason.Code")},
          {"state-reason-message", Path::path("StateReason.Message")},
          {"sriov-net-support", Path::path("SriovNetSupport")},
          {"tpm-support", Path::path("TpmSupport")},
          {"usage-operation", Path::path("UsageOperation")},
          {"virtualization-type", Path::path("VirtualizationType")},
      },
      /*has_tags=*/true};
  return table;
}

// Does the image belong to one of the requested owners? `self` is the caller's account,
// `amazon`/`aws-marketplace`/… an owner alias, anything else an account id.
bool owned_by(const json& image, const std::vector<std::string>& owners, const std::string& account) {
  if (owners.empty()) return true;
  const auto& owner_id = image.at("OwnerId").get_ref<const std::string&>();
  auto alias = image.find("ImageOwnerAlias");
  for (const auto& o : owners) {
    if (o == "self" ? owner_id == account : o == owner_id) return true;
    if (alias != image.end() && *alias == o) return true;
  }
  return false;
}

// ExecutableUsers as AWS reads it: `all` admits public images; `self` (or the caller's
// own id) images shared with the caller explicitly; another account's id the caller's
// images shared with that account. Public images are not "shared with" anyone.
bool executable_by(const json& image, const std::vector<std::string>& users, const std::string& account) {
  if (users.empty()) return true;
  const bool mine = image.value("OwnerId", "") == account;
  const auto& permissions = ImageRecord(image).launch_permissions();
  auto granted_to = [&](const std::string& user) {
    return std::find(permissions.begin(), permissions.end(), json{{"UserId", user}}) != permissions.end();
  };
  for (const auto& u : users) {
    if (u == "all" ? ImageRecord(image).is_public()
        : u == "self" || u == account ? !mine && granted_to(account)
                                      : mine && granted_to(u))
      return true;
  }
  return false;
}

}  // namespace

json describe_images(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  image_filters().validate(filters);

  std::vector<std::string> owners, ids, executable_users;
  for (const auto& o : input.value("Owners", json::array())) owners.push_back(o.get<std::string>());
  for (const auto& o : input.value("ExecutableUsers", json::array())) executable_users.push_back(o.get<std::string>());
  for (const auto& i : input.value("ImageIds", json::array())) ids.push_back(i.get<std::string>());

  if (!ids.empty() && input.contains("MaxResults"))
    throw ApiError::invalid_combination("The parameter ImageIds cannot be used with the parameter MaxResults");
  auto page = page_request(input, 0);

  static const std::regex kOwner("self|amazon|aws-marketplace|aws-backup-vault|[0-9]{12}");
  for (const auto& o : owners)
    if (!std::regex_match(o, kOwner)) throw ApiError::client("InvalidUserID.Malformed", "Invalid user id: \"" + o + "\"");
  static const std::regex kImageId("ami-([0-9a-f]{8}|[0-9a-f]{17})");
  for (const auto& id : ids)
    if (!std::regex_match(id, kImageId))
      throw ApiError::client("InvalidAMIID.Malformed", "Invalid id: \"" + id + "\" (expecting \"ami-...\")");

  const auto own = ctx.store.read([&](const store::Reader& w) {
    auto images = own_images(w, ctx);
    for (auto& shared : images_shared_with(w, ctx)) images.push_back(std::move(shared));
    return images;
  });
  const auto& images = ctx.catalog.images(ctx.region.name);
  std::vector<std::string> missing;
  for (const auto& id : ids) {
    auto named = [&](const catalog::Image& i) { return i.id == id; };
    if (std::none_of(images.begin(), images.end(), named) && std::none_of(own.begin(), own.end(), named)) missing.push_back(id);
  }
  if (!missing.empty()) throw ApiError::not_found("InvalidAMIID.NotFound", "image id", "image ids", missing, "'[", "]'");
  // Deprecated public images are hidden unless asked for, or named by id.
  const bool include_deprecated = input.value("IncludeDeprecated", false) || !ids.empty();
  const std::string now = format_iso8601(ctx.now);

  std::vector<const catalog::Image*> matching;
  for (const auto& image : images) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), image.id) == ids.end()) continue;
    if (!owned_by(image.info, owners, ctx.account_id)) continue;
    if (!executable_by(image.info, executable_users, ctx.account_id)) continue;
    if (!include_deprecated) {
      auto deprecation = image.info.find("DeprecationTime");
      if (deprecation != image.info.end() && deprecation->get_ref<const std::string&>() <= now) continue;
    }
    if (image_filters().matches(filters, image.info)) matching.push_back(&image);
  }
  for (const auto& image : own) {  // the account's own images (copies, not borrowed)
    if (!ids.empty() && std::find(ids.begin(), ids.end(), image.id) == ids.end()) continue;
    // Images shared with the account show as AWS shows them: beside its own.
    if (owned_by(image.info, owners, ctx.account_id) && executable_by(image.info, executable_users, ctx.account_id) &&
        image_filters().matches(filters, image.info))
      matching.push_back(&image);
  }
  std::sort(matching.begin(), matching.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
  auto is_own = [&](const catalog::Image& i) { return &i >= own.data() && &i < own.data() + own.size(); };
  return paged_result(
      "Images", matching, page, [](const catalog::Image& i) -> const std::string& { return i.id; },
      [&](const catalog::Image& i) {
        return is_own(i) ? i.info : constant(ctx.borrowed, i.info);  // catalog documents never change
      });
}

}  // namespace ec2sim::sim
