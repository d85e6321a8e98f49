// Instances with their status checks: DescribeInstances joined with DescribeInstanceStatus,
// as the console's list shows them ("2/2 checks passed", "Initializing").
import { ec2, ec2All } from "../session.js";

export async function describeInstances(session, filters = []) {
  const [reservations, statuses] = await Promise.all([
    ec2All(session, "DescribeInstances", filters.length ? { Filters: filters } : {}, "Reservations"),
    ec2All(session, "DescribeInstanceStatus", { IncludeAllInstances: true }, "InstanceStatuses").catch(() => []),
  ]);
  const byId = new Map(statuses.map((s) => [s.InstanceId, s]));
  return reservations.flatMap((r) => r.Instances.map((i) => ({ ...i, Status: byId.get(i.InstanceId) })));
}

export async function describeInstance(session, id) {
  const [out, status] = await Promise.all([
    ec2(session, "DescribeInstances", { InstanceIds: [id] }),
    ec2(session, "DescribeInstanceStatus", { InstanceIds: [id], IncludeAllInstances: true }).catch(() => null),
  ]);
  const instance = out.Reservations?.[0]?.Instances?.[0];
  return instance && { ...instance, Status: status?.InstanceStatuses?.[0] };
}

// {type, key, passed}: what the status-check column shows.
export function statusCheck(instance) {
  const status = instance.Status;
  if (!status || instance.State?.Name !== "running") return null;
  const checks = [status.SystemStatus?.Status, status.InstanceStatus?.Status];
  const passed = checks.filter((c) => c === "ok").length;
  if (checks.some((c) => c === "impaired")) return { type: "error", key: "instances.check.failed", passed };
  if (passed === 2) return { type: "success", key: "instances.check.passed", passed };
  return { type: "pending", key: "instances.check.initializing", passed };
}
