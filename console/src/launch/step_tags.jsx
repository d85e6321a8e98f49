// Step 5: add tags — Name first (the lesson's My-First-EC2); each tag can go to the
// instances, their volumes, or both.
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";

export function tagErrors(choices, t) {
  const keys = choices.tags.map((tag) => tag.key.trim());
  return choices.tags.map((tag, i) => {
    const key = tag.key.trim();
    if (!key && tag.value) return { key: t("launch.tags.keyRequired") };
    if (key.length > 128) return { key: t("launch.tags.keyTooLong") };
    if (key.toLowerCase().startsWith("aws:")) return { key: t("launch.tags.awsPrefix") };
    if (key && keys.indexOf(key) !== i) return { key: t("launch.tags.duplicate") };
    if (tag.value.length > 256) return { value: t("launch.tags.valueTooLong") };
    return {};
  });
}

export default function StepTags({ choices, update, t }) {
  const errors = tagErrors(choices, t);
  const setTag = (index, patch) => update({ tags: choices.tags.map((tag, i) => (i === index ? { ...tag, ...patch } : tag)) });
  return (
    <SpaceBetween size="m">
      <Box>{t("launch.tags.description")}</Box>
      <Table
        variant="container"
        items={choices.tags.map((tag, index) => ({ ...tag, index }))}
        trackBy="index"
        columnDefinitions={[
          { id: "key", header: t("common.key"), cell: (tag) => (
              <FormField errorText={errors[tag.index]?.key} stretch>
                <Input ariaLabel={t("common.key")} value={tag.key} onChange={({ detail }) => setTag(tag.index, { key: detail.value })} />
              </FormField>) },
          { id: "value", header: t("common.value"), cell: (tag) => (
              <FormField errorText={errors[tag.index]?.value} stretch>
                <Input ariaLabel={t("common.value")} value={tag.value} onChange={({ detail }) => setTag(tag.index, { value: detail.value })} />
              </FormField>) },
          { id: "instances", header: t("launch.tags.instances"), cell: (tag) => (
              <Checkbox ariaLabel={`${t("launch.tags.instances")} ${tag.key}`} checked={tag.instances} onChange={({ detail }) => setTag(tag.index, { instances: detail.checked })} />) },
          { id: "volumes", header: t("launch.tags.volumes"), cell: (tag) => (
              <Checkbox ariaLabel={`${t("launch.tags.volumes")} ${tag.key}`} checked={tag.volumes} onChange={({ detail }) => setTag(tag.index, { volumes: detail.checked })} />) },
          { id: "remove", header: "", cell: (tag) => (
              <Button variant="icon" iconName="close" ariaLabel={`${t("launch.tags.remove")} ${tag.key}`} onClick={() => update({ tags: choices.tags.filter((_, i) => i !== tag.index) })} />) },
        ]}
        footer={<Button onClick={() => update({ tags: [...choices.tags, { key: "", value: "", instances: true, volumes: true }] })} disabled={choices.tags.length >= 50}>{t("launch.tags.add")}</Button>}
      />
    </SpaceBetween>
  );
}
