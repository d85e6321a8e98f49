// A replay of what Terraform's AWS provider asks EC2 on `apply`, `refresh` and `destroy` of
// a module with a VPC, two subnets, an internet gateway, a route table, a NAT gateway, a
// security group with rules, a key pair, a launch template and two instances — written
// with the Go SDK v2, which the provider itself is built on. After every write come the
// reads the provider makes, and the response members it dereferences are checked: a nil
// there is a crash in the provider. Destroy is tried in the wrong order first (AWS's
// DependencyViolation), then in the provider's.
//
// Usage: terraform_replay ENDPOINT   (exit status 0 when every step did what AWS does)
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

var ctx = context.Background()
var failures = 0

func check(what string, ok bool, detail ...interface{}) {
	if ok {
		fmt.Println("ok  ", what)
		return
	}
	failures++
	fmt.Println("FAIL", what, fmt.Sprint(detail...))
}

// must stops the replay at a call that should have worked: what follows depends on it.
func must[T any](out T, err error) T {
	if err != nil {
		fmt.Println("FAIL", err)
		os.Exit(1)
	}
	return out
}

// The SDK's standard retryer, also retrying a connection Go's transport closed under a
// response it was reading ("use of closed network connection"): a race in the transport
// that Debian's SDK (1.17) fails on and later SDKs retry by default (aws-sdk-go-v2 #1825,
// #2737, fixed by retrying net.ErrClosed). ec2sim answers in microseconds, which makes the
// race likelier than against AWS.
func retryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Retryables = append(o.Retryables, retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if errors.Is(err, net.ErrClosed) {
				fmt.Println("note: the SDK retried after Go closed the connection under a response:", err)
				return aws.TrueTernary
			}
			return aws.UnknownTernary
		}))
	})
}

func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	if err == nil {
		return "no error"
	}
	return err.Error()
}

func filter(name string, values ...string) types.Filter { return types.Filter{Name: aws.String(name), Values: values} }

// The reads the provider makes after creating or refreshing a VPC.
func readVpc(c *ec2.Client, vpc string) {
	v := must(c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{vpc}})).Vpcs
	check("vpc is available with a DHCP options set", len(v) == 1 && v[0].State == types.VpcStateAvailable && v[0].DhcpOptionsId != nil)
	for _, attribute := range []types.VpcAttributeName{types.VpcAttributeNameEnableDnsSupport, types.VpcAttributeNameEnableDnsHostnames,
		types.VpcAttributeNameEnableNetworkAddressUsageMetrics} {
		a := must(c.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: aws.String(vpc), Attribute: attribute}))
		switch attribute {
		case types.VpcAttributeNameEnableDnsSupport:
			check("enableDnsSupport read", a.EnableDnsSupport != nil && a.EnableDnsSupport.Value != nil && *a.EnableDnsSupport.Value)
		case types.VpcAttributeNameEnableDnsHostnames:
			check("enableDnsHostnames read", a.EnableDnsHostnames != nil && a.EnableDnsHostnames.Value != nil && *a.EnableDnsHostnames.Value)
		default:
			check("enableNetworkAddressUsageMetrics read", a.EnableNetworkAddressUsageMetrics != nil && a.EnableNetworkAddressUsageMetrics.Value != nil)
		}
	}
	main := must(c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.main", "true"), filter("vpc-id", vpc)}}))
	check("main route table", len(main.RouteTables) == 1)
	acl := must(c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{filter("default", "true"), filter("vpc-id", vpc)}}))
	check("default network ACL", len(acl.NetworkAcls) == 1)
	sg := must(c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("group-name", "default"), filter("vpc-id", vpc)}}))
	check("default security group", len(sg.SecurityGroups) == 1)
	if v[0].DhcpOptionsId != nil {
		d := must(c.DescribeDhcpOptions(ctx, &ec2.DescribeDhcpOptionsInput{DhcpOptionsIds: []string{*v[0].DhcpOptionsId}}))
		check("the VPC's DHCP options set exists", len(d.DhcpOptions) == 1)
	}
}

