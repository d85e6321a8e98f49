// Sign-in: the access keys (per-student accounts on a strict server) and the Region, checked
// with GetCallerIdentity before the console opens.
import { useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Alert from "@cloudscape-design/components/alert";
import Link from "@cloudscape-design/components/link";
import { useT } from "../i18n/index.js";
import { signIn } from "../session.js";
import { REGIONS, regionName } from "../regions.js";

export default function SignIn({ onSignedIn }) {
  const t = useT();
  const [accessKeyId, setAccessKeyId] = useState("");
  const [secretAccessKey, setSecretAccessKey] = useState("");
  const [sessionToken, setSessionToken] = useState("");
  const [region, setRegion] = useState("ap-northeast-2");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const regionOption = (r) => ({ value: r, label: regionName(t, r), description: r });

  const submit = async (event) => {
    event?.preventDefault?.();
    if (!accessKeyId || !secretAccessKey) return setError(t("signin.required"));
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn({ accessKeyId: accessKeyId.trim(), secretAccessKey: secretAccessKey.trim(), sessionToken: sessionToken.trim() || undefined, region }));
    } catch (e) {
      setError(`${e.name && e.name !== "Error" ? `${e.name}: ` : ""}${e.message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box padding={{ vertical: "xxxl", horizontal: "l" }}>
      <div style={{ maxWidth: 520, margin: "0 auto" }}>
        <form onSubmit={submit}>
          <Form
            actions={<Button variant="primary" loading={busy} onClick={submit}>{t("signin.submit")}</Button>}
          >
            <Container header={<Header variant="h1" description={t("signin.description")}>{t("signin.title")}</Header>}>
              <SpaceBetween size="l">
                {error && <Alert type="error" header={t("signin.failed")}>{error}</Alert>}
                <FormField label={t("signin.accessKeyId")}>
                  <Input value={accessKeyId} onChange={({ detail }) => setAccessKeyId(detail.value)} autoComplete="username" />
                </FormField>
                <FormField label={t("signin.secretAccessKey")}>
                  <Input type="password" value={secretAccessKey} onChange={({ detail }) => setSecretAccessKey(detail.value)} autoComplete="current-password" />
                </FormField>
                <FormField label={t("signin.sessionToken")} constraintText={t("common.optional")}>
                  <Input value={sessionToken} onChange={({ detail }) => setSessionToken(detail.value)} />
                </FormField>
                <FormField label={t("signin.region")}>
                  <Select selectedOption={regionOption(region)} onChange={({ detail }) => setRegion(detail.selectedOption.value)}
                          options={REGIONS.map(regionOption)} filteringType="auto" />
                </FormField>
              </SpaceBetween>
            </Container>
          </Form>
        </form>
        <Box margin={{ top: "l" }} textAlign="center">
          <Link href="#/class">{t("signin.instructor")}</Link>
        </Box>
      </div>
    </Box>
  );
}
