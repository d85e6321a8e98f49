// Hash routes (#/instances/i-0abc…): the server serves one page at /console/, and a reload
// or a shared link opens the same view.
import { useEffect, useState } from "react";

export function parseHash(hash) {
  const [path, query = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, query: new URLSearchParams(query) };
}

export function useRoute() {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

export function navigate(path) {
  window.location.hash = path.startsWith("#") ? path : `#${path}`;
}

// For Cloudscape's onFollow: a plain click follows the link inside the page.
export const follow = (event) => {
  if (event.detail.external) return;
  event.preventDefault();
  navigate(event.detail.href);
};
