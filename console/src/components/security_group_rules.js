// Security group rules as the console edits them. RULE_TYPES is AWS's "Type" column (SSH is
// TCP 22, HTTP TCP 80 …); a rules editor row is one rule of one type from one source:
//   { key, ruleId?, type, protocol, fromPort, toPort, portRange, sourceType, source, description }
// (`portRange` is the text a Custom TCP/UDP row's port field holds; `protocol`, `fromPort` and
// `toPort` are used only by "custom-protocol" rows, which keep a rule no other type describes).
// rowsToIpPermissions turns rows into the IpPermissions CreateSecurityGroup's follow-up
// AuthorizeSecurityGroupIngress takes; ruleToRow reads DescribeSecurityGroupRules' rules back;
// ruleChanges is the difference "Save rules" applies.

// `labelKey` names the i18n entry; fixed types give their protocol and ports, custom ones a
// protocol and a port range the user types.
export const RULE_TYPES = [
  { id: "custom-tcp", labelKey: "sg.type.customTcp", protocol: "tcp", custom: true },
  { id: "custom-udp", labelKey: "sg.type.customUdp", protocol: "udp", custom: true },
  { id: "all-tcp", labelKey: "sg.type.allTcp", protocol: "tcp", from: 0, to: 65535 },
  { id: "all-udp", labelKey: "sg.type.allUdp", protocol: "udp", from: 0, to: 65535 },
  { id: "all-icmp", labelKey: "sg.type.allIcmp", protocol: "icmp", from: -1, to: -1 },
  { id: "all-traffic", labelKey: "sg.type.allTraffic", protocol: "-1", from: -1, to: -1 },
  { id: "ssh", labelKey: "sg.type.ssh", protocol: "tcp", from: 22, to: 22 },
  { id: "http", labelKey: "sg.type.http", protocol: "tcp", from: 80, to: 80 },
  { id: "https", labelKey: "sg.type.https", protocol: "tcp", from: 443, to: 443 },
  { id: "rdp", labelKey: "sg.type.rdp", protocol: "tcp", from: 3389, to: 3389 },
  { id: "mysql", labelKey: "sg.type.mysql", protocol: "tcp", from: 3306, to: 3306 },
  { id: "postgresql", labelKey: "sg.type.postgresql", protocol: "tcp", from: 5432, to: 5432 },
];

// Only for rules read from a group (ICMP of one type, other protocols): kept as they are.
export const CUSTOM_PROTOCOL = { id: "custom-protocol", labelKey: "sg.type.customProtocol", fixed: true };

export const ruleType = (id) => RULE_TYPES.find((type) => type.id === id) ?? CUSTOM_PROTOCOL;

// Where a row's traffic comes from (or, outbound, goes to): "custom" is a CIDR, a security
// group ID or a prefix list ID typed in; "my-ip" is the browser's address (see RulesEditor).
export const SOURCE_TYPES = [
  { id: "custom", labelKey: "sg.source.custom" },
  { id: "anywhere-ipv4", labelKey: "sg.source.anywhereIpv4", cidr: "0.0.0.0/0" },
  { id: "anywhere-ipv6", labelKey: "sg.source.anywhereIpv6", cidr: "::/0" },
  { id: "my-ip", labelKey: "sg.source.myIp" },
];

let nextKey = 0;
const newKey = () => `rule-${++nextKey}`;

// A new row of `type` ("ssh", "custom-tcp" …) from `sourceType` (Anywhere-IPv4 unless told).
export function defaultRow(type = "custom-tcp", sourceType = "anywhere-ipv4") {
  const source = SOURCE_TYPES.find((s) => s.id === sourceType)?.cidr ?? "";
  return { key: newKey(), type, portRange: "", sourceType, source, description: "" };
}

const PORT_RANGE = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/;

