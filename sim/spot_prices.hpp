// Spot prices (sim/spot_prices.cpp): ec2sim's own deterministic prices per type, zone and
// product, changing every six hours — what DescribeSpotPriceHistory lists and what a Spot
// request's maximum price is held against.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"

namespace ec2sim::sim {

struct SpotQuote {
  double spot;       // the Spot price, dollars an hour
  double on_demand;  // the on-demand price it is a fraction of: a request's default maximum
};

// The prices of `type` in `zone` for `product` ("Linux/UNIX" …) at `at`.
SpotQuote spot_quote(const catalog::InstanceType& type, const std::string& zone, std::string_view product,
                     std::chrono::system_clock::time_point at);
// When the prices next change after `after`.
std::chrono::system_clock::time_point next_spot_price_change(std::chrono::system_clock::time_point after);
// The product a launch of an image is priced as: "Windows", "Red Hat Enterprise Linux",
// "SUSE Linux" or "Linux/UNIX".
std::string_view spot_product(const nlohmann::ordered_json& image_info);
// A price as AWS writes one: "0.012300".
std::string price_text(double dollars);

}  // namespace ec2sim::sim
