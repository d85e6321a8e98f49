// The network an instance lives in: DescribeVpcs, DescribeSubnets,
// DescribeInternetGateways, DescribeRouteTables (over the default network and any the
// account creates).
#include "sim/default_network.hpp"
#include "sim/describe.hpp"
#include "sim/operations.hpp"

namespace ec2sim::sim {
namespace {

using nlohmann::json;
using Path = FilterTable;

const FilterTable& vpc_filters() {
  static const FilterTable table{{
                                     {"cidr", Path::path("CidrBlock")},
                                     {"cidr-block-association.cidr-block", Path::path("CidrBlockAssociationSet.CidrBlock")},
                                     {"cidr-block-association.association-id", Path::path("CidrBlockAssociationSet.AssociationId")},
                                     {"cidr-block-association.state", Path::path("CidrBlockAssociationSet.CidrBlockState.State")},
                                     {"dhcp-options-id", Path::path("DhcpOptionsId")},
                                     {"is-default", Path::path("IsDefault")},
                                     {"isDefault", Path::path("IsDefault")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"state", Path::path("State")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

const FilterTable& subnet_filters() {
  static const FilterTable table{{
                                     {"availability-zone", Path::path("AvailabilityZone")},
                                     {"availabilityZone", Path::path("AvailabilityZone")},
                                     {"availability-zone-id", Path::path("AvailabilityZoneId")},
                                     {"available-ip-address-count", Path::path("AvailableIpAddressCount")},
                                     {"cidr-block", Path::path("CidrBlock")},
                                     {"cidr", Path::path("CidrBlock")},
                                     {"cidrBlock", Path::path("CidrBlock")},
                                     {"default-for-az", Path::path("DefaultForAz")},
                                     {"defaultForAz", Path::path("DefaultForAz")},
                                     {"map-public-ip-on-launch", Path::path("MapPublicIpOnLaunch")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"state", Path::path("State")},
                                     {"subnet-arn", Path::path("SubnetArn")},
                                     {"subnet-id", Path::path("SubnetId")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

const FilterTable& internet_gateway_filters() {
  static const FilterTable table{{
                                     {"attachment.state", Path::path("Attachments.State")},
                                     {"attachment.vpc-id", Path::path("Attachments.VpcId")},
                                     {"internet-gateway-id", Path::path("InternetGatewayId")},
                                     {"owner-id", Path::path("OwnerId")},
                                 },
                                 true};
  return table;
}

const FilterTable& route_table_filters() {
  static const FilterTable table{{
                                     {"association.main", Path::path("Associations.Main")},
                                     {"association.route-table-association-id", Path::path("Associations.RouteTableAssociationId")},
                                     {"association.subnet-id", Path::path("Associations.SubnetId")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"route-table-id", Path::path("RouteTableId")},
                                     {"route.destination-cidr-block", Path::path("Routes.DestinationCidrBlock")},
                                     {"route.gateway-id", Path::path("Routes.GatewayId")},
                                     {"route.origin", Path::path("Routes.Origin")},
                                     {"route.state", Path::path("Routes.State")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

}  // namespace

json describe_vpcs(const RequestContext& ctx, const json& input) {
  ensure_default_network(ctx);
  return describe_resources(ctx, input, {"vpc", "VpcIds", "InvalidVpcID.NotFound", "vpc ID", vpc_filters(), "Vpcs"});
}

json describe_subnets(const RequestContext& ctx, const json& input) {
  ensure_default_network(ctx);
  return describe_resources(ctx, input,
                            {"subnet", "SubnetIds", "InvalidSubnetID.NotFound", "subnet ID", subnet_filters(), "Subnets"});
}

json describe_internet_gateways(const RequestContext& ctx, const json& input) {
  ensure_default_network(ctx);
  return describe_resources(ctx, input,
                            {"internet-gateway", "InternetGatewayIds", "InvalidInternetGatewayID.NotFound",
                             "internet gateway ID", internet_gateway_filters(), "InternetGateways"});
}

json describe_route_tables(const RequestContext& ctx, const json& input) {
  ensure_default_network(ctx);
  return describe_resources(ctx, input,
                            {"route-table", "RouteTableIds", "InvalidRouteTableID.NotFound", "route table ID",
                             route_table_filters(), "RouteTables"});
}

}  // namespace ec2sim::sim
