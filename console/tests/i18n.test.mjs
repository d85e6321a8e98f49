// Every label the console's code asks for exists in both languages: each literal key of
// t("…") in src/ (and each key a table names, like labelKey: "sg.type.ssh") is in the
// dictionary with non-empty English and Korean text, and no dictionary key is written twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src");
const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : /\.(js|jsx)$/.test(name) ? [path] : [];
});

// The dictionary files are plain objects of "key": ["English", "한국어"]; read as text so the
// test needs no bundler (and sees duplicates, which an object literal would hide).
function dictionary() {
  const entries = new Map();
  const duplicates = [];
  for (const path of files(join(src, "i18n")).filter((p) => !p.endsWith("index.js"))) {
    for (const [, key, english, korean] of readFileSync(path, "utf8").matchAll(/^\s*"([^"]+)":\s*\["((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"\]/gm)) {
      if (entries.has(key)) duplicates.push(key);
      entries.set(key, [english, korean]);
    }
  }
  return { entries, duplicates };
}

test("every label the code names has English and Korean text", () => {
  const { entries, duplicates } = dictionary();
  assert.ok(entries.size > 300, `read ${entries.size} entries`);
  assert.deepEqual(duplicates, []);
  for (const [key, [english, korean]] of entries) assert.ok(english && korean, `${key} lacks a language`);
  const missing = new Set();
  for (const path of files(src)) {
    const text = readFileSync(path, "utf8");
    for (const [, key] of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.-]+)"/g)) if (!entries.has(key)) missing.add(`${key} (${path.slice(src.length + 1)})`);
    for (const [, key] of text.matchAll(/labelKey:\s*"([a-zA-Z0-9_.-]+)"/g)) if (!entries.has(key)) missing.add(`${key} (${path.slice(src.length + 1)})`);
  }
  assert.deepEqual([...missing], []);
});
