// Step 8 of the lesson: "Select an existing key pair or create a new key pair". A new one's
// private key is downloaded here, once; Launch Instances waits until it has been (or until
// the student acknowledges having the chosen key, or going without one).
import { useEffect, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import RadioGroup from "@cloudscape-design/components/radio-group";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { ec2 } from "../session.js";
import { errorFlash } from "../console_context.js";
import { createKeyPairAndDownload } from "../components/key_pair_file.js";

export default function KeyPairModal({ visible, choices, update, session, notify, t, onCancel, onLaunch, launching }) {
  const [keyPairs, setKeyPairs] = useState([]);
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState(null);
  const kp = choices.keyPair;
  // Functional: a download finishes after renders that a captured `kp` would not have seen.
  const setKp = (patch) => update((c) => ({ keyPair: { ...c.keyPair, ...patch } }));

  useEffect(() => {
    if (!visible) return;
    ec2(session, "DescribeKeyPairs").then((o) => setKeyPairs(o.KeyPairs)).catch(() => setKeyPairs([]));
  }, [visible]);

  const modes = [
    { value: "existing", label: t("launch.key.chooseExisting") },
    { value: "new", label: t("launch.key.createNew") },
    { value: "none", label: t("launch.key.proceedWithout") },
  ];
  const downloadKey = async () => {
    setDownloading(true);
    setError(null);
    try {
      await createKeyPairAndDownload(session, { name: kp.name.trim(), type: kp.type, format: kp.format });
      setKp({ name: kp.name.trim(), downloaded: true });
    } catch (e) {
      setError(e);
      notify(errorFlash(t("launch.key.createFailed"), e));
    } finally {
      setDownloading(false);
    }
  };
  const ready = (kp.mode === "new" && kp.downloaded) || (kp.mode === "existing" && kp.name && kp.acknowledged) || (kp.mode === "none" && kp.acknowledged);

  return (
    <Modal
      visible={visible}
      onDismiss={onCancel}
      header={t("launch.key.title")}
      closeAriaLabel={t("common.close")}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onCancel}>{t("common.cancel")}</Button>
            <Button variant="primary" disabled={!ready} loading={launching} onClick={onLaunch}>{t("launch.key.launchInstances")}</Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box>{t("launch.key.description")}</Box>
        <Select selectedOption={modes.find((m) => m.value === kp.mode)} options={modes} ariaLabel={t("launch.key.title")}
                onChange={({ detail }) => setKp({ mode: detail.selectedOption.value, acknowledged: false, downloaded: false, name: detail.selectedOption.value === "existing" ? keyPairs[0]?.KeyName ?? "" : "" })} />
        {kp.mode === "new" && (
          <SpaceBetween size="m">
            <FormField label={t("launch.key.type")}>
              <RadioGroup value={kp.type} onChange={({ detail }) => setKp({ type: detail.value })} items={[{ value: "rsa", label: "RSA" }, { value: "ed25519", label: "ED25519" }]} />
            </FormField>
            <FormField label={t("launch.key.name")}>
              <Input value={kp.name} disabled={kp.downloaded} onChange={({ detail }) => setKp({ name: detail.value })} />
            </FormField>
            <FormField label={t("launch.key.format")}>
              <RadioGroup value={kp.format} onChange={({ detail }) => setKp({ format: detail.value })}
                          items={[{ value: "pem", label: ".pem", description: t("launch.key.pemHint") }, { value: "ppk", label: ".ppk", description: t("launch.key.ppkHint") }]} />
            </FormField>
            <Alert type="info">{t("launch.key.downloadOnce")}</Alert>
            <Button iconName="download" disabled={!kp.name.trim() || kp.downloaded} loading={downloading} onClick={downloadKey}>{t("launch.key.download")}</Button>
            {kp.downloaded && <Alert type="success">{t("launch.key.downloaded", { file: `${kp.name}.${kp.format}` })}</Alert>}
            {error && <Alert type="error">{`${error.name}: ${error.message}`}</Alert>}
          </SpaceBetween>
        )}
        {kp.mode === "existing" && (
          <SpaceBetween size="m">
            <FormField label={t("launch.key.select")}>
              <Select selectedOption={kp.name ? { value: kp.name, label: kp.name } : null} placeholder={t("launch.key.select")}
                      options={keyPairs.map((k) => ({ value: k.KeyName, label: k.KeyName, description: k.KeyType }))}
                      onChange={({ detail }) => setKp({ name: detail.selectedOption.value, acknowledged: false })} empty={t("launch.key.noneYet")} />
            </FormField>
            <Checkbox checked={kp.acknowledged} disabled={!kp.name} onChange={({ detail }) => setKp({ acknowledged: detail.checked })}>
              {t("launch.key.acknowledge", { file: `${kp.name || "…"}.pem` })}
            </Checkbox>
          </SpaceBetween>
        )}
        {kp.mode === "none" && (
          <SpaceBetween size="m">
            <Alert type="warning">{t("launch.key.noKeyWarning")}</Alert>
            <Checkbox checked={kp.acknowledged} onChange={({ detail }) => setKp({ acknowledged: detail.checked })}>{t("launch.key.acknowledgeNone")}</Checkbox>
          </SpaceBetween>
        )}
      </SpaceBetween>
    </Modal>
  );
}