// The reads after an instance is created or refreshed, and the members the provider dereferences.
func readInstance(c *ec2.Client, id string) {
	r := must(c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}}))
	i := r.Reservations[0].Instances[0]
	check(id+": networkInterfaceSet[].attachment.deviceIndex", len(i.NetworkInterfaces) > 0 && i.NetworkInterfaces[0].Attachment != nil &&
		i.NetworkInterfaces[0].Attachment.DeviceIndex != nil && *i.NetworkInterfaces[0].Attachment.DeviceIndex == 0)
	check(id+": metadataOptions", i.MetadataOptions != nil && i.MetadataOptions.HttpTokens != "" && i.MetadataOptions.HttpPutResponseHopLimit != nil)
	check(id+": maintenanceOptions", i.MaintenanceOptions != nil && i.MaintenanceOptions.AutoRecovery != "")
	check(id+": cpuOptions", i.CpuOptions != nil && i.CpuOptions.CoreCount != nil && i.CpuOptions.ThreadsPerCore != nil)
	check(id+": enclaveOptions", i.EnclaveOptions != nil && i.EnclaveOptions.Enabled != nil)
	check(id+": privateDnsNameOptions", i.PrivateDnsNameOptions != nil && i.PrivateDnsNameOptions.HostnameType != "")
	check(id+": capacityReservationSpecification", i.CapacityReservationSpecification != nil &&
		i.CapacityReservationSpecification.CapacityReservationPreference != "")
	check(id+": blockDeviceMapping and rootDeviceName", len(i.BlockDeviceMappings) > 0 && i.RootDeviceName != nil &&
		i.BlockDeviceMappings[0].Ebs != nil && i.BlockDeviceMappings[0].Ebs.VolumeId != nil)
	must(c.DescribeInstanceTypes(ctx, &ec2.DescribeInstanceTypesInput{InstanceTypes: []types.InstanceType{i.InstanceType}}))
	for _, attribute := range []types.InstanceAttributeName{types.InstanceAttributeNameDisableApiStop, types.InstanceAttributeNameDisableApiTermination,
		types.InstanceAttributeNameInstanceInitiatedShutdownBehavior, types.InstanceAttributeNameUserData} {
		a := must(c.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{InstanceId: aws.String(id), Attribute: attribute}))
		check(id+": attribute "+string(attribute), a.InstanceId != nil)
	}
	v := must(c.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{Filters: []types.Filter{filter("attachment.instance-id", id)}}))
	check(id+": its volumes", len(v.Volumes) == len(i.BlockDeviceMappings))
	cs := must(c.DescribeInstanceCreditSpecifications(ctx, &ec2.DescribeInstanceCreditSpecificationsInput{InstanceIds: []string{id}}))
	check(id+": credit specification (t3: unlimited)", len(cs.InstanceCreditSpecifications) == 1 && *cs.InstanceCreditSpecifications[0].CpuCredits == "unlimited")
	tags := must(c.DescribeTags(ctx, &ec2.DescribeTagsInput{Filters: []types.Filter{filter("resource-id", id)}}))
	check(id+": tags, the template's among them", len(tags.Tags) >= 3)
}

