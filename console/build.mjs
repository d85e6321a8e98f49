// Bundles the console (src/main.jsx) with esbuild into OUT_DIR (default dist/): index.html,
// console.js, console.css and the fonts and icons they name, each compressible one with a
// .gz beside it that ec2sim serves to browsers that accept gzip. CMake runs this after
// `npm ci` (CMakeLists.txt) and embeds OUT_DIR in the binary; nothing here runs at serve time.
import { build } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, constants } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { console: join(here, "src/main.jsx") },
  bundle: true,
  minify: true,
  outdir: out,
  format: "esm",
  target: ["es2020"],
  platform: "browser",
  jsx: "automatic",
  legalComments: "linked",  // the bundled packages' licence notices, served beside the bundle
  define: { "process.env.NODE_ENV": '"production"' },
  loader: { ".woff": "file", ".woff2": "file", ".ttf": "file", ".svg": "file", ".png": "file" },
  assetNames: "assets/[name]-[hash]",
  logLevel: "warning",
});
copyFileSync(join(here, "index.html"), join(out, "index.html"));

// A pre-compressed copy of each text file; the binary keeps both.
const walk = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? walk(path) : [path];
});
for (const path of walk(out)) {
  if (!/\.(js|css|html|svg|txt|json)$/.test(path)) continue;
  writeFileSync(path + ".gz", gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION }));
}
