// One instance: its summary (updating while its state moves), the state and action menus,
// and the tabs of the console — details, security, networking, storage, status checks,
// monitoring, tags.
import { useCallback, useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import Tabs from "@cloudscape-design/components/tabs";
import { useT } from "../i18n/index.js";
import { useConsole, errorFlash } from "../console_context.js";
import { ec2 } from "../session.js";
import { follow, navigate } from "../router.js";
import { StateIndicator, formatDate, nameTag, yesNo } from "../components/helpers.jsx";
import { describeRule } from "../components/security_group_rules.js";
import { useInstanceActions } from "./instance_actions.jsx";
import { describeInstance, statusCheck } from "./instance_status.js";

// The instance, read again 2 s after each answer (so a slow server never has two reads in
// flight); one flash for the first failure, not one per poll.
function useInstance(session, id, notify, t) {
  const [instance, setInstance] = useState(null);
  const [missing, setMissing] = useState(false);
  const [generation, setGeneration] = useState(0);  // bumped to read at once (after an action)
  useEffect(() => {  // another instance: nothing of the last one's shows
    setInstance(null);
    setMissing(false);
  }, [id]);
  useEffect(() => {
    let live = true, timer = null, told = false;
    const read = async () => {
      try {
        const found = await describeInstance(session, id);
        if (!live) return;
        setInstance(found ?? null);
        setMissing(!found);
      } catch (e) {
        if (!live) return;
        if (e.name === "InvalidInstanceID.NotFound" || e.name === "InvalidInstanceID.Malformed") setMissing(true);
        else if (!told) notify(errorFlash(t("common.loadFailed", { what: id }), e));
        told = true;
      }
      if (live) timer = setTimeout(read, 2000);
    };
    read();
    return () => { live = false; clearTimeout(timer); };
  }, [session, id, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [instance, missing, reload];
}

function SecurityTab({ instance, session, t }) {
  const [groups, setGroups] = useState([]);
  const ids = (instance.SecurityGroups ?? []).map((g) => g.GroupId);
  useEffect(() => {
    if (ids.length) ec2(session, "DescribeSecurityGroups", { GroupIds: ids }).then((o) => setGroups(o.SecurityGroups)).catch(() => setGroups([]));
  }, [ids.join(",")]);
  const rules = (direction) => groups.flatMap((g) => (direction === "in" ? g.IpPermissions : g.IpPermissionsEgress) ?? [])
    .flatMap((p) => [...(p.IpRanges ?? []).map((r) => ({ p, source: r.CidrIp, description: r.Description })),
                     ...(p.Ipv6Ranges ?? []).map((r) => ({ p, source: r.CidrIpv6, description: r.Description })),
                     ...(p.UserIdGroupPairs ?? []).map((r) => ({ p, source: r.GroupId, description: r.Description }))])
    .map(({ p, source, description }, key) => ({ key, ...describeRule({ permission: p, source, description }, t) }));
  const ruleTable = (title, direction) => (
    <Table variant="embedded" header={<Header variant="h3">{title}</Header>} items={rules(direction)} trackBy="key" empty="-" columnDefinitions={[
      { id: "type", header: t("common.type"), cell: (r) => r.type },
      { id: "protocol", header: t("sg.protocol"), cell: (r) => r.protocol },
      { id: "ports", header: t("sg.portRange"), cell: (r) => r.ports },
      { id: "source", header: direction === "in" ? t("sg.source") : t("sg.destination"), cell: (r) => r.source },
      { id: "description", header: t("common.description"), cell: (r) => r.description || "-" },
    ]} />
  );
  return (
    <SpaceBetween size="l">
      <KeyValuePairs columns={2} items={[{ label: t("nav.securityGroups"), value: (
        <SpaceBetween size="xxs">{(instance.SecurityGroups ?? []).map((g) => <Link key={g.GroupId} href={`#/security-groups/${g.GroupId}`} onFollow={follow}>{`${g.GroupId} (${g.GroupName})`}</Link>)}</SpaceBetween>) },
        { label: t("instances.keyName"), value: instance.KeyName || "-" }]} />
      {ruleTable(t("sg.inbound"), "in")}
      {ruleTable(t("sg.outbound"), "out")}
    </SpaceBetween>
  );
}

function StorageTab({ instance, session, t }) {
  const [volumes, setVolumes] = useState([]);
  const ids = (instance.BlockDeviceMappings ?? []).map((m) => m.Ebs?.VolumeId).filter(Boolean);
  useEffect(() => {
    if (ids.length) ec2(session, "DescribeVolumes", { VolumeIds: ids }).then((o) => setVolumes(o.Volumes)).catch(() => setVolumes([]));
  }, [ids.join(",")]);
  const items = (instance.BlockDeviceMappings ?? []).map((m) => ({ ...m, volume: volumes.find((v) => v.VolumeId === m.Ebs?.VolumeId) }));
  return (
    <SpaceBetween size="l">
      <KeyValuePairs columns={3} items={[
        { label: t("instances.rootDevice"), value: instance.RootDeviceName },
        { label: t("launch.review.rootDeviceType"), value: instance.RootDeviceType },
        { label: t("instances.ebsOptimized"), value: yesNo(t, instance.EbsOptimized) },
      ]} />
      <Table variant="embedded" header={<Header variant="h3">{t("instances.blockDevices")}</Header>} items={items} trackBy="DeviceName" columnDefinitions={[
        { id: "volume", header: t("instances.volumeId"), cell: (m) => m.Ebs?.VolumeId },
        { id: "device", header: t("launch.storage.device"), cell: (m) => m.DeviceName },
        { id: "size", header: t("launch.storage.size"), cell: (m) => m.volume?.Size ?? "-" },
        { id: "type", header: t("launch.storage.type"), cell: (m) => m.volume?.VolumeType ?? "-" },
        { id: "status", header: t("instances.attachment"), cell: (m) => m.Ebs?.Status },
        { id: "delete", header: t("launch.storage.deleteOnTermination"), cell: (m) => yesNo(t, m.Ebs?.DeleteOnTermination) },
        { id: "encrypted", header: t("launch.storage.encryption"), cell: (m) => yesNo(t, m.volume?.Encrypted) },
      ]} />
    </SpaceBetween>
  );
}

export default function InstanceDetail({ instanceId }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [instance, missing, reload] = useInstance(session, instanceId, notify, t);
  const [protection, setProtection] = useState(null);
  const { menus, modal } = useInstanceActions({ session, notify, t, reload });
  useEffect(() => {
    ec2(session, "DescribeInstanceAttribute", { InstanceId: instanceId, Attribute: "disableApiTermination" })
      .then((o) => setProtection(!!o.DisableApiTermination?.Value)).catch(() => setProtection(null));
  }, [instanceId, modal === null]);

  if (missing) return <Container><Box>{t("instances.notFound", { id: instanceId })}</Box></Container>;
  if (!instance) return <Container><StatusIndicator type="loading">{t("common.loading")}</StatusIndicator></Container>;
  const check = statusCheck(instance);
  const name = nameTag(instance);
  const details = [
    { label: t("common.instanceId"), value: instance.InstanceId },
    { label: t("instances.publicIp"), value: instance.PublicIpAddress || "-" },
    { label: t("instances.privateIp"), value: instance.PrivateIpAddress || "-" },
    { label: t("instances.state"), value: <StateIndicator state={instance.State?.Name} t={t} /> },
    { label: t("instances.publicDns"), value: instance.PublicDnsName || "-" },
    { label: t("instances.privateDns"), value: instance.PrivateDnsName || "-" },
    { label: t("instances.type"), value: instance.InstanceType },
    { label: t("launch.details.network"), value: instance.VpcId || "-" },
    { label: t("launch.details.subnet"), value: instance.SubnetId || "-" },
    { label: t("common.availabilityZone"), value: instance.Placement?.AvailabilityZone },
    { label: t("instances.keyName"), value: instance.KeyName || "-" },
    { label: "AMI ID", value: instance.ImageId },
    { label: t("instances.launchTime"), value: formatDate(instance.LaunchTime) },
    { label: t("instances.platform"), value: instance.PlatformDetails ?? "Linux/UNIX" },
    { label: t("instances.architecture"), value: instance.Architecture },
    { label: t("launch.details.terminationProtection"), value: protection === null ? "-" : protection ? t("common.enabled") : t("common.disabled") },
    { label: t("launch.details.monitoring"), value: instance.Monitoring?.State ?? "-" },
    { label: t("instances.lifecycle"), value: instance.InstanceLifecycle ?? "normal" },
  ];
  return (
    <ContentLayout header={
      <Header variant="h1" description={name || undefined} actions={
        <SpaceBetween direction="horizontal" size="xs">
          <Button iconName="refresh" ariaLabel={t("common.refresh")} onClick={reload} />
          <Button disabled={instance.State?.Name !== "running"} onClick={() => navigate(`/instances/${instance.InstanceId}/connect`)}>{t("instances.connect")}</Button>
          {menus([instance])}
        </SpaceBetween>}>
        {t("instances.summaryFor", { id: instance.InstanceId })}
      </Header>}>
      <SpaceBetween size="l">
        <Container><KeyValuePairs columns={3} items={details.slice(0, 9)} /></Container>
        <Tabs tabs={[
          { id: "details", label: t("common.details"), content: <Container><KeyValuePairs columns={3} items={details} /></Container> },
          { id: "security", label: t("instances.tab.security"), content: <Container><SecurityTab instance={instance} session={session} t={t} /></Container> },
          { id: "networking", label: t("instances.tab.networking"), content: (
            <Container><Table variant="embedded" items={instance.NetworkInterfaces ?? []} trackBy="NetworkInterfaceId" columnDefinitions={[
              { id: "eni", header: t("instances.interfaceId"), cell: (n) => n.NetworkInterfaceId },
              { id: "private", header: t("instances.privateIp"), cell: (n) => n.PrivateIpAddress },
              { id: "public", header: t("instances.publicIp"), cell: (n) => n.Association?.PublicIp ?? "-" },
              { id: "dns", header: t("instances.privateDns"), cell: (n) => n.PrivateDnsName },
              { id: "subnet", header: t("launch.details.subnet"), cell: (n) => n.SubnetId },
              { id: "mac", header: "MAC", cell: (n) => n.MacAddress },
            ]} /></Container>) },
          { id: "storage", label: t("instances.tab.storage"), content: <Container><StorageTab instance={instance} session={session} t={t} /></Container> },
          { id: "status", label: t("instances.tab.status"), content: (
            <Container><KeyValuePairs columns={2} items={[
              { label: t("instances.systemCheck"), value: instance.Status?.SystemStatus?.Status ?? "-" },
              { label: t("instances.instanceCheck"), value: instance.Status?.InstanceStatus?.Status ?? "-" },
              { label: t("instances.statusCheck"), value: check ? <StatusIndicator type={check.type}>{t(check.key, { passed: check.passed })}</StatusIndicator> : "-" },
            ]} /></Container>) },
          { id: "monitoring", label: t("instances.tab.monitoring"), content: <Container><Box>{t("instances.monitoringPlaceholder")}</Box></Container> },
          { id: "tags", label: t("common.tags"), content: (
            <Container><Table variant="embedded" items={instance.Tags ?? []} trackBy="Key" empty="-" columnDefinitions={[
              { id: "key", header: t("common.key"), cell: (tag) => tag.Key },
              { id: "value", header: t("common.value"), cell: (tag) => tag.Value },
            ]} /></Container>) },
        ]} />
      </SpaceBetween>
      {modal}
    </ContentLayout>
  );
}
