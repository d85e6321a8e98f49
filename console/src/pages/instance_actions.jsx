// What can be done to instances, from the list or one instance's page: the Instance state
// menu (stop, start, reboot, terminate) and the Actions menu (connect, system log,
// termination protection, instance type, create image), each with the confirmation or form
// the console shows first. Every action is one EC2 call; its error goes to the flash bar.
import { useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import Checkbox from "@cloudscape-design/components/checkbox";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { ec2, ec2All } from "../session.js";
import { runAction } from "../components/helpers.jsx";
import { errorFlash } from "../console_context.js";
import { navigate } from "../router.js";

// Not form_modal's ConfirmModal: the console's instance-state dialogs close whatever the
// answer, and a refusal (termination protection …) is read in the flash bar.
function InstanceModal({ title, children, confirmText, onConfirm, onDismiss, t, busy, disabled }) {
  return (
    <Modal visible header={title} onDismiss={onDismiss} closeAriaLabel={t("common.close")}
           footer={<Box float="right"><SpaceBetween direction="horizontal" size="xs">
             <Button variant="link" onClick={onDismiss}>{t("common.cancel")}</Button>
             <Button variant="primary" onClick={onConfirm} loading={busy} disabled={disabled}>{confirmText}</Button>
           </SpaceBetween></Box>}>
      {children}
    </Modal>
  );
}

export function useInstanceActions({ session, notify, t, reload }) {
  const [modal, setModal] = useState(null);  // { kind, instances, … }
  const [busy, setBusy] = useState(false);
  const close = () => setModal(null);
  const ids = (instances) => instances.map((i) => i.InstanceId);

  const act = async (kind, call, extra = {}) => {
    setBusy(true);
    await runAction({ notify, t }, {
      success: t(`instances.${kind}.done`, { ids: ids(modal.instances).join(", "), ...extra }),
      failure: t(`instances.${kind}.failed`, { ids: ids(modal.instances).join(", ") }),
    }, call, reload);
    setBusy(false);
    close();
  };

  const open = async (kind, instances) => {
    if (!instances.length) return;
    if (kind === "connect") return navigate(`/instances/${instances[0].InstanceId}/connect`);
    if (kind === "start") {
      return runAction({ notify, t }, { success: t("instances.start.done", { ids: ids(instances).join(", ") }), failure: t("instances.start.failed", { ids: ids(instances).join(", ") }) },
        () => ec2(session, "StartInstances", { InstanceIds: ids(instances) }), reload);
    }
    const next = { kind, instances };
    if (kind === "protection") {
      try {
        const out = await ec2(session, "DescribeInstanceAttribute", { InstanceId: instances[0].InstanceId, Attribute: "disableApiTermination" });
        next.enabled = !!out.DisableApiTermination?.Value;
      } catch (e) {  // not knowing the setting, the dialog would offer a wrong one
        return notify(errorFlash(t("instances.protection.failed", { ids: ids(instances).join(", ") }), e));
      }
    }
    if (kind === "type") {
      next.types = (await ec2All(session, "DescribeInstanceTypes", { Filters: [{ Name: "processor-info.supported-architecture", Values: [instances[0].Architecture ?? "x86_64"] }] }, "InstanceTypes").catch(() => []))
        .map((it) => it.InstanceType).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
      next.type = instances[0].InstanceType;
    }
    if (kind === "image") Object.assign(next, { name: "", description: "", noReboot: false });
    if (kind === "log") {
      const out = await ec2(session, "GetConsoleOutput", { InstanceId: instances[0].InstanceId, Latest: true }).catch((e) => ({ error: e }));
      next.output = out.error ? `${out.error.name}: ${out.error.message}` : decodeOutput(out.Output);
    }
    setModal(next);
  };

  const stateItems = (selected) => {
    const states = new Set(selected.map((i) => i.State?.Name));
    const none = selected.length === 0;
    return [
      { id: "stop", text: t("instances.stop.action"), disabled: none || !states.has("running") && !states.has("pending") },
      { id: "start", text: t("instances.start.action"), disabled: none || !states.has("stopped") },
      { id: "reboot", text: t("instances.reboot.action"), disabled: none || !states.has("running") },
      { id: "terminate", text: t("instances.terminate.action"), disabled: none || [...states].every((s) => s === "terminated" || s === "shutting-down") },
    ];
  };
  const actionItems = (selected) => {
    const one = selected.length === 1;
    const state = selected[0]?.State?.Name;
    return [
      { id: "connect", text: t("instances.connect"), disabled: !one || state !== "running" },
      { id: "log", text: t("instances.log.action"), disabled: !one || state === "terminated" },
      { id: "protection", text: t("instances.protection.action"), disabled: !one || state === "terminated" },
      { id: "type", text: t("instances.type.action"), disabled: !one || state !== "stopped", disabledReason: t("instances.type.stoppedOnly") },
      { id: "image", text: t("instances.image.action"), disabled: !one || !["running", "stopped"].includes(state) },
    ];
  };

  const menus = (selected) => (
    <>
      <ButtonDropdown items={stateItems(selected)} onItemClick={({ detail }) => open(detail.id, selected)} disabled={!selected.length}>{t("instances.stateMenu")}</ButtonDropdown>
      <ButtonDropdown items={actionItems(selected)} onItemClick={({ detail }) => open(detail.id, selected)} disabled={!selected.length}>{t("common.actions")}</ButtonDropdown>
    </>
  );

  let element = null;
  if (modal) {
    const list = ids(modal.instances).join(", ");
    const common = { t, busy, onDismiss: close };
    switch (modal.kind) {
      case "stop":
        element = (
          <InstanceModal {...common} title={t("instances.stop.title")} confirmText={t("instances.stop.confirm")}
                        onConfirm={() => act("stop", () => ec2(session, "StopInstances", { InstanceIds: ids(modal.instances) }))}>
            <SpaceBetween size="s"><Box>{t("instances.stop.question", { ids: list })}</Box><Alert type="warning">{t("instances.stop.instanceStore")}</Alert></SpaceBetween>
          </InstanceModal>);
        break;
      case "reboot":
        element = (
          <InstanceModal {...common} title={t("instances.reboot.title")} confirmText={t("instances.reboot.confirm")}
                        onConfirm={() => act("reboot", () => ec2(session, "RebootInstances", { InstanceIds: ids(modal.instances) }))}>
            <Box>{t("instances.reboot.question", { ids: list })}</Box>
          </InstanceModal>);
        break;
      case "terminate":
        element = (
          <InstanceModal {...common} title={t("instances.terminate.title")} confirmText={t("instances.terminate.confirm")}
                        onConfirm={() => act("terminate", () => ec2(session, "TerminateInstances", { InstanceIds: ids(modal.instances) }))}>
            <SpaceBetween size="s"><Box>{t("instances.terminate.question", { ids: list })}</Box><Alert type="warning">{t("instances.terminate.warning")}</Alert></SpaceBetween>
          </InstanceModal>);
        break;
      case "protection":
        element = (
          <InstanceModal {...common} title={t("instances.protection.title")} confirmText={t("common.save")}
                        onConfirm={() => act("protection", () => ec2(session, "ModifyInstanceAttribute", { InstanceId: modal.instances[0].InstanceId, DisableApiTermination: { Value: modal.enabled } }))}>
            <SpaceBetween size="s">
              <Box>{t("instances.protection.description", { ids: list })}</Box>
              <Checkbox checked={modal.enabled} onChange={({ detail }) => setModal({ ...modal, enabled: detail.checked })}>{t("instances.protection.enable")}</Checkbox>
            </SpaceBetween>
          </InstanceModal>);
        break;
      case "type":
        element = (
          <InstanceModal {...common} title={t("instances.type.title")} confirmText={t("common.save")} disabled={modal.type === modal.instances[0].InstanceType}
                        onConfirm={() => act("type", () => ec2(session, "ModifyInstanceAttribute", { InstanceId: modal.instances[0].InstanceId, InstanceType: { Value: modal.type } }), { type: modal.type })}>
            <FormField label={t("instances.type.new")} description={t("instances.type.current", { type: modal.instances[0].InstanceType })}>
              <Select selectedOption={{ value: modal.type, label: modal.type }} options={modal.types.map((x) => ({ value: x, label: x }))}
                      filteringType="auto" onChange={({ detail }) => setModal({ ...modal, type: detail.selectedOption.value })} />
            </FormField>
          </InstanceModal>);
        break;
      case "image":
        element = (
          <InstanceModal {...common} title={t("instances.image.title")} confirmText={t("instances.image.confirm")} disabled={!modal.name.trim()}
                        onConfirm={() => act("image", () => ec2(session, "CreateImage", { InstanceId: modal.instances[0].InstanceId, Name: modal.name.trim(), Description: modal.description || undefined, NoReboot: modal.noReboot }))}>
            <SpaceBetween size="m">
              <FormField label={t("instances.image.name")}><Input value={modal.name} onChange={({ detail }) => setModal({ ...modal, name: detail.value })} /></FormField>
              <FormField label={t("common.description")}><Input value={modal.description} onChange={({ detail }) => setModal({ ...modal, description: detail.value })} /></FormField>
              <Checkbox checked={modal.noReboot} onChange={({ detail }) => setModal({ ...modal, noReboot: detail.checked })}>{t("instances.image.noReboot")}</Checkbox>
            </SpaceBetween>
          </InstanceModal>);
        break;
      case "log":
        element = (
          <Modal visible size="large" header={t("instances.log.title", { id: modal.instances[0].InstanceId })} onDismiss={close} closeAriaLabel={t("common.close")}
                 footer={<Box float="right"><Button onClick={close}>{t("common.close")}</Button></Box>}>
            <pre aria-label={t("instances.log.title", { id: modal.instances[0].InstanceId })} style={{ maxHeight: "60vh", overflow: "auto", whiteSpace: "pre-wrap", fontSize: 12 }}>
              {modal.output || t("instances.log.empty")}
            </pre>
          </Modal>);
        break;
      default:
        element = null;
    }
  }
  return { menus, open, modal: element };
}

// GetConsoleOutput's Output is base64 of the console's bytes.
function decodeOutput(output) {
  if (!output) return "";
  try {
    const bytes = Uint8Array.from(atob(output), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return output;
  }
}
