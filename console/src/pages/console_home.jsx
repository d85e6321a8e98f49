// Console Home: where a signed-in student starts, and searches for "EC2" (the top bar).
import Box from "@cloudscape-design/components/box";
import Cards from "@cloudscape-design/components/cards";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import { useT } from "../i18n/index.js";
import { follow } from "../router.js";

export default function ConsoleHome() {
  const t = useT();
  return (
    <ContentLayout header={<Header variant="h1" description={t("home.welcome")}>{t("home.title")}</Header>}>
      <Cards
        header={<Header variant="h2">{t("home.services")}</Header>}
        cardDefinition={{
          header: (item) => <Link href={item.href} onFollow={follow} fontSize="heading-m">{item.name}</Link>,
          sections: [{ id: "description", content: (item) => <Box>{item.description}</Box> }],
        }}
        items={[{ name: "EC2", href: "#/ec2", description: t("search.ec2Description") }]}
      />
    </ContentLayout>
  );
}
