// Step 6: configure the security group — a new one (its name, description and inbound rules:
// SSH from My IP for the lesson) or existing ones of the VPC.
import { useEffect, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import RadioGroup from "@cloudscape-design/components/radio-group";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { ec2All } from "../session.js";
import { defaultRow, rulesValid } from "../components/security_group_rules.js";
import RulesEditor from "../components/rules_editor.jsx";

export function securityGroupErrors(choices, t) {
  const sg = choices.sg;
  if (sg.mode === "existing") return sg.existing.length ? {} : { existing: t("launch.sg.chooseOne") };
  const errors = {};
  if (!sg.name.trim()) errors.name = t("launch.sg.nameRequired");
  else if (sg.name.length > 255) errors.name = t("launch.sg.nameTooLong");
  else if (sg.name.toLowerCase().startsWith("sg-")) errors.name = t("launch.sg.namePrefix");
  if (!sg.description.trim()) errors.description = t("launch.sg.descriptionRequired");
  else if (sg.description.length > 255) errors.description = t("launch.sg.descriptionTooLong");
  // Each row's own messages are the editor's (showErrors); launching waits for valid rows.
  if (!rulesValid(sg.rules ?? [])) errors.rules = true;
  return errors;
}

export default function StepSecurityGroup({ choices, update, session, t, showErrors }) {
  const [groups, setGroups] = useState(null);
  const sg = choices.sg;
  const setSg = (patch) => update({ sg: { ...sg, ...patch } });
  const errors = showErrors ? securityGroupErrors(choices, t) : {};

  useEffect(() => {
    if (!sg.rules) setSg({ rules: [defaultRow("ssh")] });
    ec2All(session, "DescribeSecurityGroups", choices.vpcId ? { Filters: [{ Name: "vpc-id", Values: [choices.vpcId] }] } : {}, "SecurityGroups")
      .then((list) => {
        setGroups(list);
        // launch-wizard-N: the first N not taken, as the console numbers them.
        if (sg.mode === "new" && /^launch-wizard-\d+$/.test(sg.name)) {
          let n = 1;
          while (list.some((g) => g.GroupName === `launch-wizard-${n}`)) n++;
          if (sg.name !== `launch-wizard-${n}`)
            update((c) => ({ sg: { ...c.sg, name: `launch-wizard-${n}`, description: c.sg.description.replace(/^launch-wizard-\d+/, `launch-wizard-${n}`) } }));
        }
      })
      .catch(() => setGroups([]));
  }, [session.region, choices.vpcId]);

  const opensToWorld = (sg.rules ?? []).some((r) => r.source === "0.0.0.0/0" || r.source === "::/0");
  return (
    <SpaceBetween size="m">
      <Container>
        <FormField label={t("launch.sg.assign")}>
          <RadioGroup value={sg.mode} onChange={({ detail }) => setSg({ mode: detail.value })}
                      items={[{ value: "new", label: t("launch.sg.createNew") }, { value: "existing", label: t("launch.sg.selectExisting") }]} />
        </FormField>
      </Container>
      {sg.mode === "new" ? (
        <Container>
          <SpaceBetween size="l">
            <FormField label={t("launch.sg.name")} errorText={errors.name}>
              <Input value={sg.name} onChange={({ detail }) => setSg({ name: detail.value })} />
            </FormField>
            <FormField label={t("common.description")} errorText={errors.description} stretch>
              <Input value={sg.description} onChange={({ detail }) => setSg({ description: detail.value })} />
            </FormField>
            <RulesEditor rows={sg.rules ?? []} onChange={(rows) => setSg({ rules: rows })} t={t} showErrors={showErrors} />
            {opensToWorld && <Alert type="warning">{t("launch.sg.openWarning")}</Alert>}
          </SpaceBetween>
        </Container>
      ) : (
        <Table
          variant="container"
          items={groups ?? []}
          loading={!groups}
          loadingText={t("common.loading")}
          trackBy="GroupId"
          selectionType="multi"
          selectedItems={(groups ?? []).filter((g) => sg.existing.includes(g.GroupId))}
          onSelectionChange={({ detail }) => setSg({ existing: detail.selectedItems.map((g) => g.GroupId) })}
          ariaLabels={{ itemSelectionLabel: (_, g) => g.GroupName, allItemsSelectionLabel: () => t("common.selectAll"), selectionGroupLabel: t("launch.sg.selectExisting") }}
          header={errors.existing ? <Alert type="error">{errors.existing}</Alert> : undefined}
          columnDefinitions={[
            { id: "id", header: t("launch.sg.groupId"), cell: (g) => g.GroupId },
            { id: "name", header: t("launch.sg.name"), cell: (g) => g.GroupName },
            { id: "description", header: t("common.description"), cell: (g) => g.Description },
          ]}
        />
      )}
    </SpaceBetween>
  );
}
