// Network & Security → Key Pairs: the account's key pairs; Create key pair (the private key
// downloads once, as on AWS), Import key pair (a public key pasted in), Delete.
import { useRef, useState } from "react";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import RadioGroup from "@cloudscape-design/components/radio-group";
import Textarea from "@cloudscape-design/components/textarea";
import ResourceTable from "../components/resource_table.jsx";
import { ConfirmModal, FormModal } from "../components/form_modal.jsx";
import { createKeyPairAndDownload } from "../components/key_pair_file.js";
import { formatDate } from "../components/helpers.jsx";
import { useConsole } from "../console_context.js";
import { useT } from "../i18n/index.js";
import { ec2 } from "../session.js";

function NameField({ value, onChange }) {
  const t = useT();
  return (
    <FormField label={t("common.name")} constraintText={t("keypairs.nameConstraint")}>
      <Input value={value} placeholder={t("keypairs.namePlaceholder")} onChange={({ detail }) => onChange(detail.value)} />
    </FormField>
  );
}

function CreateModal({ onDismiss, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [name, setName] = useState("");
  const [type, setType] = useState("rsa");
  const [format, setFormat] = useState("pem");

  const create = async () => {
    await createKeyPairAndDownload(session, { name: name.trim(), type, format });
    notify({ type: "success", header: t("keypairs.created", { name: name.trim() }) });
    onDone();
  };

  return (
    <FormModal title={t("keypairs.create")} submitLabel={t("keypairs.create")} failure={t("keypairs.createFailed")} onSubmit={create} onDismiss={onDismiss} submitDisabled={!name.trim()}>
      <NameField value={name} onChange={setName} />
      <FormField label={t("keypairs.keyPairType")}>
        <RadioGroup
          value={type}
          onChange={({ detail }) => setType(detail.value)}
          items={[
            { value: "rsa", label: "RSA", description: t("keypairs.rsaDescription") },
            { value: "ed25519", label: "ED25519", description: t("keypairs.ed25519Description") },
          ]}
        />
      </FormField>
      <FormField label={t("keypairs.fileFormat")}>
        <RadioGroup
          value={format}
          onChange={({ detail }) => setFormat(detail.value)}
          items={[
            { value: "pem", label: ".pem", description: t("keypairs.pemDescription") },
            { value: "ppk", label: ".ppk", description: t("keypairs.ppkDescription") },
          ]}
        />
      </FormField>
    </FormModal>
  );
}

function ImportModal({ onDismiss, onDone }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [name, setName] = useState("");
  const [publicKey, setPublicKey] = useState("");

  const importKey = async () => {
    const out = await ec2(session, "ImportKeyPair", { KeyName: name.trim(), PublicKeyMaterial: new TextEncoder().encode(publicKey.trim()) });
    notify({ type: "success", header: t("keypairs.imported", { name: out.KeyName ?? name.trim() }) });
    onDone();
  };

  return (
    <FormModal title={t("keypairs.import")} submitLabel={t("keypairs.import")} failure={t("keypairs.importFailed")} onSubmit={importKey} onDismiss={onDismiss} size="large" submitDisabled={!name.trim() || !publicKey.trim()}>
      <NameField value={name} onChange={setName} />
      <FormField label={t("keypairs.publicKeyContents")} description={t("keypairs.publicKeyHint")}>
        <Textarea value={publicKey} rows={6} placeholder="ssh-ed25519 AAAA… user@host" onChange={({ detail }) => setPublicKey(detail.value)} />
      </FormField>
    </FormModal>
  );
}

function DeleteModal({ keyPair, onDismiss, onDone }) {
  const t = useT();
  return (
    <ConfirmModal
      title={t("keypairs.deleteTitle")} submitLabel={t("common.delete")} failure={t("keypairs.deleteFailed")}
      question={t("keypairs.deleteQuestion", { name: keyPair.KeyName })} success={t("keypairs.deleted", { name: keyPair.KeyName })}
      action={(session) => ec2(session, "DeleteKeyPair", { KeyPairId: keyPair.KeyPairId })} onDismiss={onDismiss} onDone={onDone}
    />
  );
}

const DIALOGS = { create: CreateModal, import: ImportModal, delete: DeleteModal };

export default function KeyPairs() {
  const t = useT();
  const { session } = useConsole();
  const table = useRef();
  const [dialog, setDialog] = useState(null);

  const columns = [
    { id: "name", header: t("common.name"), cell: (k) => k.KeyName, sortingField: "KeyName", isRowHeader: true },
    { id: "type", header: t("common.type"), cell: (k) => k.KeyType || "-", sortingField: "KeyType" },
    { id: "created", header: t("common.created"), cell: (k) => formatDate(k.CreateTime), sortingComparator: (a, b) => new Date(a.CreateTime) - new Date(b.CreateTime) },
    { id: "fingerprint", header: t("keypairs.fingerprint"), cell: (k) => k.KeyFingerprint, sortingField: "KeyFingerprint" },
    { id: "id", header: t("keypairs.id"), cell: (k) => k.KeyPairId, sortingField: "KeyPairId" },
  ];

  const actions = (selected) => (
    <>
      <ButtonDropdown
        items={[
          { id: "import", text: t("keypairs.import") },
          { id: "delete", text: t("common.delete"), disabled: !selected.length },
        ]}
        onItemClick={({ detail }) => setDialog({ kind: detail.id, keyPair: selected[0] })}
      >
        {t("common.actions")}
      </ButtonDropdown>
      <Button variant="primary" onClick={() => setDialog({ kind: "create" })}>{t("keypairs.create")}</Button>
    </>
  );

  const Dialog = dialog && DIALOGS[dialog.kind];
  return (
    <>
      <ResourceTable
        ref={table}
        title={t("keypairs.title")}
        load={async () => (await ec2(session, "DescribeKeyPairs", {})).KeyPairs ?? []}
        columns={columns}
        trackBy="KeyPairId"
        actions={actions}
        empty={t("keypairs.empty")}
      />
      {Dialog && <Dialog keyPair={dialog.keyPair} onDismiss={() => setDialog(null)} onDone={() => table.current?.reload({ quiet: true })} />}
    </>
  );
}
