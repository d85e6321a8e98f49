// Step 3: configure instance details — the lesson's list, each a RunInstances parameter
// (launch/launch_request.js turns them into its input).
import { useEffect, useState } from "react";
import Checkbox from "@cloudscape-design/components/checkbox";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { ec2 } from "../session.js";
import { nameTag } from "../components/helpers.jsx";
import { subnetsOf } from "./network.js";

export function detailErrors(choices, t) {
  const errors = {};
  const count = Number(choices.count);
  if (!Number.isInteger(count) || count < 1 || count > 100) errors.count = t("launch.details.countRange");
  if (new TextEncoder().encode(choices.userData).length > 16384) errors.userData = t("launch.details.userDataTooLong");
  return errors;
}

export default function StepDetails({ choices, update, session, t, showErrors }) {
  const [vpcs, setVpcs] = useState([]);
  const [subnets, setSubnets] = useState([]);
  const [groups, setGroups] = useState([]);
  const errors = showErrors ? detailErrors(choices, t) : {};

  useEffect(() => {
    ec2(session, "DescribeVpcs").then((o) => {
      setVpcs(o.Vpcs);
      if (!choices.vpcId) update({ vpcId: (o.Vpcs.find((v) => v.IsDefault) ?? o.Vpcs[0])?.VpcId ?? "" });
    }).catch(() => setVpcs([]));
    ec2(session, "DescribePlacementGroups").then((o) => setGroups(o.PlacementGroups)).catch(() => setGroups([]));
  }, [session.region]);

  useEffect(() => {
    if (!choices.vpcId) return;
    subnetsOf(session, choices.vpcId).then(setSubnets).catch(() => setSubnets([]));
  }, [choices.vpcId]);

  const vpcOption = (v) => v && { value: v.VpcId, label: `${v.VpcId} (${v.CidrBlock})${v.IsDefault ? ` (${t("launch.details.default")})` : ""}${nameTag(v) ? ` | ${nameTag(v)}` : ""}` };
  const subnetOption = (s) => s ? { value: s.SubnetId, label: `${s.SubnetId} | ${s.AvailabilityZone}${s.DefaultForAz ? ` (${t("launch.details.default")})` : ""}`, description: `${s.CidrBlock} · ${t("launch.details.freeAddresses", { n: s.AvailableIpAddressCount })}` }
                                : { value: "", label: t("launch.details.noPreference") };
  const chosenSubnet = subnets.find((s) => s.SubnetId === choices.subnetId);
  const subnetAutoAssign = chosenSubnet ? chosenSubnet.MapPublicIpOnLaunch : (subnets.find((s) => s.DefaultForAz)?.MapPublicIpOnLaunch ?? true);
  const publicIpOptions = [
    { value: "subnet", label: t("launch.details.useSubnetSetting", { setting: subnetAutoAssign ? t("common.enabled") : t("common.disabled") }) },
    { value: "enable", label: t("common.enabled") },
    { value: "disable", label: t("common.disabled") },
  ];
  const shutdownOptions = [{ value: "stop", label: t("launch.details.stop") }, { value: "terminate", label: t("launch.details.terminate") }];
  const groupOptions = [{ value: "", label: t("common.none") }, ...groups.map((g) => ({ value: g.GroupName, label: `${g.GroupName} (${g.Strategy})` }))];

  return (
    <Container>
      <SpaceBetween size="l">
        <ColumnLayout columns={2}>
          <FormField label={t("launch.details.count")} errorText={errors.count}>
            <Input type="number" inputMode="numeric" value={choices.count} onChange={({ detail }) => update({ count: detail.value })} />
          </FormField>
          <FormField label={t("launch.details.purchasing")}>
            <Checkbox checked={choices.spot} onChange={({ detail }) => update({ spot: detail.checked })}>{t("launch.details.spot")}</Checkbox>
          </FormField>
          <FormField label={t("launch.details.network")}>
            <Select selectedOption={vpcOption(vpcs.find((v) => v.VpcId === choices.vpcId)) ?? null} options={vpcs.map(vpcOption)}
                    onChange={({ detail }) => update({ vpcId: detail.selectedOption.value, subnetId: "" })} placeholder={t("launch.details.network")} />
          </FormField>
          <FormField label={t("launch.details.subnet")}>
            <Select selectedOption={subnetOption(chosenSubnet)} options={[subnetOption(null), ...subnets.map(subnetOption)]}
                    onChange={({ detail }) => update({ subnetId: detail.selectedOption.value })} />
          </FormField>
          <FormField label={t("launch.details.publicIp")}>
            <Select selectedOption={publicIpOptions.find((o) => o.value === choices.publicIp)} options={publicIpOptions}
                    onChange={({ detail }) => update({ publicIp: detail.selectedOption.value })} />
          </FormField>
          <FormField label={t("launch.details.placementGroup")}>
            <Select selectedOption={groupOptions.find((o) => o.value === choices.placementGroup) ?? groupOptions[0]} options={groupOptions}
                    onChange={({ detail }) => update({ placementGroup: detail.selectedOption.value })} />
          </FormField>
          <FormField label={t("launch.details.iamRole")} constraintText={t("launch.details.iamRoleHint")}>
            <Input value={choices.iamInstanceProfile} onChange={({ detail }) => update({ iamInstanceProfile: detail.value.trim() })} placeholder={t("common.none")} />
          </FormField>
          <FormField label={t("launch.details.shutdownBehavior")}>
            <Select selectedOption={shutdownOptions.find((o) => o.value === choices.shutdownBehavior)} options={shutdownOptions}
                    onChange={({ detail }) => update({ shutdownBehavior: detail.selectedOption.value })} />
          </FormField>
          <FormField label={t("launch.details.protection")}>
            <SpaceBetween size="xs">
              <Checkbox checked={choices.terminationProtection} onChange={({ detail }) => update({ terminationProtection: detail.checked })}>{t("launch.details.terminationProtection")}</Checkbox>
              <Checkbox checked={choices.stopProtection} onChange={({ detail }) => update({ stopProtection: detail.checked })}>{t("launch.details.stopProtection")}</Checkbox>
            </SpaceBetween>
          </FormField>
          <FormField label={t("launch.details.monitoring")}>
            <Checkbox checked={choices.monitoring} onChange={({ detail }) => update({ monitoring: detail.checked })}>{t("launch.details.detailedMonitoring")}</Checkbox>
          </FormField>
        </ColumnLayout>
        <FormField label={t("launch.details.userData")} description={t("launch.details.userDataHint")} errorText={errors.userData} stretch>
          <Textarea value={choices.userData} onChange={({ detail }) => update({ userData: detail.value })} rows={6} placeholder="#!/bin/bash" />
        </FormField>
      </SpaceBetween>
    </Container>
  );
}
