// Connect to instance: the lesson's tabs. EC2 Instance Connect opens a terminal in the page
// (xterm over ec2sim's WebSocket, into the instance's sandbox; its security groups must
// allow SSH from this browser's address, as they must for ssh). SSH client shows the
// lesson's chmod 400 and ssh command with the instance's real address.
import { useEffect, useRef, useState } from "react";
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Tabs from "@cloudscape-design/components/tabs";
import { useT } from "../i18n/index.js";
import { useConsole, errorFlash } from "../console_context.js";
import { terminalUrl } from "../components/terminal_socket.js";
import { describeInstance } from "./instance_status.js";

function BrowserTerminal({ session, instanceId, user, t, onClosed }) {
  const element = useRef(null);
  const [status, setStatus] = useState({ type: "loading", text: t("connect.eic.connecting") });
  useEffect(() => {
    const term = new Terminal({ cursorBlink: true, fontSize: 14, fontFamily: "Menlo, 'DejaVu Sans Mono', monospace", convertEol: false });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element.current);
    fit.fit();
    let socket = null;
    let closed = false;
    const encoder = new TextEncoder();
    terminalUrl(session, instanceId, { user, cols: term.cols, rows: term.rows }).then((url) => {
      if (closed) return;
      socket = new WebSocket(url);
      socket.binaryType = "arraybuffer";
      socket.onopen = () => { setStatus({ type: "success", text: t("connect.eic.connected") }); term.focus(); };
      socket.onmessage = (event) => {
        if (typeof event.data !== "string") return term.write(new Uint8Array(event.data));
        const message = JSON.parse(event.data);
        if (message.error) setStatus({ type: "error", text: t("connect.eic.failedHeader"), detail: message.message, code: message.error });
        else if (message.exit !== undefined) setStatus({ type: "stopped", text: t("connect.eic.exited", { status: message.exit }) });
      };
      socket.onclose = () => setStatus((s) => (s.type === "success" || s.type === "loading" ? { type: "stopped", text: t("connect.eic.closed") } : s));
    }).catch((e) => setStatus({ type: "error", text: `${t("connect.eic.failed")} ${e.message}` }));
    const input = term.onData((data) => socket?.readyState === WebSocket.OPEN && socket.send(encoder.encode(data)));
    const resize = term.onResize(({ cols, rows }) => socket?.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ resize: { cols, rows } })));
    const onWindow = () => fit.fit();
    window.addEventListener("resize", onWindow);
    return () => {
      closed = true;
      window.removeEventListener("resize", onWindow);
      input.dispose();
      resize.dispose();
      socket?.close();
      term.dispose();
    };
  }, [instanceId, user]);
  return (
    <SpaceBetween size="s">
      <SpaceBetween direction="horizontal" size="s">
        <StatusIndicator type={status.type}>{status.text}</StatusIndicator>
        <Button onClick={onClosed}>{t("connect.eic.disconnect")}</Button>
      </SpaceBetween>
      {status.code && <Alert type="error" header={t("connect.eic.failedHeader")}>{`${status.detail} (${status.code})`}</Alert>}
      <div ref={element} hidden={!!status.code} role="application" aria-label={t("connect.eic.terminal")} data-testid="terminal"
           style={{ height: "60vh", background: "#000", padding: 4 }} />
    </SpaceBetween>
  );
}

