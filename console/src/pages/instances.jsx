// The instance list: Name, ID, state (moving live through pending → running …), type, status
// checks, zone, public address and key, with the state and action menus and Connect.
import Button from "@cloudscape-design/components/button";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { useRef } from "react";
import ResourceTable from "../components/resource_table.jsx";
import { StateIndicator, nameColumn, formatDate, instanceLink } from "../components/helpers.jsx";
import { useT } from "../i18n/index.js";
import { useConsole } from "../console_context.js";
import { navigate } from "../router.js";
import { useInstanceActions } from "./instance_actions.jsx";
import { describeInstances, statusCheck } from "./instance_status.js";

export function instanceColumns(t) {
  return [
    nameColumn(t),
    { id: "id", header: t("common.instanceId"), sortingField: "InstanceId", cell: (i) => instanceLink(i.InstanceId) },
    { id: "state", header: t("instances.state"), cell: (i) => <StateIndicator state={i.State?.Name} t={t} />, sortingComparator: (a, b) => a.State.Name.localeCompare(b.State.Name) },
    { id: "type", header: t("instances.type"), sortingField: "InstanceType", cell: (i) => i.InstanceType },
    { id: "check", header: t("instances.statusCheck"), cell: (i) => {
      const check = statusCheck(i);
      return check ? <StatusIndicator type={check.type}>{t(check.key, { passed: check.passed })}</StatusIndicator> : "-";
    } },
    { id: "zone", header: t("common.availabilityZone"), cell: (i) => i.Placement?.AvailabilityZone },
    { id: "dns", header: t("instances.publicDns"), cell: (i) => i.PublicDnsName || "-" },
    { id: "ip", header: t("instances.publicIp"), cell: (i) => i.PublicIpAddress || "-" },
    { id: "key", header: t("instances.keyName"), cell: (i) => i.KeyName || "-" },
    { id: "launched", header: t("instances.launchTime"), cell: (i) => formatDate(i.LaunchTime), sortingComparator: (a, b) => new Date(a.LaunchTime) - new Date(b.LaunchTime) },
  ];
}

export default function Instances() {
  const t = useT();
  const { session, notify } = useConsole();
  const table = useRef(null);
  const { menus, modal } = useInstanceActions({ session, notify, t, reload: () => table.current?.reload({ quiet: true }) });
  return (
    <>
      <ResourceTable
        ref={table}
        title={t("nav.instances")}
        trackBy="InstanceId"
        selectionType="multi"
        pollMs={2000}
        load={() => describeInstances(session)}
        columns={instanceColumns(t)}
        empty={t("instances.none")}
        actions={(selected) => (
          <>
            <Button disabled={selected.length !== 1 || selected[0].State?.Name !== "running"} onClick={() => navigate(`/instances/${selected[0].InstanceId}/connect`)}>{t("instances.connect")}</Button>
            {menus(selected)}
            <Button variant="primary" onClick={() => navigate("/launch")}>{t("dashboard.launch")}</Button>
          </>
        )}
      />
      {modal}
    </>
  );
}
