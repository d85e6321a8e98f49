// The instructor's class view (#/class): every student (account) against every check of the
// loaded scenario, live, with the last API error each got, and a CSV export. It reads the
// control route GET /_ec2sim/class, which is the admin's: the admin token the server printed
// at start (kept for this browser tab only), or none on a loopback server in open mode.
import { useCallback, useEffect, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { download } from "../components/helpers.jsx";
import { useConsole } from "../console_context.js";
import { useT } from "../i18n/index.js";

const TOKEN_KEY = "ec2sim.adminToken";
const POLL_MS = 5000;

// The class report, or an Error whose `status` says why not (401: the token).
async function fetchClass(token) {
  const res = await fetch("/_ec2sim/class", { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.message ?? `HTTP ${res.status}`), { status: res.status, code: body.error });
  return body;
}

const csvCell = (value) => (/[",\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));

export function classCsv(report) {
  const ids = report.checks.map((c) => c.id);
  const lines = [["name", "account_id", "scenario", "passed", "total", ...ids, "last_error_code", "last_error_message"].join(",")];
  for (const s of report.students)
    lines.push([s.name, s.account_id, s.scenario ?? "", s.passed, s.total,
                ...ids.map((id) => (id in s.checks ? (s.checks[id] ? "pass" : "fail") : "")),
                s.last_error?.code ?? "", s.last_error?.message ?? ""].map(csvCell).join(","));
  return `${lines.join("\n")}\n`;
}

function TokenForm({ error, onSubmit }) {
  const t = useT();
  const [token, setToken] = useState("");
  const submit = (e) => {
    e?.preventDefault();
    onSubmit(token.trim());
  };
  return (
    <Box padding={{ vertical: "xxl" }}>
      <div style={{ maxWidth: 520, margin: "0 auto" }}>
        <form onSubmit={submit}>
          <Form actions={<Button variant="primary" onClick={submit} disabled={!token.trim()}>{t("class.open")}</Button>}>
            <Container header={<Header variant="h1" description={t("class.tokenDescription")}>{t("class.title")}</Header>}>
              <SpaceBetween size="l">
                {error && <Alert type="error">{error}</Alert>}
                <FormField label={t("class.adminToken")}>
                  <Input type="password" value={token} onChange={({ detail }) => setToken(detail.value)} />
                </FormField>
              </SpaceBetween>
            </Container>
          </Form>
        </form>
      </div>
    </Box>
  );
}

export default function ClassView() {
  const t = useT();
  const { lang } = useConsole();
  const [token, setToken] = useState(() => window.sessionStorage.getItem(TOKEN_KEY) ?? "");
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);  // {status, message}
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    try {
      setReport(await fetchClass(token));
      setError(null);
    } catch (e) {
      setError({ status: e.status, message: e.status === 401 ? t("class.tokenRefused") : `${e.code ?? "Error"}: ${e.message}` });
    } finally {
      setLoading(false);
    }
  }, [token, t]);

  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  if (error?.status === 401)
    return <TokenForm error={token ? error.message : null} onSubmit={(next) => { window.sessionStorage.setItem(TOKEN_KEY, next); setToken(next); }} />;

  const checks = report?.checks ?? [];
  const students = report?.students ?? [];
  const title = report?.title ? report.title[lang] ?? report.title.en : t("class.noScenario");
  const columns = [
    { id: "name", header: t("class.student"), cell: (s) => s.name || s.account_id, isRowHeader: true },
    { id: "account", header: t("class.account"), cell: (s) => s.account_id },
    { id: "progress", header: t("class.progress"), cell: (s) => (s.total ? `${s.passed}/${s.total}` : "-") },
    ...checks.map((c) => ({
      id: `check-${c.id}`,
      header: c.title[lang] ?? c.title.en,
      cell: (s) => (c.id in s.checks
        ? <StatusIndicator type={s.checks[c.id] ? "success" : "error"}>{s.checks[c.id] ? t("class.pass") : t("class.fail")}</StatusIndicator>
        : "-"),
    })),
    { id: "error", header: t("class.lastError"), cell: (s) => (s.last_error ? `${s.last_error.code}: ${s.last_error.message} (${s.last_error.action})` : "-") },
  ];
  return (
    <SpaceBetween size="m">
      {error && <Alert type="error" header={t("class.loadFailed")}>{error.message}</Alert>}
      <Table
        variant="full-page"
        loading={loading}
        loadingText={t("common.loading")}
        items={students}
        trackBy="account_id"
        columnDefinitions={columns}
        wrapLines
        stickyColumns={{ first: 1 }}
        empty={<Box textAlign="center">{t("class.empty")}</Box>}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={`(${students.length})`}
            description={t("class.description", { scenario: title })}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel={t("common.refresh")} onClick={load} />
                <Button iconName="download" disabled={!report} onClick={() => download("class-view.csv", classCsv(report), "text/csv")}>
                  {t("class.export")}
                </Button>
              </SpaceBetween>
            }
          >
            {t("class.title")}
          </Header>
        }
      />
    </SpaceBetween>
  );
}
