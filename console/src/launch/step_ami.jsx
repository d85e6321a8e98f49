// Step 1: choose an AMI. Quick Start is the newest public image of each family (images whose
// names differ only in their numbers), for the chosen architecture; My AMIs are the
// account's own; the search box filters either list.
import { useEffect, useMemo, useState } from "react";
import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Cards from "@cloudscape-design/components/cards";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import TextFilter from "@cloudscape-design/components/text-filter";
import { ec2, ec2All } from "../session.js";
import { errorFlash } from "../console_context.js";

const family = (image) => `${image.OwnerId}|${image.Name.replace(/\d+/g, "#")}|${image.Architecture}`;

export function newestOfEachFamily(images) {
  const newest = new Map();
  for (const image of images) {
    const key = family(image);
    const seen = newest.get(key);
    if (!seen || (image.CreationDate ?? "") > (seen.CreationDate ?? "")) newest.set(key, image);
  }
  // Amazon's own first (the lesson picks the first: Amazon Linux), then by name.
  return [...newest.values()].sort((a, b) =>
    (a.ImageOwnerAlias === "amazon" ? 0 : 1) - (b.ImageOwnerAlias === "amazon" ? 0 : 1) ||
    (a.PlatformDetails === "Windows" ? 1 : 0) - (b.PlatformDetails === "Windows" ? 1 : 0) ||
    (b.Name.startsWith("al2023") ? 1 : 0) - (a.Name.startsWith("al2023") ? 1 : 0) ||
    a.Name.localeCompare(b.Name));
}

// The free tier's 30 GiB of EBS holds its root volume, and no software is billed with it.
export const freeTierImage = (image) =>
  !(image.ProductCodes ?? []).length &&
  (image.BlockDeviceMappings ?? []).reduce((sum, m) => sum + (m.Ebs?.VolumeSize ?? 0), 0) <= 30;

function ImageCards({ images, loading, selected, onSelect, t, filter }) {
  const shown = images.filter((i) => !filter || `${i.Name} ${i.Description ?? ""} ${i.ImageId}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <Cards
      items={shown}
      loading={loading}
      loadingText={t("common.loading")}
      trackBy="ImageId"
      cardsPerRow={[{ cards: 1 }]}
      selectionType="single"
      selectedItems={selected ? shown.filter((i) => i.ImageId === selected.ImageId) : []}
      onSelectionChange={({ detail }) => onSelect(detail.selectedItems[0])}
      ariaLabels={{ itemSelectionLabel: (_, i) => i.Description ?? i.Name, selectionGroupLabel: t("launch.ami.title") }}
      empty={<Box textAlign="center">{t("launch.ami.none")}</Box>}
      cardDefinition={{
        header: (i) => (
          <SpaceBetween direction="horizontal" size="xs">
            <span>{i.Description ?? i.Name}</span>
            {freeTierImage(i) && <Badge color="green">{t("launch.freeTier")}</Badge>}
          </SpaceBetween>
        ),
        sections: [
          { id: "id", content: (i) => <Box color="text-body-secondary" fontSize="body-s">{i.ImageId} · {i.Name}</Box> },
          { id: "facts", content: (i) => `${i.PlatformDetails ?? "Linux/UNIX"} · ${i.Architecture} · ${t("launch.ami.rootDevice")}: ${i.RootDeviceType} · ${t("launch.ami.virtualization")}: ${i.VirtualizationType}` },
          { id: "select", content: (i) => <Button ariaLabel={`${t("launch.ami.select")} ${i.Description ?? i.Name}`} onClick={() => onSelect(i)} variant={selected?.ImageId === i.ImageId ? "primary" : "normal"}>{t("launch.ami.select")}</Button> },
        ],
      }}
    />
  );
}

export default function StepAmi({ choices, choose, session, notify, t }) {
  const [publicImages, setPublicImages] = useState(null);
  const [ownImages, setOwnImages] = useState(null);
  const [arch, setArch] = useState(choices.image?.Architecture ?? "x86_64");
  const [filter, setFilter] = useState("");
  const [tab, setTab] = useState("quickstart");

  useEffect(() => {
    ec2All(session, "DescribeImages", { Filters: [{ Name: "is-public", Values: ["true"] }, { Name: "state", Values: ["available"] }] }, "Images")
      .then(setPublicImages)
      .catch((e) => { setPublicImages([]); notify(errorFlash(t("common.loadFailed", { what: "AMI" }), e)); });
    ec2(session, "DescribeImages", { Owners: ["self"] })
      .then((o) => setOwnImages(o.Images.filter((i) => i.State === "available")))
      .catch(() => setOwnImages([]));
  }, [session.region]);

  const quickStart = useMemo(() => newestOfEachFamily(publicImages ?? []).filter((i) => i.Architecture === arch), [publicImages, arch]);

  return (
    <SpaceBetween size="m">
      <Box>{t("launch.ami.description")}</Box>
      <SpaceBetween direction="horizontal" size="m">
        <div style={{ minWidth: 360 }}>
          <TextFilter filteringText={filter} onChange={({ detail }) => setFilter(detail.filteringText)}
                      filteringPlaceholder={t("launch.ami.search")} filteringAriaLabel={t("launch.ami.search")} />
        </div>
        <SegmentedControl
          label={t("launch.ami.architecture")}
          selectedId={arch}
          onChange={({ detail }) => setArch(detail.selectedId)}
          options={[{ id: "x86_64", text: t("launch.ami.x86") }, { id: "arm64", text: t("launch.ami.arm") }]}
        />
      </SpaceBetween>
      <Tabs
        activeTabId={tab}
        onChange={({ detail }) => setTab(detail.activeTabId)}
        tabs={[
          { id: "quickstart", label: t("launch.ami.quickStart"), content: <ImageCards images={quickStart} loading={!publicImages} selected={choices.image} onSelect={choose} t={t} filter={filter} /> },
          { id: "mine", label: t("launch.ami.mine"), content: <ImageCards images={ownImages ?? []} loading={!ownImages} selected={choices.image} onSelect={choose} t={t} filter={filter} /> },
          { id: "community", label: t("launch.ami.community"), content: <ImageCards images={(publicImages ?? []).filter((i) => i.Architecture === arch)} loading={!publicImages} selected={choices.image} onSelect={choose} t={t} filter={filter} /> },
        ]}
      />
    </SpaceBetween>
  );
}
