// An instance as the EC2 API shows it, from the record the store keeps (see
// sim/document_view.hpp): what every instance shares is a default; its host names (from
// its addresses and Region) and its primary network interface — its addresses, groups,
// subnet and public IP again, plus the three ids of its own a record keeps as `_EniId`,
// `_EniAttachmentId` and `_MacAddress` — are derived.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/document_view.hpp"

namespace ec2sim::sim {

const DocumentView& instance_view();

// The instance's private host name, ip-172-31-0-4.ap-northeast-2.compute.internal
// ("localhost" once terminated), as its console and /etc/hostname show it.
std::string host_name_of(const nlohmann::ordered_json& record);

// The id of an instance's primary network interface ("" once terminated).
std::string network_interface_id(const nlohmann::ordered_json& record);

}  // namespace ec2sim::sim
