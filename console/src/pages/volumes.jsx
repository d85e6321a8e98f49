// Elastic Block Store → Volumes: the account's EBS volumes (states move on the server's
// clock, so the list polls), and what the console does to them: create, attach, detach,
// modify, snapshot, delete. CreateVolumeModal is also the Snapshots page's "Create volume
// from snapshot".
import { useRef, useState } from "react";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import Checkbox from "@cloudscape-design/components/checkbox";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import ResourceTable from "../components/resource_table.jsx";
import { ConfirmModal, FormModal, NameTagField, loadStatus, nameTagSpecifications, useLoad } from "../components/form_modal.jsx";
import { VOLUME_TYPES, ebsFields, gp2Iops, volumeErrors } from "../components/volume_rules.js";
import { StateIndicator, formatDate, nameColumn, nameTag, instanceLink } from "../components/helpers.jsx";
import { useConsole } from "../console_context.js";
import { useT } from "../i18n/index.js";
import { ec2, ec2All } from "../session.js";

// The settings a volume has, as the form holds them (text fields, as volume_rules.js takes
// them): from a DescribeVolumes item, or a new volume's defaults.
function settingsOf(volume) {
  const rules = VOLUME_TYPES[volume.VolumeType];
  return {
    type: volume.VolumeType,
    size: String(volume.Size ?? ""),
    iops: rules?.iops ? String(volume.Iops ?? "") : "",
    throughput: rules?.throughput ? String(volume.Throughput ?? "") : "",
  };
}

// The settings with another type: its default IOPS and throughput, where it takes them.
function withType(settings, type) {
  const rules = VOLUME_TYPES[type];
  return {
    ...settings,
    type,
    iops: rules.iops ? String(rules.defaultIops) : "",
    throughput: rules.throughput ? String(rules.defaultThroughput) : "",
  };
}

const newSettings = (size) => withType({ size: String(size) }, "gp3");

// CreateVolume's or ModifyVolume's fields for valid settings: VolumeType, Size, Iops and
// Throughput where the type takes them (and Encrypted if `encrypted` is set). ebsFields
// names the size as a block device mapping does (VolumeSize); these calls name it Size.
function volumeInput(settings) {
  const { VolumeSize, ...fields } = ebsFields(settings);
  return { ...fields, Size: VolumeSize };
}

// volumeErrors' messages as an Error, for a submit that gets past the disabled button.
function refuseErrors(errors) {
  const messages = Object.values(errors);
  if (messages.length) throw new Error(messages.join(" "));
}

// Volume type, size, IOPS and throughput: the fields Create volume and Modify volume share,
// each showing what volumeErrors found wrong with it (`errors`). minSize: the smallest size
// allowed besides the type's own (the snapshot's size, or the size a modified volume has).
function VolumeSettings({ value, onChange, errors, minSize = 0 }) {
  const t = useT();
  const rules = VOLUME_TYPES[value.type];
  const typeOption = (type) => ({ value: type, label: VOLUME_TYPES[type] ? t(VOLUME_TYPES[type].labelKey) : type });
  const range = ([min, max]) => t("volumes.range", { min, max });
  const gp2 = value.type === "gp2";
  const iopsHint = rules?.iops ? range(rules.iops) : gp2 ? t("volumes.gp2Iops") : t("volumes.notApplicable");
  return (
    <SpaceBetween size="l">
      <FormField label={t("volumes.volumeType")} errorText={errors.type}>
        <Select
          selectedOption={typeOption(value.type)}
          options={Object.keys(VOLUME_TYPES).map(typeOption)}
          onChange={({ detail }) => onChange(withType(value, detail.selectedOption.value))}
        />
      </FormField>
      <FormField label={t("volumes.sizeGib")} constraintText={rules && range([Math.max(rules.minSize, minSize), rules.maxSize])} errorText={errors.size}>
        <Input type="number" inputMode="numeric" value={value.size} onChange={({ detail }) => onChange({ ...value, size: detail.value })} />
      </FormField>
      <FormField label={t("volumes.iops")} constraintText={iopsHint} errorText={errors.iops}>
        <Input
          type="number"
          inputMode="numeric"
          value={rules?.iops ? value.iops : gp2 ? String(gp2Iops(Number(value.size) || 0)) : ""}
          disabled={!rules?.iops}
          onChange={({ detail }) => onChange({ ...value, iops: detail.value })}
        />
      </FormField>
      <FormField label={t("volumes.throughputMibs")} constraintText={rules?.throughput ? range(rules.throughput) : t("volumes.notApplicable")} errorText={errors.throughput}>
        <Input type="number" inputMode="numeric" value={value.throughput} disabled={!rules?.throughput} onChange={({ detail }) => onChange({ ...value, throughput: detail.value })} />
      </FormField>
    </SpaceBetween>
  );
}