func main() {
	endpoint := os.Args[1]
	c := ec2.New(ec2.Options{
		Region:           "ap-northeast-2",
		Credentials:      aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return aws.Credentials{AccessKeyID: "210987654321", SecretAccessKey: "ec2sim"}, nil }),
		EndpointResolver: ec2.EndpointResolverFromURL(endpoint),
		Retryer:          retryer(),
	})
	quick := func(o *ec2.InstanceRunningWaiterOptions) { o.MinDelay, o.MaxDelay = time.Second, time.Second }

	// --- apply -------------------------------------------------------------------------
	vpc := *must(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.60.0.0/16"), TagSpecifications: []types.TagSpecification{
		{ResourceType: types.ResourceTypeVpc, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("replay")}}}}})).Vpc.VpcId
	must(c.ModifyVpcAttribute(ctx, &ec2.ModifyVpcAttributeInput{VpcId: aws.String(vpc), EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(true)}}))
	readVpc(c, vpc)

	var subnets []string
	for n, zone := range []string{"ap-northeast-2a", "ap-northeast-2c"} {
		s := must(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), AvailabilityZone: aws.String(zone),
			CidrBlock: aws.String(fmt.Sprintf("10.60.%d.0/24", n+1))})).Subnet
		subnets = append(subnets, *s.SubnetId)
		if n == 0 {
			must(c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: s.SubnetId, MapPublicIpOnLaunch: &types.AttributeBooleanValue{Value: aws.Bool(true)}}))
		}
		got := must(c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{*s.SubnetId}})).Subnets[0]
		check("subnet "+zone+" read back", got.State == types.SubnetStateAvailable && got.MapPublicIpOnLaunch != nil && *got.MapPublicIpOnLaunch == (n == 0))
	}

	igw := *must(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})).InternetGateway.InternetGatewayId
	must(c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(igw), VpcId: aws.String(vpc)}))
	g := must(c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{igw}})).InternetGateways[0]
	check("internet gateway attached", len(g.Attachments) == 1 && *g.Attachments[0].VpcId == vpc)

	eip := must(c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc}))
	must(c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{*eip.AllocationId}}))
	nat := *must(c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(subnets[0]), AllocationId: eip.AllocationId})).NatGateway.NatGatewayId
	must(0, ec2.NewNatGatewayAvailableWaiter(c, func(o *ec2.NatGatewayAvailableWaiterOptions) { o.MinDelay, o.MaxDelay = time.Second, time.Second }).
		Wait(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{nat}}, time.Minute))
	check("the Elastic IP shows the NAT gateway's interface",
		must(c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{*eip.AllocationId}})).Addresses[0].NetworkInterfaceId != nil)

	public := *must(c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpc)})).RouteTable.RouteTableId
	must(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(public), DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String(igw)}))
	private := *must(c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpc)})).RouteTable.RouteTableId
	must(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(private), DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: aws.String(nat)}))
	associations := []string{
		*must(c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(public), SubnetId: aws.String(subnets[0])})).AssociationId,
		*must(c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(private), SubnetId: aws.String(subnets[1])})).AssociationId,
	}
	rts := must(c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{public, private}})).RouteTables
	check("two route tables with their routes", len(rts) == 2 && len(rts[0].Routes) == 2 && len(rts[1].Routes) == 2)

	sg := *must(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("web"), Description: aws.String("web"), VpcId: aws.String(vpc)})).GroupId
	// The provider takes away AWS's default egress rule, then adds the module's own.
	must(c.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: aws.String(sg), IpPermissions: []types.IpPermission{
		{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}))
	must(c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(sg), IpPermissions: []types.IpPermission{
		{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []types.IpRange{{CidrIp: aws.String("203.0.113.0/24")}}}}}))
	must(c.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(sg), IpPermissions: []types.IpPermission{
		{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}))
	group := must(c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{sg}})).SecurityGroups[0]
	check("security group rules", len(group.IpPermissions) == 1 && len(group.IpPermissionsEgress) == 1)

	key := must(c.ImportKeyPair(ctx, &ec2.ImportKeyPairInput{KeyName: aws.String("deployer"),
		PublicKeyMaterial: []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGcRbU0nEWaVsnXKFcH7sOfOQzA94bZvz6Gd7rVKbXAa deployer")}))
	must(c.DescribeKeyPairs(ctx, &ec2.DescribeKeyPairsInput{KeyNames: []string{"deployer"}}))

	image := *must(c.DescribeImages(ctx, &ec2.DescribeImagesInput{Owners: []string{"amazon"},
		Filters: []types.Filter{filter("name", "al2023-ami-2023*-x86_64")}})).Images[0].ImageId
	lt := must(c.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("replay"),
		LaunchTemplateData: &types.RequestLaunchTemplateData{ImageId: aws.String(image), InstanceType: types.InstanceTypeT3Micro,
			KeyName: key.KeyName, SecurityGroupIds: []string{sg},
			MetadataOptions: &types.LaunchTemplateInstanceMetadataOptionsRequest{HttpTokens: types.LaunchTemplateHttpTokensStateRequired},
			TagSpecifications: []types.LaunchTemplateTagSpecificationRequest{{ResourceType: types.ResourceTypeInstance,
				Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("replay")}}}}}})).LaunchTemplate
	must(c.DescribeLaunchTemplates(ctx, &ec2.DescribeLaunchTemplatesInput{LaunchTemplateIds: []string{*lt.LaunchTemplateId}}))
	versions := must(c.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: lt.LaunchTemplateId,
		Versions: []string{"$Default"}})).LaunchTemplateVersions
	check("launch template's default version", len(versions) == 1 && *versions[0].VersionNumber == 1)

	var instances []string
	for _, subnet := range subnets {
		r := must(c.RunInstances(ctx, &ec2.RunInstancesInput{MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: aws.String(subnet),
			LaunchTemplate: &types.LaunchTemplateSpecification{LaunchTemplateId: lt.LaunchTemplateId, Version: aws.String("$Latest")}}))
		instances = append(instances, *r.Instances[0].InstanceId)
	}
	must(0, ec2.NewInstanceRunningWaiter(c, quick).Wait(ctx, &ec2.DescribeInstancesInput{InstanceIds: instances}, time.Minute))
	for _, id := range instances {
		readInstance(c, id)
	}

	// --- refresh: the same reads again --------------------------------------------------
	readVpc(c, vpc)
	for _, id := range instances {
		readInstance(c, id)
	}

	// --- destroy, first in the wrong order ------------------------------------------------
	check("DeleteVpc before its pieces: DependencyViolation",
		errorCode(func() error { _, err := c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)}); return err }()) == "DependencyViolation")
	check("DeleteSubnet under an instance: DependencyViolation",
		errorCode(func() error { _, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(subnets[1])}); return err }()) == "DependencyViolation")
	check("DetachInternetGateway with public addresses mapped: DependencyViolation",
		errorCode(func() error {
			_, err := c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: aws.String(igw), VpcId: aws.String(vpc)})
			return err
		}()) == "DependencyViolation")

	must(c.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: instances}))
	must(0, ec2.NewInstanceTerminatedWaiter(c, func(o *ec2.InstanceTerminatedWaiterOptions) { o.MinDelay, o.MaxDelay = time.Second, time.Second }).
		Wait(ctx, &ec2.DescribeInstancesInput{InstanceIds: instances}, time.Minute))
	must(c.DeleteLaunchTemplate(ctx, &ec2.DeleteLaunchTemplateInput{LaunchTemplateId: lt.LaunchTemplateId}))
	must(c.DeleteKeyPair(ctx, &ec2.DeleteKeyPairInput{KeyName: aws.String("deployer")}))
	must(c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(sg)}))
	for _, a := range associations {
		must(c.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: aws.String(a)}))
	}
	for _, t := range []string{public, private} {
		must(c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(t), DestinationCidrBlock: aws.String("0.0.0.0/0")}))
		must(c.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: aws.String(t)}))
	}
	must(c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: aws.String(nat)}))
	must(0, ec2.NewNatGatewayDeletedWaiter(c, func(o *ec2.NatGatewayDeletedWaiterOptions) { o.MinDelay, o.MaxDelay = time.Second, time.Second }).
		Wait(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{nat}}, time.Minute))
	must(c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: eip.AllocationId}))
	must(c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: aws.String(igw), VpcId: aws.String(vpc)}))
	must(c.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: aws.String(igw)}))
	for _, s := range subnets {
		must(c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(s)}))
	}
	must(c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)}))
	check("the VPC is gone", errorCode(func() error {
		_, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{vpc}})
		return err
	}()) == "InvalidVpcID.NotFound")

	fmt.Printf("%d failed\n", failures)
	if failures > 0 {
		os.Exit(1)
	}
}
