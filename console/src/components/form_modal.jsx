// Dialog helpers the resource pages share: FormModal, ConfirmModal, useLoad/loadStatus,
// NameTagField/nameTagSpecifications.
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useT } from "../i18n/index.js";
import { useConsole, errorFlash } from "../console_context.js";

// A dialog with Cancel and a primary button. onSubmit() makes the API call(s) and may throw:
// the dialog then stays open and shows EC2's code and message (and the flash bar gets it,
// headed `failure`); when it resolves the dialog closes (onDismiss).
export function FormModal({ title, submitLabel, failure, onSubmit, onDismiss, children, size = "medium", submitDisabled = false }) {
  const t = useT();
  const { notify } = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  const submit = async () => {
    setBusy(true);
    setError("");
    try {
      await onSubmit();
      onDismiss();
    } catch (e) {
      const flash = errorFlash(failure, e);
      notify(flash);
      setError(flash.content);
      setBusy(false);
    }
  };

  return (
    <Modal
      visible
      size={size}
      header={title}
      closeAriaLabel={t("common.close")}
      onDismiss={() => !busy && onDismiss()}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" disabled={busy} onClick={onDismiss}>{t("common.cancel")}</Button>
            <Button variant="primary" loading={busy} disabled={submitDisabled} onClick={submit}>{submitLabel}</Button>
          </SpaceBetween>
        </Box>
      }
    >
      <Form errorText={error || undefined} errorIconAriaLabel={t("sg.error")}>
        <SpaceBetween size="l">{children}</SpaceBetween>
      </Form>
    </Modal>
  );
}

// A yes/no dialog (Delete, Release, Detach …): `question` as its body; the primary button runs
// action(session), one API call, then flashes `success` (a header, or a function of the call's
// result that makes one) and calls onDone (a reload, say). A failure stays in the dialog, as
// FormModal shows it.
export function ConfirmModal({ title, question, submitLabel, failure, success, action, onDismiss, onDone }) {
  const { session, notify } = useConsole();
  const confirm = async () => {
    const result = await action(session);
    notify({ type: "success", header: typeof success === "function" ? success(result) : success });
    onDone?.();
  };
  return (
    <FormModal title={title} submitLabel={submitLabel} failure={failure} onSubmit={confirm} onDismiss={onDismiss}>
      {question}
    </FormModal>
  );
}

// Loads what a dialog offers (zones, instances, VPCs …) once `deps` settle:
// { items, status: "loading" | "finished" | "error", error } — status fits Select's statusType.
export function useLoad(load, deps) {
  const [state, setState] = useState({ items: [], status: "loading", error: null });
  useEffect(() => {
    let live = true;
    setState({ items: [], status: "loading", error: null });
    load().then(
      (items) => live && setState({ items, status: "finished", error: null }),
      (error) => live && setState({ items: [], status: "error", error }),
    );
    return () => { live = false; };
  }, deps);
  return state;
}

// Select's props for a list useLoad loads: statusType, loadingText, errorText.
export function loadStatus(loaded, t) {
  return {
    statusType: loaded.status,
    loadingText: t("common.loading"),
    errorText: loaded.error ? errorFlash("", loaded.error).content : undefined,
    empty: t("common.noItems"),
  };
}

// The optional Name tag a created resource gets, and the TagSpecifications that carry it.
export function NameTagField({ value, onChange }) {
  const t = useT();
  return (
    <FormField label={`${t("common.name")} - ${t("common.optional")}`}>
      <Input value={value} onChange={({ detail }) => onChange(detail.value)} />
    </FormField>
  );
}

export function nameTagSpecifications(resourceType, name) {
  const value = String(name ?? "").trim();
  return value ? { TagSpecifications: [{ ResourceType: resourceType, Tags: [{ Key: "Name", Value: value }] }] } : {};
}
