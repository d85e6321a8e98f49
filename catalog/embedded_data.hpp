// The catalog's JSON files, embedded into the binary at build time by
// cmake/embed_text.cmake (one generated .cpp per file), so that ec2sim runs from any
// directory with nothing to install beside it.
#pragma once

#include <string_view>

namespace ec2sim::catalog::embedded {

std::string_view regions_json();
std::string_view instance_types_json();
std::string_view images_json();
std::string_view offerings_json();

}  // namespace ec2sim::catalog::embedded
