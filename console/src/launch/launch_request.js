// From the launch wizard's choices to the EC2 calls that carry them out: the new security
// group (if one is asked for) and RunInstances' input. Pure functions: the wizard's steps
// only edit `choices`.
import { ebsFields } from "../components/volume_rules.js";
import { rowsToIpPermissions } from "../components/security_group_rules.js";

// UTF-8 text to base64, as RunInstances' UserData wants it.
export function base64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

// A ClientToken for RunInstances (a retry of the same launch is the same launch). From
// getRandomValues: crypto.randomUUID exists only on secure origins.
export function newClientToken() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function initialChoices(now = new Date()) {
  return {
    image: null,
    instanceType: "t2.micro",
    count: "1",
    spot: false,
    vpcId: "",
    subnetId: "",             // "": no preference (the default subnet of a zone EC2 picks)
    publicIp: "subnet",       // "subnet" (its setting), "enable", "disable"
    placementGroup: "",
    iamInstanceProfile: "",
    shutdownBehavior: "stop",
    terminationProtection: false,
    stopProtection: false,
    monitoring: false,
    userData: "",
    volumes: [],              // [{ device, type, size, iops, throughput, snapshotId, snapshotSize, deleteOnTermination, encrypted, root }]
    tags: [{ key: "Name", value: "", instances: true, volumes: true }],
    sg: { mode: "new", name: "launch-wizard-1", description: `launch-wizard-1 created ${now.toISOString()}`, rules: null, existing: [] },
    keyPair: { mode: "new", name: "", type: "rsa", format: "pem", downloaded: false, acknowledged: false },
  };
}

// The root volume and the AMI's other EBS mappings, as the storage step starts them.
export function volumesOfImage(image) {
  return (image.BlockDeviceMappings ?? []).filter((m) => m.Ebs).map((m) => ({
    device: m.DeviceName,
    type: m.Ebs.VolumeType ?? "gp2",
    size: String(m.Ebs.VolumeSize ?? 8),
    iops: m.Ebs.Iops !== undefined ? String(m.Ebs.Iops) : "",
    throughput: m.Ebs.Throughput !== undefined ? String(m.Ebs.Throughput) : "",
    snapshotId: m.Ebs.SnapshotId ?? "",
    snapshotSize: m.Ebs.VolumeSize ?? 0,
    deleteOnTermination: m.Ebs.DeleteOnTermination ?? true,
    encrypted: m.Ebs.Encrypted ?? false,
    root: m.DeviceName === image.RootDeviceName,
  }));
}

// The next free device name for an added volume: /dev/sdb, /dev/sdc, …
export function nextDevice(volumes) {
  for (let c = "b".charCodeAt(0); c <= "z".charCodeAt(0); c++) {
    const name = `/dev/sd${String.fromCharCode(c)}`;
    if (!volumes.some((v) => v.device === name)) return name;
  }
  return "";
}

export function createGroupInput(choices) {
  return {
    GroupName: choices.sg.name,
    Description: choices.sg.description,
    ...(choices.vpcId ? { VpcId: choices.vpcId } : {}),
  };
}

export const ingressOf = (choices) => rowsToIpPermissions(choices.sg.rules ?? []);

// RunInstances' input; `groupIds` the security groups (the new one once created).
export function runInstancesInput(choices, groupIds, clientToken) {
  const count = Number(choices.count);
  // Rows without a key, and the Name row left empty, are not tags.
  const tags = choices.tags.filter((t) => t.key.trim() && !(t.key.trim() === "Name" && !t.value));
  const tagsFor = (kind) => tags.filter((t) => t[kind]).map((t) => ({ Key: t.key.trim(), Value: t.value }));
  const tagSpecifications = [
    ["instance", tagsFor("instances")],
    ["volume", tagsFor("volumes")],
  ].filter(([, list]) => list.length).map(([ResourceType, Tags]) => ({ ResourceType, Tags }));
  const networkInterface = choices.publicIp !== "subnet" || choices.subnetId;
  const input = {
    ImageId: choices.image.ImageId,
    InstanceType: choices.instanceType,
    MinCount: count,
    MaxCount: count,
    ClientToken: clientToken,
    BlockDeviceMappings: choices.volumes.map((v) => ({
      DeviceName: v.device,
      Ebs: {
        ...ebsFields(v),
        ...(v.snapshotId && !v.root ? { SnapshotId: v.snapshotId } : {}),
        DeleteOnTermination: v.deleteOnTermination,
      },
    })),
    InstanceInitiatedShutdownBehavior: choices.shutdownBehavior,
    DisableApiTermination: choices.terminationProtection,
    ...(choices.stopProtection ? { DisableApiStop: true } : {}),
    Monitoring: { Enabled: choices.monitoring },
    ...(choices.keyPair.mode !== "none" && choices.keyPair.name ? { KeyName: choices.keyPair.name } : {}),
    ...(choices.spot ? { InstanceMarketOptions: { MarketType: "spot" } } : {}),
    ...(choices.placementGroup ? { Placement: { GroupName: choices.placementGroup } } : {}),
    ...(choices.iamInstanceProfile ? { IamInstanceProfile: { Name: choices.iamInstanceProfile } } : {}),
    ...(choices.userData ? { UserData: base64(choices.userData) } : {}),
    ...(tagSpecifications.length ? { TagSpecifications: tagSpecifications } : {}),
  };
  // A subnet or a public-IP choice goes in the first network interface, which then carries
  // the groups too (EC2 refuses both at once).
  if (networkInterface) {
    input.NetworkInterfaces = [{
      DeviceIndex: 0,
      ...(choices.subnetId ? { SubnetId: choices.subnetId } : {}),
      ...(choices.publicIp !== "subnet" ? { AssociatePublicIpAddress: choices.publicIp === "enable" } : {}),
      Groups: groupIds,
      DeleteOnTermination: true,
    }];
  } else {
    input.SecurityGroupIds = groupIds;
  }
  return input;
}
