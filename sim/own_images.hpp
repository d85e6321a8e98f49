// AMIs an account makes: CreateImage (from an instance, with a snapshot of each EBS
// volume), RegisterImage (from snapshots), CopyImage (from another Region),
// DeregisterImage, Describe/ModifyImageAttribute (sim/handlers.hpp). An image is
// pending until all its snapshots are completed, then available; an instance launched
// from it starts with the files its snapshots captured.
#pragma once

#include <optional>
#include <vector>

#include "catalog/catalog.hpp"
#include "sim/context.hpp"

namespace ec2sim::sim {

// The account's images in this Region, as Image documents (copies).
std::vector<catalog::Image> own_images(const store::Reader& w, const RequestContext& ctx);
// One of them, or one shared with the account (images_shared_with), or nothing.
std::optional<catalog::Image> find_own_image(const store::Reader& w, const RequestContext& ctx, const std::string& id);

// Other accounts' images in this Region that this account may launch: public ones, and
// those whose launch permissions name it.
std::vector<catalog::Image> images_shared_with(const store::Reader& w, const RequestContext& ctx);

// A pending image becomes available when its snapshots have all completed: images are a
// timed kind (sim/timed_kinds.hpp), due when their last snapshot is.
bool advance_image(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& image);

}  // namespace ec2sim::sim
