// The console's resource pages, each through one real job, checked against the API with the
// SDK: a key pair created (ED25519, downloaded once) and deleted, a security group created
// with an HTTP rule, an EBS volume refused at size 0 then created, an Elastic IP allocated
// and released.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import * as EC2 from "@aws-sdk/client-ec2";
import { startServer, startBrowser, openPage, screenshot } from "./harness.mjs";

const ACCOUNT = "555555555555";
let server, browser, ec2, page, errors, context;

before(async () => {
  server = await startServer("--timing", "instant");
  browser = await startBrowser();
  ec2 = new EC2.EC2Client({ endpoint: server.url, region: "ap-northeast-2", credentials: { accessKeyId: ACCOUNT, secretAccessKey: "x" } });
  ({ page, errors, context } = await openPage(browser, "en-US"));
  await page.goto(`${server.url}/console/`);
  await page.getByLabel("Access key ID").fill(ACCOUNT);
  await page.getByLabel("Secret access key").fill("x");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Account" }).waitFor();
});
after(async () => {
  assert.deepEqual(errors, []);
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const dialog = () => page.getByRole("dialog");

test("key pairs: create an ED25519 key (downloaded once), then delete it", async () => {
  await page.goto(`${server.url}/console/#/key-pairs`);
  await page.getByRole("button", { name: "Create key pair" }).click();
  await dialog().getByLabel("Name").fill("lab-key");
  await dialog().getByRole("radio", { name: /ED25519/ }).check();
  const [download] = await Promise.all([page.waitForEvent("download"), dialog().getByRole("button", { name: "Create key pair" }).click()]);
  assert.equal(download.suggestedFilename(), "lab-key.pem");
  assert.match(await readFile(await download.path(), "utf8"), /^-----BEGIN OPENSSH PRIVATE KEY-----/);
  await page.getByRole("row").filter({ hasText: "lab-key" }).waitFor();
  const [pair] = (await ec2.send(new EC2.DescribeKeyPairsCommand({ KeyNames: ["lab-key"] }))).KeyPairs;
  assert.equal(pair.KeyType, "ed25519");

  await page.getByRole("row").filter({ hasText: "lab-key" }).getByRole("radio").check();
  await page.getByRole("button", { name: "Actions" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await dialog().getByRole("button", { name: "Delete" }).click();
  await page.getByRole("row").filter({ hasText: "lab-key" }).waitFor({ state: "detached" });
  assert.deepEqual((await ec2.send(new EC2.DescribeKeyPairsCommand({}))).KeyPairs, []);
});

test("security groups: create one allowing HTTP from anywhere", async () => {
  await page.goto(`${server.url}/console/#/security-groups`);
  await page.getByRole("button", { name: "Create security group" }).click();
  await dialog().getByLabel("Security group name").fill("web");
  await dialog().getByLabel("Description", { exact: true }).fill("web servers");
  await dialog().getByRole("button", { name: "Add rule" }).click();
  await dialog().getByRole("button", { name: /^Type/ }).first().click();
  await page.getByRole("option", { name: "HTTP", exact: true }).click();
  await dialog().getByRole("button", { name: /^Source type/ }).first().click();
  await page.getByRole("option", { name: "Anywhere-IPv4" }).click();
  await screenshot(page, "resources-01-security-group");
  await dialog().getByRole("button", { name: "Create security group", exact: true }).click();
  await screenshot(page, "resources-02-security-group-created");
  await page.getByText(/Security group \(sg-[0-9a-f]+\) was created successfully/).waitFor();
  const [group] = (await ec2.send(new EC2.DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["web"] }] }))).SecurityGroups;
  assert.equal(group.Description, "web servers");
  assert.deepEqual(group.IpPermissions.map((p) => [p.IpProtocol, p.FromPort, p.ToPort, p.IpRanges.map((r) => r.CidrIp)]),
                   [["tcp", 80, 80, ["0.0.0.0/0"]]]);
});

test("volumes: a size of 0 is refused before the call; 10 GiB gp3 is created", async () => {
  await page.goto(`${server.url}/console/#/volumes`);
  await page.getByRole("button", { name: "Create volume" }).click();
  await dialog().getByLabel("Size (GiB)").fill("0");
  await dialog().getByText("Size must be between 1 and 16384 GiB.").waitFor();
  assert.equal(await dialog().getByRole("button", { name: "Create volume", exact: true }).isDisabled(), true);
  await dialog().getByLabel("Size (GiB)").fill("10");
  await dialog().getByRole("button", { name: /^Availability Zone/ }).click();
  await page.getByRole("option", { name: "ap-northeast-2c" }).click();
  await dialog().getByRole("button", { name: "Create volume", exact: true }).click();
  await page.getByText(/Successfully created volume vol-[0-9a-f]+/).waitFor();
  const volumes = (await ec2.send(new EC2.DescribeVolumesCommand({}))).Volumes;
  assert.deepEqual(volumes.map((v) => [v.Size, v.VolumeType, v.AvailabilityZone, v.Iops, v.Throughput]), [[10, "gp3", "ap-northeast-2c", 3000, 125]]);
  await page.getByRole("row").filter({ hasText: volumes[0].VolumeId }).waitFor();
});

test("Elastic IPs: allocate one, then release it", async () => {
  await page.goto(`${server.url}/console/#/elastic-ips`);
  await page.getByRole("button", { name: "Allocate Elastic IP address" }).click();
  await dialog().getByRole("button", { name: "Allocate", exact: true }).click();
  const [address] = (await ec2.send(new EC2.DescribeAddressesCommand({}))).Addresses;
  const row = page.getByRole("row").filter({ hasText: address.PublicIp });
  await row.waitFor();
  await row.getByRole("radio").check();
  await page.getByRole("button", { name: "Actions" }).click();
  await page.getByRole("menuitem", { name: /Release/ }).click();
  await dialog().getByRole("button", { name: "Release", exact: true }).click();
  await row.waitFor({ state: "detached" });
  assert.deepEqual((await ec2.send(new EC2.DescribeAddressesCommand({}))).Addresses, []);
});
