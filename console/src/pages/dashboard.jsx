// The EC2 dashboard: what this account has in this Region (counted from the Describe calls,
// each a link to its page), the launch button, and the Region's zones and their status.
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { useT } from "../i18n/index.js";
import { useConsole, errorFlash } from "../console_context.js";
import { ec2, ec2All } from "../session.js";
import { follow, navigate } from "../router.js";
import { regionName } from "../regions.js";

// [label key, route, count of the account's resources (given the instances, read once for both
// instance counts)]
const COUNTS = [
  ["dashboard.instancesRunning", "/instances", (s, instances) => instances.then((all) => all.filter((i) => i.State?.Name === "running").length)],
  ["dashboard.instancesAll", "/instances", (s, instances) => instances.then((all) => all.length)],
  ["dashboard.volumes", "/volumes", (s) => ec2All(s, "DescribeVolumes", {}, "Volumes").then((v) => v.length)],
  ["dashboard.keyPairs", "/key-pairs", (s) => ec2(s, "DescribeKeyPairs").then((o) => o.KeyPairs.length)],
  ["dashboard.securityGroups", "/security-groups", (s) => ec2All(s, "DescribeSecurityGroups", {}, "SecurityGroups").then((g) => g.length)],
  ["dashboard.elasticIps", "/elastic-ips", (s) => ec2(s, "DescribeAddresses").then((o) => o.Addresses.length)],
  ["dashboard.snapshots", "/snapshots", (s) => ec2All(s, "DescribeSnapshots", { OwnerIds: ["self"] }, "Snapshots").then((x) => x.length)],
  ["dashboard.placementGroups", "/placement-groups", (s) => ec2(s, "DescribePlacementGroups").then((o) => o.PlacementGroups.length)],
];

export default function Dashboard() {
  const t = useT();
  const { session, notify } = useConsole();
  const [counts, setCounts] = useState({});
  const [zones, setZones] = useState(null);

  useEffect(() => {
    let live = true;
    const instances = ec2All(session, "DescribeInstances", {}, "Reservations").then((r) => r.flatMap((x) => x.Instances));
    for (const [key, , count] of COUNTS)
      count(session, instances).then((n) => live && setCounts((c) => ({ ...c, [key]: n })))
        .catch((e) => live && setCounts((c) => ({ ...c, [key]: e })));
    ec2(session, "DescribeAvailabilityZones").then((o) => live && setZones(o.AvailabilityZones))
      .catch((e) => notify(errorFlash(t("common.loadFailed", { what: t("dashboard.zones") }), e)));
    return () => { live = false; };
  }, [session.region]);

  return (
    <ContentLayout header={<Header variant="h1">{t("dashboard.title")}</Header>}>
      <SpaceBetween size="l">
        <Container header={<Header variant="h2" description={t("dashboard.resourcesDescription", { region: regionName(t, session.region) })}>{t("dashboard.resources")}</Header>}>
          <ColumnLayout columns={4} variant="text-grid">
            {COUNTS.map(([key, href]) => (
              <div key={key}>
                <Box variant="awsui-key-label">{t(key)}</Box>
                <Link href={`#${href}`} onFollow={follow} fontSize="display-l" ariaLabel={t(key)}>
                  {counts[key] instanceof Error ? "-" : counts[key] ?? "…"}
                </Link>
              </div>
            ))}
          </ColumnLayout>
        </Container>
        <Container header={<Header variant="h2" description={t("dashboard.launchDescription")}>{t("dashboard.launch")}</Header>}>
          <Button variant="primary" onClick={() => navigate("/launch")}>{t("dashboard.launch")}</Button>
        </Container>
        <Table
          header={<Header variant="h2" description={<StatusIndicator type="success">{t("dashboard.serviceOk")}</StatusIndicator>}>{t("dashboard.health")}</Header>}
          loading={!zones}
          loadingText={t("common.loading")}
          items={zones ?? []}
          columnDefinitions={[
            { id: "zone", header: t("dashboard.zones"), cell: (z) => `${z.ZoneName} (${z.ZoneId})` },
            { id: "status", header: t("dashboard.zoneStatus"), cell: (z) => <StatusIndicator type={z.State === "available" ? "success" : "warning"}>{z.State === "available" ? t("dashboard.serviceOk") : z.State}</StatusIndicator> },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
