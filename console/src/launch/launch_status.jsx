// Launch status: the instances RunInstances started, each a link to its page, and the way on
// to the instance list.
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useT } from "../i18n/index.js";
import { navigate, useRoute } from "../router.js";
import { instanceLink } from "../components/helpers.jsx";

export default function LaunchStatus() {
  const t = useT();
  const ids = (useRoute().query.get("ids") ?? "").split(",").filter(Boolean);
  return (
    <ContentLayout header={<Header variant="h1">{t("launch.status.title")}</Header>}>
      <SpaceBetween size="l">
        <Alert type="success" header={t("launch.status.launching")}>
          <SpaceBetween size="xs">
            <Box>{t("launch.status.initiated")}</Box>
            {ids.map((id) => <span key={id}>{instanceLink(id)}</span>)}
          </SpaceBetween>
        </Alert>
        <Container header={<Header variant="h2">{t("launch.status.next")}</Header>}>
          <SpaceBetween size="s">
            <Box>{t("launch.status.pendingNote")}</Box>
            <Box>{t("launch.status.connectNote")}</Box>
          </SpaceBetween>
        </Container>
        <Box float="right"><Button variant="primary" onClick={() => navigate("/instances")}>{t("launch.status.viewInstances")}</Button></Box>
      </SpaceBetween>
    </ContentLayout>
  );
}