export default function Connect({ instanceId }) {
  const t = useT();
  const { session, notify } = useConsole();
  const [instance, setInstance] = useState(null);
  const [info, setInfo] = useState(null);   // ec2sim's connect route: login user and SSH port
  const [user, setUser] = useState("");
  const [open, setOpen] = useState(false);

  useEffect(() => {
    describeInstance(session, instanceId).then(setInstance).catch((e) => notify(errorFlash(t("common.loadFailed", { what: instanceId }), e)));
    fetch(`/_ec2sim/instances/${encodeURIComponent(instanceId)}/connect`).then((r) => r.json()).then((body) => {
      setInfo(body);
      if (body.user) setUser((u) => u || body.user);
    }).catch(() => setInfo({}));
  }, [instanceId]);

  const key = instance?.KeyName ?? "";
  const address = instance?.PublicDnsName || instance?.PublicIpAddress || "";
  const loginUser = info?.user || "ec2-user";
  const sshCommand = key ? `ssh -i "${key}.pem" ${loginUser}@${address}` : `ssh ${loginUser}@${address}`;
  const eic = (
    <SpaceBetween size="l">
      <KeyValuePairs columns={2} items={[
        { label: t("common.instanceId"), value: instanceId },
        { label: t("instances.publicIp"), value: instance?.PublicIpAddress || "-" },
      ]} />
      {open ? (
        <BrowserTerminal session={session} instanceId={instanceId} user={user} t={t} onClosed={() => setOpen(false)} />
      ) : (
        <SpaceBetween size="m">
          <FormField label={t("connect.eic.user")} description={t("connect.eic.userHint")}>
            <Input value={user} onChange={({ detail }) => setUser(detail.value.trim())} />
          </FormField>
          <Box><Button variant="primary" disabled={!user || instance?.State?.Name !== "running"} onClick={() => setOpen(true)}>{t("connect.connect")}</Button></Box>
        </SpaceBetween>
      )}
    </SpaceBetween>
  );
  const ssh = (
    <SpaceBetween size="m">
      <Box>{t("connect.ssh.step1")}</Box>
      <Box>{t("connect.ssh.step2")}{key ? t("connect.ssh.keyUsed", { file: `${key}.pem` }) : t("connect.ssh.noKey")}</Box>
      <Box>{t("connect.ssh.step3")}</Box>
      <CopyToClipboard variant="inline" textToCopy={`chmod 400 "${key}.pem"`} copyButtonAriaLabel={t("connect.copy")} copySuccessText={t("connect.copied")} copyErrorText={t("connect.copyFailed")} />
      <Box>{t("connect.ssh.step4")}</Box>
      <CopyToClipboard variant="inline" textToCopy={address} copyButtonAriaLabel={t("connect.copy")} copySuccessText={t("connect.copied")} copyErrorText={t("connect.copyFailed")} />
      <Box variant="strong">{t("connect.ssh.example")}</Box>
      <CopyToClipboard variant="inline" textToCopy={sshCommand} copyButtonAriaLabel={t("connect.copy")} copySuccessText={t("connect.copied")} copyErrorText={t("connect.copyFailed")} />
      <Alert type="info" header={t("connect.ssh.ec2simHeader")}>
        <SpaceBetween size="xs">
          <Box>{t("connect.ssh.ec2simConfig")}</Box>
          <CopyToClipboard variant="inline" textToCopy="ec2sim ssh-config >> ~/.ssh/config" copyButtonAriaLabel={t("connect.copy")} copySuccessText={t("connect.copied")} copyErrorText={t("connect.copyFailed")} />
          {info?.port ? (
            <>
              <Box>{t("connect.ssh.direct")}</Box>
              <CopyToClipboard variant="inline" textToCopy={`ssh -i "${key}.pem" -p ${info.port} ${loginUser}@${info.host}`} copyButtonAriaLabel={t("connect.copy")} copySuccessText={t("connect.copied")} copyErrorText={t("connect.copyFailed")} />
            </>
          ) : info?.message ? <Box color="text-status-error">{info.message}</Box> : null}
        </SpaceBetween>
      </Alert>
    </SpaceBetween>
  );
  return (
    <ContentLayout header={<Header variant="h1" description={t("connect.description", { id: instanceId })}>{t("connect.title")}</Header>}>
      <Container>
        <Tabs tabs={[
          { id: "eic", label: "EC2 Instance Connect", content: eic },
          { id: "ssm", label: t("connect.ssm.tab"), content: <Alert type="warning" header={t("connect.ssm.header")}>{t("connect.ssm.body")}</Alert> },
          { id: "ssh", label: t("connect.ssh.tab"), content: ssh },
        ]} />
      </Container>
    </ContentLayout>
  );
}