// Create volume; `snapshot` (a DescribeSnapshots item) makes it "Create volume from snapshot".
export function CreateVolumeModal({ snapshot, onDismiss, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [settings, setSettings] = useState(() => newSettings(snapshot?.VolumeSize ?? 100));
  const [zone, setZone] = useState(null);
  const [snapshotId, setSnapshotId] = useState(snapshot?.SnapshotId ?? "");
  const [encrypted, setEncrypted] = useState(Boolean(snapshot?.Encrypted));
  const [name, setName] = useState("");
  const zones = useLoad(async () => {
    const out = await ec2(session, "DescribeAvailabilityZones", {});
    const names = (out.AvailabilityZones ?? []).filter((z) => z.State === "available").map((z) => z.ZoneName);
    setZone((current) => current ?? names[0] ?? null);
    return names;
  }, [session]);
  const snapshots = useLoad(
    () => (snapshot ? Promise.resolve([snapshot]) : ec2All(session, "DescribeSnapshots", { OwnerIds: ["self"] }, "Snapshots")),
    [session, snapshot],
  );
  const chosen = snapshots.items.find((s) => s.SnapshotId === snapshotId);
  const errors = volumeErrors({ ...settings, snapshotSize: chosen?.VolumeSize }, t);
  const invalid = Object.keys(errors).length > 0;
  const snapshotOption = (s) => (s ? { value: s.SnapshotId, label: s.SnapshotId, description: nameTag(s) || s.Description, tags: [`${s.VolumeSize} GiB`] } : { value: "", label: t("volumes.noSnapshot") });

  const chooseSnapshot = (id) => {
    const next = snapshots.items.find((s) => s.SnapshotId === id);
    setSnapshotId(id);
    if (next?.Encrypted) setEncrypted(true);
    if (next && Number(settings.size) < next.VolumeSize) setSettings({ ...settings, size: String(next.VolumeSize) });
  };

  const create = async () => {
    refuseErrors(errors);
    const out = await ec2(session, "CreateVolume", {
      AvailabilityZone: zone,
      ...volumeInput({ ...settings, encrypted }),
      ...(snapshotId ? { SnapshotId: snapshotId } : {}),
      ...nameTagSpecifications("volume", name),
    });
    notify({ type: "success", header: t("volumes.created", { id: out.VolumeId }) });
    onDone?.();
  };

  return (
    <FormModal title={t("volumes.create")} submitLabel={t("volumes.create")} failure={t("volumes.createFailed")} onSubmit={create} onDismiss={onDismiss} submitDisabled={!zone || invalid}>
      <VolumeSettings value={settings} onChange={setSettings} errors={errors} minSize={chosen?.VolumeSize ?? 0} />
      <FormField label={t("common.availabilityZone")}>
        <Select
          selectedOption={zone ? { value: zone, label: zone } : null}
          options={zones.items.map((z) => ({ value: z, label: z }))}
          onChange={({ detail }) => setZone(detail.selectedOption.value)}
          placeholder={t("volumes.chooseZone")}
          {...loadStatus(zones, t)}
        />
      </FormField>
      <FormField label={`${t("volumes.snapshotId")} - ${t("common.optional")}`}>
        <Select
          selectedOption={snapshotOption(chosen)}
          options={snapshot ? [snapshotOption(snapshot)] : [snapshotOption(null), ...snapshots.items.filter((s) => s.State === "completed").map(snapshotOption)]}
          disabled={Boolean(snapshot)}
          filteringType="auto"
          onChange={({ detail }) => chooseSnapshot(detail.selectedOption.value)}
          {...loadStatus(snapshots, t)}
        />
      </FormField>
      <FormField label={t("volumes.encryption")}>
        <Checkbox checked={encrypted} disabled={Boolean(chosen?.Encrypted)} onChange={({ detail }) => setEncrypted(detail.checked)}>
          {t("volumes.encrypt")}
        </Checkbox>
      </FormField>
      <NameTagField value={name} onChange={setName} />
    </FormModal>
  );
}

// Attach volume: an instance in the volume's Availability Zone that is not terminated.
function AttachModal({ volume, onDismiss, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [instanceId, setInstanceId] = useState("");
  const [device, setDevice] = useState("/dev/sdf");
  const instances = useLoad(async () => {
    const reservations = await ec2All(session, "DescribeInstances", {
      Filters: [
        { Name: "availability-zone", Values: [volume.AvailabilityZone] },
        { Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] },
      ],
    }, "Reservations");
    return reservations.flatMap((r) => r.Instances ?? []);
  }, [session, volume.VolumeId]);
  const instanceOption = (i) => ({ value: i.InstanceId, label: i.InstanceId, description: nameTag(i) || undefined, labelTag: i.State?.Name });

  const attach = async () => {
    await ec2(session, "AttachVolume", { VolumeId: volume.VolumeId, InstanceId: instanceId, Device: device.trim() });
    notify({ type: "success", header: t("volumes.attached", { id: volume.VolumeId, instance: instanceId }) });
    onDone();
  };

  const chosen = instances.items.find((i) => i.InstanceId === instanceId);
  return (
    <FormModal title={t("volumes.attach")} submitLabel={t("volumes.attachVolume")} failure={t("volumes.attachFailed")} onSubmit={attach} onDismiss={onDismiss} submitDisabled={!instanceId || !device.trim()}>
      <FormField label={t("volumes.volumeId")}><Input value={volume.VolumeId} disabled onChange={() => {}} /></FormField>
      <FormField label={t("volumes.instance")} description={t("volumes.instanceHint", { zone: volume.AvailabilityZone })}>
        <Select
          selectedOption={chosen ? instanceOption(chosen) : null}
          options={instances.items.map(instanceOption)}
          filteringType="auto"
          placeholder={t("volumes.chooseInstance")}
          onChange={({ detail }) => setInstanceId(detail.selectedOption.value)}
          {...loadStatus(instances, t)}
        />
      </FormField>
      <FormField label={t("volumes.deviceName")} constraintText={t("volumes.deviceHint")}>
        <Input value={device} onChange={({ detail }) => setDevice(detail.value)} />
      </FormField>
    </FormModal>
  );
}

// Modify volume: ModifyVolume with the settings that changed. A volume cannot shrink, so its
// size is the least the form allows (volumeErrors' snapshotSize: a floor besides the type's).
function ModifyModal({ volume, onDismiss, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const before = settingsOf(volume);
  const [settings, setSettings] = useState(before);
  const errors = volumeErrors({ ...settings, snapshotSize: volume.Size }, t);
  const invalid = Object.keys(errors).length > 0;
  const was = VOLUME_TYPES[before.type] ? volumeInput(before) : {};
  const now = invalid ? {} : volumeInput(settings);
  // A new type takes its IOPS and throughput along (they may be its defaults).
  const changed = Object.keys(now).filter((key) => now[key] !== was[key] || (key !== "Size" && now.VolumeType !== was.VolumeType));

  const modify = async () => {
    refuseErrors(errors);
    const fields = Object.fromEntries(changed.map((key) => [key, now[key]]));
    await ec2(session, "ModifyVolume", { VolumeId: volume.VolumeId, ...fields });
    notify({ type: "success", header: t("volumes.modified", { id: volume.VolumeId }) });
    onDone();
  };

  return (
    <FormModal title={t("volumes.modify")} submitLabel={t("volumes.modifyVolume")} failure={t("volumes.modifyFailed")} onSubmit={modify} onDismiss={onDismiss} submitDisabled={invalid || changed.length === 0}>
      <FormField label={t("volumes.volumeId")}><Input value={volume.VolumeId} disabled onChange={() => {}} /></FormField>
      <VolumeSettings value={settings} onChange={setSettings} errors={errors} minSize={volume.Size} />
    </FormModal>
  );
}

// Create snapshot of one volume: a description and a Name tag.
function CreateSnapshotModal({ volume, onDismiss, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [description, setDescription] = useState("");
  const [name, setName] = useState("");

  const create = async () => {
    const out = await ec2(session, "CreateSnapshot", {
      VolumeId: volume.VolumeId,
      ...(description.trim() ? { Description: description.trim() } : {}),
      ...nameTagSpecifications("snapshot", name),
    });
    notify({ type: "success", header: t("volumes.snapshotCreated", { id: out.SnapshotId, volume: volume.VolumeId }) });
    onDone();
  };

  return (
    <FormModal title={t("volumes.createSnapshot")} submitLabel={t("volumes.createSnapshot")} failure={t("volumes.createSnapshotFailed")} onSubmit={create} onDismiss={onDismiss}>
      <FormField label={t("volumes.volumeId")}><Input value={volume.VolumeId} disabled onChange={() => {}} /></FormField>
      <FormField label={`${t("common.description")} - ${t("common.optional")}`}>
        <Input value={description} onChange={({ detail }) => setDescription(detail.value)} />
      </FormField>
      <NameTagField value={name} onChange={setName} />
    </FormModal>
  );
}

// Detach volume and Delete volume: a question, then the call.
function ConfirmVolumeModal({ kind, volume, onDismiss, onDone }) {
  const t = useT();
  const action = kind === "detach" ? "DetachVolume" : "DeleteVolume";
  return (
    <ConfirmModal
      title={t(`volumes.${kind}Title`)} submitLabel={t(`volumes.${kind}`)} failure={t(`volumes.${kind}Failed`)}
      question={t(`volumes.${kind}Question`, { id: volume.VolumeId })} success={t(`volumes.${kind}Done`, { id: volume.VolumeId })}
      action={(session) => ec2(session, action, { VolumeId: volume.VolumeId })} onDismiss={onDismiss} onDone={onDone}
    />
  );
}

const DIALOGS = { create: CreateVolumeModal, attach: AttachModal, modify: ModifyModal, snapshot: CreateSnapshotModal, detach: ConfirmVolumeModal, delete: ConfirmVolumeModal };

function attachedResources(volume) {
  const attachments = volume.Attachments ?? [];
  if (!attachments.length) return "-";
  return (
    <SpaceBetween size="xxxs">
      {attachments.map((a) => (
        <span key={a.InstanceId}>
          {instanceLink(a.InstanceId)} ({a.Device}): {a.State}
        </span>
      ))}
    </SpaceBetween>
  );
}

export default function Volumes() {
  const t = useT();
  const { session } = useConsole();
  const table = useRef();
  const [dialog, setDialog] = useState(null);
  const reload = () => table.current?.reload({ quiet: true });

  const columns = [
    nameColumn(t),
    { id: "id", header: t("volumes.volumeId"), cell: (v) => v.VolumeId, sortingField: "VolumeId", isRowHeader: true },
    { id: "type", header: t("common.type"), cell: (v) => v.VolumeType, sortingField: "VolumeType" },
    { id: "size", header: t("common.size"), cell: (v) => `${v.Size} GiB`, sortingField: "Size" },
    { id: "iops", header: t("volumes.iops"), cell: (v) => v.Iops ?? "-", sortingField: "Iops" },
    { id: "throughput", header: t("volumes.throughput"), cell: (v) => v.Throughput ?? "-", sortingField: "Throughput" },
    { id: "snapshot", header: t("volumes.snapshot"), cell: (v) => v.SnapshotId || "-", sortingField: "SnapshotId" },
    { id: "created", header: t("common.created"), cell: (v) => formatDate(v.CreateTime), sortingComparator: (a, b) => new Date(a.CreateTime) - new Date(b.CreateTime) },
    { id: "zone", header: t("common.availabilityZone"), cell: (v) => v.AvailabilityZone, sortingField: "AvailabilityZone" },
    { id: "state", header: t("volumes.state"), cell: (v) => <StateIndicator state={v.State} t={t} />, sortingField: "State" },
    { id: "attached", header: t("volumes.attachedResources"), cell: attachedResources },
    { id: "encryption", header: t("volumes.encryption"), cell: (v) => t(v.Encrypted ? "volumes.encrypted" : "volumes.notEncrypted") },
  ];

  const actions = (selected) => {
    const volume = selected[0];
    const items = [
      { id: "modify", text: t("volumes.modify"), disabled: !volume },
      { id: "snapshot", text: t("volumes.createSnapshot"), disabled: !volume },
      { id: "attach", text: t("volumes.attach"), disabled: volume?.State !== "available" },
      { id: "detach", text: t("volumes.detach"), disabled: volume?.State !== "in-use" },
      { id: "delete", text: t("volumes.delete"), disabled: volume?.State !== "available" },
    ];
    return (
      <>
        <ButtonDropdown items={items} disabled={!volume} onItemClick={({ detail }) => setDialog({ kind: detail.id, volume })}>
          {t("common.actions")}
        </ButtonDropdown>
        <Button variant="primary" onClick={() => setDialog({ kind: "create" })}>{t("volumes.create")}</Button>
      </>
    );
  };

  const Dialog = dialog && DIALOGS[dialog.kind];
  return (
    <>
      <ResourceTable
        ref={table}
        title={t("volumes.title")}
        load={() => ec2All(session, "DescribeVolumes", {}, "Volumes")}
        columns={columns}
        trackBy="VolumeId"
        actions={actions}
        pollMs={3000}
        empty={t("volumes.empty")}
      />
      {Dialog && <Dialog kind={dialog.kind} volume={dialog.volume} onDismiss={() => setDialog(null)} onDone={reload} />}
    </>
  );
}
