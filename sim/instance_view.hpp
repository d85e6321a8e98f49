// An instance as the EC2 API shows it, from the record the store keeps (see
// sim/document_view.hpp): what every instance shares is a default, and its primary
// network interface — its addresses, groups, subnet and public IP again, plus the three
// ids of its own a record keeps as `_EniId`, `_EniAttachmentId` and `_MacAddress` — is
// derived.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/document_view.hpp"

namespace ec2sim::sim {

const DocumentView& instance_view();

// The id of an instance's primary network interface ("" once terminated).
std::string network_interface_id(const nlohmann::ordered_json& record);

}  // namespace ec2sim::sim
