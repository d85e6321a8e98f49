// What the console's browser tests share: a fresh ec2sim (the binary CTest names, on a free
// port, realistic timing so the list can be seen moving), Debian's Chromium driven by
// playwright-core, and screenshots kept as test artifacts.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

export const ARTIFACTS = process.env.EC2SIM_ARTIFACTS ?? join(tmpdir(), "ec2sim-console-artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

export async function startServer(...extra) {
  const binary = process.env.EC2SIM_BINARY;
  if (!binary) throw new Error("set EC2SIM_BINARY to the ec2sim binary");
  const dataDir = mkdtempSync(join(tmpdir(), "ec2sim-console-"));
  const proc = spawn(binary, ["serve", "--memory", "--port", "0", "--quiet", "--data-dir", dataDir, ...extra],
                     { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout });
    lines.once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`ec2sim exited with ${code} before it was ready`)));
  });
  const match = /ready on (http:\/\/\S+)/.exec(line);
  if (!match) throw new Error(`ec2sim did not report ready: ${line}`);
  return {
    url: match[1],
    adminToken: /admin token (\w+)/.exec(line)?.[1],
    async stop() {
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGTERM");
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`ec2sim exited with ${code}`);
    },
  };
}

// Debian's Chromium, headless; as root it needs --no-sandbox. Without the background
// networking flags it keeps trying (and failing) to reach Google's services offline.
export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
}

// A page in `locale` whose script errors fail the test that reads `errors`.
export async function openPage(browser, locale) {
  // Reduced motion: screenshots catch a flash or a modal where it lands, not mid-animation.
  const context = await browser.newContext({ locale, acceptDownloads: true, reducedMotion: "reduce", viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
