// Step 7: review instance launch — every choice once more, each section with an Edit that
// returns to its step.
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import Alert from "@cloudscape-design/components/alert";
import { describeRule } from "../components/security_group_rules.js";
import { yesNo } from "../components/helpers.jsx";

function Section({ title, step, edit, t, children }) {
  return (
    <Container header={<Header variant="h2" actions={<Button onClick={() => edit(step)} ariaLabel={`${t("launch.review.edit")} ${title}`}>{t("launch.review.edit")}</Button>}>{title}</Header>}>
      {children}
    </Container>
  );
}

export default function StepReview({ choices, edit, t }) {
  const image = choices.image;
  const sg = choices.sg;
  const rules = sg.mode === "new" ? (sg.rules ?? []).map((r) => describeRule(r, t)) : [];
  const worldOpen = sg.mode === "new" && (sg.rules ?? []).some((r) => r.source === "0.0.0.0/0" || r.source === "::/0");
  return (
    <SpaceBetween size="l">
      {worldOpen && <Alert type="warning" header={t("launch.review.improveSecurity")}>{t("launch.sg.openWarning")}</Alert>}
      <Section title={t("launch.review.ami")} step={0} edit={edit} t={t}>
        <KeyValuePairs columns={3} items={[
          { label: "AMI", value: image ? `${image.Description ?? image.Name} - ${image.ImageId}` : "-" },
          { label: t("launch.review.rootDeviceType"), value: image?.RootDeviceType },
          { label: t("launch.review.virtualization"), value: image?.VirtualizationType },
        ]} />
      </Section>
      <Section title={t("launch.review.instanceType")} step={1} edit={edit} t={t}>
        <KeyValuePairs columns={3} items={[{ label: t("launch.type.type"), value: choices.instanceType }]} />
      </Section>
      <Section title={t("launch.review.securityGroups")} step={5} edit={edit} t={t}>
        {sg.mode === "new" ? (
          <SpaceBetween size="s">
            <KeyValuePairs columns={2} items={[{ label: t("launch.sg.name"), value: sg.name }, { label: t("common.description"), value: sg.description }]} />
            <Table variant="embedded" items={rules} trackBy="key" columnDefinitions={[
              { id: "type", header: t("common.type"), cell: (r) => r.type },
              { id: "protocol", header: t("sg.protocol"), cell: (r) => r.protocol },
              { id: "ports", header: t("sg.portRange"), cell: (r) => r.ports },
              { id: "source", header: t("sg.source"), cell: (r) => r.source },
              { id: "description", header: t("common.description"), cell: (r) => r.description || "-" },
            ]} />
          </SpaceBetween>
        ) : (
          <KeyValuePairs items={[{ label: t("launch.review.securityGroups"), value: sg.existing.join(", ") }]} />
        )}
      </Section>
      <Section title={t("launch.review.details")} step={2} edit={edit} t={t}>
        <KeyValuePairs columns={3} items={[
          { label: t("launch.details.count"), value: choices.count },
          { label: t("launch.details.purchasing"), value: choices.spot ? t("launch.details.spot") : t("launch.review.onDemand") },
          { label: t("launch.details.network"), value: choices.vpcId || "-" },
          { label: t("launch.details.subnet"), value: choices.subnetId || t("launch.details.noPreference") },
          { label: t("launch.details.shutdownBehavior"), value: t(`launch.details.${choices.shutdownBehavior}`) },
          { label: t("launch.details.terminationProtection"), value: yesNo(t, choices.terminationProtection) },
          { label: t("launch.details.monitoring"), value: yesNo(t, choices.monitoring) },
          { label: t("launch.details.placementGroup"), value: choices.placementGroup || "-" },
          { label: t("launch.details.userData"), value: choices.userData ? t("launch.review.userDataGiven", { n: choices.userData.length }) : "-" },
        ]} />
      </Section>
      <Section title={t("launch.review.storage")} step={3} edit={edit} t={t}>
        <Table variant="embedded" items={choices.volumes} trackBy="device" columnDefinitions={[
          { id: "device", header: t("launch.storage.device"), cell: (v) => v.device },
          { id: "size", header: t("launch.storage.size"), cell: (v) => v.size },
          { id: "type", header: t("launch.storage.type"), cell: (v) => v.type },
          { id: "iops", header: "IOPS", cell: (v) => v.iops || "-" },
          { id: "delete", header: t("launch.storage.deleteOnTermination"), cell: (v) => yesNo(t, v.deleteOnTermination) },
          { id: "encrypted", header: t("launch.storage.encryption"), cell: (v) => yesNo(t, v.encrypted) },
        ]} />
      </Section>
      <Section title={t("launch.review.tags")} step={4} edit={edit} t={t}>
        <Table variant="embedded" items={choices.tags.filter((tag) => tag.key)} trackBy="key" empty="-" columnDefinitions={[
          { id: "key", header: t("common.key"), cell: (tag) => tag.key },
          { id: "value", header: t("common.value"), cell: (tag) => tag.value },
        ]} />
      </Section>
    </SpaceBetween>
  );
}