// The row's protocol and ports, or null when its port range is not a valid one.
export function rowProtocolPorts(row) {
  const type = ruleType(row.type);
  if (type === CUSTOM_PROTOCOL) return { protocol: row.protocol, from: row.fromPort ?? -1, to: row.toPort ?? -1 };
  if (!type.custom) return { protocol: type.protocol, from: type.from, to: type.to };
  const match = PORT_RANGE.exec(String(row.portRange ?? "").trim());
  if (!match) return null;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from <= to && to <= 65535 ? { protocol: type.protocol, from, to } : null;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV6_CIDR = /^[0-9a-f:.]*:[0-9a-f:.]*\/(\d{1,3})$/i;

// What a source text is: "ipv4", "ipv6", "group", "prefix-list", or null when it is none.
export function sourceKind(text) {
  const source = String(text ?? "").trim();
  const v4 = IPV4_CIDR.exec(source);
  if (v4) return v4.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(v4[5]) <= 32 ? "ipv4" : null;
  const v6 = IPV6_CIDR.exec(source);
  if (v6) return Number(v6[1]) <= 128 ? "ipv6" : null;
  if (/^sg-[0-9a-f]+$/.test(source)) return "group";
  if (/^pl-[0-9a-f]+$/.test(source)) return "prefix-list";
  return null;
}

// The i18n keys of what is wrong with a row's fields: { ports?, source? }.
export function rowErrors(row) {
  const errors = {};
  if (!rowProtocolPorts(row)) errors.ports = "sg.error.portRange";
  if (!sourceKind(row.source)) errors.source = row.sourceType === "my-ip" && !row.source ? "sg.error.myIpPending" : "sg.error.source";
  return errors;
}

export const rulesValid = (rows) => rows.every((row) => Object.keys(rowErrors(row)).length === 0);

// One row as one IpPermission (one protocol and port range, one source).
export function rowToPermission(row) {
  const ports = rowProtocolPorts(row);
  const source = String(row.source ?? "").trim();
  const kind = sourceKind(source);
  if (!ports || !kind) throw new Error(`Invalid security group rule: ${row.type} ${row.portRange ?? ""} ${source}`);
  const description = String(row.description ?? "").trim();
  const described = (entry) => (description ? { ...entry, Description: description } : entry);
  const permission = { IpProtocol: ports.protocol };
  if (ports.protocol !== "-1") Object.assign(permission, { FromPort: ports.from, ToPort: ports.to });
  if (kind === "ipv4") permission.IpRanges = [described({ CidrIp: source })];
  if (kind === "ipv6") permission.Ipv6Ranges = [described({ CidrIpv6: source })];
  if (kind === "group") permission.UserIdGroupPairs = [described({ GroupId: source })];
  if (kind === "prefix-list") permission.PrefixListIds = [described({ PrefixListId: source })];
  return permission;
}

// The IpPermissions of Authorize/Revoke/CreateSecurityGroup for editor rows; throws on an
// invalid row (check rulesValid(rows) first).
export const rowsToIpPermissions = (rows) => rows.map(rowToPermission);

// The rule type a protocol and port range are: a fixed type when one matches exactly, else
// Custom TCP/UDP, else a custom protocol.
function typeOf(protocol, from, to) {
  const fixed = RULE_TYPES.find((type) => !type.custom && type.protocol === protocol && type.from === from && type.to === to);
  if (fixed) return fixed.id;
  if (protocol === "tcp") return "custom-tcp";
  if (protocol === "udp") return "custom-udp";
  return CUSTOM_PROTOCOL.id;
}

export const portRangeText = (from, to) => (from === to ? String(from) : `${from}-${to}`);

// A rule read from EC2 as an editor row: its protocol, ports, one source, description.
function rowOf({ protocol, from = -1, to = -1, source = "", description = "", ruleId }) {
  const type = typeOf(String(protocol), from, to);
  return {
    key: newKey(),
    ...(ruleId ? { ruleId } : {}),
    type,
    protocol: String(protocol),
    fromPort: from,
    toPort: to,
    portRange: ruleType(type).custom ? portRangeText(from, to) : "",
    sourceType: SOURCE_TYPES.find((s) => s.cidr && s.cidr === source)?.id ?? "custom",
    source,
    description: description ?? "",
  };
}

// A rule of DescribeSecurityGroupRules (one source each) as an editor row.
export const ruleToRow = (rule) => rowOf({
  protocol: rule.IpProtocol,
  from: rule.FromPort ?? -1,
  to: rule.ToPort ?? -1,
  source: rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ?? rule.ReferencedGroupInfo?.GroupId ?? "",
  description: rule.Description,
  ruleId: rule.SecurityGroupRuleId,
});

// What makes two rules the same rule to EC2: protocol, ports and source (not the description).
function identity(row) {
  const ports = rowProtocolPorts(row);
  return JSON.stringify([ports?.protocol, ports?.from, ports?.to, String(row.source ?? "").trim()]);
}

// What turns a group's `rules` (one direction, from DescribeSecurityGroupRules) into `rows`:
// rows to authorize, rules to revoke, and { SecurityGroupRuleId, Description } for rules that
// stay but whose description changed (UpdateSecurityGroupRuleDescriptions*).
export function ruleChanges(rules, rows) {
  const remaining = rules.map((rule) => ({ rule, id: identity(ruleToRow(rule)) }));
  const authorize = [];
  const describe = [];
  for (const row of rows) {
    const at = remaining.findIndex((r) => r.id === identity(row));
    if (at < 0) {
      authorize.push(row);
      continue;
    }
    const [{ rule }] = remaining.splice(at, 1);
    const description = String(row.description ?? "").trim();
    if ((rule.Description ?? "") !== description)
      describe.push({ SecurityGroupRuleId: rule.SecurityGroupRuleId, ...(description ? { Description: description } : {}) });
  }
  return { authorize, revoke: remaining.map((r) => r.rule), describe };
}

// How many rules (permission entries: one source each) a list of IpPermissions holds.
export const permissionEntryCount = (permissions = []) =>
  permissions.reduce((n, p) => n + ["IpRanges", "Ipv6Ranges", "UserIdGroupPairs", "PrefixListIds"]
    .reduce((m, key) => m + (p[key]?.length ?? 0), 0), 0);

// How the rules tables and the editor show a protocol ("-1" is all of them) and a row's ports.
export function protocolLabel(protocol, t) {
  if (protocol === "-1") return t("sg.all");
  return { tcp: "TCP", udp: "UDP", icmp: "ICMP", icmpv6: "ICMPv6" }[protocol] ?? String(protocol ?? "");
}

export function portsLabel(row, t) {
  const ports = rowProtocolPorts(row);
  if (!ports) return String(row.portRange ?? "");
  if (ports.protocol === "-1" || ports.from === -1) return t("sg.all");
  if (ports.protocol === "icmp" || ports.protocol === "icmpv6") return ports.to === -1 ? String(ports.from) : `${ports.from}/${ports.to}`;
  return portRangeText(ports.from, ports.to);
}

export const typeLabel = (row, t) => t(ruleType(row.type).labelKey);

// A rule as a table shows it: { type, protocol, ports, source, description }, all text. `item`
// is an editor row, or { permission, source, description } for one source of an IpPermission
// (DescribeSecurityGroups' IpPermissions / IpPermissionsEgress).
export function describeRule(item, t) {
  const row = item.permission
    ? rowOf({ protocol: item.permission.IpProtocol, from: item.permission.FromPort, to: item.permission.ToPort, source: item.source, description: item.description })
    : item;
  return {
    type: typeLabel(row, t),
    protocol: protocolLabel(ruleType(row.type).protocol ?? row.protocol, t),
    ports: portsLabel(row, t),
    source: row.source ?? "",
    description: row.description ?? "",
  };
}
