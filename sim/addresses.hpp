// Elastic IP addresses as other files need them (the operations are in sim/handlers.hpp).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// Forgets the address's association (instance, network interface, private address);
// the address stays allocated.
void clear_association(nlohmann::ordered_json& address);

// Clears the association of the stored address `allocation_id`, if it still exists (its
// instance is updated by the caller).
void set_address_free(store::Writer& w, const RequestContext& ctx, const std::string& allocation_id);

}  // namespace ec2sim::sim
