// DescribeSpotPriceHistory: plausible, deterministic Spot prices for every type the Region
// offers, in each zone and for each product AWS prices, changing every six hours. The
// prices are ec2sim's own (a type's vCPUs and memory at a fraction of an on-demand-like
// rate that varies by zone and period), so a script that reads them — Packer's
// spot_price "auto", Terraform's aws_ec2_spot_price — always gets an answer, the same one
// for the same moment.
#include <algorithm>
#include <cstdio>

#include "sim/errors.hpp"
#include "sim/spot_prices.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"
#include "sim/pagination.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

constexpr std::int64_t kPeriod = 6 * 3600;        // seconds a price holds
constexpr std::int64_t kHistory = 90 * 24 * 3600;  // how far back AWS keeps it

struct Product {
  std::string_view name;
  double per_vcpu;  // what the product's licence adds an hour
};
constexpr Product kProducts[] = {{"Linux/UNIX", 0},          {"Linux/UNIX (Amazon VPC)", 0}, {"SUSE Linux", 0.012},
                                 {"Red Hat Enterprise Linux", 0.03}, {"Windows", 0.046},     {"Windows (Amazon VPC)", 0.046}};

// A number in [0, 1) fixed by `seed`.
double unit(std::string_view seed) {
  const std::string hex = catalog::stable_id("x", seed).substr(2, 8);
  return static_cast<double>(std::stoul(hex, nullptr, 16)) / 4294967296.0;
}

const Product& product_named(std::string_view name) {
  for (const auto& product : kProducts)
    if (product.name == name) return product;
  return kProducts[0];
}

SpotQuote quote(const catalog::InstanceType& type, const std::string& zone, const Product& product, std::int64_t period) {
  const auto& info = type.info;
  const double vcpus = info.at("VCpuInfo").at("DefaultVCpus").get<double>();
  const double gib = info.at("MemoryInfo").at("SizeInMiB").get<double>() / 1024.0;
  const double on_demand = 0.021 * vcpus + 0.0056 * gib + product.per_vcpu * vcpus;
  const double spot = on_demand * (0.25 + 0.15 * unit(type.name + "/" + zone + "/" + std::to_string(period)));
  return {std::max(spot, 0.0016), on_demand};
}

std::string price(const catalog::InstanceType& type, const std::string& zone, const Product& product, std::int64_t period) {
  return price_text(quote(type, zone, product, period).spot);
}

std::int64_t seconds_since_epoch(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::int64_t seconds_of(const json& input, const char* member, std::int64_t otherwise) {
  if (!input.contains(member)) return otherwise;
  const auto& value = input.at(member);
  const std::string text = value.is_number() ? std::to_string(value.get<std::int64_t>()) : value.get<std::string>();
  const auto parsed = parse_request_time(text);
  if (!parsed) throw ApiError::invalid_value("Value (" + text + ") for parameter " + member + " is invalid.");
  return seconds_since_epoch(*parsed);
}

}  // namespace

std::string price_text(double dollars) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", dollars);
  return text;
}

std::string_view spot_product(const json& image_info) {
  if (image_info.value("Platform", "") == "windows") return "Windows";
  const std::string details = image_info.value("PlatformDetails", "");
  for (const auto& product : kProducts)
    if (product.name == details) return product.name;
  return "Linux/UNIX";
}

SpotQuote spot_quote(const catalog::InstanceType& type, const std::string& zone, std::string_view product,
                     std::chrono::system_clock::time_point at) {
  return quote(type, zone, product_named(product), seconds_since_epoch(at) / kPeriod);
}

std::chrono::system_clock::time_point next_spot_price_change(std::chrono::system_clock::time_point after) {
  return std::chrono::system_clock::time_point(std::chrono::seconds((seconds_since_epoch(after) / kPeriod + 1) * kPeriod));
}

json describe_spot_price_history(const RequestContext& ctx, const json& input) {
  static const FilterTable kFilters{{{"availability-zone", Path::path("AvailabilityZone")},
                                     {"instance-type", Path::path("InstanceType")},
                                     {"product-description", Path::path("ProductDescription")},
                                     {"spot-price", Path::path("SpotPrice")},
                                     {"timestamp", Path::path("Timestamp")}}};
  const auto filters = filters_from_request(input);
  kFilters.validate(filters);
  const std::int64_t now = seconds_since_epoch(ctx.now);
  const std::int64_t end = std::min(seconds_of(input, "EndTime", now), now);
  // Without a start, the price in effect at the end; with one, every change since (90 days at most).
  const std::int64_t start = std::max(seconds_of(input, "StartTime", end), now - kHistory);
  if (start > end) throw ApiError::invalid_value("The start time " + std::to_string(start) + " is after the end time.");
  const std::string zone_asked = input.value("AvailabilityZone", "");
  if (!zone_asked.empty() && !ctx.region.find_zone(zone_asked))
    throw ApiError::invalid_value("Invalid availability zone: [" + zone_asked + "]");
  const json types = input.value("InstanceTypes", json::array());
  const json products = input.value("ProductDescriptions", json::array());
  std::vector<json> rows;
  std::vector<std::string> keys;
  for (const auto* type : ctx.catalog.offered_types(ctx.region.name)) {
    if (!types.empty() && std::find(types.begin(), types.end(), type->name) == types.end()) continue;
    for (const auto& zone : ctx.region.zones) {
      if (!zone_asked.empty() && zone.name != zone_asked) continue;
      for (const auto& product : kProducts) {
        if (!products.empty() && std::find(products.begin(), products.end(), product.name) == products.end()) continue;
        for (std::int64_t period = end / kPeriod; period >= start / kPeriod; --period) {
          const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(period * kPeriod));
          json row = {{"AvailabilityZone", zone.name}, {"InstanceType", type->name},
                      {"ProductDescription", product.name}, {"SpotPrice", price(*type, zone.name, product, period)},
                      {"Timestamp", format_iso8601(at)}};
          if (!kFilters.matches(filters, row)) continue;
          char newest_first[24];  // AWS lists the newest prices first
          std::snprintf(newest_first, sizeof newest_first, "%012lld", static_cast<long long>(1'000'000'000'000 - period));
          keys.push_back(std::string(newest_first) + "/" + zone.name + "/" + type->name + "/" + std::string(product.name));
          rows.push_back(std::move(row));
        }
      }
    }
  }
  return paged_rows("SpotPriceHistory", rows, keys, page_request(input, 1000));
}

}  // namespace ec2sim::sim
