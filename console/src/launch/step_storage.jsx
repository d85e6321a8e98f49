// Step 4: add storage — the AMI's root volume and any added EBS volumes, each checked against
// its type's limits as the API checks them (components/volume_rules.js).
import Button from "@cloudscape-design/components/button";
import Box from "@cloudscape-design/components/box";
import Checkbox from "@cloudscape-design/components/checkbox";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { VOLUME_TYPES, gp2Iops, volumeErrors } from "../components/volume_rules.js";
import { nextDevice } from "./launch_request.js";

export const storageErrors = (choices, t) => choices.volumes.map((v) => volumeErrors(v, t));

export default function StepStorage({ choices, update, t }) {
  const errors = storageErrors(choices, t);
  const setVolume = (index, patch) => update({ volumes: choices.volumes.map((v, i) => (i === index ? { ...v, ...patch } : v)) });
  const changeType = (index, type) => {
    const rules = VOLUME_TYPES[type];
    setVolume(index, { type, iops: rules.iops ? String(rules.defaultIops) : "", throughput: rules.throughput ? String(rules.defaultThroughput) : "" });
  };
  const add = () => update({ volumes: [...choices.volumes, { device: nextDevice(choices.volumes), type: "gp3", size: "8", iops: "3000", throughput: "125", snapshotId: "", snapshotSize: 0, deleteOnTermination: true, encrypted: false, root: false }] });
  const typeOption = (type) => ({ value: type, label: t(VOLUME_TYPES[type].labelKey) });
  // Limits are shown as they are broken, as the console does.
  const error = (i, field) => errors[i]?.[field];

  const cell = (label, i, field, control) => (
    <FormField errorText={error(i, field)} stretch>{control(label)}</FormField>
  );
  return (
    <SpaceBetween size="m">
      <Box>{t("launch.storage.description")}</Box>
      <Table
        variant="container"
        items={choices.volumes.map((v, index) => ({ ...v, index }))}
        trackBy="device"
        wrapLines
        columnDefinitions={[
          { id: "kind", header: t("launch.storage.volume"), cell: (v) => (v.root ? t("launch.storage.root") : "EBS") },
          { id: "device", header: t("launch.storage.device"), cell: (v) => v.root ? v.device : cell(t("launch.storage.device"), v.index, "device", (label) => (
              <Input ariaLabel={label} value={v.device} onChange={({ detail }) => setVolume(v.index, { device: detail.value })} />)) },
          { id: "snapshot", header: t("launch.storage.snapshot"), cell: (v) => v.root ? (v.snapshotId || "-") : cell(t("launch.storage.snapshot"), v.index, "snapshot", (label) => (
              <Input ariaLabel={label} value={v.snapshotId} placeholder="snap-…" onChange={({ detail }) => setVolume(v.index, { snapshotId: detail.value.trim() })} />)) },
          { id: "size", header: t("launch.storage.size"), cell: (v) => cell(t("launch.storage.size"), v.index, "size", (label) => (
              <Input ariaLabel={label} type="number" value={v.size} onChange={({ detail }) => setVolume(v.index, { size: detail.value })} />)) },
          { id: "type", header: t("launch.storage.type"), minWidth: 240, cell: (v) => cell(t("launch.storage.type"), v.index, "type", (label) => (
              <Select ariaLabel={label} selectedOption={typeOption(v.type)} options={Object.keys(VOLUME_TYPES).map(typeOption)}
                      onChange={({ detail }) => changeType(v.index, detail.selectedOption.value)} expandToViewport />)) },
          { id: "iops", header: "IOPS", cell: (v) => VOLUME_TYPES[v.type]?.iops ? cell("IOPS", v.index, "iops", (label) => (
              <Input ariaLabel={label} type="number" value={v.iops} onChange={({ detail }) => setVolume(v.index, { iops: detail.value })} />))
              : v.type === "gp2" ? `${gp2Iops(Number(v.size) || 0)} / 3000` : t("launch.storage.notApplicable") },
          { id: "throughput", header: t("launch.storage.throughput"), cell: (v) => VOLUME_TYPES[v.type]?.throughput ? cell(t("launch.storage.throughput"), v.index, "throughput", (label) => (
              <Input ariaLabel={label} type="number" value={v.throughput} onChange={({ detail }) => setVolume(v.index, { throughput: detail.value })} />))
              : t("launch.storage.notApplicable") },
          { id: "delete", header: t("launch.storage.deleteOnTermination"), cell: (v) => (
              <Checkbox ariaLabel={`${t("launch.storage.deleteOnTermination")} ${v.device}`} checked={v.deleteOnTermination} onChange={({ detail }) => setVolume(v.index, { deleteOnTermination: detail.checked })} />) },
          { id: "encrypted", header: t("launch.storage.encryption"), cell: (v) => (
              <Checkbox ariaLabel={`${t("launch.storage.encryption")} ${v.device}`} checked={v.encrypted} onChange={({ detail }) => setVolume(v.index, { encrypted: detail.checked })}>
                {v.encrypted ? t("launch.storage.encrypted") : t("launch.storage.notEncrypted")}</Checkbox>) },
          { id: "remove", header: "", cell: (v) => !v.root && (
              <Button variant="icon" iconName="close" ariaLabel={`${t("launch.storage.remove")} ${v.device}`} onClick={() => update({ volumes: choices.volumes.filter((_, i) => i !== v.index) })} />) },
        ]}
        footer={<Button onClick={add} disabled={choices.volumes.length >= 24}>{t("launch.storage.add")}</Button>}
      />
      <Box variant="small">{t("launch.storage.instanceStoreNote")}</Box>
    </SpaceBetween>
  );
}
