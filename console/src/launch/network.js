// Where a launch goes in the network: a VPC's subnets (its default ones first, then by zone),
// and the subnet RunInstances needs when the wizard leaves it to "no preference".
import { ec2 } from "../session.js";

export async function subnetsOf(session, vpcId) {
  const out = await ec2(session, "DescribeSubnets", { Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
  return out.Subnets.sort((a, b) => (b.DefaultForAz ? 1 : 0) - (a.DefaultForAz ? 1 : 0) || a.AvailabilityZone.localeCompare(b.AvailabilityZone));
}

// "No preference" is EC2's own choice only in the default VPC without a public-IP choice;
// elsewhere (another VPC, or a public-IP choice, which goes on a network interface) the
// launch names a subnet: the VPC's first.
export async function withSubnet(session, choices) {
  if (choices.subnetId || !choices.vpcId) return choices;
  if (choices.publicIp === "subnet") {
    const vpc = (await ec2(session, "DescribeVpcs", { VpcIds: [choices.vpcId] })).Vpcs[0];
    if (vpc?.IsDefault) return choices;
  }
  const [first] = await subnetsOf(session, choices.vpcId);
  return first ? { ...choices, subnetId: first.SubnetId } : choices;
}
