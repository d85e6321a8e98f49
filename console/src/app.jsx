// The console's frame: the top bar (service search, Region, language, account), EC2's side
// navigation, the flash bar, and the page the hash route names.
import { useCallback, useEffect, useMemo, useState } from "react";
import AppLayout from "@cloudscape-design/components/app-layout";
import Flashbar from "@cloudscape-design/components/flashbar";
import SideNavigation from "@cloudscape-design/components/side-navigation";
import TopNavigation from "@cloudscape-design/components/top-navigation";
import Autosuggest from "@cloudscape-design/components/autosuggest";
import { LanguageContext, initialLanguage, rememberLanguage, translate } from "./i18n/index.js";
import { ConsoleContext } from "./console_context.js";
import { useRoute, navigate, follow } from "./router.js";
import { clearSession, ec2, loadSession, saveSession } from "./session.js";
import { regionName } from "./regions.js";
import SignIn from "./pages/sign_in.jsx";
import ConsoleHome from "./pages/console_home.jsx";
import Dashboard from "./pages/dashboard.jsx";
import LaunchWizard from "./launch/launch_wizard.jsx";
import LaunchStatus from "./launch/launch_status.jsx";
import Instances from "./pages/instances.jsx";
import InstanceDetail from "./pages/instance_detail.jsx";
import Connect from "./pages/connect.jsx";
import Volumes from "./pages/volumes.jsx";
import Snapshots from "./pages/snapshots.jsx";
import Images from "./pages/images.jsx";
import SecurityGroups from "./pages/security_groups.jsx";
import KeyPairs from "./pages/key_pairs.jsx";
import ElasticIps from "./pages/elastic_ips.jsx";
import PlacementGroups from "./pages/placement_groups.jsx";
import ClassView from "./pages/class_view.jsx";

// The EC2 features the service search and the side navigation offer: [route, label key].
const FEATURES = [
  ["/ec2", "nav.dashboard"],
  ["/instances", "nav.instances"],
  ["/images", "nav.amis"],
  ["/volumes", "nav.volumes"],
  ["/snapshots", "nav.snapshots"],
  ["/security-groups", "nav.securityGroups"],
  ["/elastic-ips", "nav.elasticIps"],
  ["/placement-groups", "nav.placementGroups"],
  ["/key-pairs", "nav.keyPairs"],
];

function page(parts) {
  const [first, second, third] = parts;
  switch (first) {
    case undefined: return <ConsoleHome />;
    case "ec2": return <Dashboard />;
    case "launch": return second === "status" ? <LaunchStatus /> : <LaunchWizard />;
    case "instances":
      if (second && third === "connect") return <Connect instanceId={second} />;
      return second ? <InstanceDetail instanceId={second} /> : <Instances />;
    case "volumes": return <Volumes />;
    case "snapshots": return <Snapshots />;
    case "images": return <Images />;
    case "security-groups": return <SecurityGroups groupId={second} />;
    case "key-pairs": return <KeyPairs />;
    case "elastic-ips": return <ElasticIps />;
    case "placement-groups": return <PlacementGroups />;
    case "class": return <ClassView />;
    default: return <ConsoleHome />;
  }
}

function ServiceSearch({ t }) {
  const [value, setValue] = useState("");
  const options = [
    { value: "EC2", label: "EC2", description: t("search.ec2Description"), tags: [t("search.service")] },
    ...FEATURES.slice(1).map(([href, key]) => ({ value: href, label: t(key), description: t("search.featureOfEc2"), tags: [t("search.feature")] })),
  ];
  return (
    <Autosuggest
      value={value}
      onChange={({ detail }) => setValue(detail.value)}
      onSelect={({ detail }) => {
        setValue("");
        navigate(detail.value === "EC2" ? "/ec2" : detail.value);
      }}
      options={options}
      filteringType="auto"
      ariaLabel={t("search.label")}
      placeholder={t("search.placeholder")}
      enteredTextLabel={(text) => t("search.use", { text })}
      empty={t("search.none")}
    />
  );
}

