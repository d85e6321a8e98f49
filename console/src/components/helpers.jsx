// Small pieces several pages share.
import Link from "@cloudscape-design/components/link";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { follow } from "../router.js";
import { errorFlash } from "../console_context.js";

// The Name tag of a resource ("" when it has none).
export const nameTag = (item) => item?.Tags?.find((tag) => tag.Key === "Name")?.Value ?? "";

// The Name-tag column most resource tables open with ("-" when there is none), sorted by the tag.
export const nameColumn = (t) => ({
  id: "name",
  header: t("common.name"),
  cell: (item) => nameTag(item) || "-",
  sortingComparator: (a, b) => nameTag(a).localeCompare(nameTag(b)),
});

// An instance id as a link to its page ("-" for none).
export const instanceLink = (id) => (id ? <Link href={`#/instances/${id}`} onFollow={follow}>{id}</Link> : "-");

// A resource state as the console draws it: a coloured icon and the state's own word.
const STATE_TYPES = {
  running: "success", available: "success", completed: "success", "in-use": "info", associated: "success",
  pending: "pending", stopping: "pending", "shutting-down": "pending", creating: "pending", deleting: "pending",
  modifying: "pending", optimizing: "pending", rebooting: "pending",
  stopped: "stopped", terminated: "stopped", deleted: "stopped", error: "error", failed: "error",
};
export function StateIndicator({ state, t }) {
  if (!state) return "-";
  const label = t ? t(`state.${state}`) : state;
  return <StatusIndicator type={STATE_TYPES[state] ?? "info"}>{label === `state.${state}` ? state : label}</StatusIndicator>;
}

// Runs an API action with the flash bar's success or failure and then `after()` (a reload).
export async function runAction({ notify, t }, { success, failure }, action, after) {
  try {
    const result = await action();
    if (success) notify({ type: "success", header: typeof success === "function" ? success(result) : success });
    return result;
  } catch (error) {
    notify(errorFlash(failure, error));
    return undefined;
  } finally {
    await after?.();
  }
}

// Saves `text` as a file the browser downloads (a key pair's private key, once).
export function download(fileName, text, type = "application/x-pem-file") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const formatDate = (value) => (value ? new Date(value).toLocaleString() : "-");
export const yesNo = (t, value) => (value ? t("common.yes") : t("common.no"));
