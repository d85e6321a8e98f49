// The shape most Describe operations share: an optional list of ids (each must exist),
// filters from the resource's FilterTable, and MaxResults/NextToken paging over the
// account's documents of one type in this Region.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/context.hpp"
#include "sim/filters.hpp"

namespace ec2sim::sim {

struct DescribeSpec {
  std::string_view type;          // store type, e.g. "vpc"
  std::string_view ids_member;    // request member holding ids, e.g. "VpcIds"
  std::string_view not_found;     // error code for an unknown id, e.g. "InvalidVpcID.NotFound"
  std::string_view noun;          // for the message: "vpc ID"
  std::string_view nouns;         // and for several: "vpc IDs"
  const FilterTable& filters;
  std::string_view result_member; // e.g. "Vpcs"
  // Turns a stored document into what the API shows (and filters see); null: as stored.
  nlohmann::ordered_json (*view)(const nlohmann::ordered_json& stored) = nullptr;
};

// The documents an exact `tag:Key` filter names, in id order, from the store's tag index
// (the other filters still apply to them); nullopt when no filter is one (a wildcard in a
// value, or no tag filter at all): then every document must be looked at.
std::optional<std::vector<const nlohmann::ordered_json*>> tag_filtered(const store::Reader& w, const RequestContext& ctx,
                                                                       std::string_view type, const Filters& filters);

// Documents are listed by id. Pagination applies only when the request has MaxResults
// (AWS returns everything otherwise).
nlohmann::ordered_json describe_resources(const RequestContext& ctx, const nlohmann::ordered_json& input, const DescribeSpec& spec);

// The same over documents the caller gathered (each with its `_Id`): the store's and
// AWS's own, say. `spec.type` is not read.
nlohmann::ordered_json describe_documents(const nlohmann::ordered_json& input, std::vector<nlohmann::ordered_json> docs,
                                          const DescribeSpec& spec);

}  // namespace ec2sim::sim
