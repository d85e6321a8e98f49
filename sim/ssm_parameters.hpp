// AWS's public SSM parameters for AMIs (/aws/service/ami-amazon-linux-latest/…,
// /aws/service/canonical/ubuntu/…, /aws/service/debian/…, /aws/service/ami-windows-latest/…),
// each naming the newest catalog image of its family in the Region (catalog/images.json):
// read through SSM's GetParameter, GetParameters and GetParametersByPath, and resolved where
// EC2 takes an image id as `resolve:ssm:NAME` (RunInstances, launch templates).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// `image_id` itself, or the image a `resolve:ssm:` alias names; InvalidParameterValue
// when the parameter does not exist.
std::string resolve_image_alias(const RequestContext& ctx, const std::string& image_id);

// SSM's operations (JSON in and out, member names as SSM's API has them); errors are
// ApiErrors with SSM's codes (ParameterNotFound, ValidationException …).
nlohmann::ordered_json ssm_get_parameter(const RequestContext& ctx, const nlohmann::ordered_json& input);
nlohmann::ordered_json ssm_get_parameters(const RequestContext& ctx, const nlohmann::ordered_json& input);
nlohmann::ordered_json ssm_get_parameters_by_path(const RequestContext& ctx, const nlohmann::ordered_json& input);

}  // namespace ec2sim::sim
