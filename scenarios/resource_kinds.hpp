// The resources a check can find and a path can follow an id to (`->`), each with the
// Describe operation that lists it — so a check sees what the student's aws-cli sees,
// filters and all.
#pragma once

#include <span>
#include <string_view>

namespace ec2sim::scenarios {

struct ResourceKind {
  std::string_view name;        // what a check's "find" says: "instances", "security-groups" …
  std::string_view id_prefix;   // "i", "sg" …: how `->` knows an id's kind
  std::string_view describe;    // "DescribeInstances"
  std::string_view ids_member;  // "InstanceIds": the Describe input that names ids
  std::string_view items;       // where the result lists them, one value each (a path): "Reservations[*].Instances[*]"
  std::string_view id_member;   // "InstanceId": each item's own id
  std::string_view own_only;    // a Describe input member that limits it to the caller's own (Owners: self)
  std::string_view stored_as;   // the store's type for its documents (a timeline's "when" reads them)
};

std::span<const ResourceKind> resource_kinds();
const ResourceKind* find_resource_kind(std::string_view name);
// The kind whose ids look like `id` ("ami-…" → images); nullptr for none.
const ResourceKind* resource_kind_of_id(std::string_view id);

}  // namespace ec2sim::scenarios
