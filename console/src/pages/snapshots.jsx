// Elastic Block Store → Snapshots: the account's EBS snapshots (polled while they complete),
// a new volume from one (the Volumes page's Create volume dialog, snapshot filled in), and
// deletion.
import { useRef, useState } from "react";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import ResourceTable from "../components/resource_table.jsx";
import { ConfirmModal } from "../components/form_modal.jsx";
import { StateIndicator, formatDate, nameColumn } from "../components/helpers.jsx";
import { useConsole } from "../console_context.js";
import { useT } from "../i18n/index.js";
import { ec2, ec2All } from "../session.js";
import { CreateVolumeModal } from "./volumes.jsx";

function DeleteModal({ snapshot, onDismiss, onDone }) {
  const t = useT();
  return (
    <ConfirmModal
      title={t("snapshots.deleteTitle")} submitLabel={t("common.delete")} failure={t("snapshots.deleteFailed")}
      question={t("snapshots.deleteQuestion", { id: snapshot.SnapshotId })} success={t("snapshots.deleted", { id: snapshot.SnapshotId })}
      action={(session) => ec2(session, "DeleteSnapshot", { SnapshotId: snapshot.SnapshotId })} onDismiss={onDismiss} onDone={onDone}
    />
  );
}

export default function Snapshots() {
  const t = useT();
  const { session } = useConsole();
  const table = useRef();
  const [dialog, setDialog] = useState(null);
  const reload = () => table.current?.reload({ quiet: true });

  const columns = [
    nameColumn(t),
    { id: "id", header: t("snapshots.snapshotId"), cell: (s) => s.SnapshotId, sortingField: "SnapshotId", isRowHeader: true },
    { id: "volume", header: t("snapshots.volumeId"), cell: (s) => s.VolumeId || "-", sortingField: "VolumeId" },
    { id: "size", header: t("snapshots.volumeSize"), cell: (s) => `${s.VolumeSize} GiB`, sortingField: "VolumeSize" },
    { id: "description", header: t("common.description"), cell: (s) => s.Description || "-", sortingField: "Description" },
    { id: "state", header: t("snapshots.status"), cell: (s) => <StateIndicator state={s.State} t={t} />, sortingField: "State" },
    { id: "started", header: t("snapshots.started"), cell: (s) => formatDate(s.StartTime), sortingComparator: (a, b) => new Date(a.StartTime) - new Date(b.StartTime) },
    { id: "progress", header: t("snapshots.progress"), cell: (s) => s.Progress || "-", sortingField: "Progress" },
    { id: "encryption", header: t("volumes.encryption"), cell: (s) => t(s.Encrypted ? "volumes.encrypted" : "volumes.notEncrypted") },
  ];

  const actions = (selected) => {
    const snapshot = selected[0];
    return (
      <ButtonDropdown
        disabled={!snapshot}
        items={[
          { id: "volume", text: t("snapshots.createVolume"), disabled: snapshot?.State !== "completed" },
          { id: "delete", text: t("snapshots.delete") },
        ]}
        onItemClick={({ detail }) => setDialog({ kind: detail.id, snapshot })}
      >
        {t("common.actions")}
      </ButtonDropdown>
    );
  };

  const close = () => setDialog(null);
  return (
    <>
      <ResourceTable
        ref={table}
        title={t("snapshots.title")}
        load={() => ec2All(session, "DescribeSnapshots", { OwnerIds: ["self"] }, "Snapshots")}
        columns={columns}
        trackBy="SnapshotId"
        actions={actions}
        pollMs={3000}
        empty={t("snapshots.empty")}
      />
      {dialog?.kind === "volume" && <CreateVolumeModal snapshot={dialog.snapshot} onDismiss={close} />}
      {dialog?.kind === "delete" && <DeleteModal snapshot={dialog.snapshot} onDismiss={close} onDone={reload} />}
    </>
  );
}
