// Network & Security → Elastic IPs: the account's Elastic IP addresses; allocate one (VPC),
// associate it with an instance, disassociate it, release it.
import { useRef, useState } from "react";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import Checkbox from "@cloudscape-design/components/checkbox";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import ResourceTable from "../components/resource_table.jsx";
import { ConfirmModal, FormModal, NameTagField, loadStatus, nameTagSpecifications, useLoad } from "../components/form_modal.jsx";
import { nameColumn, nameTag, instanceLink } from "../components/helpers.jsx";
import { useConsole } from "../console_context.js";
import { useT } from "../i18n/index.js";
import { ec2, ec2All } from "../session.js";

function AllocateModal({ onDismiss, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [name, setName] = useState("");
  const allocate = async () => {
    const out = await ec2(session, "AllocateAddress", { Domain: "vpc", ...nameTagSpecifications("elastic-ip", name) });
    notify({ type: "success", header: t("eips.allocated", { ip: out.PublicIp }) });
    onDone();
  };
  return (
    <FormModal title={t("eips.allocate")} submitLabel={t("eips.allocateShort")} failure={t("eips.allocateFailed")} onSubmit={allocate} onDismiss={onDismiss}>
      <FormField label={t("eips.borderGroup")}><Input value={session.region} disabled onChange={() => {}} /></FormField>
      <NameTagField value={name} onChange={setName} />
    </FormModal>
  );
}

// Associate: an instance that is running or stopped (its primary private address).
function AssociateModal({ address, onDismiss, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [instanceId, setInstanceId] = useState("");
  const [reassociate, setReassociate] = useState(false);
  const instances = useLoad(async () => {
    const reservations = await ec2All(session, "DescribeInstances", {
      Filters: [{ Name: "instance-state-name", Values: ["running", "stopped"] }],
    }, "Reservations");
    return reservations.flatMap((r) => r.Instances ?? []);
  }, [session]);
  const instanceOption = (i) => ({ value: i.InstanceId, label: i.InstanceId, description: nameTag(i) || undefined, labelTag: i.State?.Name });
  const chosen = instances.items.find((i) => i.InstanceId === instanceId);

  const associate = async () => {
    await ec2(session, "AssociateAddress", { AllocationId: address.AllocationId, InstanceId: instanceId, ...(reassociate ? { AllowReassociation: true } : {}) });
    notify({ type: "success", header: t("eips.associated", { ip: address.PublicIp, instance: instanceId }) });
    onDone();
  };

  return (
    <FormModal title={t("eips.associate")} submitLabel={t("eips.associateShort")} failure={t("eips.associateFailed")} onSubmit={associate} onDismiss={onDismiss} submitDisabled={!instanceId}>
      <FormField label={t("eips.address")}><Input value={address.PublicIp} disabled onChange={() => {}} /></FormField>
      <FormField label={t("eips.instance")}>
        <Select
          selectedOption={chosen ? instanceOption(chosen) : null}
          options={instances.items.map(instanceOption)}
          filteringType="auto"
          placeholder={t("eips.chooseInstance")}
          onChange={({ detail }) => setInstanceId(detail.selectedOption.value)}
          {...loadStatus(instances, t)}
        />
      </FormField>
      <Checkbox checked={reassociate} onChange={({ detail }) => setReassociate(detail.checked)}>{t("eips.allowReassociation")}</Checkbox>
    </FormModal>
  );
}

// Disassociate and Release: a question, then the call.
const CONFIRM = {
  disassociate: { action: "DisassociateAddress", input: (a) => ({ AssociationId: a.AssociationId }) },
  release: { action: "ReleaseAddress", input: (a) => ({ AllocationId: a.AllocationId }) },
};

function ConfirmAddressModal({ kind, address, onDismiss, onDone }) {
  const t = useT();
  return (
    <ConfirmModal
      title={t(`eips.${kind}`)} submitLabel={t(`eips.${kind}Short`)} failure={t(`eips.${kind}Failed`)}
      question={t(`eips.${kind}Question`, { ip: address.PublicIp, instance: address.InstanceId ?? "" })} success={t(`eips.${kind}Done`, { ip: address.PublicIp })}
      action={(session) => ec2(session, CONFIRM[kind].action, CONFIRM[kind].input(address))} onDismiss={onDismiss} onDone={onDone}
    />
  );
}

const DIALOGS = { allocate: AllocateModal, associate: AssociateModal, disassociate: ConfirmAddressModal, release: ConfirmAddressModal };

export default function ElasticIps() {
  const t = useT();
  const { session } = useConsole();
  const table = useRef();
  const [dialog, setDialog] = useState(null);

  const columns = [
    nameColumn(t),
    { id: "ip", header: t("eips.allocatedAddress"), cell: (a) => a.PublicIp, sortingField: "PublicIp", isRowHeader: true },
    { id: "type", header: t("common.type"), cell: () => t("eips.publicIp") },
    { id: "allocation", header: t("eips.allocationId"), cell: (a) => a.AllocationId, sortingField: "AllocationId" },
    { id: "instance", header: t("eips.associatedInstance"), cell: (a) => instanceLink(a.InstanceId), sortingField: "InstanceId" },
    { id: "private", header: t("eips.privateIp"), cell: (a) => a.PrivateIpAddress || "-", sortingField: "PrivateIpAddress" },
    { id: "association", header: t("eips.associationId"), cell: (a) => a.AssociationId || "-", sortingField: "AssociationId" },
    { id: "group", header: t("eips.borderGroup"), cell: (a) => a.NetworkBorderGroup || "-", sortingField: "NetworkBorderGroup" },
  ];

  const actions = (selected) => {
    const address = selected[0];
    return (
      <>
        <ButtonDropdown
          disabled={!address}
          items={[
            { id: "associate", text: t("eips.associate") },
            { id: "disassociate", text: t("eips.disassociate"), disabled: !address?.AssociationId },
            { id: "release", text: t("eips.release") },
          ]}
          onItemClick={({ detail }) => setDialog({ kind: detail.id, address })}
        >
          {t("common.actions")}
        </ButtonDropdown>
        <Button variant="primary" onClick={() => setDialog({ kind: "allocate" })}>{t("eips.allocate")}</Button>
      </>
    );
  };

  const Dialog = dialog && DIALOGS[dialog.kind];
  return (
    <>
      <ResourceTable
        ref={table}
        title={t("eips.title")}
        load={async () => (await ec2(session, "DescribeAddresses", {})).Addresses ?? []}
        columns={columns}
        trackBy="AllocationId"
        actions={actions}
        empty={t("eips.empty")}
      />
      {Dialog && <Dialog kind={dialog.kind} address={dialog.address} onDismiss={() => setDialog(null)} onDone={() => table.current?.reload({ quiet: true })} />}
    </>
  );
}
