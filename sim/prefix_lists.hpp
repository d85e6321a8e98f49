// Prefix lists as other files need them: routes and security group rules may name one.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The prefix list `id` — one of the account's own, or AWS's for a service in the Region
// (S3, DynamoDB) — as DescribeManagedPrefixLists shows it; InvalidPrefixListID.NotFound
// when there is none.
nlohmann::ordered_json find_prefix_list(const store::Reader& r, const RequestContext& ctx, const std::string& id);

// The id of AWS's prefix list `name` in the Region (com.amazonaws.<region>.s3 …); "" for none.
std::string aws_prefix_list_id(const RequestContext& ctx, const std::string& name);

}  // namespace ec2sim::sim
