// Network & Security → Placement Groups: the account's placement groups; Create placement
// group (cluster, spread with an optional spread level, partition with 1–7 partitions) and
// Delete.
import { useRef, useState } from "react";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import ResourceTable from "../components/resource_table.jsx";
import { ConfirmModal, FormModal } from "../components/form_modal.jsx";
import { StateIndicator } from "../components/helpers.jsx";
import { useConsole } from "../console_context.js";
import { useT } from "../i18n/index.js";
import { ec2 } from "../session.js";

const STRATEGIES = ["cluster", "spread", "partition"];
const PARTITION_COUNTS = [1, 2, 3, 4, 5, 6, 7];

function CreateModal({ onDismiss, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [name, setName] = useState("");
  const [strategy, setStrategy] = useState("cluster");
  const [partitions, setPartitions] = useState("2");
  const [spreadLevel, setSpreadLevel] = useState("");

  const strategyOption = (s) => ({ value: s, label: t(`pg.strategy.${s}`), description: t(`pg.strategy.${s}Description`) });
  const levelOptions = [
    { value: "", label: t("pg.noSpreadLevel") },
    { value: "rack", label: t("pg.spreadLevel.rack") },
    { value: "host", label: t("pg.spreadLevel.host") },
  ];

  const create = async () => {
    await ec2(session, "CreatePlacementGroup", {
      GroupName: name.trim(),
      Strategy: strategy,
      ...(strategy === "partition" ? { PartitionCount: Number(partitions) } : {}),
      ...(strategy === "spread" && spreadLevel ? { SpreadLevel: spreadLevel } : {}),
    });
    notify({ type: "success", header: t("pg.created", { name: name.trim() }) });
    onDone();
  };

  return (
    <FormModal title={t("pg.create")} submitLabel={t("pg.create")} failure={t("pg.createFailed")} onSubmit={create} onDismiss={onDismiss} submitDisabled={!name.trim()}>
      <FormField label={t("common.name")} constraintText={t("pg.nameConstraint")}>
        <Input value={name} onChange={({ detail }) => setName(detail.value)} />
      </FormField>
      <FormField label={t("pg.placementStrategy")}>
        <Select selectedOption={strategyOption(strategy)} options={STRATEGIES.map(strategyOption)} onChange={({ detail }) => setStrategy(detail.selectedOption.value)} />
      </FormField>
      {strategy === "partition" && (
        <FormField label={t("pg.numberOfPartitions")}>
          <Select
            selectedOption={{ value: partitions, label: partitions }}
            options={PARTITION_COUNTS.map((n) => ({ value: String(n), label: String(n) }))}
            onChange={({ detail }) => setPartitions(detail.selectedOption.value)}
          />
        </FormField>
      )}
      {strategy === "spread" && (
        <FormField label={`${t("pg.spreadLevelLabel")} - ${t("common.optional")}`}>
          <Select
            selectedOption={levelOptions.find((o) => o.value === spreadLevel)}
            options={levelOptions}
            onChange={({ detail }) => setSpreadLevel(detail.selectedOption.value)}
          />
        </FormField>
      )}
    </FormModal>
  );
}

function DeleteModal({ group, onDismiss, onDone }) {
  const t = useT();
  return (
    <ConfirmModal
      title={t("pg.deleteTitle")} submitLabel={t("common.delete")} failure={t("pg.deleteFailed")}
      question={t("pg.deleteQuestion", { name: group.GroupName })} success={t("pg.deleted", { name: group.GroupName })}
      action={(session) => ec2(session, "DeletePlacementGroup", { GroupName: group.GroupName })} onDismiss={onDismiss} onDone={onDone}
    />
  );
}

export default function PlacementGroups() {
  const t = useT();
  const { session } = useConsole();
  const table = useRef();
  const [dialog, setDialog] = useState(null);
  const reload = () => table.current?.reload({ quiet: true });

  const strategyText = (s) => (STRATEGIES.includes(s) ? t(`pg.strategy.${s}`) : s);
  const columns = [
    { id: "name", header: t("pg.groupName"), cell: (g) => g.GroupName, sortingField: "GroupName", isRowHeader: true },
    { id: "id", header: t("pg.groupId"), cell: (g) => g.GroupId, sortingField: "GroupId" },
    { id: "strategy", header: t("pg.strategy"), cell: (g) => strategyText(g.Strategy), sortingField: "Strategy" },
    { id: "state", header: t("common.state"), cell: (g) => <StateIndicator state={g.State} t={t} />, sortingField: "State" },
    { id: "partitions", header: t("pg.partitionCount"), cell: (g) => g.PartitionCount ?? "-", sortingField: "PartitionCount" },
    { id: "spread", header: t("pg.spreadLevelLabel"), cell: (g) => (g.SpreadLevel ? t(`pg.spreadLevel.${g.SpreadLevel}`) : "-"), sortingField: "SpreadLevel" },
  ];

  const actions = (selected) => (
    <>
      <ButtonDropdown disabled={!selected.length} items={[{ id: "delete", text: t("common.delete") }]} onItemClick={() => setDialog({ kind: "delete", group: selected[0] })}>
        {t("common.actions")}
      </ButtonDropdown>
      <Button variant="primary" onClick={() => setDialog({ kind: "create" })}>{t("pg.create")}</Button>
    </>
  );

  return (
    <>
      <ResourceTable
        ref={table}
        title={t("pg.title")}
        load={async () => (await ec2(session, "DescribePlacementGroups", {})).PlacementGroups ?? []}
        columns={columns}
        trackBy="GroupId"
        actions={actions}
        pollMs={3000}
        empty={t("pg.empty")}
      />
      {dialog?.kind === "create" && <CreateModal onDismiss={() => setDialog(null)} onDone={reload} />}
      {dialog?.kind === "delete" && <DeleteModal group={dialog.group} onDismiss={() => setDialog(null)} onDone={reload} />}
    </>
  );
}
