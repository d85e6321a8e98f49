// Network & Security → Security Groups: the list (create, delete) and, at
// #/security-groups/sg-…, one group's details with its inbound and outbound rules and the
// "Edit inbound rules" / "Edit outbound rules" editor, whose "Save rules" applies the
// difference (Authorize, Revoke, UpdateSecurityGroupRuleDescriptions).
import { useCallback, useEffect, useRef, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Link from "@cloudscape-design/components/link";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import Tabs from "@cloudscape-design/components/tabs";
import ResourceTable from "../components/resource_table.jsx";
import { ConfirmModal, FormModal, NameTagField, loadStatus, nameTagSpecifications, useLoad } from "../components/form_modal.jsx";
import { RulesEditor } from "../components/rules_editor.jsx";
import {
  permissionEntryCount, portsLabel, protocolLabel, ruleChanges, ruleToRow, rowToPermission, rowsToIpPermissions, rulesValid, typeLabel,
} from "../components/security_group_rules.js";
import { nameColumn, nameTag } from "../components/helpers.jsx";
import { errorFlash, useConsole } from "../console_context.js";
import { useT } from "../i18n/index.js";
import { follow, navigate } from "../router.js";
import { ec2, ec2All } from "../session.js";

const groupLink = (id) => <Link href={`#/security-groups/${id}`} onFollow={follow}>{id}</Link>;

// "1 Permission entry", "3 Permission entries": how the console counts a group's rules.
function entriesText(t, permissions) {
  const count = permissionEntryCount(permissions);
  return t(count === 1 ? "sg.entry" : "sg.entries", { count });
}

const groupRules = (session, groupId) =>
  ec2All(session, "DescribeSecurityGroupRules", { Filters: [{ Name: "group-id", Values: [groupId] }] }, "SecurityGroupRules");

// Applies ruleChanges(): adds first (a failure then changes nothing), then removes, then
// rewrites descriptions.
async function applyRuleChanges(session, groupId, egress, { authorize, revoke, describe }) {
  const direction = egress ? "Egress" : "Ingress";
  if (authorize.length)
    await ec2(session, `AuthorizeSecurityGroup${direction}`, { GroupId: groupId, IpPermissions: rowsToIpPermissions(authorize) });
  if (revoke.length) {
    const byId = revoke.every((rule) => rule.SecurityGroupRuleId);
    await ec2(session, `RevokeSecurityGroup${direction}`, byId
      ? { GroupId: groupId, SecurityGroupRuleIds: revoke.map((rule) => rule.SecurityGroupRuleId) }
      : { GroupId: groupId, IpPermissions: revoke.map((rule) => rowToPermission(ruleToRow(rule))) });
  }
  if (describe.length)
    await ec2(session, `UpdateSecurityGroupRuleDescriptions${direction}`, { GroupId: groupId, SecurityGroupRuleDescriptions: describe });
}

// Create security group: name, description, VPC (the default one first) and inbound rules;
// outbound allows all traffic, as EC2 sets it up. Opens the new group's page.
function CreateGroupModal({ onDismiss }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [vpcId, setVpcId] = useState(null);
  const [rows, setRows] = useState([]);
  const [tagName, setTagName] = useState("");
  const [tried, setTried] = useState(false);
  const vpcs = useLoad(async () => {
    const all = await ec2All(session, "DescribeVpcs", {}, "Vpcs");
    setVpcId((current) => current ?? (all.find((v) => v.IsDefault) ?? all[0])?.VpcId ?? null);
    return all;
  }, [session]);
  const vpcOption = (v) => ({ value: v.VpcId, label: v.VpcId, description: [nameTag(v), v.CidrBlock].filter(Boolean).join(" · "), labelTag: v.IsDefault ? t("sg.defaultVpc") : undefined });
  const chosenVpc = vpcs.items.find((v) => v.VpcId === vpcId);

  const create = async () => {
    setTried(true);
    if (!rulesValid(rows)) throw new Error(t("sg.fixRules"));
    const out = await ec2(session, "CreateSecurityGroup", {
      GroupName: name.trim(),
      Description: description.trim(),
      VpcId: vpcId,
      ...nameTagSpecifications("security-group", tagName),
    });
    try {
      if (rows.length) await ec2(session, "AuthorizeSecurityGroupIngress", { GroupId: out.GroupId, IpPermissions: rowsToIpPermissions(rows) });
      notify({ type: "success", header: t("sg.created", { id: out.GroupId }) });
    } catch (error) {
      notify(errorFlash(t("sg.createdWithoutRules", { id: out.GroupId }), error));
    }
    navigate(`/security-groups/${out.GroupId}`);
  };

  return (
    <FormModal size="max" title={t("sg.create")} submitLabel={t("sg.create")} failure={t("sg.createFailed")} onSubmit={create} onDismiss={onDismiss} submitDisabled={!name.trim() || !description.trim() || !vpcId}>
      <FormField label={t("sg.groupName")} constraintText={t("sg.nameConstraint")}>
        <Input value={name} placeholder="MyWebServerGroup" onChange={({ detail }) => setName(detail.value)} />
      </FormField>
      <FormField label={t("common.description")}>
        <Input value={description} placeholder={t("sg.descriptionPlaceholder")} onChange={({ detail }) => setDescription(detail.value)} />
      </FormField>
      <FormField label={t("sg.vpc")}>
        <Select
          selectedOption={chosenVpc ? vpcOption(chosenVpc) : null}
          options={vpcs.items.map(vpcOption)}
          placeholder={t("sg.chooseVpc")}
          onChange={({ detail }) => setVpcId(detail.selectedOption.value)}
          {...loadStatus(vpcs, t)}
        />
      </FormField>
      <Container header={<Header variant="h3" description={t("sg.inboundDescription")}>{t("sg.inbound")}</Header>}>
        <RulesEditor rows={rows} onChange={setRows} t={t} showErrors={tried} />
      </Container>
      <Alert type="info">{t("sg.outboundDefault")}</Alert>
      <NameTagField value={tagName} onChange={setTagName} />
    </FormModal>
  );
}

function DeleteGroupModal({ group, onDismiss, onDone }) {
  const t = useT();
  return (
    <ConfirmModal
      title={t("sg.deleteTitle")} submitLabel={t("common.delete")} failure={t("sg.deleteFailed")}
      question={t("sg.deleteQuestion", { id: group.GroupId, name: group.GroupName })} success={t("sg.deleted", { id: group.GroupId })}
      action={(session) => ec2(session, "DeleteSecurityGroup", { GroupId: group.GroupId })} onDismiss={onDismiss} onDone={onDone}
    />
  );
}

function GroupList() {
  const t = useT();
  const { session } = useConsole();
  const table = useRef();
  const [dialog, setDialog] = useState(null);

  const columns = [
    nameColumn(t),
    { id: "id", header: t("sg.groupId"), cell: (g) => groupLink(g.GroupId), sortingField: "GroupId", isRowHeader: true },
    { id: "groupName", header: t("sg.groupName"), cell: (g) => g.GroupName, sortingField: "GroupName" },
    { id: "vpc", header: t("sg.vpcId"), cell: (g) => g.VpcId || "-", sortingField: "VpcId" },
    { id: "description", header: t("common.description"), cell: (g) => g.Description, sortingField: "Description" },
    { id: "owner", header: t("sg.owner"), cell: (g) => g.OwnerId, sortingField: "OwnerId" },
    { id: "inbound", header: t("sg.inboundCount"), cell: (g) => entriesText(t, g.IpPermissions) },
    { id: "outbound", header: t("sg.outboundCount"), cell: (g) => entriesText(t, g.IpPermissionsEgress) },
  ];

  const actions = (selected) => (
    <>
      <ButtonDropdown
        disabled={!selected.length}
        items={[
          { id: "inbound", text: t("sg.editInbound") },
          { id: "outbound", text: t("sg.editOutbound") },
          { id: "delete", text: t("sg.deleteGroups") },
        ]}
        onItemClick={({ detail }) => (detail.id === "delete"
          ? setDialog({ kind: "delete", group: selected[0] })
          : navigate(`/security-groups/${selected[0].GroupId}?edit=${detail.id}`))}
      >
        {t("common.actions")}
      </ButtonDropdown>
      <Button variant="primary" onClick={() => setDialog({ kind: "create" })}>{t("sg.create")}</Button>
    </>
  );

  return (
    <>
      <ResourceTable
        ref={table}
        title={t("sg.title")}
        load={() => ec2All(session, "DescribeSecurityGroups", {}, "SecurityGroups")}
        columns={columns}
        trackBy="GroupId"
        actions={actions}
        empty={t("sg.empty")}
      />
      {dialog?.kind === "create" && <CreateGroupModal onDismiss={() => setDialog(null)} />}
      {dialog?.kind === "delete" && <DeleteGroupModal group={dialog.group} onDismiss={() => setDialog(null)} onDone={() => table.current?.reload({ quiet: true })} />}
    </>
  );
}

// One direction's rules of a group, as a table.
function RulesTable({ groupId, egress, onEdit }) {
  const t = useT();
  const { session } = useConsole();
  const direction = egress ? "outbound" : "inbound";
  const shown = (rule) => ({ ...rule, row: ruleToRow(rule) });
  const columns = [
    { id: "name", header: t("common.name"), cell: (rule) => nameTag(rule) || "-" },
    { id: "id", header: t("sg.ruleId"), cell: (rule) => rule.SecurityGroupRuleId, sortingField: "SecurityGroupRuleId", isRowHeader: true },
    { id: "ipVersion", header: t("sg.ipVersion"), cell: (rule) => (rule.CidrIpv4 ? "IPv4" : rule.CidrIpv6 ? "IPv6" : "-") },
    { id: "type", header: t("common.type"), cell: ({ row }) => typeLabel(row, t) },
    { id: "protocol", header: t("sg.protocol"), cell: (rule) => protocolLabel(String(rule.IpProtocol), t) },
    { id: "ports", header: t("sg.portRange"), cell: ({ row }) => portsLabel(row, t) },
    { id: "source", header: t(egress ? "sg.destination" : "sg.source"), cell: ({ row }) => (row.source.startsWith("sg-") ? groupLink(row.source) : row.source) },
    { id: "description", header: t("common.description"), cell: (rule) => rule.Description || "-" },
  ];
  return (
    <ResourceTable
      variant="container"
      title={t(`sg.${direction}`)}
      load={async () => (await groupRules(session, groupId)).filter((rule) => Boolean(rule.IsEgress) === egress).map(shown)}
      columns={columns}
      trackBy="SecurityGroupRuleId"
      selectionType={null}
      actions={() => <Button onClick={onEdit}>{t(egress ? "sg.editOutbound" : "sg.editInbound")}</Button>}
      empty={t(egress ? "sg.noOutboundRules" : "sg.noInboundRules")}
    />
  );
}

// "Edit inbound rules" / "Edit outbound rules": the group's rules as editor rows; Save rules
// applies what changed. After a failed save the rules are read again (part of the change may
// have been made), and the rows stay as they were edited.
function EditRules({ groupId, egress, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [rules, setRules] = useState(null);
  const [rows, setRows] = useState([]);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const direction = egress ? "outbound" : "inbound";

  const fetchRules = useCallback(async () => (await groupRules(session, groupId)).filter((rule) => Boolean(rule.IsEgress) === egress), [session, groupId, egress]);

  useEffect(() => {
    fetchRules().then(
      (loaded) => { setRules(loaded); setRows(loaded.map(ruleToRow)); },
      (error) => { notify(errorFlash(t("sg.loadRulesFailed"), error)); onDone(); },
    );
  }, [fetchRules]);

  const save = async () => {
    setTried(true);
    if (!rulesValid(rows)) return;
    setSaving(true);
    try {
      await applyRuleChanges(session, groupId, egress, ruleChanges(rules, rows));
      notify({ type: "success", header: t(`sg.${direction}Saved`, { id: groupId }) });
      onDone();
    } catch (error) {
      notify(errorFlash(t("sg.saveFailed"), error));
      setRules(await fetchRules().catch(() => rules));
      setSaving(false);
    }
  };

  if (!rules) return <Spinner size="large" />;
  return (
    <Form
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <Button variant="link" disabled={saving} onClick={onDone}>{t("common.cancel")}</Button>
          <Button variant="primary" loading={saving} onClick={save}>{t("sg.saveRules")}</Button>
        </SpaceBetween>
      }
    >
      <Container header={<Header variant="h2" description={t(`sg.${direction}Description`)}>{t(egress ? "sg.editOutbound" : "sg.editInbound")}</Header>}>
        <RulesEditor rows={rows} onChange={setRows} t={t} direction={direction} showErrors={tried} />
      </Container>
    </Form>
  );
}

function GroupDetails({ group, t }) {
  return (
    <Container header={<Header variant="h2">{t("common.details")}</Header>}>
      <KeyValuePairs
        columns={4}
        items={[
          { label: t("sg.groupName"), value: group.GroupName },
          { label: t("sg.groupId"), value: group.GroupId },
          { label: t("common.description"), value: group.Description },
          { label: t("sg.vpcId"), value: group.VpcId || "-" },
          { label: t("sg.owner"), value: group.OwnerId },
          { label: t("sg.inboundCount"), value: entriesText(t, group.IpPermissions) },
          { label: t("sg.outboundCount"), value: entriesText(t, group.IpPermissionsEgress) },
        ]}
      />
    </Container>
  );
}

// #/security-groups/sg-…[?edit=inbound|outbound]
function GroupDetail({ groupId }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [group, setGroup] = useState(null);
  const [failed, setFailed] = useState(false);
  const [editing, setEditing] = useState(() => new URLSearchParams(window.location.hash.split("?")[1] ?? "").get("edit"));
  const [tab, setTab] = useState("inbound");
  const [deleting, setDeleting] = useState(false);

  const load = useCallback(async () => {
    try {
      const out = await ec2(session, "DescribeSecurityGroups", { GroupIds: [groupId] });
      setGroup(out.SecurityGroups?.[0] ?? null);
    } catch (error) {
      notify(errorFlash(t("sg.loadFailed", { id: groupId }), error));
      setFailed(true);
    }
  }, [session, groupId]);
  useEffect(() => { load(); }, [load]);

  const stopEditing = () => {
    if (window.location.hash.includes("?")) navigate(`/security-groups/${groupId}`);
    setEditing(null);
    load();
  };

  const breadcrumbs = (
    <BreadcrumbGroup
      ariaLabel={t("sg.breadcrumbs")}
      onFollow={follow}
      items={[
        { text: "EC2", href: "#/ec2" },
        { text: t("sg.title"), href: "#/security-groups" },
        { text: groupId, href: `#/security-groups/${groupId}` },
        ...(editing ? [{ text: t(editing === "outbound" ? "sg.editOutbound" : "sg.editInbound"), href: `#/security-groups/${groupId}` }] : []),
      ]}
    />
  );

  if (failed) return <SpaceBetween size="l">{breadcrumbs}<Alert type="error">{t("sg.notFound", { id: groupId })}</Alert></SpaceBetween>;
  if (!group) return <SpaceBetween size="l">{breadcrumbs}<Spinner size="large" /></SpaceBetween>;
  return (
    <SpaceBetween size="l">
      {breadcrumbs}
      {editing ? (
        <EditRules groupId={groupId} egress={editing === "outbound"} onDone={stopEditing} />
      ) : (
        <>
          <Header
            variant="h1"
            actions={
              <ButtonDropdown
                items={[
                  { id: "inbound", text: t("sg.editInbound") },
                  { id: "outbound", text: t("sg.editOutbound") },
                  { id: "delete", text: t("sg.deleteGroups") },
                ]}
                onItemClick={({ detail }) => (detail.id === "delete" ? setDeleting(true) : setEditing(detail.id))}
              >
                {t("common.actions")}
              </ButtonDropdown>
            }
          >
            {`${group.GroupId} - ${group.GroupName}`}
          </Header>
          <GroupDetails group={group} t={t} />
          <Tabs
            activeTabId={tab}
            onChange={({ detail }) => setTab(detail.activeTabId)}
            tabs={[
              { id: "inbound", label: t("sg.inbound"), content: <RulesTable groupId={groupId} egress={false} onEdit={() => setEditing("inbound")} /> },
              { id: "outbound", label: t("sg.outbound"), content: <RulesTable groupId={groupId} egress onEdit={() => setEditing("outbound")} /> },
            ]}
          />
        </>
      )}
      {deleting && <DeleteGroupModal group={group} onDismiss={() => setDeleting(false)} onDone={() => navigate("/security-groups")} />}
    </SpaceBetween>
  );
}

export default function SecurityGroups({ groupId }) {
  return groupId ? <GroupDetail key={groupId} groupId={groupId} /> : <GroupList />;
}