export default function App() {
  const [lang, setLang] = useState(initialLanguage);
  const [session, setSession] = useState(loadSession);
  const [flashes, setFlashes] = useState([]);
  const [regions, setRegions] = useState([]);
  const route = useRoute();
  const t = useCallback((key, vars) => translate(lang, key, vars), [lang]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t("app.title");
  }, [lang, t]);

  useEffect(() => {
    if (!session) return;
    ec2(session, "DescribeRegions", { AllRegions: true })
      .then((out) => setRegions((out.Regions ?? []).map((r) => r.RegionName).sort()))
      .catch(() => setRegions([session.region]));
  }, [session?.accessKeyId]);

  const notify = useCallback((flash) => {
    const id = `${Date.now()}-${Math.random()}`;
    setFlashes((all) => [{ ...flash, id, dismissible: true, dismissLabel: translate(lang, "common.dismiss"),
                           onDismiss: () => setFlashes((rest) => rest.filter((f) => f.id !== id)) }, ...all].slice(0, 5));
  }, [lang]);

  const context = useMemo(() => ({ session, notify, lang }), [session, notify, lang]);
  const language = useMemo(() => ({ lang, t }), [lang, t]);

  const chooseLanguage = (next) => {
    rememberLanguage(next);
    setLang(next);
  };

  const signedIn = (s) => {
    saveSession(s);
    setSession(s);
    setFlashes([]);
    if (!window.location.hash || window.location.hash === "#/") navigate("/");
  };

  const switchRegion = (region) => {
    const next = { ...session, region };
    saveSession(next);
    setSession(next);
  };

  const signOut = () => {
    clearSession();
    setSession(null);
    navigate("/");
  };

  const languageToggle = {
    type: "menu-dropdown",
    text: lang === "ko" ? "한국어" : "English",
    ariaLabel: t("top.language"),
    title: t("top.language"),
    items: [{ id: "en", text: "English" }, { id: "ko", text: "한국어" }],
    onItemClick: ({ detail }) => chooseLanguage(detail.id),
  };

  const top = (
    <div id="top-navigation" style={{ position: "sticky", top: 0, zIndex: 1002 }}>
      <TopNavigation
        identity={{ href: "#/", title: "ec2sim", onFollow: follow }}
        search={session ? <ServiceSearch t={t} /> : undefined}
        utilities={session ? [
          {
            type: "menu-dropdown",
            text: regionName(t, session.region),
            description: session.region,
            ariaLabel: t("top.region"),
            title: t("top.region"),
            items: (regions.length ? regions : [session.region]).map((r) => ({ id: r, text: regionName(t, r), secondaryText: r })),
            onItemClick: ({ detail }) => switchRegion(detail.id),
          },
          languageToggle,
          {
            type: "menu-dropdown",
            text: session.account,
            description: session.arn,
            ariaLabel: t("top.account"),
            iconName: "user-profile",
            items: [{ id: "signout", text: t("top.signOut") }],
            onItemClick: signOut,
          },
        ] : [languageToggle]}
        i18nStrings={{ overflowMenuTriggerText: t("top.more"), overflowMenuTitleText: t("top.all"), searchIconAriaLabel: t("search.label"), searchDismissIconAriaLabel: t("common.close") }}
      />
    </div>
  );

  const inEc2 = route.parts.length > 0;
  return (
    <LanguageContext.Provider value={language}>
      <ConsoleContext.Provider value={context}>
        {top}
        {!session && route.parts[0] === "class" ? (
          // The instructor's view needs the admin token, not an account's keys.
          <AppLayout headerSelector="#top-navigation" navigationHide toolsHide content={<ClassView />} />
        ) : !session ? (
          <SignIn onSignedIn={signedIn} />
        ) : (
          <AppLayout
            key={`${session.region}`}
            headerSelector="#top-navigation"
            navigationHide={!inEc2}
            toolsHide
            notifications={<Flashbar items={flashes} />}
            navigation={
              <SideNavigation
                header={{ href: "#/ec2", text: "EC2" }}
                activeHref={`#/${route.parts[0] ?? ""}`}
                onFollow={follow}
                items={[
                  { type: "link", text: t("nav.dashboard"), href: "#/ec2" },
                  { type: "section", text: t("nav.sectionInstances"), items: [{ type: "link", text: t("nav.instances"), href: "#/instances" }] },
                  { type: "section", text: t("nav.sectionImages"), items: [{ type: "link", text: t("nav.amis"), href: "#/images" }] },
                  { type: "section", text: "Elastic Block Store", items: [
                    { type: "link", text: t("nav.volumes"), href: "#/volumes" },
                    { type: "link", text: t("nav.snapshots"), href: "#/snapshots" },
                  ] },
                  { type: "section", text: t("nav.sectionNetwork"), items: [
                    { type: "link", text: t("nav.securityGroups"), href: "#/security-groups" },
                    { type: "link", text: t("nav.elasticIps"), href: "#/elastic-ips" },
                    { type: "link", text: t("nav.placementGroups"), href: "#/placement-groups" },
                    { type: "link", text: t("nav.keyPairs"), href: "#/key-pairs" },
                  ] },
                  { type: "divider" },
                  { type: "link", text: t("class.nav"), href: "#/class" },
                ]}
                ariaLabel={t("nav.label")}
              />
            }
            ariaLabels={{ navigation: t("nav.label"), navigationClose: t("nav.close"), navigationToggle: t("nav.open"), notifications: t("common.notifications") }}
            content={page(route.parts)}
          />
        )}
      </ConsoleContext.Provider>
    </LanguageContext.Provider>
  );
}
