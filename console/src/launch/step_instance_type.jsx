// Step 2: choose an instance type — every type the AMI's architecture runs on
// (DescribeInstanceTypes), with the lesson's columns and its family groups; t2.micro, free
// tier eligible, is chosen to begin with.
import { useEffect, useMemo, useState } from "react";
import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Pagination from "@cloudscape-design/components/pagination";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { useCollection } from "@cloudscape-design/collection-hooks";
import { ec2All } from "../session.js";
import { errorFlash } from "../console_context.js";

// The console's groups of families, by the family's leading letters.
const GROUPS = [
  ["generalPurpose", /^(t|m|a1|mac)/],
  ["computeOptimized", /^c/],
  ["gpu", /^(p|g|inf|trn|dl|f|vt)/],
  ["memoryOptimized", /^(r|x|z|u-)/],
  ["storageOptimized", /^(i|d|h|im|is)/],
];
export const groupOf = (type) => GROUPS.find(([, re]) => re.test(type))?.[0] ?? "generalPurpose";
const familyOf = (type) => type.split(".")[0];

export function storageText(it, t) {
  const storage = it.InstanceStorageInfo;
  if (!it.InstanceStorageSupported || !storage) return t("launch.type.ebsOnly");
  const disks = storage.Disks ?? [];
  return disks.map((d) => `${d.Count} x ${d.SizeInGB} ${d.Type?.toUpperCase() ?? ""}`).join(", ") || `${storage.TotalSizeInGB} GB`;
}

export default function StepInstanceType({ choices, update, session, notify, t }) {
  const [types, setTypes] = useState(null);
  const [family, setFamily] = useState("all");
  const arch = choices.image?.Architecture ?? "x86_64";

  useEffect(() => {
    ec2All(session, "DescribeInstanceTypes", { Filters: [{ Name: "processor-info.supported-architecture", Values: [arch] }] }, "InstanceTypes")
      // Free-tier types first (where the lesson's t2.micro is), then by name.
      .then((list) => setTypes(list.sort((a, b) => (b.FreeTierEligible ? 1 : 0) - (a.FreeTierEligible ? 1 : 0) ||
                                                   a.InstanceType.localeCompare(b.InstanceType, "en", { numeric: true }))))
      .catch((e) => { setTypes([]); notify(errorFlash(t("common.loadFailed", { what: t("launch.type.title") }), e)); });
  }, [session.region, arch]);

  const families = useMemo(() => [...new Set((types ?? []).map((it) => familyOf(it.InstanceType)))], [types]);
  const inFamily = (types ?? []).filter((it) => family === "all" || familyOf(it.InstanceType) === family);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(inFamily, {
    filtering: { empty: t("common.noItems"), noMatch: t("common.noMatch") },
    pagination: { pageSize: 50 },
    sorting: {},
  });
  const selected = (types ?? []).filter((it) => it.InstanceType === choices.instanceType);
  const familyOption = (f) => ({ value: f, label: f === "all" ? t("launch.type.allFamilies") : f });

  return (
    <Table
      {...collectionProps}
      variant="container"
      header={<Box>{t("launch.type.description")}</Box>}
      loading={!types}
      loadingText={t("common.loading")}
      items={items}
      trackBy="InstanceType"
      selectionType="single"
      selectedItems={selected}
      onSelectionChange={({ detail }) => update({ instanceType: detail.selectedItems[0].InstanceType })}
      ariaLabels={{ itemSelectionLabel: (_, it) => it.InstanceType, selectionGroupLabel: t("launch.type.title"), tableLabel: t("launch.type.title") }}
      filter={
        <SpaceBetween direction="horizontal" size="s">
          <Select selectedOption={familyOption(family)} onChange={({ detail }) => setFamily(detail.selectedOption.value)}
                  options={["all", ...families].map(familyOption)} ariaLabel={t("launch.type.family")} />
          <TextFilter {...filterProps} filteringPlaceholder={t("launch.type.search")} filteringAriaLabel={t("launch.type.search")}
                      countText={t("common.matches", { count: filteredItemsCount })} />
        </SpaceBetween>
      }
      pagination={<Pagination {...paginationProps} />}
      columnDefinitions={[
        { id: "group", header: t("launch.type.group"), cell: (it) => t(`launch.type.${groupOf(it.InstanceType)}`) },
        { id: "type", header: t("launch.type.type"), sortingField: "InstanceType", cell: (it) => (
          <SpaceBetween direction="horizontal" size="xxs"><span>{it.InstanceType}</span>{it.FreeTierEligible && <Badge color="green">{t("launch.freeTier")}</Badge>}</SpaceBetween>) },
        { id: "vcpus", header: "vCPUs", cell: (it) => it.VCpuInfo?.DefaultVCpus },
        { id: "memory", header: t("launch.type.memory"), cell: (it) => (it.MemoryInfo?.SizeInMiB ?? 0) / 1024 },
        { id: "storage", header: t("launch.type.storage"), cell: (it) => storageText(it, t) },
        { id: "ebsOptimized", header: t("launch.type.ebsOptimized"), cell: (it) => (it.EbsInfo?.EbsOptimizedSupport === "unsupported" ? "-" : t("common.yes")) },
        { id: "network", header: t("launch.type.network"), cell: (it) => it.NetworkInfo?.NetworkPerformance },
        { id: "ipv6", header: t("launch.type.ipv6"), cell: (it) => (it.NetworkInfo?.Ipv6Supported ? t("common.yes") : t("common.no")) },
      ]}
    />
  );
}
