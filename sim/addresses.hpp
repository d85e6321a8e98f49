// Elastic IP addresses as other files need them (the operations are in sim/handlers.hpp).
#pragma once

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

// Forgets the address's association (instance, network interface, private address);
// the address stays allocated.
void clear_association(nlohmann::ordered_json& address);

}  // namespace ec2sim::sim
