// Launch templates as RunInstances needs them: the request with the template it names
// merged in, as AWS merges it.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

struct TemplatedLaunch {
  nlohmann::ordered_json input;  // the request, over the template version's data
  nlohmann::ordered_json tags;   // the aws:ec2launchtemplate:* tags its instances carry; [] without a template
};

// A RunInstances request without LaunchTemplate is returned as it is. With one: the
// version it names ($Default when none) supplies every parameter the request leaves out.
TemplatedLaunch apply_launch_template(const store::Reader& r, const RequestContext& ctx, const nlohmann::ordered_json& input);

}  // namespace ec2sim::sim
