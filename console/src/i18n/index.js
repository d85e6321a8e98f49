// Korean and English for every label: each dictionary entry is [English, 한국어], side by
// side so that neither language falls behind. The console's Korean terms are AWS's own
// (인스턴스 시작, 보안 그룹, 키 페어 …, as the seed lesson shows them).
import { createContext, useContext } from "react";
import common from "./common.js";
import launch from "./launch.js";
import instances from "./instances.js";
import resources from "./resources.js";
import classView from "./class_view.js";

export const LANGUAGES = ["en", "ko"];
const dictionary = { ...common, ...launch, ...instances, ...resources, ...classView };

const LANGUAGE_KEY = "ec2sim.language";

// The language last chosen here, else the browser's first preference (ko-KR → Korean).
export function initialLanguage() {
  const saved = window.localStorage.getItem(LANGUAGE_KEY);
  if (LANGUAGES.includes(saved)) return saved;
  const preferred = (navigator.languages ?? [navigator.language ?? "en"])[0] ?? "en";
  return preferred.toLowerCase().startsWith("ko") ? "ko" : "en";
}

export function rememberLanguage(lang) {
  window.localStorage.setItem(LANGUAGE_KEY, lang);
}

// t("launch.title") or t("launch.stepNumber", { n: 2 }): {n} in the text is replaced.
export function translate(lang, key, vars) {
  const entry = dictionary[key];
  let text = entry ? entry[lang === "ko" ? 1 : 0] : key;
  if (vars) for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}


export const LanguageContext = createContext({ lang: "en", t: (key) => key });
export const useT = () => useContext(LanguageContext).t;
