// The security group rules editor ("Edit inbound rules", the create-group dialog and the
// launch wizard's network settings): one row per rule — Type, Protocol, Port range, Source
// type, Source, Description — each control labelled with its column's visible name.
import { useRef } from "react";
import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import { useT } from "../i18n/index.js";
import { useConsole, errorFlash } from "../console_context.js";
import { myAddress } from "../session.js";
import {
  RULE_TYPES, SOURCE_TYPES, defaultRow, portsLabel, protocolLabel, rowErrors, ruleType,
} from "./security_group_rules.js";

// One row when there is room (the type, source and description wider than the rest), else
// two rows of three, else a field a line.
const GRID = [
  { breakpoint: "s", rows: [[3, 2, 2, 3, 3, 3]], removeButton: { width: "auto" } },
  { breakpoint: "xxs", rows: [[1, 1, 1], [1, 1, 1]] },
  { rows: [[1], [1], [1], [1], [1], [1]] },
];

// rows: editor rows (see security_group_rules.js); onChange(rows) gets the whole new list.
// direction "outbound" says Destination where inbound says Source. showErrors also marks
// empty fields (after a save was tried); otherwise only what has been typed wrong is marked.
export function RulesEditor({ rows, onChange, t: givenT, direction = "inbound", showErrors = false }) {
  const ownT = useT();
  const t = givenT ?? ownT;
  const { notify } = useConsole() ?? {};
  // "My IP" updates its row after a fetch: with the rows and onChange of that moment.
  const latest = useRef({ rows, onChange });
  latest.current = { rows, onChange };
  const update = (key, patch) => latest.current.onChange(latest.current.rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const outbound = direction === "outbound";

  const typeOptions = RULE_TYPES.map((type) => ({ value: type.id, label: t(type.labelKey) }));
  const sourceOptions = SOURCE_TYPES.map((source) => ({ value: source.id, label: t(source.labelKey) }));

  const chooseType = (row, id) => {
    const keepsPorts = ruleType(id).custom && ruleType(row.type).custom;
    update(row.key, { type: id, portRange: keepsPorts ? row.portRange : "" });
  };

  const chooseSource = async (row, id) => {
    const cidr = SOURCE_TYPES.find((s) => s.id === id)?.cidr;
    if (id !== "my-ip") {
      update(row.key, { sourceType: id, source: cidr ?? (row.sourceType === "custom" ? row.source : "") });
      return;
    }
    update(row.key, { sourceType: id, source: "" });
    try {
      const address = await myAddress();
      update(row.key, { source: `${address}/${address.includes(":") ? 128 : 32}` });
    } catch (error) {
      update(row.key, { sourceType: "custom" });
      notify?.(errorFlash(t("sg.myIpFailed"), error));
    }
  };

  const errorOf = (row, field) => {
    const key = rowErrors(row)[field];
    const typed = field === "ports" ? String(row.portRange ?? "").trim() : String(row.source ?? "").trim();
    return key && (showErrors || typed) ? t(key) : undefined;
  };

  return (
    <AttributeEditor
      items={rows}
      addButtonText={t("sg.addRule")}
      removeButtonText={t("common.delete")}
      empty={t(outbound ? "sg.noOutboundRules" : "sg.noInboundRules")}
      onAddButtonClick={() => onChange([...rows, defaultRow("custom-tcp", "custom")])}
      onRemoveButtonClick={({ detail }) => onChange(rows.filter((_, i) => i !== detail.itemIndex))}
      i18nStrings={{ itemRemovedAriaLive: t("sg.ruleRemoved"), errorIconAriaLabel: t("sg.error") }}
      gridLayout={GRID}
      definition={[
        {
          label: t("common.type"),
          control: (row) => (
            <Select
              selectedOption={{ value: row.type, label: t(ruleType(row.type).labelKey) }}
              options={typeOptions}
              filteringType="auto"
              onChange={({ detail }) => chooseType(row, detail.selectedOption.value)}
            />
          ),
        },
        {
          label: t("sg.protocol"),
          control: (row) => <Input value={protocolLabel(ruleType(row.type).protocol ?? row.protocol, t)} disabled onChange={() => {}} />,
        },
        {
          label: t("sg.portRange"),
          errorText: (row) => errorOf(row, "ports"),
          control: (row) => ruleType(row.type).custom ? (
            <Input value={row.portRange} placeholder="0 - 65535" onChange={({ detail }) => update(row.key, { portRange: detail.value })} />
          ) : (
            <Input value={portsLabel(row, t)} disabled onChange={() => {}} />
          ),
        },
        {
          label: t(outbound ? "sg.destinationType" : "sg.sourceType"),
          control: (row) => (
            <Select
              selectedOption={sourceOptions.find((o) => o.value === row.sourceType) ?? sourceOptions[0]}
              options={sourceOptions}
              onChange={({ detail }) => chooseSource(row, detail.selectedOption.value)}
            />
          ),
        },
        {
          label: t(outbound ? "sg.destination" : "sg.source"),
          errorText: (row) => errorOf(row, "source"),
          control: (row) => (
            <Input
              value={row.source}
              disabled={row.sourceType !== "custom"}
              placeholder={t("sg.sourcePlaceholder")}
              onChange={({ detail }) => update(row.key, { source: detail.value })}
            />
          ),
        },
        {
          label: t("sg.descriptionOptional"),
          control: (row) => <Input value={row.description} onChange={({ detail }) => update(row.key, { description: detail.value })} />,
        },
      ]}
    />
  );
}

// Also the default export: the launch wizard imports it so.
export default RulesEditor;
