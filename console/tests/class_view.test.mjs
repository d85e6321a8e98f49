// The instructor's class view with two students of a class made by `ec2sim class init`, on a
// strict server running the first-instance scenario: the admin token is asked for (a wrong
// one refused), then each student's row shows their checks live and their last API error,
// in English and Korean, and Export CSV downloads the same.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as EC2 from "@aws-sdk/client-ec2";
import { startServer, startBrowser, openPage, screenshot } from "./harness.mjs";

const scenario = join(dirname(fileURLToPath(import.meta.url)), "../../scenarios/first-instance.json");
const classDir = mkdtempSync(join(tmpdir(), "ec2sim-class-"));
let server, browser, page, errors, context, students;

const client = (s) => new EC2.EC2Client({ endpoint: server.url, region: "ap-northeast-2",
                                          credentials: { accessKeyId: s.access_key, secretAccessKey: s.secret_key } });

before(async () => {
  execFileSync(process.env.EC2SIM_BINARY, ["class", "init", "--students", "2", "--dir", classDir, "--endpoint", "http://127.0.0.1:4566"]);
  students = JSON.parse(readFileSync(join(classDir, "class.json"), "utf8")).credentials;
  server = await startServer("--auth", "strict", "--credentials", join(classDir, "class.json"), "--timing", "instant",
                             "--scenario", scenario);
  assert.ok(server.adminToken, "a strict server prints an admin token");
  // student01 does the lesson's first step; student02 makes a mistake.
  await client(students[0]).send(new EC2.CreateKeyPairCommand({ KeyName: "aws-course" }));
  await client(students[1]).send(new EC2.CreateKeyPairCommand({ KeyName: "mine" }));
  await assert.rejects(client(students[1]).send(new EC2.CreateKeyPairCommand({ KeyName: "mine" })), { name: "InvalidKeyPair.Duplicate" });
  browser = await startBrowser();
  ({ page, errors, context } = await openPage(browser, "en-US"));
});
after(async () => {
  assert.deepEqual(errors, []);
  await context?.close();
  await browser?.close();
  await server?.stop();
  rmSync(classDir, { recursive: true, force: true });
});

const row = (name) => page.getByRole("row").filter({ hasText: name });

test("the class view asks for the admin token and refuses a wrong one", async () => {
  await page.goto(`${server.url}/console/`);
  await page.getByRole("link", { name: "Instructor? Open the class view" }).click();
  await page.getByLabel("Admin token").fill("not-the-token");
  await page.getByRole("button", { name: "Open class view" }).click();
  await page.getByText("The server refused this admin token.").waitFor();
  await page.getByLabel("Admin token").fill(server.adminToken);
  await page.getByRole("button", { name: "Open class view" }).click();
  await page.getByRole("heading", { name: "Class view" }).waitFor();
});

test("each student's row shows their checks and their last error, and follows them live", async () => {
  await row("student01").getByText("1/8").waitFor();
  assert.match(await row("student01").innerText(), /Passed/);
  await row("student02").getByText("0/8").waitFor();
  assert.match(await row("student02").innerText(),
               /InvalidKeyPair\.Duplicate: The keypair 'mine' already exists\. \(CreateKeyPair\)/);
  // student02 catches up; the view sees it within its next poll.
  await client(students[1]).send(new EC2.CreateKeyPairCommand({ KeyName: "aws-course" }));
  await row("student02").getByText("1/8").waitFor({ timeout: 15000 });
  await screenshot(page, "class-view-en");
});

test("in Korean, and exported as CSV", async () => {
  await page.getByRole("button", { name: "Language" }).click();
  await page.getByRole("menuitem", { name: "한국어" }).click();
  await page.getByRole("heading", { name: "수업 현황" }).waitFor();
  await page.getByRole("columnheader", { name: /키 페어 aws-course가 있습니다/ }).waitFor();
  await screenshot(page, "class-view-ko");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "CSV 내보내기" }).click()]);
  assert.equal(download.suggestedFilename(), "class-view.csv");
  const lines = readFileSync(await download.path(), "utf8").trim().split("\n");
  assert.equal(lines[0], "name,account_id,scenario,passed,total,key-pair,instance-running,free-tier-type,amazon-linux,zone-2a," +
                         "key-pair-used,ssh-from-one-address,logged-in,last_error_code,last_error_message");
  assert.equal(lines.length, 3);
  assert.match(lines[1], new RegExp(`^student01,${students[0].account_id},first-instance,1,8,pass,fail,`));
  assert.match(lines[2], /^student02,.*,InvalidKeyPair\.Duplicate,The keypair 'mine' already exists\.$/);
});
